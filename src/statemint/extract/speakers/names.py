"""Person clusters of one document: names found (spaCy NER, proper-noun runs after titles, registry
leaders), variants unified with rapidfuzz ("Vladimir Poutine" and "Putin" are one person), each with
its party, the titles seen beside it and every mention."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import numpy
from rapidfuzz import fuzz
from spacy.attrs import POS
from spacy.tokens import Doc, Token

from statemint.extract.speakers.lookups import PartyView
from statemint.nlp.doctext import doc_text
from statemint.parties.model import Leader, fold
from statemint.vocabulary import NAME_PARTICLES, NAME_TITLES, ROLE_NOUNS, TITLES

NAME_MATCH = 80     # a name joins a person whose variant is this similar (extract.speakers.names.name_similarity)
SURNAME_MATCH = 90  # a bare surname the tagger missed joins a person only this similar


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


def strip_titles(tokens: Sequence[Token]) -> list[Token]:
    """Drop leading titles and trailing possessives from a proper-noun run ("President Xi" -> "Xi")."""
    kept = list(tokens)
    while kept and (kept[0].lower_ in TITLES or kept[0].lower_.rstrip(".") in TITLES) and len(kept) > 1:
        kept.pop(0)
        while len(kept) >= 2 and kept[0].text in {"-", "‐"}:  # "Secretary-General": one title, no name "-General"
            del kept[:2]
    while kept and (kept[-1].tag_ == "POS" or kept[-1].text in {"’s", "'s", "’", "'"}):
        kept.pop()
    if kept and kept[0].lower_ in TITLES:
        return []
    return kept


def name_similarity(short: list[str], full: list[str]) -> float:
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


class PersonInventory:
    """Every person of one document, with its mentions in text order (built once, read-only after)."""

    def __init__(self, doc: Doc, parties: PartyView):
        self.doc = doc
        self.parties = parties
        self.persons: list[PersonCluster] = []
        self.person_mentions: list[tuple[int, int, PersonCluster]] = []  # (start, end, cluster), text order
        # Short proper-noun runs that are no known name: a bare surname may still join a person.
        self.other_runs: list[list[Token]] = []
        # Titles alone that one person holds ("the Secretary-General"), with the registry's holder.
        self.title_runs: list[tuple[list[Token], Leader]] = []
        # Every (cluster, variant) position in the order variants were added, and per name how far
        # match_person has compared it: a name met again is compared only with the variants added since.
        self._variant_log: list[tuple[int, int]] = []
        self._matched: dict[tuple[str, ...], tuple[int, float, tuple[int, int]]] = {}
        self._collect_people()
        self._collect_surnames()
        self.starts = [start for start, _, _ in self.person_mentions]  # sorted: person_mentions is in text order

    def persons_in(self, start: int, end: int) -> list[tuple[int, int, PersonCluster]]:
        """The person mentions inside text[start:end]."""
        found = []
        for position in range(bisect.bisect_left(self.starts, start), len(self.starts)):
            s, e, cluster = self.person_mentions[position]
            if s > end:
                break
            if e <= end:
                found.append((s, e, cluster))
        return found

    def _add_variant(self, cluster: PersonCluster, variant: str) -> None:
        cluster.variants.append(variant)
        self._variant_log.append((self.persons.index(cluster), len(cluster.variants) - 1))

    def _candidate_names(self) -> list[list[Token]]:
        """Proper-noun runs that name people: NER PERSON, a title before them, or a registry leader."""
        doc = self.doc
        person_tokens = {token.i for ent in doc.ents if ent.label_ == "PERSON" for token in ent}
        runs: list[list[Token]] = []
        current: list[Token] = []
        for token in tokens_near_names(doc, person_tokens):
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
        named: frozenset[str] | None = None  # the parties the document names, read at the first bare title
        for run in runs:
            titled = any(t.lower_.rstrip(".") in NAME_TITLES for t in run[:-1]) or (
                run[0].i > 0 and doc[run[0].i - 1].lower_.rstrip(".") in NAME_TITLES)
            stripped = strip_titles(run)
            if not stripped:
                # "the Secretary-General said" (not "… of NATO"): the title's one holder, if any
                after = doc[run[-1].i + 1: run[-1].i + 3]
                if not (len(after) and after[0].lower_ == "of" or len(after) == 2 and after[0].text == ","
                        and after[1].pos_ == "PROPN"):  # not "… of NATO", "…, Jens Stoltenberg,"
                    if named is None:
                        named = self.parties.named_parties(doc_text(doc))
                    holder = self.parties.leader_by_role(name_text(run), named)
                    if holder is not None:
                        self.title_runs.append((run, holder))
                continue
            text = name_text(stripped)
            in_ner = any(t.i in person_tokens for t in stripped)
            # a title's run that names a party is no person ("the General Assembly" is no "Assembly")
            if in_ner or self.parties.leader(text) is not None or titled and self.parties.lookup(text) is None \
                    and self.parties.lookup(name_text(run)) is None:
                names.append(stripped)
            elif len(stripped) <= 3:
                self.other_runs.append(stripped)
        return names

    def _collect_people(self) -> None:
        named = [(tokens, None) for tokens in self._candidate_names()]
        for tokens, holder in sorted(named + self.title_runs, key=lambda item: item[0][0].i):
            if holder is not None:
                self._add_title_holder(tokens, holder)
                continue
            text = name_text(tokens)
            words = text.split()
            if self.parties.lookup(text) is not None and self.parties.leader(text) is None \
                    and not self._leaders_relative(words):
                continue  # a country or organisation name, not a person
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            cluster = self.match_person([w.lower() for w in words])
            leader = self.parties.leader(text)
            if cluster is None:
                cluster = self._new_person(text)
            elif text not in cluster.variants:
                self._add_variant(cluster, text)
            if leader is not None and cluster.registry_name is None:
                cluster.registry_name = leader.name
                cluster.party = cluster.party or leader.party
            if cluster.party is None:
                cluster.party = self._party_before(tokens[0])
            cluster.roles.update(self._roles_around(tokens))
            self._rename(cluster)
            self._add_mention(cluster, start, end)

    def _add_title_holder(self, tokens: list[Token], holder: Leader) -> None:
        """"The Secretary-General said …" with no name: a mention of the person named with the title
        before, else of the one person who holds it (PartyView.leader_by_role), so that "He said" after
        it, and the holder's name met later, are one person with it."""
        title = name_text(tokens).lower()
        words = {token.lemma_.lower() for token in tokens if token.is_alpha}
        # a holder the text has named with the title comes first ("Secretary-General Jens Stoltenberg")
        cluster = next((person for _, _, person in reversed(self.person_mentions)
                        if words <= person.roles or any(title in variant.lower() for variant in person.variants)),
                       None) or self.match_person(holder.name.lower().split())
        if cluster is None:
            cluster = self._new_person(holder.name, holder.party, holder.name)
        self._add_mention(cluster, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def _new_person(self, name: str, party: str | None = None, registry_name: str | None = None) -> PersonCluster:
        cluster = PersonCluster(name, [], party, registry_name=registry_name)
        self.persons.append(cluster)
        self._add_variant(cluster, name)
        return cluster

    def _add_mention(self, cluster: PersonCluster, start: int, end: int) -> None:
        cluster.mentions.append((start, end))
        self.person_mentions.append((start, end, cluster))

    def _leaders_relative(self, words: list[str]) -> bool:
        """"Michelle Obama", "Ivanka Trump": a leader's surname after given names that name no party is a
        person of the leader's family (the registry looks the whole name up to the leader's country)."""
        if len(words) < 2 or self.parties.lookup(" ".join(words[:-1])) is not None:
            return False
        leader = self.parties.leader(words[-1])
        if leader is None:
            return False
        own = set(fold(leader.name).split())  # "-General Antonio Guterres" is the leader himself, misread
        return not any(fold(word) in own for word in words[:-1])

    def _collect_surnames(self) -> None:
        """Second pass: a bare surname the tagger missed ("Scholz said") joins the person it names."""
        for tokens in self.other_runs:
            words = [t.text.lower() for t in tokens]
            cluster = self.match_person(words, threshold=SURNAME_MATCH)
            if cluster is None or self.parties.lookup(" ".join(t.text for t in tokens)) is not None:
                continue
            self._add_mention(cluster, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        self.person_mentions.sort(key=lambda item: item[0])

    def match_person(self, words: list[str], threshold: float = NAME_MATCH) -> PersonCluster | None:
        """The person whose variant is most similar to the name (the first in cluster and variant order
        among equals) when that similarity reaches `threshold`, else the registry leader's cluster."""
        key = tuple(words)
        seen, best_score, best_at = self._matched.get(key, (0, 0.0, (-1, -1)))
        for at in self._variant_log[seen:]:
            variant_words = self.persons[at[0]].variants[at[1]].lower().split()
            shorter, longer = (words, variant_words) if len(words) <= len(variant_words) else (variant_words, words)
            score = name_similarity(shorter, longer)
            if score > best_score or (score == best_score and score > 0 and at < best_at):
                best_score, best_at = score, at
        self._matched[key] = (len(self._variant_log), best_score, best_at)
        if best_score > 0 and best_score >= threshold:
            return self.persons[best_at[0]]
        leader = self.parties.leader(" ".join(words))
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
                party = self.parties.lookup(word.text)
                if party:
                    return party
        return None


def tokens_near_names(doc: Doc, person_tokens: set[int]) -> Iterator[Token | None]:
    """The tokens a name run can be made of, in order, with None between stretches no run can cross.

    A run starts at a proper noun or a PERSON token and goes on through them, bridging one particle or
    hyphen between two of them ("von der Leyen", "Thomas-Greenfield"); so only stretches of such tokens
    at most one token apart need looking at. (Walking every token of a long document costs more than
    the rest of the speaker index.)"""

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


def name_text(tokens: Sequence[Token]) -> str:
    """A name as written, on one line: "Linda Thomas-Greenfield", not "Linda Thomas - Greenfield"."""
    text = doc_text(tokens[0].doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split())


