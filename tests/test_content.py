"""A statement's content: what is reported, without who reports it and the reporting verb (issue 13;
PolNeAR's Content spans mark the same stretch). Sentences written for these tests."""

from __future__ import annotations

import pytest

from statemint.api import analyze


def _only_statement(text, nlp, registry):
    statements = analyze(text, parties=registry, nlp=nlp).statements
    assert len(statements) == 1, statements
    statement = statements[0]
    assert statement.content is not None
    assert statement.content.text == text[statement.content.start:statement.content.end]
    return statement


@pytest.mark.parametrize("text, content", [
    ("Maria Lopez, the city's water commissioner, said on Tuesday that the reservoir would be full by June.",
     "that the reservoir would be full by June"),
    ("The mayor told reporters the bridge was safe.", "the bridge was safe"),
    ("According to the fire department, the blaze started in a kitchen.", "the blaze started in a kitchen"),
    ("The blaze started in a kitchen, according to the fire department.", "The blaze started in a kitchen"),
    ("The union accused the company of breaking the contract.", "the company of breaking the contract"),
])
def test_reported_speech_content_is_the_clause_without_the_reporting_clause(nlp, registry, text, content):
    assert _only_statement(text, nlp, registry).content.text == content


def test_a_quotation_interrupted_by_its_cue_is_one_content(nlp, registry):
    text = "“We will rebuild,” the governor said, “and we will do it fast.”"
    statement = _only_statement(text, nlp, registry)
    assert statement.content.text == "We will rebuild,” the governor said, “and we will do it fast."


def test_a_partial_quotation_takes_the_clause_its_cue_governs(nlp, registry):
    text = "The senator described the plan as “a gift to polluters.”"
    assert _only_statement(text, nlp, registry).content.text == "the plan as “a gift to polluters."
