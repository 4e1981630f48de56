"""Who can hold a view: the test shared by the rules that take a passive's "by" agent for a holder
(extract.syntax.subject_of, extract.parts) and by the side nouns ("Adelson, a supporter of …")."""

from __future__ import annotations

import functools
from importlib import resources

from spacy.tokens import Token

from statemint.vocabulary import INSTITUTION_NOUNS, ROLE_NOUNS, SPEAKING_DOCUMENT_NOUNS

PERSON_PRONOUNS = {"he", "she", "they", "i", "we", "you"}
OBJECT_PRONOUNS = frozenset({"me", "us", "him", "her", "them"})  # "shared by all of us"
PERSONISH_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
# Words that count a group of holders ("some of his rivals", "those in the movement", "34% of voters")
QUANTITY_WORDS = frozenset({"some", "many", "most", "all", "few", "several", "those", "others", "both", "each",
                            "%", "percent", "half", "majority", "minority", "dozens", "hundreds", "thousands"})


@functools.lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """Common nouns that head gold Sources in PolNeAR train (data/source_nouns.tsv, built by
    tools/polnear_source_nouns.py): words for people, their bodies and their documents."""
    text = resources.files("statemint").joinpath("data/source_nouns.tsv").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))


def may_hold_view(head: Token) -> bool:
    """Can the phrase this token heads hold a view? A name or an organisation, a personal pronoun, or a
    common noun for people, their bodies or their documents ("critics", "the committee", "a General
    Assembly resolution"): not a means or a cause
    ("supported by concrete actions", "exposed by the pandemic", "characterized by violence")."""
    if head.pos_ == "PROPN" or head.ent_type_ in PERSONISH_ENTITIES:
        return True
    if head.pos_ == "NUM" or head.lower_ in QUANTITY_WORDS:
        # "by some of his rivals", "by 34% of GOP voters": the people counted; "by many", "by 6 in 10"
        counted = next((grandchild for child in head.children if child.dep_ == "prep" and child.lower_ == "of"
                        for grandchild in child.children if grandchild.dep_ == "pobj"), None)
        return counted is None or may_hold_view(counted)
    if head.pos_ == "PRON":
        return head.lower_ in PERSON_PRONOUNS or head.lower_ in OBJECT_PRONOUNS
    lemma = head.lemma_.lower()
    return lemma in source_nouns() or lemma in ROLE_NOUNS or lemma in INSTITUTION_NOUNS or lemma in SPEAKING_DOCUMENT_NOUNS
