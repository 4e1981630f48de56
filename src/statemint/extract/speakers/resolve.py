"""Resolve a speaker mention to a canonical speaker: a person (by name, pronoun, role or demonym), a
group ("Putin and Xi", "they"), a document ("the joint statement", "the letter"), an organisation
("the ministry", "the Kremlin") or a country, with its party.

`SpeakerIndex` holds one document's inventories (extract.speakers.names, .documents), reads each
mention's form (extract.speakers.classify) and looks back through extract.speakers.lookback.
"""

from __future__ import annotations

import bisect
import copy
import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from statemint.extract.cues import reporting_lemmas
from statemint.extract.speakers.classify import MentionForm, classify, is_document
from statemint.extract.speakers.documents import DocumentCluster, DocumentInventory
from statemint.extract.speakers.lookback import Recency
from statemint.extract.speakers.lookups import PartyView
from statemint.extract.speakers.names import PersonCluster, PersonInventory
from statemint.nlp.doctext import doc_layout, doc_text, span_text
from statemint.parties.model import PartyLookup
from statemint.records import Mention, Speaker
from statemint.vocabulary import ARTICLES, ROLE_NOUNS


class SpeakerIndex:
    """Persons, groups and documents of one document, and the resolution of mentions to speakers."""

    def __init__(self, doc: Doc, registry: PartyLookup | None, on: date | None = None):
        self.doc = doc
        self.parties = PartyView(registry, on)
        self.people = PersonInventory(doc, self.parties)
        self.recency = Recency(self.people)
        self.docs = DocumentInventory(doc, self.parties)
        self._initial_docs = self.docs.copy()
        self.speaker_mentions: set[tuple[int, int]] = set()  # person mentions already resolved as speakers
        self._institutions: dict[str, list[int]] = {}  # institution noun -> where it is named in full

    @property
    def persons(self) -> list[PersonCluster]:
        return self.people.persons

    @property
    def person_mentions(self) -> list[tuple[int, int, PersonCluster]]:
        return self.people.person_mentions

    @property
    def documents(self) -> list[DocumentCluster]:
        return self.docs.documents

    def fresh(self) -> "SpeakerIndex":
        """This index as it was before any resolve(): resolution remembers speakers and documents met,
        so a second pass over the same document starts from a copy rather than rebuilding the index."""
        twin = copy.copy(self)
        twin.speaker_mentions = set()
        twin.docs = self._initial_docs.copy()
        return twin

    def form(self, span: Span) -> MentionForm:
        """How this index reads a mention (extract.speakers.classify), for the selective parse too."""
        return classify(span, self.parties)

    def lookback_floor(self, before: int) -> int | None:
        """Where a pronoun before `before` starts looking for its person (extract.speakers.lookback)."""
        return self.recency.lookback_floor(before)

    def _speaker(self, cluster: PersonCluster, start: int, end: int) -> Speaker:
        earlier = [(s, e) for s, e, c in self.people.person_mentions if c is cluster and s <= start]
        if earlier or cluster.mentions:
            self.speaker_mentions.add(earlier[-1] if earlier else cluster.mentions[0])
        return Speaker(cluster.name, "person", cluster.party, Mention(doc_text(self.doc)[start:end], start, end))

    def _group(self, clusters: list[PersonCluster], start: int, end: int) -> Speaker:
        names = tuple(c.name for c in clusters)
        parties = {c.party for c in clusters}
        party = parties.pop() if len(parties) == 1 else None
        return Speaker(" and ".join(names), "group", party, Mention(doc_text(self.doc)[start:end], start, end), names)

    def resolve(self, start: int, end: int, name: tuple[int, int] | None = None) -> Speaker | None:
        """The canonical speaker behind the mention at text[start:end]."""
        doc = self.doc
        text = doc_text(doc)
        if name is not None:
            people = self.people.persons_in(*name)
            if people:
                return self._speaker(people[0][2], start, name[1])
            layout = doc_layout(doc)  # a name read over a hard-wrap line break
            return Speaker(layout[name[0]:name[1]], "person", self.parties.lookup(layout[start:end]),
                           Mention(text[start:name[1]], start, name[1]))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        if not_an_agent(span):
            return None
        mention = Mention(text[span.start_char:span.end_char], span.start_char, span.end_char)
        people = self.people.persons_in(span.start_char, span.end_char)
        clusters = list(dict.fromkeys(c for _, _, c in people))
        if len(clusters) >= 2 and any(t.lower_ in {"and", "&"} for t in span):
            return self._group(clusters, span.start_char, span.end_char)
        if clusters and not is_document(span):
            # "… von der Leyen the president of the Asian superpower": a role phrase after the name that
            # names another party describes someone else.
            last_end = max(e for s, e, c in people)
            rest = doc.char_span(last_end, span.end_char, alignment_mode="contract")
            if rest is not None and len(rest) and any(t.lemma_.lower() in ROLE_NOUNS for t in rest):
                other = self._party_in(rest)
                if other is not None and clusters[0].party not in (None, other):
                    return self._resolve_description(rest, mention)
            return self._speaker(clusters[0], span.start_char, span.end_char)
        form = self.form(span)
        if form.pronoun == "person":
            cluster = (self.recency.recent_subject(span.start_char, self.speaker_mentions)
                       or self.recency.recent_person(span.start_char, narrated=True))
            return self._speaker(cluster, span.start_char, span.end_char) if cluster else None
        if form.pronoun == "plural":
            group = self.recency.group_subject(span.start_char)
            if group:
                return self._group(group, span.start_char, span.end_char)
            return None
        if form.pronoun == "neuter":
            return self._recent_institution(span)
        if form.document:
            return self._resolve_document(span)
        institution = self._earlier_institution(span, form) if form.institution else None
        if institution is not None:
            return institution
        return self._resolve_description(span, mention, form=form)

    def _earlier_institution(self, span: Span, form: MentionForm) -> Speaker | None:
        """"the ministry said" after "Russia's foreign ministry …": the institution named in full before."""
        named = self._named_institutions(form.institution or "")
        position = bisect.bisect_left(named, span.start)
        if position == 0:
            return None
        found = self.doc[named[position - 1]]
        name, _ = self.docs.document_name(found)
        phrase = self.doc[found.left_edge.i:found.i + 1]
        party = self._party_in(phrase) or self._party_in(self.doc[found.i:found.i + 1])
        name = _clean_name(name.removeprefix("the ").strip()) if name.startswith("the ") and any(
            t.tag_ == "POS" for t in phrase) else name
        return Speaker(name, "organization", party, Mention(span_text(span), span.start_char, span.end_char))

    def _resolve_document(self, span: Span) -> Speaker:
        cluster = self.docs.document_for(span.root)
        mention = Mention(span_text(span), span.start_char, span.end_char)
        return Speaker(cluster.name, "document", cluster.party, mention)

    def _recent_institution(self, span: Span) -> Speaker | None:
        """"it" / "its": the nearest earlier subject that names a government, organisation or country;
        in its own sentence the nearest one of a reporting verb first, since "it" speaks here ("Russia's foreign
        ministry said that the Swiss initiative was built around …, which it called “an ultimatum”":
        the ministry, not the initiative)."""
        sentence = span.sent
        start_token = sentence.start
        previous_start = self.doc[start_token - 1].sent.start if start_token > 0 else start_token
        subjects = [token for token in reversed(list(self.doc[previous_start:span.start]))
                    if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}]
        if not subjects:
            return None
        reporting = reporting_lemmas()
        speaking = (subject for subject in subjects if subject.i >= start_token and subject.head.lemma_.lower() in reporting)
        token = next(speaking, subjects[0])  # the previous sentence's speaker is no rival to this one's subject
        phrase = noun_phrase_span(token)
        return self._resolve_description(phrase, Mention(span_text(span), span.start_char, span.end_char),
                                         name_from=phrase)

    def _named_institutions(self, lemma: str) -> list[int]:
        """Token positions, in order, where an institution with this head noun is named in full
        ("Russia's foreign ministry", "the Ministry of Defence"); found once per noun and document."""
        found = self._institutions.get(lemma)
        if found is None:
            found = self._institutions[lemma] = [
                token.i for token in self.doc if token.lemma_.lower() == lemma and token.pos_ in {"NOUN", "PROPN"} and (
                    any(c.dep_ in {"amod", "compound", "poss"} and c.tag_ != "PRP$" for c in token.lefts)
                    or any(c.dep_ == "prep" and c.lower_ in {"of", "for"} for c in token.rights))]
        return found

    def appositive_person(self, span: Span) -> PersonCluster | None:
        """A name right after the description: "said Russia's permanent representative, Vassily Nebenzia".
        Public because the selective parse asks it too: a role resolved this way reads nothing earlier."""
        position = bisect.bisect_left(self.people.starts, span.end_char)
        if position == len(self.people.starts):
            return None
        start, _, cluster = self.people.person_mentions[position]
        between = doc_text(self.doc)[span.end_char:start]
        return cluster if len(between) <= 3 and between.strip() in {"", ","} else None

    def _party_in(self, span: Span) -> str | None:
        """The party a phrase's words name, longest first ("the governor of New Mexico" names none: the
        blocker "New Mexico" hides its "Mexico")."""
        blocked = self.parties.blocked(span.text)
        tokens = [t for t in span if not t.is_punct and not t.is_space and t.lower_ not in {"the", "a", "an"}
                  and not any(start <= t.idx - span.start_char < end for start, end in blocked)]
        for size in range(min(4, len(tokens)), 0, -1):
            for position in range(0, len(tokens) - size + 1):
                phrase = " ".join(t.text for t in tokens[position:position + size])
                party = self.parties.lookup(phrase)
                if party:
                    return party
        return None

    def _resolve_description(self, span: Span, mention: Mention, name_from: Span | None = None,
                             form: MentionForm | None = None) -> Speaker:
        """Role descriptions, institutions and countries: "the Chinese president", "the Kremlin", "Washington".
        `form` is the form of the mention's words (name_from, else span) when the caller has it."""
        source = name_from if name_from is not None else span
        form = form if form is not None else self.form(source)
        # white space tokens: a wrap break after a CR (or after a trailing space) reads as two spaces
        words = [t for t in source if t.lower_ not in ARTICLES and not t.is_punct and not t.is_space]
        plain = " ".join(t.text for t in words)
        party = self._party_in(source)
        lone_demonym = form.lone_demonym and party is not None  # a one-word phrase's party is its own look-up
        if form.group_role:
            return Speaker(_clean_name(_without_article(source)), "group", party, mention)
        if form.new_person and name_from is None:
            # "a senior State Department official said": someone new and unnamed, not the last person named.
            appositive = self.appositive_person(span)
            if appositive is not None:
                return self._speaker(appositive, span.start_char, span.end_char)
            return Speaker(_clean_name(_without_article(source)), "person", party, mention)
        if (form.role or lone_demonym) and name_from is None:
            appositive = self.appositive_person(span)
            if appositive is not None:
                return self._speaker(appositive, span.start_char, span.end_char)
            roles = {t.lemma_.lower() for t in source if t.lemma_.lower() in ROLE_NOUNS} - {"counterpart", "leader", "host", "guest"}
            cluster = None
            if party:
                cluster = (self.recency.recent_person(span.start_char, True, party, roles)
                           or self.recency.recent_person(span.start_char, True, party))
            elif roles:
                cluster = self.recency.recent_person(span.start_char, True, None, roles)
            if cluster is None and party is None:
                cluster = self.recency.recent_person(span.start_char, exclude_sentence=True)
            if cluster is not None:
                return self._speaker(cluster, span.start_char, span.end_char)
            return Speaker(_clean_name(_without_article(source)), "person", party, mention)
        if party is not None:
            registry_name = self.parties.name_of(party)
            exact = self.parties.lookup(plain) == party
            if exact and registry_name and self.parties.is_country_name(plain, party):
                return Speaker(registry_name, "country", party, mention)
            if exact and registry_name and plain.isupper():
                return Speaker(registry_name, "organization", party, mention)
            return Speaker(_clean_name(source.text), "organization", party, mention)
        root = source.root
        if root.tag_ in {"NNS", "NNPS"}:
            return Speaker(_clean_name(source.text), "group", None, mention)
        kind = "person" if root.pos_ == "PROPN" and any(e.label_ == "PERSON" for e in source.ents) else "organization"
        return Speaker(_clean_name(source.text), kind, None, mention)


def _without_article(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    if not tokens:
        return span.text
    return doc_text(span.doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]


def noun_phrase_span(head: Token) -> Span:
    """The phrase `head` heads, without the clauses, lists and punctuation after it, and without white
    space tokens at its edges (a wrap break after a CR reads as two spaces: "She  recalled")."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and doc[start].is_space:
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in {"relcl", "acl", "punct", "cc", "conj", "advcl"}:
            break
        if not child.is_space:
            end = child.right_edge.i + 1
    return doc[start:end]


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    if text.startswith(("The ", "A ", "An ")):
        text = text[0].lower() + text[1:]
    return text


# Nouns of a time, a place or an abstraction, which say nothing themselves ("History shows that …",
# "This Hall saw many wars", "Experience teaches …"): a writer's or speaker's figure of speech.
NON_AGENT_NOUNS = frozenset({"history", "experience", "reality", "life", "fate", "nature", "hall", "chamber", "room",
                             "building", "podium", "rostrum", "century", "decade", "era", "age", "past", "future"})


def not_an_agent(span: Span) -> bool:
    """Is the mention a time, place or abstraction (NON_AGENT_NOUNS), so that it holds no statement? A
    capitalised one counts only after a determiner ("This Hall"), not as a name ("Sarah Hall")."""
    head = span.root
    if head.lemma_.lower() not in NON_AGENT_NOUNS:
        return False
    return head.pos_ == "NOUN" or span[0].lower_ in {"this", "that", "the", "these", "those"}
