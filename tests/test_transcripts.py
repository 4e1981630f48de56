"""Transcripts (text.transcripts, extract.speakers.labels): turns after speaker labels are records of
kind "turn" with the label's speaker, their sentences are that speaker's statements, and texts that
only look like label lines (a headline, a header block, a tally) make no turns. Every text was written
for its test; the expected speakers are the labels' people as a reader names them."""

from __future__ import annotations

import pytest

from statemint.api import analyze
from statemint.text.transcripts import find_turns

BRIEFING = (
    "Department Press Briefing\n\n"
    "Matthew Miller, Department Spokesperson\n\n"
    "MR MILLER: Good afternoon, everybody. We call on both sides to stop the fighting.\n\n"
    "QUESTION: Matt, on Ukraine. Has the Secretary spoken to his counterpart?\n\n"
    "MR MILLER: He has. Russia must withdraw its forces from Ukraine.\n\n"
    "And we will keep saying so.\n\n"
    "QUESTION: And China?\n\n"
    "MR MILLER: Beijing should not provide lethal support to Russia.\n"
)
UN_RECORD = (
    "The President: I now give the floor to the representative of the Russian Federation.\n\n"
    "Mr. Nebenzia (Russian Federation) (spoke in Russian): We reject the accusations of the United States.\n\n"
    "The President: I thank the representative of the Russian Federation. I now give the floor to the "
    "representative of the United States.\n\n"
    "Mrs. Thomas-Greenfield (United States of America): Russia alone chose this war.\n"
)


def _turns(text, nlp, registry, mode="full"):
    quotes = analyze(text, parties=registry, nlp=nlp, parse_mode=mode).quotes
    return [(quote.id, quote.speaker.name if quote.speaker else None, quote.text, quote.utterance)
            for quote in quotes if quote.kind == "turn"]


def test_briefing_turns_and_their_speakers(nlp, registry):
    turns = _turns(BRIEFING, nlp, registry)
    assert [speaker for _, speaker, _, _ in turns] == ["Matthew Miller", None, "Matthew Miller", "Matthew Miller",
                                                        None, "Matthew Miller"]
    assert turns[0][2] == "Good afternoon, everybody. We call on both sides to stop the fighting."
    assert turns[2][3] == turns[3][3] != turns[4][3]  # a turn's paragraphs are one utterance
    for quote in analyze(BRIEFING, parties=registry, nlp=nlp).quotes:
        assert BRIEFING[quote.start:quote.end] == quote.text
        if quote.speaker is not None:
            assert quote.cue is not None and BRIEFING[quote.cue.start:quote.cue.end] == ":"


def test_turn_sentences_are_the_speakers_statements_and_stances(nlp, registry):
    result = analyze(BRIEFING, parties=registry, nlp=nlp, with_stance=True)
    by_text = {statement.text: statement for statement in result.statements}
    statement = by_text["Russia must withdraw its forces from Ukraine."]
    assert statement.kind == "direct" and statement.holder.name == "Matthew Miller"
    assert list(statement.quotes) == ["t3"]
    assert by_text["And China?"].holder is None  # the questioner is not named
    stance = [s for s in result.stances if s.statement == statement.id and s.party == "RU"]
    assert stance and stance[0].holder.name == "Matthew Miller" and stance[0].label in {"critical", "hostile"}


def test_meeting_record_labels_give_the_delegations_party(nlp, registry):
    turns = _turns(UN_RECORD, nlp, registry)
    assert [speaker for _, speaker, _, _ in turns] == ["the President", "Nebenzia", "the President", "Thomas-Greenfield"]
    quotes = [q for q in analyze(UN_RECORD, parties=registry, nlp=nlp).quotes if q.kind == "turn"]
    assert [q.speaker.party for q in quotes] == [None, "RU", None, "US"]
    assert quotes[1].text == "We reject the accusations of the United States."


def test_media_outlets_ask_at_a_briefing(nlp, registry):
    text = ("Lin Jian: Good afternoon.\n\nAFP: How will China respond to the new duties?\n\n"
            "Lin Jian: China will take all necessary measures.\n\nXinhua News Agency: What is the agenda?\n\n"
            "Lin Jian: I have no information to release.\n")
    quotes = [q for q in analyze(text, parties=registry, nlp=nlp).quotes if q.kind == "turn"]
    assert [(q.speaker.name, q.speaker.kind) for q in quotes] == [
        ("Lin Jian", "person"), ("AFP", "organization"), ("Lin Jian", "person"),
        ("Xinhua News Agency", "organization"), ("Lin Jian", "person")]


@pytest.mark.parametrize("text", [
    "Trump: Cruz Has ‘To Come a Long Way’\n\nThe senator said on Sunday that he was ready.\n",
    "Date: 3 March 2024\n\nVenue: Geneva\n\nSubject: Ceasefire talks\n\nThe talks opened at noon.\n",
    "Hillary Clinton: 1,769.\n\nBernie Sanders: 1,501.\n\nClinton: 547.\n\nSanders: 46.\n",
    "Bernie Sanders: ‘It Is Not A Radical Idea’ To Ask For More.\n\nSanders: Why The Rich Must Pay.\n\n"
    "Bernie Sanders: The Plan That Will Work For Everyone.\n",
    "Lin Jian: Good afternoon.\n\nAFP: What about the duties?\n",  # two labels: too few for a transcript
])
def test_label_lookalikes_make_no_turns(text):
    assert find_turns(text) == []


def test_transcript_selective_parse_equals_full(nlp, registry):
    for mode in ("quotes", "statements"):
        full = analyze(BRIEFING, parties=registry, nlp=nlp, parse_mode="full").to_dict()
        assert analyze(BRIEFING, parties=registry, nlp=nlp, parse_mode=mode).to_dict()["quotes"] == full["quotes"]
    full = analyze(BRIEFING, parties=registry, nlp=nlp, parse_mode="full", with_stance=True, party_filter=["RU"])
    selective = analyze(BRIEFING, parties=registry, nlp=nlp, parse_mode="stance", with_stance=True, party_filter=["RU"])
    assert selective.to_dict()["stances"] == full.to_dict()["stances"] and full.stances


def test_a_transcript_opening_the_document_is_no_headline(nlp, registry):
    # "MR MILLER: Good afternoon …" on the first line is a turn (a direct statement), not a headline
    # statement "Name: what they say" (extract.context.headline_report)
    text = ("MR MILLER: Good afternoon, everyone, and welcome to the briefing today.\n\n"
            "QUESTION: Can you comment on the talks in Geneva this week?\n\n"
            "MR MILLER: We have said what we have to say on the talks.\n\n"
            "QUESTION: And on the sanctions against Russia?\n\n"
            "MR MILLER: We will keep the sanctions in place for now.\n")
    statements = analyze(text, parties=registry, nlp=nlp, parse_mode="statements").statements
    first = statements[0]
    assert first.kind == "direct" and first.text == "Good afternoon, everyone, and welcome to the briefing today."
    assert not [statement for statement in statements if statement.cue is not None and statement.cue.text == ":"]
