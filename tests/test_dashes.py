"""Glued marks (text.dashes, nlp.pipeline.split_glued_marks): a long dash and a double quotation mark
are tokens of their own, so a quotation signed with a dash ("“…” ― Name", the quotation dash U+2015,
glued to the mark or not) gets its signer, and a cue or a name glued to a mark ("said—“…”",
"said,“…”", "“…”Clinton said") is still a cue or a name. The texts were written for these tests; the speakers
are those a reader names."""

from __future__ import annotations

import pytest

from statemint.api import analyze


@pytest.mark.parametrize("text, tokens", [
    ("“Ok.”― Pamela", ["“", "Ok", ".", "”", "―", "Pamela"]),
    ("“Ok.”—Pamela", ["“", "Ok", ".", "”", "—", "Pamela"]),
    ("he said—“Ok.”", ["he", "said", "—", "“", "Ok", ".", "”"]),
    ("x—‘Ok’—y", ["x", "—", "‘", "Ok", "’", "—", "y"]),
    ("1990–2000", ["1990", "–", "2000"]),
    ("anti-Trump well-known U.S.-led", ["anti", "-", "Trump", "well", "-", "known", "U.S.-led"]),  # hyphens as before
    ("Ryan said,“Look.”", ["Ryan", "said", ",", "“", "Look", ".", "”"]),
    ("said:“Yes.”", ["said", ":", "“", "Yes", ".", "”"]),
    ("“Fine.”Clinton said", ["“", "Fine", ".", "”", "Clinton", "said"]),
    ('"Fine."Katie Packer said', ['"', "Fine", ".", '"', "Katie", "Packer", "said"]),
    ("O’Neill said it’s ‘fine’", ["O’Neill", "said", "it", "’s", "‘", "fine", "’"]),  # apostrophes as before
])
def test_long_dashes_are_tokens_of_their_own(nlp, text, tokens):
    assert [token.text for token in nlp.tokenizer(text)] == tokens


def test_quotations_signed_with_the_quotation_dash(nlp, registry):
    text = ("Readers Share Their Views On The Summit.\n\n"
            "“The talks were a waste of time. Nothing will change.” ― Sonya Herridge\n"
            "“He is ignorant of our region and its history.”― Pamela Padilla \n"
            "“Both sides must stop the shelling before winter.”― Carla Sanchez.\n\n"
            "“I am afraid the ceasefire will not hold.” — Karen Bobadilla\n")
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert [quote.speaker.name if quote.speaker else None for quote in quotes] == [
        "Sonya Herridge", "Pamela Padilla", "Carla Sanchez", "Karen Bobadilla"]
    for quote in quotes:
        assert quote.cue is not None and quote.cue.text in {"―", "—"}
        assert text[quote.cue.start:quote.cue.end] == quote.cue.text
        assert text[quote.speaker.mention.start:quote.speaker.mention.end] == quote.speaker.mention.text


def test_a_cue_glued_to_a_dash_still_reports(nlp, registry):
    text = "The minister was blunt. Lavrov said—“We will not negotiate under threats.”\n"
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker is not None and quotes[0].speaker.name.endswith("Lavrov")
    assert quotes[0].cue is not None and quotes[0].cue.text == "said"


def test_selective_parse_signs_the_same(nlp, registry):
    text = ("Some opinions.\n\n“We need a new deal for the farmers.”― Ana Ruiz\n\n"
            "The survey closed on Friday.\n")
    full = analyze(text, parties=registry, nlp=nlp).quotes
    quick = analyze(text, parties=registry, nlp=nlp, parse_mode="quotes").quotes
    assert [quote.speaker.name for quote in full] == ["Ana Ruiz"]
    assert [(q.start, q.end, q.speaker.name) for q in quick] == [(q.start, q.end, q.speaker.name) for q in full]


@pytest.mark.parametrize("text, speaker", [
    ("The speaker took questions. Paul Ryan said,“Look, these images have no place in a campaign.”\n", "Paul Ryan"),
    ("The senator was asked about the race. “I think it has been most surprising to me,”Clinton said.\n", "Clinton"),
])
def test_a_name_or_cue_glued_to_a_quotation_mark_still_attributes(nlp, registry, text, speaker):
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert len(quotes) == 1 and quotes[0].speaker is not None
    assert quotes[0].speaker.name.endswith(speaker)
