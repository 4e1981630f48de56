"""What the speaker look-back needs from paragraphs that are not parsed yet, read from raw text.

Speaker resolution (extract.speakers) reads earlier persons, documents and institutions; the selective
parse must parse every paragraph such a read can reach. These tests are supersets of the stages' rules,
on raw text: a capitalised non-function word may name a person (`may_name_person`), a document noun
may name a document, and a word close enough to a selected person's name words may join their cluster
(`NameMatcher`, at the similarity extract.speakers.names uses).
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from statemint.extract.speakers import SpeakerIndex
from statemint.extract.speakers.names import NAME_MATCH, PersonCluster
from statemint.vocabulary import CITED_DOCUMENT_NOUNS, ROLE_NOUNS, TITLES

CAPITALISED = re.compile(r"(?<![\w’'-])[^\W\d_a-z][\w’'-]*")


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset(STOP_WORDS)


def may_name_person(paragraph: str) -> bool:
    """A capitalised word that is not a function word: the paragraph may name someone."""
    common = _common_words()
    return any(match.group().lower().strip("’'.-") not in common for match in CAPITALISED.finditer(paragraph))


@functools.lru_cache(maxsize=1)
def document_noun_pattern() -> re.Pattern[str]:
    """Any noun that may name a cited or speaking document, as a word prefix in raw text (a superset of
    extract.speakers.classify.is_document and of the document clusters' nouns)."""
    nouns = sorted(CITED_DOCUMENT_NOUNS, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r")", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(word.strip(".") for word in TITLES | ROLE_NOUNS)


def name_words(words: Iterable[str]) -> set[str]:
    """Words that may be part of a person's name: capitalised, not a function word, not a title
    ("President" opens half the paragraphs of a UN speech; titles are stripped from names)."""
    found = set()
    for word in words:
        folded = word.lower().strip("’'.-")
        if word[:1].isupper() and word.lower() not in _common_words() and folded not in _title_words():
            found.add(folded)
    return found


def cluster_words(cluster: PersonCluster) -> set[str]:
    """The name words of a person: its variants and its registry name (mentions join it through either)."""
    return name_words(w for variant in (*cluster.variants, cluster.registry_name or "") for w in variant.split())


def mention_name_words(index: SpeakerIndex, start: int, end: int) -> set[str]:
    """Name words a speaker mention may share with a person named elsewhere: those of the persons in it,
    and of its bare proper-noun runs that are not a party's name (extract.speakers.names joins such a
    run to a person whose name is close enough, so that person's other mentions must be parsed)."""
    found: set[str] = set()
    for s, e, cluster in index.person_mentions:
        if start <= s and e <= end:
            found |= cluster_words(cluster)
    for run in index.people.other_runs:
        if start <= run[0].idx and run[-1].idx + len(run[-1]) <= end:
            if index.parties.lookup(" ".join(t.text for t in run)) is None:
                found |= name_words(t.text for t in run)
    return found


class NameMatcher:
    """Capitalised words close enough (rapidfuzz ratio) to a name word to join its person cluster."""

    CUTOFF = NAME_MATCH  # the similarity from which extract.speakers.names joins a name to a person

    def __init__(self, names: set[str]):
        self.names = {n for n in names if n}
        self.long = sorted(n for n in self.names if len(n) >= 3)
        self.cache: dict[str, bool] = {}

    def word(self, word: str) -> bool:
        known = self.cache.get(word)
        if known is None:
            known = word in self.names or (len(word) >= 3 and bool(self.long) and process.extractOne(
                word, self.long, scorer=fuzz.ratio, score_cutoff=self.CUTOFF) is not None)
            self.cache[word] = known
        return known

    def matches(self, paragraph: str) -> bool:
        if not self.names:
            return False
        return any(self.word(match.group().lower().strip("’'.-")) for match in CAPITALISED.finditer(paragraph))


