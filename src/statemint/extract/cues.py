"""The reporting-cue lexicon: which words introduce what someone said.

Knowledge lives in `data/reporting_verbs.txt`; this module only reads it once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

# English verb suffixes (a subset of the lemmatizer's own rules, so that the raw-text selection, which
# tries all of them, still finds every word this accepts).
VERB_SUFFIXES = (("es", "e"), ("s", ""), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))


@dataclass(frozen=True)
class CueLexicon:
    speech: frozenset[str]    # verbs that introduce quotations
    label: frozenset[str]     # verbs that name a term ("what they call")
    indirect: frozenset[str]  # verbs that introduce reported speech without quotation marks
    judge: frozenset[str] = frozenset()  # verbs that judge what others did ("praised", "defended"):
    # cues when nothing else is, but "X told media that Budapest defended its “interests”" is X's


@functools.lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    speech: set[str] = set()
    label: set[str] = set()
    indirect: set[str] = set()
    judge: set[str] = set()
    text = resources.files("statemint").joinpath("data/reporting_verbs.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, classes = line.partition("\t")
        for name in classes.strip().split(","):
            {"speech": speech, "label": label, "indirect": indirect, "judge": judge}[name].add(lemma.strip())
    return CueLexicon(frozenset(speech | judge), frozenset(label), frozenset(indirect), frozenset(judge))


@functools.lru_cache(maxsize=1)
def reporting_lemmas() -> frozenset[str]:
    """Every lemma that reports speech, with or without quotation marks (speech and indirect cues)."""
    lexicon = load_cues()
    return lexicon.speech | lexicon.indirect


def cue_lemma(token: Token, known: frozenset[str]) -> str:
    """The token's lemma, or the lemma in `known` that its suffix gives when the lemmatizer went astray
    ("hopes" -> "hop", "hoping" -> "hop": the cue is "hope")."""
    lemma = token.lemma_.lower()
    if lemma in known:
        return lemma
    word = token.lower_
    for old, new in VERB_SUFFIXES:
        if word.endswith(old) and word[: len(word) - len(old)] + new in known:
            return word[: len(word) - len(old)] + new
    return lemma
