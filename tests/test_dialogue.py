"""Dialogue (issue 13): a quotation alone in its paragraph with no cue is said by the subject of the
narrative sentence before it, or takes its turn in an exchange of two people (extract.dialogue).
Each text was written for its test; the expected speakers are those a reader names, and a reader who
cannot tell gets no speaker from statemint either."""

from __future__ import annotations

import pytest

from statemint.api import analyze
from statemint.extract.dialogue import stands_alone, turn_sources
from statemint.pipeline import selection as selective
from statemint.text.quotemarks import scan_quotes


def _speakers(text, nlp, registry, mode="full"):
    quotes = analyze(text, parties=registry, nlp=nlp, parse_mode=mode).quotes
    return [quote.speaker.name if quote.speaker is not None else None for quote in quotes]


@pytest.mark.parametrize("text, alone", [
    ("He paused.\n\n“We will not sign.”\n", [True]),
    ("“We will not sign,” he said.\n", [False]),
    ("He said “never” twice.\n", [False]),
    ("  “Yes.”  \n\n“No,” said Ann.\n", [True, False]),
    ("“A long quote that goes on\n\n“into the next paragraph.”\n", [False, False]),  # continued: one utterance
])
def test_stands_alone_reads_the_line_only(text, alone):
    assert [stands_alone(text, quote) for quote in scan_quotes(text)] == alone


def test_narrative_subject_then_alternating_turns(nlp, registry):
    text = ("Ambassador Helga Lindqvist closed her folder and looked at her counterpart.\n\n"
            "“We can sit here until morning.”\n\n"
            "“Then let us write it,” said Sergei Volkov.\n\n"
            "“Paragraph four first.”\n\n"
            "“Paragraph four is the whole problem.”\n\n"
            "“That is why it goes first.”\n")
    lindqvist, volkov = "Helga Lindqvist", "Sergei Volkov"
    assert _speakers(text, nlp, registry) == [lindqvist, volkov, lindqvist, volkov, lindqvist]


def test_turn_taken_has_no_cue_and_low_confidence(nlp, registry):
    text = ("“Is it true?” asked Tom Hill.\n\n“It is,” Anna Berg replied.\n\n“Since when?”\n")
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert quotes[2].speaker is not None and quotes[2].speaker.name == "Tom Hill"
    assert quotes[2].cue is None and quotes[2].confidence <= 0.5


def test_a_narrative_paragraph_ends_the_exchange(nlp, registry):
    """After "The room fell silent." (no person speaks in it) the quotation has no speaker: no guess
    from the exchange before it."""
    text = ("“Is it true?” asked Tom Hill.\n\n“It is,” Anna Berg replied.\n\n"
            "The room fell silent.\n\n“Since when?”\n")
    assert _speakers(text, nlp, registry) == ["Tom Hill", "Anna Berg", None]


def test_a_third_speaker_breaks_turn_taking(nlp, registry):
    """Three people have spoken: alternation would guess, so the rule does not apply (the quotation
    continues the last speaker, as news writes one speaker's paragraphs)."""
    text = ("“Who gave way?” asked Tom Hill.\n\n“Nobody,” said Anna Berg.\n\n“Everybody did,” said Omar Haddad.\n\n"
            "“Ask me again next week.”\n")
    assert _speakers(text, nlp, registry)[3] != "Anna Berg"


def test_one_speakers_paragraphs_keep_that_speaker(nlp, registry):
    """News: one speaker's quotations in paragraphs in a row, the cue on the first only."""
    text = ("Shares fell on Monday.\n\n“We are disappointed by the ruling,” the company said in a statement.\n\n"
            "“We will appeal.”\n\n“The fight is not over.”\n")
    assert _speakers(text, nlp, registry)[1:] == ["the company"] * 2


def test_a_thing_as_the_narrative_subject_is_no_speaker(nlp, registry):
    text = "The vote this time was more partisan.\n\n“This is a disgrace.”\n"
    assert _speakers(text, nlp, registry) == [None]


def test_dialogue_selective_parse_equals_full(nlp, registry, monkeypatch):
    """The paragraph before a standalone quotation and the turns before it are parsed by the selection,
    in every mode, also where the density would not parse the text whole."""
    monkeypatch.setattr(selective, "DENSE", 2.0)
    filler = "The delegates returned after lunch and the session resumed without incident.\n\n" * 6
    text = (filler + "Ambassador Helga Lindqvist looked at Sergei Volkov across the table.\n\n"
            "“We can sit here until morning.”\n\n“Then let us write it,” said Sergei Volkov.\n\n"
            "“Paragraph four first, on the border with Russia.”\n\n" + filler)
    full = _speakers(text, nlp, registry)
    assert full == ["Helga Lindqvist", "Sergei Volkov", "Helga Lindqvist"]
    assert _speakers(text, nlp, registry, "quotes") == full
    stance = analyze(text, parties=registry, nlp=nlp, parse_mode="stance", with_stance=True, party_filter=["RU"])
    whole = analyze(text, parties=registry, nlp=nlp, parse_mode="full", with_stance=True, party_filter=["RU"])
    assert stance.to_dict()["stances"] == whole.to_dict()["stances"]
    assert [s["holder"]["name"] for s in whole.to_dict()["stances"]] == ["Helga Lindqvist"]


def test_turn_sources_reach_back_only_from_standalone_quotes():
    text = "“A,” said Ann.\n\n“B,” said Bob.\n\n“C.”\n\nShe said “D” twice.\n"
    quotes = scan_quotes(text)
    assert turn_sources(text, quotes, 2) == [0, 1]
    assert turn_sources(text, quotes, 3) == []


def test_a_long_quotation_after_an_answer_continues_it(nlp, registry):
    """An interview in news: the question, the answer, then a long paragraph of more answer (no turn)."""
    text = ("“Senator, will you run again next year?” Rosa Diaz asked Paul Smith.\n\n"
            "“I have not decided yet,” Smith said.\n\n"
            "“My family comes first, and we will talk about it over the holidays. After that I will sit down "
            "with my staff and with the party, look at the polls and the money, and make up my mind by the "
            "spring at the latest.”\n")
    assert _speakers(text, nlp, registry) == ["Rosa Diaz", "Paul Smith", "Paul Smith"]


def test_a_quotation_signed_on_the_next_line(nlp, registry):
    text = ("The debate moved on to trade.\n\n“We will renegotiate every agreement that hurts our workers.”\n\n"
            "- Maria Lopez.\n\nThe moderator then turned to immigration.\n")
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert [quote.speaker.name for quote in quotes] == ["Maria Lopez"]
    assert quotes[0].cue is not None and quotes[0].cue.text == "-"


@pytest.mark.parametrize("quoted", ["‘A steady hand.’", "“A NEW DEAL FOR THE REGION”"])
def test_a_quoted_subheading_after_narrative_is_no_turn(nlp, registry, quoted):
    """A subheading in quotation marks (no verb, or in capitals) after a narrative paragraph: no speaker."""
    text = f"The board had once praised Carly Fiorina. In 2005 she was fired.\n\n{quoted}\n\nThe merger came up again.\n"
    assert _speakers(text, nlp, registry) == [None]
