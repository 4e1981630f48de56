"""The party registry: states, organisations and leaders with their aliases, and finding them in text.

`model` holds the records and the `PartyLookup` protocol, `registry` the look-ups, `matcher` the
spaCy-free finder of mentions, `loading` the packaged data and users' TOML files."""

from statemint.parties.loading import load_registry
from statemint.parties.matcher import find_party_mentions, party_mentions
from statemint.parties.model import ALIAS_TYPES, PARTY_KINDS, Alias, Leader, Party, PartyLookup, PartyMention
from statemint.parties.registry import Registry

__all__ = ["ALIAS_TYPES", "PARTY_KINDS", "Alias", "Leader", "Party", "PartyLookup", "PartyMention", "Registry",
           "find_party_mentions", "load_registry", "party_mentions"]
