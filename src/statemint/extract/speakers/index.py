"""Turn speaker mentions into canonical speakers, one inventory per document.

A document introduces people ("Presidents Vladimir Putin and Xi Jinping"), then refers back to them by
surname, misspelling ("Poutine"), role ("the Chinese president", "His Chinese counterpart", "the
Russian") or pronoun. This module builds person clusters from names (spaCy NER, proper-noun runs after
titles, the party registry's leaders), unifies variants with rapidfuzz, and resolves each mention to a
person, group, document, organisation or country with its party.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, Sequence

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from statemint.nlp.doctext import doc_text

from statemint.records import Mention, Speaker

TITLES = {
    "president", "presidents", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prime", "minister",
    "ministers", "foreign", "defence", "defense", "finance", "secretary", "general", "secretary-general",
    "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir", "premier", "vice", "deputy",
    "ambassador", "senator", "governor", "spokesperson", "spokesman", "spokeswoman", "chief", "commissioner",
    "pope", "his", "her", "majesty", "excellency", "sir", "lord", "lady", "director", "chairman", "chair",
    "leader", "envoy", "adviser", "advisor", "state", "high", "representative", "commander", "gen.", "general",
    "admiral", "marshal", "judge", "justice", "mayor", "crown", "supreme", "new", "former", "the", "of",
    "undersecretary", "under-secretary", "special", "affairs", "interior", "trade", "economy", "energy",
    "central", "bank", "security", "council", "national", "head", "ministry", "mfa", "press", "official",
    "counselor", "councillor", "senior", "acting", "first", "sen.", "rep.", "gov.", "amb.",
}
ROLE_NOUNS = {
    "president", "leader", "minister", "counterpart", "chancellor", "premier", "secretary", "spokesperson",
    "spokesman", "spokeswoman", "ambassador", "envoy", "chief", "head", "official", "diplomat", "host",
    "guest", "king", "queen", "monarch", "commissioner", "general", "representative", "negotiator",
    "delegate", "emir", "sheikh", "prince", "pope", "mayor", "governor", "senator", "adviser", "advisor",
    "secretary-general", "premier", "ruler", "statesman", "strongman", "dictator", "autocrat",
}
# Words that announce a person's name ("President", "Mr", "Foreign Minister …"), narrower than TITLES,
# which also strips words that merely precede a title ("the", "new", "former").
NAME_TITLES = {
    "president", "presidents", "mr", "mrs", "ms", "dr", "minister", "secretary", "secretary-general",
    "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir", "premier", "ambassador", "senator",
    "governor", "spokesperson", "spokesman", "spokeswoman", "commissioner", "pope", "envoy", "adviser",
    "advisor", "director", "chairman", "chair", "leader", "general", "admiral", "judge", "mayor", "sen",
    "rep", "gov", "amb", "gen",
}
MALE_FEMALE_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
PLURAL_PRONOUNS = {"they", "them", "their", "we", "us", "our"}
NEUTER_PRONOUNS = {"it", "its"}
CORE_DOCUMENT_NOUNS = {"statement", "communique", "communiqué", "declaration", "release", "readout", "reading",
                       "letter", "report", "document", "text", "memo", "memorandum", "resolution", "transcript",
                       "note", "writing", "version", "decree", "treaty", "charter", "agreement", "editorial"}
INSTITUTION_NOUNS = {"ministry", "department", "embassy", "mission", "office", "agency", "commission", "council",
                     "committee", "secretariat", "delegation", "administration", "cabinet", "presidency"}
NAME_PARTICLES = {"von", "der", "van", "de", "da", "al", "bin", "el", "la", "le", "di", "du", "dos", "del"}


class PartyLookup(Protocol):
    """What speakers need from the party registry (see parties.Registry)."""

    def lookup(self, phrase: str, on: date | None = None) -> str | None: ...

    def leader(self, name: str, on: date | None = None): ...


@dataclass(eq=False)
class PersonCluster:
    """One person in a document: every variant of their name, and where they are mentioned."""

    name: str
    variants: list[str]
    party: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    registry_name: str | None = None
    roles: set[str] = field(default_factory=set)  # title words seen with the name: "secretary", "chancellor"

    @property
    def tokens(self) -> list[str]:
        return self.name.lower().split()


@dataclass(eq=False)
class DocumentCluster:
    name: str
    head: str
    party: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)


def _strip_titles(tokens: Sequence[Token]) -> list[Token]:
    """Drop leading titles and trailing possessives from a proper-noun run ("President Xi" -> "Xi")."""
    kept = list(tokens)
    while kept and (kept[0].lower_ in TITLES or kept[0].lower_.rstrip(".") in TITLES) and len(kept) > 1:
        kept.pop(0)
    while kept and (kept[-1].tag_ == "POS" or kept[-1].text in {"’s", "'s", "’", "'"}):
        kept.pop()
    if kept and kept[0].lower_ in TITLES:
        return []
    return kept


def _name_similarity(short: list[str], full: list[str]) -> float:
    """How well a (possibly partial) name matches a fuller one, 0-100."""
    if not short or not full:
        return 0.0
    if short == full:
        return 100.0
    if len(short) == 1:
        word = short[0]
        best = 0.0
        parts = [piece for part in full for piece in ([part] + (part.split("-") if "-" in part else []))]
        for position, part in enumerate(parts):
            if len(word) < 3 or len(part) < 3:
                score = 100.0 if word == part else 0.0
            else:
                score = fuzz.ratio(word, part)
            # Surnames stand last in most names but first in Chinese and Korean ones: both count.
            if part not in (full[0], full[-1]) and part not in full[-1].split("-"):
                score -= 10
            best = max(best, score)
        return best
    first_ok = short[0] == full[0] or short[0][:1] == full[0][:1] and (len(short[0]) <= 2 or short[0].endswith("."))
    last = fuzz.ratio(short[-1], full[-1])
    if first_ok:
        return last
    return min(last, fuzz.ratio(" ".join(short), " ".join(full)))


class SpeakerIndex:
    """Persons, groups and documents of one document, and the resolution of mentions to speakers."""

    def __init__(self, doc: Doc, registry: PartyLookup | None, on: date | None = None):
        self.doc = doc
        self.registry = registry
        self.on = on
        self.persons: list[PersonCluster] = []
        self.person_mentions: list[tuple[int, int, PersonCluster]] = []  # (start, end, cluster), text order
        self.documents: list[DocumentCluster] = []
        self.document_mentions: list[tuple[int, int, DocumentCluster]] = []
        self.speaker_mentions: set[tuple[int, int]] = set()  # person mentions already resolved as speakers
        self._collect_people()
        self._collect_surnames()
        self._collect_documents()
        self._initial_documents = copy.deepcopy((self.documents, self.document_mentions))

    def fresh(self) -> "SpeakerIndex":
        """This index as it was before any resolve(): resolution remembers speakers and documents met,
        so a second pass over the same document starts from a copy rather than rebuilding the index."""
        twin = copy.copy(self)
        twin.speaker_mentions = set()
        twin.documents, twin.document_mentions = copy.deepcopy(self._initial_documents)
        return twin

    # ----------------------------------------------------------------- people
    def _candidate_names(self) -> list[list[Token]]:
        """Proper-noun runs that name people: NER PERSON, a title before them, or a registry leader."""
        doc = self.doc
        person_tokens = {token.i for ent in doc.ents if ent.label_ == "PERSON" for token in ent}
        runs: list[list[Token]] = []
        current: list[Token] = []
        for token in _tokens_near_names(doc, person_tokens):
            if token is None:  # a gap: no name runs across it
                if current:
                    runs.append(current)
                    current = []
                continue
            is_name_part = (token.pos_ == "PROPN" or token.i in person_tokens
                            or (current and token.lower_ in NAME_PARTICLES and token.i + 1 < len(doc)
                                and doc[token.i + 1].pos_ == "PROPN"))
            if is_name_part and token.text[:1].isalpha() and not token.is_space:
                current.append(token)
                continue
            hyphen_inside = (token.text in {"-", "‐"} and current and not current[-1].whitespace_
                             and not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN")
            if hyphen_inside:  # "Linda Thomas-Greenfield", "al-Sisi"
                current.append(token)
                continue
            if current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        names: list[list[Token]] = []
        self._other_runs: list[list[Token]] = []
        for run in runs:
            titled = any(t.lower_.rstrip(".") in NAME_TITLES for t in run[:-1]) or (
                run[0].i > 0 and doc[run[0].i - 1].lower_.rstrip(".") in NAME_TITLES)
            stripped = _strip_titles(run)
            if not stripped:
                continue
            text = _name_text(stripped)
            in_ner = any(t.i in person_tokens for t in stripped)
            if in_ner or self._leader(text) is not None or titled and self._lookup(text) is None:
                names.append(stripped)
            elif len(stripped) <= 3:
                self._other_runs.append(stripped)
        return names

    def _leader(self, name: str):
        if self.registry is None:
            return None
        try:
            return self.registry.leader(name, self.on)
        except Exception:  # a registry problem must not stop attribution
            return None

    def _lookup(self, phrase: str) -> str | None:
        if self.registry is None or not phrase.strip():
            return None
        try:
            return self.registry.lookup(phrase, self.on)
        except Exception:
            return None

    def _collect_people(self) -> None:
        for tokens in self._candidate_names():
            text = _name_text(tokens)
            words = text.split()
            if self._lookup(text) is not None and self._leader(text) is None:
                continue  # a country or organisation name, not a person
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            cluster = self._match_person([w.lower() for w in words])
            leader = self._leader(text)
            if cluster is None:
                cluster = PersonCluster(text, [text], None)
                self.persons.append(cluster)
            elif text not in cluster.variants:
                cluster.variants.append(text)
            if leader is not None and cluster.registry_name is None:
                cluster.registry_name = leader.name
                cluster.party = cluster.party or leader.party
            if cluster.party is None:
                cluster.party = self._party_before(tokens[0])
            cluster.roles.update(self._roles_around(tokens))
            self._rename(cluster)
            cluster.mentions.append((start, end))
            self.person_mentions.append((start, end, cluster))

    def _collect_surnames(self) -> None:
        """Second pass: a bare surname the tagger missed ("Scholz said") joins the person it names."""
        for tokens in self._other_runs:
            words = [t.text.lower() for t in tokens]
            cluster = self._match_person(words, threshold=90)
            if cluster is None or self._lookup(" ".join(t.text for t in tokens)) is not None:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            cluster.mentions.append((start, end))
            self.person_mentions.append((start, end, cluster))
        self.person_mentions.sort(key=lambda item: item[0])

    def _match_person(self, words: list[str], threshold: float = 80) -> PersonCluster | None:
        best, best_score = None, 0.0
        for cluster in self.persons:
            for variant in cluster.variants:
                variant_words = variant.lower().split()
                shorter, longer = (words, variant_words) if len(words) <= len(variant_words) else (variant_words, words)
                score = _name_similarity(shorter, longer)
                if score > best_score:
                    best, best_score = cluster, score
        if best is not None and best_score >= threshold:
            return best
        leader = self._leader(" ".join(words))
        if leader is not None:
            for cluster in self.persons:
                if cluster.registry_name == leader.name:
                    return cluster
        return None

    @staticmethod
    def _rename(cluster: PersonCluster) -> None:
        """Canonical name: the registry's spelling when a variant matches it, else the longest full form."""
        surnames = [v.split()[-1] for v in cluster.variants]
        longest = max(cluster.variants, key=lambda v: (len(v.split()), surnames.count(v.split()[-1]), len(v)))
        if cluster.registry_name and len(cluster.registry_name.split()) >= len(longest.split()) - 1:
            cluster.name = cluster.registry_name
        else:
            cluster.name = longest

    def _roles_around(self, tokens: list[Token]) -> set[str]:
        """Title words next to a name: "Secretary of State Antony Blinken", "Macron, the French president"."""
        doc = self.doc
        roles: set[str] = set()
        first, last = tokens[0].i, tokens[-1].i
        for cursor in range(first - 1, max(first - 6, -1), -1):
            word = doc[cursor]
            if word.text in {".", "!", "?", ";", ","} or word.is_space:
                break
            if word.lemma_.lower() in ROLE_NOUNS or word.lower_ in ROLE_NOUNS:
                roles.add(word.lemma_.lower())
        if last + 1 < len(doc) and doc[last + 1].text == ",":
            for word in doc[last + 2:min(last + 8, len(doc))]:
                if word.text in {".", "!", "?", ";", ","} or word.is_space:
                    break
                if word.lemma_.lower() in ROLE_NOUNS or word.lower_ in ROLE_NOUNS:
                    roles.add(word.lemma_.lower())
        return roles

    def _party_before(self, token: Token) -> str | None:
        """A demonym or country just before a name: "Russian President Vladimir Putin"."""
        doc = self.doc
        for cursor in range(token.i - 1, max(token.i - 5, -1), -1):
            word = doc[cursor]
            if word.text in {".", "!", "?", ";"} or word.is_space:
                break
            if word.pos_ == "CCONJ" and not any(doc[i].lower_.rstrip(".") in TITLES or doc[i].lemma_.lower() in ROLE_NOUNS
                                                 for i in range(cursor + 1, token.i)):
                break  # "met Emmanuel Macron and John Smith"; but "Egyptian President … and Foreign Minister Shoukry"
            if word.text[:1].isupper() and word.lower_ not in TITLES:
                party = self._lookup(word.text)
                if party:
                    return party
        return None

    # -------------------------------------------------------------- documents
    def _collect_documents(self) -> None:
        import numpy
        from spacy.attrs import POS

        nouns = numpy.flatnonzero(self.doc.to_array([POS]) == self.doc.vocab.strings["NOUN"])
        for position in nouns.tolist():
            token = self.doc[position]
            if token.lemma_.lower() not in CORE_DOCUMENT_NOUNS:
                continue
            if token.lemma_.lower() in {"version", "writing", "reading", "note", "text"} and not any(
                    child.dep_ in {"amod", "poss", "compound", "prep"} for child in token.children):
                continue
            self._document_for(token)

    def _document_name(self, head: Token) -> tuple[str, tuple[int, int]]:
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

    def _document_for(self, head: Token) -> DocumentCluster:
        name, (start, end) = self._document_name(head)
        head_lemma = head.lemma_.lower()
        modifiers = [t for t in head.lefts if t.dep_ in {"amod", "compound", "poss"} and t.tag_ != "PRP$"
                     and t.lower_ not in {"same", "first"}]
        cluster: DocumentCluster | None = None
        bare = not modifiers and not any(c.dep_ == "prep" for c in head.rights)
        indefinite = any(t.lower_ in {"a", "an", "another"} for t in head.lefts)
        refers_back = not indefinite and (any(t.lower_ in {"same", "this", "that"} for t in head.lefts) or bare)
        previous = [c for s, e, c in self.document_mentions if s < start]
        if refers_back and previous:
            same_head = [c for c in previous if c.head == head_lemma]
            cluster = same_head[-1] if same_head and not any(t.lower_ == "same" for t in head.lefts) else previous[-1]
        else:
            for existing in self.documents:
                if existing.name.lower() == name.lower():
                    cluster = existing
        if cluster is None:
            party = None
            for token in self.doc[self.doc.char_span(start, end, alignment_mode="expand").start:head.i + 1]:
                if token.text[:1].isupper():
                    party = party or self._lookup(token.text)
            cluster = DocumentCluster(name, head_lemma, party)
            self.documents.append(cluster)
        if (start, end) not in cluster.mentions:
            cluster.mentions.append((start, end))
            self.document_mentions.append((start, end, cluster))
            self.document_mentions.sort(key=lambda item: item[0])
        return cluster

    # ------------------------------------------------------------- resolution
    def _persons_in(self, start: int, end: int) -> list[tuple[int, int, PersonCluster]]:
        return [(s, e, c) for s, e, c in self.person_mentions if s >= start and e <= end]

    def _sentence_of(self, position: int) -> Span:
        token = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if token is None or len(token) == 0:
            return self.doc[0:0]
        return token[0].sent

    def _recent_person(self, before: int, exclude_sentence: bool = False, party: str | None = None,
                       roles: set[str] | None = None) -> PersonCluster | None:
        """The most recently mentioned person before `before`, optionally of a party and with a title."""
        sentence = self._sentence_of(before)
        chosen: PersonCluster | None = None
        for start, end, cluster in self.person_mentions:
            if start >= before:
                break
            if exclude_sentence and sentence.start_char <= start < sentence.end_char:
                continue
            if party is not None and cluster.party != party:
                continue
            if roles and not roles & cluster.roles:
                continue
            chosen = cluster
        return chosen

    def _recent_subject(self, before: int) -> PersonCluster | None:
        """The person "he said" refers to: among the persons of the last sentence that names one and of
        the sentence before it, the last who was a clause subject or a speaker (None: take the most
        recent person). Looking no further back keeps a subject from long ago from beating a person
        just named ("… Mr. Oscar Ribas Reig spoke from this rostrum. He said: …")."""
        floor = self.lookback_floor(before)
        if floor is None:
            return None
        chosen: PersonCluster | None = None
        for start, end, cluster in self.person_mentions:
            if start >= before:
                break
            if start >= floor and ((start, end) in self.speaker_mentions or self._is_subject(start, end)):
                chosen = cluster
        return chosen

    def lookback_floor(self, before: int) -> int | None:
        """Where a pronoun's search for a subject starts: the sentence before that of the last person
        mentioned before `before` (None when no person was mentioned)."""
        latest = None
        for start, _, _ in self.person_mentions:
            if start >= before:
                break
            latest = start
        if latest is None:
            return None
        sentence = self._sentence_of(latest)
        if sentence.start == 0:
            return sentence.start_char
        return self.doc[sentence.start - 1].sent.start_char

    def _is_subject(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        head = span.root
        for _ in range(3):
            if head.dep_ in {"nsubj", "nsubjpass"}:
                return True
            if head.dep_ not in {"appos", "compound", "flat", "conj"} or head.head is head:
                return False
            head = head.head
        return False

    def _group_subject(self, position: int) -> list[PersonCluster] | None:
        """Coordinated persons that are the subject of the clause around `position` ("Putin and Xi … condemn")."""
        sentence = self._sentence_of(position)
        for token in sentence:
            if token.dep_ in {"nsubj", "nsubjpass"} and any(child.dep_ == "conj" for child in token.children):
                phrase = token.doc[token.left_edge.i:token.right_edge.i + 1]
                people = self._persons_in(phrase.start_char, phrase.end_char)
                clusters = list(dict.fromkeys(c for _, _, c in people))
                if len(clusters) >= 2:
                    return clusters
        return None

    def _speaker(self, cluster: PersonCluster, start: int, end: int) -> Speaker:
        earlier = [(s, e) for s, e, c in self.person_mentions if c is cluster and s <= start]
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
            people = self._persons_in(*name)
            if people:
                return self._speaker(people[0][2], start, name[1])
            return Speaker(text[name[0]:name[1]], "person", self._lookup(text[start:end]),
                           Mention(text[start:name[1]], start, name[1]))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        mention = Mention(text[span.start_char:span.end_char], span.start_char, span.end_char)
        people = self._persons_in(span.start_char, span.end_char)
        clusters = list(dict.fromkeys(c for _, _, c in people))
        if len(clusters) >= 2 and any(t.lower_ in {"and", "&"} for t in span):
            return self._group(clusters, span.start_char, span.end_char)
        if clusters and not self._is_document(span):
            # "… von der Leyen the president of the Asian superpower": a role phrase after the name that
            # names another party describes someone else.
            last_end = max(e for s, e, c in people)
            rest = doc.char_span(last_end, span.end_char, alignment_mode="contract")
            if rest is not None and len(rest) and any(t.lemma_.lower() in ROLE_NOUNS for t in rest):
                other = self._party_in(rest)
                if other is not None and clusters[0].party not in (None, other):
                    return self._resolve_description(rest, mention)
            return self._speaker(clusters[0], span.start_char, span.end_char)
        words = [t.lower_ for t in span if not t.is_punct]
        if len(words) == 1 and words[0] in MALE_FEMALE_PRONOUNS:
            cluster = self._recent_subject(span.start_char) or self._recent_person(span.start_char)
            return self._speaker(cluster, span.start_char, span.end_char) if cluster else None
        if len(words) == 1 and words[0] in PLURAL_PRONOUNS:
            group = self._group_subject(span.start_char)
            if group:
                return self._group(group, span.start_char, span.end_char)
            return None
        if len(words) == 1 and words[0] in NEUTER_PRONOUNS:
            return self._recent_institution(span)
        if self._is_document(span):
            return self._resolve_document(span)
        institution = self._earlier_institution(span)
        if institution is not None:
            return institution
        return self._resolve_description(span, mention)

    def _earlier_institution(self, span: Span) -> Speaker | None:
        """"the ministry said" after "Russia's foreign ministry …": the institution named in full before."""
        words = [t for t in span if not t.is_punct]
        if len(words) != 2 or words[0].lower_ != "the" or words[1].lemma_.lower() not in INSTITUTION_NOUNS:
            return None
        head_lemma = words[1].lemma_.lower()
        found: Token | None = None
        for token in self.doc[:span.start]:
            if token.lemma_.lower() == head_lemma and token.pos_ in {"NOUN", "PROPN"} and (
                    any(c.dep_ in {"amod", "compound", "poss"} and c.tag_ != "PRP$" for c in token.lefts)
                    or any(c.dep_ == "prep" and c.lower_ in {"of", "for"} for c in token.rights)):
                found = token
        if found is None:
            return None
        name, _ = self._document_name(found)
        phrase = self.doc[found.left_edge.i:found.i + 1]
        party = self._party_in(phrase) or self._party_in(self.doc[found.i:found.i + 1])
        name = _clean_name(name.removeprefix("the ").strip()) if name.startswith("the ") and any(
            t.tag_ == "POS" for t in phrase) else name
        return Speaker(name, "organization", party, Mention(span.text, span.start_char, span.end_char))

    def _is_document(self, span: Span) -> bool:
        return span.root.pos_ == "NOUN" and span.root.lemma_.lower() in CORE_DOCUMENT_NOUNS | {"plan", "message"}

    def _resolve_document(self, span: Span) -> Speaker:
        cluster = self._document_for(span.root)
        mention = Mention(span.text, span.start_char, span.end_char)
        return Speaker(cluster.name, "document", cluster.party, mention)

    def _recent_institution(self, span: Span) -> Speaker | None:
        """"it" / "its": the nearest earlier subject that names a government, organisation or country."""
        sentence = span.sent
        start_token = sentence.start
        previous_start = self.doc[start_token - 1].sent.start if start_token > 0 else start_token
        for token in reversed(list(self.doc[previous_start:span.start])):
            if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}:
                phrase = noun_phrase_span(token)
                return self._resolve_description(phrase, Mention(span.text, span.start_char, span.end_char),
                                                 name_from=phrase)
        return None

    def _appositive_person(self, span: Span) -> PersonCluster | None:
        """A name right after the description: "said Russia's permanent representative, Vassily Nebenzia"."""
        text = doc_text(self.doc)
        for start, end, cluster in self.person_mentions:
            if start < span.end_char:
                continue
            between = text[span.end_char:start]
            if len(between) <= 3 and between.strip() in {"", ","}:
                return cluster
            break
        return None

    def _party_in(self, span: Span) -> str | None:
        tokens = [t for t in span if not t.is_punct and t.lower_ not in {"the", "a", "an"}]
        for size in range(min(4, len(tokens)), 0, -1):
            for position in range(0, len(tokens) - size + 1):
                phrase = " ".join(t.text for t in tokens[position:position + size])
                party = self._lookup(phrase)
                if party:
                    return party
        return None

    def _resolve_description(self, span: Span, mention: Mention, name_from: Span | None = None) -> Speaker:
        """Role descriptions, institutions and countries: "the Chinese president", "the Kremlin", "Washington"."""
        source = name_from if name_from is not None else span
        words = [t for t in source if t.lower_ not in {"the", "a", "an"} and not t.is_punct]
        plain = " ".join(t.text for t in words)
        party = self._party_in(source)
        has_role = any(t.lemma_.lower() in ROLE_NOUNS or t.lower_ in ROLE_NOUNS for t in source)
        lone_demonym = len(words) == 1 and party is not None and words[0].pos_ in {"ADJ", "PROPN", "NOUN"} \
            and words[0].text[:1].isupper() and self._lookup(words[0].text) == party and words[0].lower_.endswith(
                ("an", "ese", "ish", "ch", "i", "ic")) and not self._names_party(words[0].text, party)
        if has_role and source.root.tag_ in {"NNS", "NNPS"}:
            return Speaker(_clean_name(_without_article(source)), "group", party, mention)
        if has_role and name_from is None and source[0].lower_ in {"a", "an", "one", "another"}:
            # "a senior State Department official said": someone new and unnamed, not the last person named.
            appositive = self._appositive_person(span)
            if appositive is not None:
                return self._speaker(appositive, span.start_char, span.end_char)
            return Speaker(_clean_name(_without_article(source)), "person", party, mention)
        if (has_role or lone_demonym) and name_from is None:
            appositive = self._appositive_person(span)
            if appositive is not None:
                return self._speaker(appositive, span.start_char, span.end_char)
            roles = {t.lemma_.lower() for t in source if t.lemma_.lower() in ROLE_NOUNS} - {"counterpart", "leader", "host", "guest"}
            cluster = None
            if party:
                cluster = (self._recent_person(span.start_char, True, party, roles)
                           or self._recent_person(span.start_char, True, party))
            elif roles:
                cluster = self._recent_person(span.start_char, True, None, roles)
            if cluster is None and party is None:
                cluster = self._recent_person(span.start_char, exclude_sentence=True)
            if cluster is not None:
                return self._speaker(cluster, span.start_char, span.end_char)
            return Speaker(_clean_name(_without_article(source)), "person", party, mention)
        if party is not None:
            registry_name = self._party_name(party)
            exact = self._lookup(plain) == party
            if exact and registry_name and self._is_country_name(plain, party):
                return Speaker(registry_name, "country", party, mention)
            if exact and registry_name and plain.isupper():
                return Speaker(registry_name, "organization", party, mention)
            return Speaker(_clean_name(source.text), "organization", party, mention)
        root = source.root
        if root.tag_ in {"NNS", "NNPS"}:
            return Speaker(_clean_name(source.text), "group", None, mention)
        kind = "person" if root.pos_ == "PROPN" and any(e.label_ == "PERSON" for e in source.ents) else "organization"
        return Speaker(_clean_name(source.text), kind, None, mention)

    def _party_record(self, party: str):
        getter = getattr(self.registry, "get", None)
        if getter is None:
            return None
        try:
            return getter(party)
        except Exception:
            return None

    def _party_name(self, party: str) -> str | None:
        return getattr(self._party_record(party), "name", None)

    def _names_party(self, phrase: str, party: str) -> bool:
        """Is the phrase a party's own name or acronym ("Pakistan", "ASEAN"), not a demonym ("Pakistani")?"""
        record = self._party_record(party)
        if record is None:
            return False
        alias_type = {alias.text.lower(): alias.type for alias in record.aliases}.get(phrase.lower())
        return phrase.lower() == record.name.lower() or alias_type in {"name", "short", "former", "acronym"}

    def _is_country_name(self, phrase: str, party: str) -> bool:
        """Is the phrase the country's own name ("the United States", "US"), not a capital or demonym?"""
        return getattr(self._party_record(party), "kind", "") == "country" and self._names_party(phrase, party)


def _tokens_near_names(doc: Doc, person_tokens: set[int]):
    """The tokens a name run can be made of, in order, with None between stretches no run can cross.

    A run starts at a proper noun or a PERSON token and goes on through them, bridging one particle or
    hyphen between two of them ("von der Leyen", "Thomas-Greenfield"); so only stretches of such tokens
    at most one token apart need looking at. (Walking every token of a long document costs more than
    the rest of the speaker index.)"""
    import numpy
    from spacy.attrs import POS

    marks = doc.to_array([POS]) == doc.vocab.strings["PROPN"]
    if person_tokens:
        marks[list(person_tokens)] = True
    positions = numpy.flatnonzero(marks).tolist()
    previous = None
    for position in positions:
        if previous is not None and position - previous > 2:
            yield None
        elif previous is not None and position - previous == 2:
            yield doc[previous + 1]
        yield doc[position]
        previous = position
    if previous is not None and previous + 1 < len(doc):
        yield doc[previous + 1]  # the token after the last run ends it, as in a walk over every token


def _name_text(tokens: Sequence[Token]) -> str:
    """A name as written, on one line: "Linda Thomas-Greenfield", not "Linda Thomas - Greenfield"."""
    text = doc_text(tokens[0].doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split())


def _without_article(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    if not tokens:
        return span.text
    return doc_text(span.doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]


def noun_phrase_span(head: Token) -> Span:
    doc = head.doc
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in {"relcl", "acl", "punct", "cc", "conj", "advcl"}:
            break
        end = child.right_edge.i + 1
    return doc[start:end]


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    if text.startswith(("The ", "A ", "An ")):
        text = text[0].lower() + text[1:]
    return text
