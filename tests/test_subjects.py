"""Subjects of reporting verbs the parser left without one (extract.syntax._phrase_before_root). The
texts were written for these tests; the speakers are those a reader names."""

from __future__ import annotations

from statemint.api import analyze


def _speakers(text, nlp, registry):
    return [quote.speaker.name if quote.speaker is not None else None
            for quote in analyze(text, parties=registry, nlp=nlp).quotes]


def test_a_speaker_parsed_into_the_clause_before_still_says_it(nlp, registry):
    # the parser hangs "a White House official" on "team" as an appositive; "said" gets no subject
    text = ("Although there is no such overlap with Sanders's team, a White House official who spoke "
            "anonymously to discuss internal strategy said Wednesday, \"Certainly there are discussions "
            "between the White House and the Sanders campaign.\"\n")
    assert _speakers(text, nlp, registry) == ["White House official"]


def test_a_phrase_inside_the_clause_before_is_no_speaker(nlp, registry):
    text = ("Although the ministry denied any link with the rebels, a spokesman who declined to discuss "
            "internal strategy said on Monday, \"We have nothing to hide.\"\n")
    assert _speakers(text, nlp, registry) == ["spokesman"]

