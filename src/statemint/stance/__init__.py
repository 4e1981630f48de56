"""Stance of each statement's holder toward the parties it mentions: `lexicon` (the weighted words),
`scope` (the evidence in a party mention's dependency scope), `build` (stance records per statement and
party), `aggregate` (pooled by holder, party or document)."""

from statemint.stance.aggregate import Aggregate, aggregate
from statemint.stance.build import build_stances
from statemint.stance.lexicon import load_lexicon
from statemint.stance.scope import scope_evidence

__all__ = ["Aggregate", "aggregate", "build_stances", "load_lexicon", "scope_evidence"]
