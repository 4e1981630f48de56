"""The party registry: states and organisations with their aliases, and leaders with their tenures,
looked up by id, name, alias or person (parties.loading builds it, parties.matcher finds them in text).

The registry is data (`data/parties.json`, built by `tools/build_registry.py`); users extend it
with a TOML file (`--parties my.toml`, see docs/PARTIES.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from statemint.errors import UnknownParty
from statemint.parties.matcher import AliasMatcher, alias_targets, find_party_mentions
from statemint.vocabulary import LEADER_TITLES
from statemint.parties.model import Alias, ContextRule, Leader, Party, fold, pick_tenure

def _word_ratio(query: str, choice: str, **_: Any) -> float:
    """Edit-distance ratio, or 90 when the query (3+ characters) begins a word of the choice."""
    from rapidfuzz import fuzz

    score = fuzz.ratio(query, choice)
    if len(query) >= 3 and (" " + choice).find(" " + query) >= 0:
        score = max(score, 90.0)
    return score


@dataclass
class Registry:
    """Parties and leaders with lookups for the pipeline and the CLI.

    Build it with `load_registry()`; the constructor takes already-validated records."""

    parties: dict[str, Party]
    leaders: tuple[Leader, ...] = ()
    blockers: tuple[str, ...] = ()
    contexts: tuple[ContextRule, ...] = ()
    sources: tuple[Any, ...] = ()
    alpha3: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 -> our id ("RUS" -> "RU")
    _alias_index: dict[str, str] = field(default_factory=dict, repr=False)
    _folded_index: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _alias_type: dict[str, str] = field(default_factory=dict, repr=False)
    _leader_index: dict[str, list[Leader]] = field(default_factory=dict, repr=False)
    _role_index: dict[str, dict[str, list[Leader]]] = field(default_factory=dict, repr=False)  # title -> party -> tenures
    _matcher: AliasMatcher | None = field(default=None, repr=False)
    _lookup_cache: dict[tuple[str, date | None], Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for party in self.parties.values():
            for alias in party.aliases:
                self._alias_index.setdefault(alias.text, party.id)
                self._alias_type.setdefault(alias.text, alias.type)
                self._folded_index.setdefault(fold(alias.text), set()).add(party.id)
            self._folded_index.setdefault(fold(party.name), set()).add(party.id)
        for leader in self.leaders:
            for key in {fold(leader.name), *(fold(a) for a in leader.aliases)}:
                self._leader_index.setdefault(key, []).append(leader)
            self._role_index.setdefault(_role_key(leader.role), {}).setdefault(leader.party, []).append(leader)

    # -- parties -------------------------------------------------------------------------
    def get(self, party_id: str) -> Party | None:
        """The party with this id (exact, then case-insensitive), or None."""
        party = self.parties.get(party_id)
        if party is None and isinstance(party_id, str):
            party = self._ids_folded.get(party_id.casefold())
        if party is None and isinstance(party_id, str) and party_id.upper() in self.alpha3:
            party = self.parties.get(self.alpha3[party_id.upper()])
        return party

    @functools.cached_property
    def _ids_folded(self) -> dict[str, Party]:
        return {pid.casefold(): p for pid, p in self.parties.items()}

    def __contains__(self, party_id: object) -> bool:
        return isinstance(party_id, str) and self.get(party_id) is not None

    def __iter__(self):
        return iter(self.parties.values())

    def __len__(self) -> int:
        return len(self.parties)

    def search(self, query: str, limit: int = 10, cutoff: float = 0.0,
               words: bool = False) -> list[tuple[Party, float]]:
        """Parties whose id, name or an alias is close to `query` (score >= `cutoff`), best first,
        scores 0-100. With `words`, a query that begins a word of a name ("united") scores 90."""
        from rapidfuzz import fuzz, process

        choices = self._search_choices
        key = re.sub(r"^the ", "", fold(query))
        if not key:
            return []
        best: dict[str, float] = {}
        # Plain edit-distance ratio: WRatio's partial matching ranks two-letter ids above a
        # misspelt full name ("Untied Sttes" would find ES before US).
        scorer = _word_ratio if words else fuzz.ratio
        for _choice, score, index in process.extract(key, choices[0], scorer=scorer, limit=limit * 8):
            party_id = choices[1][index]
            # An exact id or name beats a long alias that merely contains the query.
            if choices[0][index] == key:
                score = 100.0
            best[party_id] = max(best.get(party_id, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(self.parties[pid], score) for pid, score in ranked if score >= cutoff]

    # -- values the user typed ----------------------------------------------------------------
    def leader_by_surname(self, value: str) -> Leader | None:
        """The leader a name means exactly ("Macron", "Emmanuel Macron"), when only one person has
        that name or alias (tenures of one person count once); None if none or several."""
        people = {leader.name: leader for leader in self._leader_index.get(fold(" ".join(value.split())), [])}
        return next(iter(people.values())) if len(people) == 1 else None

    def closest(self, value: str, limit: int = 3, cutoff: float = 75.0) -> list[str]:
        """The registry entries (parties and leaders) closest to a value that matched nothing,
        best first, as "NL (Netherlands)" or "Joe Biden (leader, US)", for a warning."""
        from rapidfuzz import fuzz, process

        found = [(score, f"{party.id} ({party.name})") for party, score in self.search(value, limit, cutoff)]
        names = self._leader_names
        for name, score, _ in process.extract(fold(value), list(names), scorer=fuzz.ratio, limit=limit,
                                              score_cutoff=cutoff):
            leader = names[name]
            found.append((score, f"{leader.name} (leader, {leader.party})"))
        return [text for _, text in sorted(found, key=lambda item: -item[0])[:limit]]

    @functools.cached_property
    def _leader_names(self) -> dict[str, Leader]:
        return {fold(leader.name): leader for leader in self.leaders}

    @functools.cached_property
    def _search_choices(self) -> tuple[list[str], list[str]]:
        texts: list[str] = []
        owners: list[str] = []
        for party in self.parties.values():
            for text in sorted({re.sub(r"^the ", "", fold(t)) for t in (party.id, party.name, *(a.text for a in party.aliases))}):
                texts.append(text)
                owners.append(party.id)
        return texts, owners

    def resolve(self, value: str) -> Party:
        """The party a `--party` value means: an id in any case ("us"), a name or an alias
        ("United States", "Washington", "NATO"). Raises UnknownParty naming the closest ones."""
        text = value.strip()
        party = self.get(text)
        if party is not None:
            return party
        for candidate in (text, f"the {text}"):
            if candidate in self._alias_index:
                return self.parties[self._alias_index[candidate]]
        owners = self._folded_index.get(fold(text), set()) | self._folded_index.get(fold(f"the {text}"), set())
        if len(owners) == 1:
            return self.parties[next(iter(owners))]
        close = self.search(text, limit=5)
        hint = ", ".join(f"{p.id} ({p.name})" for p, _score in close)
        raise UnknownParty(
            f"unknown party {value!r}"
            + (f"; closest: {hint}" if hint else "")
            + ". Use an ISO country code (US), an organisation (NATO), a name or alias (\"Washington\"),"
            " or add it with --parties my.toml (see docs/PARTIES.md)."
        )

    def adhoc(self, name: str) -> Party:
        """A party that is not in the registry, e.g. `--party "Joe Biden"`: its id is the name,
        its aliases the name and, for a person-like name, the last word (the surname)."""
        clean = " ".join(name.split())
        if not clean:
            raise UnknownParty("an ad-hoc party needs a name, e.g. --party \"Joe Biden\"")
        aliases = [Alias(clean, "name")]
        words = clean.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not clean.isupper():
            aliases.append(Alias(words[-1], "short"))
        return Party(clean, clean, "adhoc", tuple(aliases))

    # -- phrases and people ----------------------------------------------------------------
    def lookup(self, phrase: str, on: date | None = None) -> str | None:
        """The party id of one phrase: "Russian", "the Kremlin", "Putin", "the Asian superpower",
        "US", "the Russian government". Leaders resolve by tenure on `on` (no date: the latest).
        Answers are remembered: speaker resolution asks the same few phrases many times."""
        key = (phrase, on)
        if key not in self._lookup_cache:
            if len(self._lookup_cache) > 100_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = self._lookup_uncached(phrase, on)
        return self._lookup_cache[key]

    def _lookup_uncached(self, phrase: str, on: date | None) -> str | None:
        text = " ".join(phrase.split())
        if not text:
            return None
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        direct = self._lookup_alias(text)
        if direct is not None:
            return direct
        if text in self.parties:
            return text
        leader = self.leader(text, on)
        if leader is not None:
            return leader.party
        mentions = find_party_mentions(text, self, on)
        parties = {m.party for m in mentions}
        if len(parties) == 1:
            return parties.pop()
        return None

    def _lookup_alias(self, text: str) -> str | None:
        bare = re.sub(r"^[Tt]he\s+", "", text)
        for candidate in (text, bare, f"the {bare}"):
            if candidate in self._alias_index and candidate not in self.blockers:
                return self._alias_index[candidate]
        # Case-insensitive only when the phrase has a capital: lowercase "turkey" is a bird.
        if any(c.isupper() for c in text):
            owners = self._folded_index.get(fold(bare), set()) | self._folded_index.get(fold(f"the {bare}"), set())
            if len(owners) == 1:
                return next(iter(owners))
        return None

    def leader(self, name: str, on: date | None = None) -> Leader | None:
        """The leader record for a person's name (full, surname, or a near spelling such as
        "Vladimir Poutine"), the tenure chosen by date as in `lookup`. Which leader a name matches is
        remembered, like lookups, once for every date (the fuzzy match does not depend on it)."""
        key = ("leader:" + name, None)
        if key not in self._lookup_cache:
            if len(self._lookup_cache) > 100_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = self._leader_key(name)
        found = self._lookup_cache[key]
        return pick_tenure(self._leader_index[found], on) if found is not None else None

    def _leader_key(self, name: str) -> str | None:
        """The leader index key a name matches, if any."""
        key = fold(name).strip(" .,'’")
        if key.endswith(("'s", "’s")):
            key = key[:-2]
        if not key:
            return None
        if key in self._leader_index:
            return key
        words = key.split()
        while words and words[0] in LEADER_TITLES:
            words = words[1:]
        stripped = " ".join(words)
        if stripped and stripped in self._leader_index:
            return stripped
        if not stripped or len(stripped) < 5:
            return None
        from rapidfuzz import fuzz, process

        keys = self._leader_keys_multi if " " in stripped else self._leader_keys_single
        found = process.extractOne(stripped, keys, scorer=fuzz.ratio, score_cutoff=85 if " " in stripped else 90)
        return found[0] if found is not None else None

    @functools.cached_property
    def _leader_keys_multi(self) -> list[str]:
        return sorted(k for k in self._leader_index if " " in k)

    @functools.cached_property
    def _leader_keys_single(self) -> list[str]:
        return sorted(k for k in self._leader_index if " " not in k)

    def tenures(self, key: str) -> list[Leader]:
        """Every tenure filed under a folded leader name (the matcher's key for a leader alias)."""
        return self._leader_index.get(key, [])

    def names_party(self, phrase: str, party: str) -> bool:
        """Is the phrase a party's own name or acronym ("Pakistan", "ASEAN"), not a demonym ("Pakistani")?"""
        record = self.get(party)
        if record is None:
            return False
        alias_type = {alias.text.lower(): alias.type for alias in record.aliases}.get(phrase.lower())
        return phrase.lower() == record.name.lower() or alias_type in {"name", "short", "former", "acronym"}

    # -- matching --------------------------------------------------------------------------
    def matcher(self) -> AliasMatcher:
        """The alias matcher, built on first use and kept."""
        if self._matcher is None:
            self._matcher = AliasMatcher(alias_targets(self.leaders, self.parties.values(), self.blockers))
        return self._matcher



def _role_key(role: str) -> str:
    return " ".join(fold(role).replace("-", " ").split())


def leader_by_role(registry: Registry, role: str, on: date | None, named: frozenset[str]) -> Leader | None:
    """The holder on the date of an organisation's title that names no party ("the Secretary-General"),
    so that a text that names no one with it still names a person: of the organisations whose leaders
    hold the title (hyphens and spaces alike: the UN's "Secretary-General", NATO's "Secretary General"),
    those the document names (`named`), and of those the one whose title is spelt as written; None when
    that leaves none or several. A state's titles ("the Foreign Secretary") change hands with elections
    the registry may not know of, so they are left to the names in the text."""
    found = []
    for party, tenures in registry._role_index.get(_role_key(role), {}).items():
        record = registry.get(party)
        leader = pick_tenure(tenures, on) if record is not None and record.kind == "organization" and party in named else None
        if leader is not None:
            found.append(leader)
    if len(found) > 1:
        found = [leader for leader in found if fold(leader.role) == fold(role)]
    return found[0] if len(found) == 1 else None
