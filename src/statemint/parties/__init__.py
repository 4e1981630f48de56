"""The party registry: states, organisations and leaders with their aliases, and finding them in text."""

from statemint.parties.registry import Alias, Leader, Party, PartyMention, Registry, find_party_mentions, load_registry

__all__ = ["Alias", "Leader", "Party", "PartyMention", "Registry", "find_party_mentions", "load_registry"]
