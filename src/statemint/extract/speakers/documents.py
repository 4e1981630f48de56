"""Document clusters of one document: the texts that speak ("the joint statement", "the letter",
"Beijing's first reading of the meeting"), each with its party and mentions; a bare or "this"/"same"
mention refers back to the last text cited."""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

import numpy
from spacy.attrs import POS
from spacy.tokens import Doc, Token

from statemint.extract.speakers.lookups import PartyView
from statemint.vocabulary import CORE_DOCUMENT_NOUNS


@dataclass(eq=False)
class DocumentCluster:
    name: str
    head: str
    party: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)


class DocumentInventory:
    """The documents cited in one document. Resolution adds the ones it meets, so a second pass over
    the same Doc starts from `copy()` of the inventory as first built."""

    def __init__(self, doc: Doc, parties: PartyView):
        self.doc = doc
        self.parties = parties
        self.documents: list[DocumentCluster] = []
        self.mentions: list[tuple[int, int, DocumentCluster]] = []  # in text order
        self.by_name: dict[str, DocumentCluster] = {}  # lower-cased name -> the latest cluster with it
        self._collect()

    def copy(self) -> "DocumentInventory":
        """An independent copy: its clusters and mentions can grow without touching this one."""
        twin = copy.copy(self)
        twin.documents, twin.mentions, twin.by_name = copy.deepcopy((self.documents, self.mentions, self.by_name))
        return twin

    def _collect(self) -> None:

        nouns = numpy.flatnonzero(self.doc.to_array([POS]) == self.doc.vocab.strings["NOUN"])
        for position in nouns.tolist():
            token = self.doc[position]
            if token.lemma_.lower() not in CORE_DOCUMENT_NOUNS:
                continue
            if token.lemma_.lower() in {"version", "writing", "reading", "note", "text"} and not any(
                    child.dep_ in {"amod", "poss", "compound", "prep"} for child in token.children):
                continue
            self.document_for(token)

    def document_name(self, head: Token) -> tuple[str, tuple[int, int]]:
        """"a 7,000-word joint statement" -> "the joint statement"; "Beijing’s first reading of the meeting" kept."""
        doc = self.doc
        left = head.i
        while left > 0:
            previous = doc[left - 1]
            if previous.pos_ in {"ADJ", "NOUN", "PROPN"} or previous.tag_ == "POS":
                if left - 2 >= 0 and doc[left - 2].text in {"-", "–"}:
                    break
                left -= 1
                continue
            break
        right = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
                right = child.right_edge.i + 1
            break
        phrase = doc[left:right]
        has_possessive = any(t.tag_ == "POS" for t in phrase)
        name = phrase.text if has_possessive else f"the {phrase.text}"
        return name, (phrase.start_char, phrase.end_char)

    def document_for(self, head: Token) -> DocumentCluster:
        name, (start, end) = self.document_name(head)
        head_lemma = head.lemma_.lower()
        modifiers = [t for t in head.lefts if t.dep_ in {"amod", "compound", "poss"} and t.tag_ != "PRP$"
                     and t.lower_ not in {"same", "first"}]
        cluster: DocumentCluster | None = None
        bare = not modifiers and not any(c.dep_ == "prep" for c in head.rights)
        indefinite = any(t.lower_ in {"a", "an", "another"} for t in head.lefts)
        refers_back = not indefinite and (any(t.lower_ in {"same", "this", "that"} for t in head.lefts) or bare)
        earlier = bisect.bisect_left(self.mentions, start, key=_start)  # mentions[:earlier] start before
        if refers_back and earlier:
            same_head = None
            if not any(t.lower_ == "same" for t in head.lefts):
                same_head = next((self.mentions[i][2] for i in range(earlier - 1, -1, -1)
                                  if self.mentions[i][2].head == head_lemma), None)
            cluster = same_head or self.mentions[earlier - 1][2]
        else:
            cluster = self.by_name.get(name.lower())
        if cluster is None:
            party = None
            for token in self.doc[self.doc.char_span(start, end, alignment_mode="expand").start:head.i + 1]:
                if token.text[:1].isupper():
                    party = party or self.parties.lookup(token.text)
            cluster = DocumentCluster(name, head_lemma, party)
            self.documents.append(cluster)
            self.by_name[name.lower()] = cluster  # the latest of a name wins, as a scan of documents would give
        if (start, end) not in cluster.mentions:
            cluster.mentions.append((start, end))
            bisect.insort(self.mentions, (start, end, cluster), key=_start)  # after equal starts, as a stable sort
        return cluster


def _start(mention: tuple[int, int, DocumentCluster]) -> int:
    return mention[0]
