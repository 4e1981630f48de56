"""Looking back from a mention to the person it refers to: the most recent person (of a party, with a
title), the subject "he said" refers to, and coordinated subjects ("Putin and Xi … condemn"). Bounded:
a pronoun searches only the last sentences that name someone (`lookback_floor`), which the selection
(statemint.pipeline) also uses to know how far back a look-back can reach.

A pronoun of the narrator ("After all, he says, …") refers to a person the narrator named, not to one
named inside a quotation ("Mr. Hannity is unapologetic. “I want Donald Trump to be the next president.”
After all, he says, …": he is Hannity), so pronoun look-backs pass over the names inside quotations."""

from __future__ import annotations

import bisect

from spacy.tokens import Span

from statemint.extract.speakers.names import PersonCluster, PersonInventory
from statemint.extract.syntax import is_root
from statemint.nlp.doctext import doc_layout
from statemint.text.quotemarks import scan_quotes


class Recency:
    """Look-backs over the person mentions of one document."""

    def __init__(self, people: PersonInventory):
        self.people = people
        self.doc = people.doc
        quoted = [(span.start, span.end) for span in scan_quotes(doc_layout(self.doc))]
        starts = [start for start, _ in quoted]
        # The person mentions outside quotations, in text order, and their starts.
        self.narrated = [mention for mention in people.person_mentions if not _inside(mention[0], quoted, starts)]
        self.narrated_starts = [start for start, _, _ in self.narrated]

    def sentence_of(self, position: int) -> Span:
        token = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if token is None or len(token) == 0:
            return self.doc[0:0]
        return token[0].sent

    def recent_person(self, before: int, exclude_sentence: bool = False, party: str | None = None,
                       roles: set[str] | None = None, narrated: bool = False) -> PersonCluster | None:
        """The most recently mentioned person before `before`, optionally of a party and with a title,
        and (`narrated`, for a pronoun) outside quotations."""
        sentence = self.sentence_of(before)
        mentions, starts = (self.narrated, self.narrated_starts) if narrated else \
            (self.people.person_mentions, self.people.starts)
        for position in range(bisect.bisect_left(starts, before) - 1, -1, -1):
            start, _, cluster = mentions[position]
            if exclude_sentence and sentence.start_char <= start < sentence.end_char:
                continue
            if party is not None and cluster.party != party:
                continue
            if roles and not roles & cluster.roles:
                continue
            return cluster
        return None

    def recent_subject(self, before: int, speaker_mentions: set[tuple[int, int]]) -> PersonCluster | None:
        """The person "he said" refers to: among the persons of the last sentence that names one and of
        the sentence before it, the last who was a clause subject or a speaker (None: take the most
        recent person). Looking no further back keeps a subject from long ago from beating a person
        just named ("… Mr. Oscar Ribas Reig spoke from this rostrum. He said: …")."""
        floor = self.lookback_floor(before)
        if floor is None:
            return None
        mentions = self.narrated
        for position in range(bisect.bisect_left(self.narrated_starts, before) - 1, -1, -1):
            start, end, cluster = mentions[position]
            if start < floor:
                break
            if (start, end) in speaker_mentions or self.is_subject(start, end):
                return cluster
        return None

    def lookback_floor(self, before: int) -> int | None:
        """Where a pronoun's search for a subject starts: the sentence before that of the last person
        mentioned outside quotations before `before` (None when no person was mentioned)."""
        position = bisect.bisect_left(self.narrated_starts, before)
        if position == 0:
            return None
        latest = self.narrated_starts[position - 1]
        sentence = self.sentence_of(latest)
        if sentence.start == 0:
            return sentence.start_char
        return self.doc[sentence.start - 1].sent.start_char

    def is_subject(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        head = span.root
        for _ in range(3):
            if head.dep_ in {"nsubj", "nsubjpass"}:
                return True
            if head.dep_ not in {"appos", "compound", "flat", "conj"} or is_root(head):
                return False
            head = head.head
        return False

    def group_subject(self, position: int) -> list[PersonCluster] | None:
        """Coordinated persons that are the subject of the clause around `position` ("Putin and Xi … condemn")."""
        sentence = self.sentence_of(position)
        for token in sentence:
            if token.dep_ in {"nsubj", "nsubjpass"} and any(child.dep_ == "conj" for child in token.children):
                phrase = token.doc[token.left_edge.i:token.right_edge.i + 1]
                people = self.people.persons_in(phrase.start_char, phrase.end_char)
                clusters = list(dict.fromkeys(c for _, _, c in people))
                if len(clusters) >= 2:
                    return clusters
        return None


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Is `position` inside one of `spans` (sorted, not overlapping; `starts` their starts)?"""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]
