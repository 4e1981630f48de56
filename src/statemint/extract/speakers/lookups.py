"""The party registry as speaker resolution asks it: on the document's date, and None without a registry.

A registry error is a bug, so it is not caught here: it surfaces as the document's internal error
(the CLI reports it) instead of a silently wrong speaker."""

from __future__ import annotations

from datetime import date

from statemint.parties.matcher import blocked_ranges, find_party_mentions
from statemint.parties.model import Leader, Party, PartyLookup
from statemint.parties.registry import Registry, leader_by_role


class PartyView:
    """Look-ups of one document: the registry (or none) and the date that picks leaders' tenures."""

    def __init__(self, registry: PartyLookup | None, on: date | None = None):
        self.registry = registry
        self.on = on

    def lookup(self, phrase: str) -> str | None:
        """The party id a phrase names ("Russian", "the Kremlin", "Putin"), or None."""
        if self.registry is None or not phrase.strip():
            return None
        return self.registry.lookup(phrase, self.on)

    def leader(self, name: str) -> Leader | None:
        """The registry's leader with this name (or a near spelling) on the document's date."""
        if self.registry is None:
            return None
        return self.registry.leader(name, self.on)

    def named_parties(self, text: str) -> frozenset[str]:
        """The parties a text names (parties.matcher.find_party_mentions); none without a registry."""
        if not isinstance(self.registry, Registry):
            return frozenset()
        return frozenset(mention.party for mention in find_party_mentions(text, self.registry, self.on))

    def blocked(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of the registry's blocker phrases in `text` (parties.matcher.blocked_ranges)."""
        if not isinstance(self.registry, Registry):
            return []
        return blocked_ranges(text, self.registry.matcher())

    def leader_by_role(self, role: str, named: frozenset[str]) -> Leader | None:
        """The one holder of a title that names no party ("the Secretary-General") on the document's
        date, among the parties the document names (`named`; parties.registry.leader_by_role)."""
        if not isinstance(self.registry, Registry):
            return None
        return leader_by_role(self.registry, role, self.on, named)

    def record(self, party: str) -> Party | None:
        return self.registry.get(party) if self.registry is not None else None

    def name_of(self, party: str) -> str | None:
        record = self.record(party)
        return record.name if record is not None else None

    def names_party(self, phrase: str, party: str) -> bool:
        """Is the phrase the party's own name or acronym ("Pakistan", "ASEAN"), not a demonym?"""
        return self.registry is not None and self.registry.names_party(phrase, party)

    def names_own_party(self, word: str) -> bool:
        """Is the word the own name of the party it looks up to ("Pakistan": yes; "Pakistani": no)?"""
        party = self.lookup(word)
        return party is not None and self.names_party(word, party)

    def is_country_name(self, phrase: str, party: str) -> bool:
        """Is the phrase the country's own name ("the United States", "US"), not a capital or demonym?"""
        record = self.record(party)
        return record is not None and record.kind == "country" and self.names_party(phrase, party)
