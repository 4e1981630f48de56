"""The registry's records: parties, their aliases, leaders' tenures and party mentions, and the
protocol the pipeline asks a registry through (so a test or a user can give any object with it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Protocol

ALIAS_TYPES = ("name", "short", "former", "demonym", "capital", "seat", "epithet", "acronym")
PARTY_KINDS = ("country", "organization", "group", "adhoc")


@dataclass(frozen=True)
class Alias:
    """One way of naming a party; the type says how (a demonym is weaker evidence than a name)."""

    text: str
    type: str = "name"


@dataclass(frozen=True)
class Party:
    """A state (ISO 3166-1 alpha-2 id), an organisation (short name id) or an ad-hoc party."""

    id: str
    name: str
    kind: str
    aliases: tuple[Alias, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "aliases": [{"text": a.text, "type": a.type} for a in self.aliases]}


@dataclass(frozen=True)
class Leader:
    """One tenure of one person: a person with several posts has several records, so that a
    name maps to the party they spoke for on the date of the text."""

    name: str
    aliases: tuple[str, ...]
    party: str
    role: str
    start: date | None
    end: date | None

    def covers(self, on: date) -> bool:
        """True when `on` falls in the tenure (start inclusive, end exclusive)."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def distance(self, on: date) -> int:
        """Days between `on` and the tenure (0 inside it): the nearest tenure wins when none covers."""
        if self.covers(on):
            return 0
        if self.start is not None and on < self.start:
            return (self.start - on).days
        return (on - self.end).days if self.end is not None else 0


@dataclass(frozen=True)
class PartyMention:
    """A party named in text; `text == document[start:end]` always holds."""

    start: int
    end: int
    text: str
    party: str
    alias_type: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "party": self.party, "alias_type": self.alias_type}


@dataclass(frozen=True)
class ContextRule:
    """Aliases of `party` that mean something else when their sentence has one of `cues`
    (Georgia the US state: "Atlanta", "governor")."""

    party: str
    aliases: frozenset[str]
    cues: re.Pattern[str]


class PartyLookup(Protocol):
    """What the pipeline asks of a registry (parties.registry.Registry is the one statemint ships)."""

    def get(self, party_id: str) -> Party | None: ...

    def lookup(self, phrase: str, on: date | None = None) -> str | None: ...

    def leader(self, name: str, on: date | None = None) -> Leader | None: ...

    def names_party(self, phrase: str, party: str) -> bool: ...


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Erdoğan" and "erdogan" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def pick_tenure(records: Iterable[Leader], on: date | None) -> Leader | None:
    """The tenure that applies on `on`: the one covering it (the latest-starting if several),
    else the nearest in time; with no date, the latest."""
    records = list(records)
    if not records:
        return None
    by_start = lambda r: (r.start or date.min, r.end or date.max)  # noqa: E731
    if on is None:
        return max(records, key=by_start)
    covering = [r for r in records if r.covers(on)]
    if covering:
        return max(covering, key=by_start)
    return min(records, key=lambda r: (r.distance(on), -(r.start or date.min).toordinal()))

