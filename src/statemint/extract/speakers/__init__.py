"""Speakers of one document: person and document clusters, and the resolution of a mention to a speaker."""

from statemint.extract.speakers.index import SpeakerIndex

__all__ = ["SpeakerIndex"]
