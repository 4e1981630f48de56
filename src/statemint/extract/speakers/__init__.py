"""Speakers of one document. `names` builds person clusters, `documents` the texts that speak,
`classify` reads a mention's form, `lookback` finds the person a pronoun or role refers to, and
`resolve` (`SpeakerIndex`) turns a mention into a canonical speaker with its party."""

from statemint.extract.speakers.resolve import SpeakerIndex

__all__ = ["SpeakerIndex"]
