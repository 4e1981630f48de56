"""Pathological runs without white space (100,000 quotation marks in a row) must not stall the parser."""

from __future__ import annotations

from statemint.api import analyze
from statemint.text.prepare import parse_text


def test_parse_text_breaks_long_runs_and_keeps_offsets():
    text = "date 2024-05-17 Intro. " + "\"" * 100_000 + " end."
    parsed = parse_text(text)
    assert len(parsed) == len(text)
    assert parsed.startswith(" " * 15)
    assert max(len(chunk) for chunk in parsed.split()) <= 200
    assert parsed[-5:] == text[-5:]


def test_records_keep_the_original_text(nlp, registry):
    text = "“" + "\"" * 3000 + "”, he said. Then “more,” said Anna Berg."
    result = analyze(text, parties=registry, nlp=nlp, with_stance=True, include_narrative=True)
    assert result.quotes
    for record in result.quotes + result.statements:
        assert text[record.start:record.end] == record.text
