"""Subjects of reporting verbs the parser left without one (extract.syntax._phrase_before_root, _subject_before_nonfinite). The
texts were written for these tests; the speakers are those a reader names."""

from __future__ import annotations

import pytest

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



def _holders(text, nlp, registry):
    statements = analyze(text, parties=registry, nlp=nlp, parse_mode="statements").statements
    return [(statement.holder.name if statement.holder else None, statement.cue.text if statement.cue else None)
            for statement in statements if statement.kind == "indirect"]


@pytest.mark.parametrize("text, holder, cue", [
    # the parser reads the subject's long modifier as its clause ("rabbi" a verb, "going", "clamoring")
    ("Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and other rabbis "
     "were alarmed about the rhetoric.", "Jeffrey Salkin", "said"),
    ("Majorities of Democrats in five states going to the polls Tuesday say they would be satisfied with "
     "both candidates as the nominee.", "Majorities of Democrats", "say"),
    ("But Republican activists clamoring to block Donald Trump from the nomination say they are suddenly "
     "in the midst of a bump.", "Republican activists", "say"),
])
def test_a_subject_read_as_a_clause_of_its_own_still_reports(text, holder, cue, nlp, registry):
    # the sentence's own statement; an attitude inside what they say ("they would be satisfied with …")
    # is a further statement of its own, whose "they" is not this test's matter
    found = _holders(text, nlp, registry)
    assert [pair for pair in found if pair[1] == cue] == [(holder, cue)]
    assert all(pair[1] in {cue, "satisfied"} for pair in found)


def test_a_judging_verb_after_a_quotation_has_its_object_after_it_not_its_speaker(nlp, registry):
    # "“terrible,” denounced her record": an inverted subject follows speech verbs, not judging ones
    text = ("Trump further summed up Clinton as “terrible,” denounced her record as secretary of state and "
            "said she should not be allowed to run.\n")
    assert "her record" not in _speakers(text, nlp, registry)


@pytest.mark.parametrize("text, speaker", [
    # a clause ended by a colon gives the quotation to its subject, a thing too (PolNeAR's reading)
    ("The senators met on Monday.\n\nA footnote in the report makes that clear: \"These assessments do not "
     "apply to the email.\"\n", "a footnote"),
    ("The senators met on Monday.\n\nAn interfaith rally by the city's religious leaders on Wednesday had one "
     "message: \"Dump Trump.\"\n", "an interfaith rally"),
    # a person named right before the colon still comes first
    ("The polls moved.\n\nThe timing of Sanders' surge doesn't surprise Republican pollster Daron Shaw: "
     "\"Historically, lesser-known candidates benefit.\"\n", "Daron Shaw"),
    # "went so far as to say": the reporting verb hangs on an adverb of the clause's verb
    ("Investors fled.\n\nThe columnist David Auerbach went so far as to say: \"Twitter is over.\"\n",
     "David Auerbach"),
])
def test_a_clause_that_a_colon_ends_introduces_its_quotation(text, speaker, nlp, registry):
    [name] = _speakers(text, nlp, registry)
    assert name is not None and name.lower().endswith(speaker.lower())


def test_a_speakers_own_first_person_thing_before_a_colon_does_not_say_the_quotation(nlp, registry):
    # speeches cite with a colon: the quoted words are a saying, not the task's or the government work's
    text = ("We met in the hall.\n\nOur task may be daunting, but remember: \u201cWe can move mountains if we "
            "act together.\u201d\n")
    assert _speakers(text, nlp, registry) == [None]
