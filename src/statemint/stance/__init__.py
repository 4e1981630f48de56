"""Stance of each statement's holder toward the parties it mentions, and aggregates of stances."""

from statemint.stance.scoring import aggregate, build_stances, load_lexicon, scope_evidence

__all__ = ["aggregate", "build_stances", "load_lexicon", "scope_evidence"]
