"""Hard-wrapped and CRLF text reads as the unwrapped LF text (text.wrapping): the layout rule on
hand-written blocks (no model), and the same records, offsets into the wrapped text, on a wrapped copy
of the seed and of test texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from statemint.api import analyze
from statemint.text.quotemarks import scan_quotes
from statemint.text.wrapping import layout_text, wrap_breaks, wrap_width

ROOT = Path(__file__).resolve().parent.parent


def hard_wrap(text: str, width: int = 72) -> str:
    """`text` with a space replaced by a line break wherever a line would pass `width` (greedy, as mail
    clients and Project Gutenberg wrap): same length, so every offset holds. (bench/wrapped_text.py
    wraps the same way.)"""
    characters = list(text)
    line_start, last_space = 0, -1
    for position, character in enumerate(text):
        if character == "\n":
            line_start, last_space = position + 1, -1
            continue
        if character != " " and position - line_start >= width and last_space > line_start:
            characters[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
        if character == " ":
            last_space = position
    return "".join(characters)


PARAGRAPH_ONE = ("The minister said on Tuesday that the talks had stalled. She told reporters in Geneva that "
                 "“no agreement is possible while the shelling of civilian areas continues, and we will say "
                 "so at every meeting of the council until it stops,” before she left for the airport.")
PARAGRAPH_TWO = ("Her counterpart did not answer the questions of the press. A spokesman later said that the "
                 "delegation would return next week with new proposals on prisoners and on grain exports.")


# --------------------------------------------------------------------------- the rule, no model
def test_gutenberg_style_paragraphs_join_within_and_never_across_blank_lines():
    text = hard_wrap(PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO + "\n", 70)
    assert text.count("\n") > 6  # really wrapped
    assert layout_text(text) == PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO + "\n"


def test_the_width_is_the_wrappers():
    assert wrap_width(hard_wrap(PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO, 70)) in range(60, 71)
    assert wrap_width(PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO) is None


def test_a_wrapped_quotation_keeps_its_middle_lines():
    text = hard_wrap(PARAGRAPH_ONE, 60)
    [span] = scan_quotes(layout_text(text))
    assert text[span.open_mark] == "“" and text[span.close_mark] == "”"
    assert text[span.start:span.end].replace("\n", " ") == PARAGRAPH_ONE[span.start:span.end]
    assert text[span.start:span.end].count("\n") >= 2  # it ran over at least three lines


def test_news_with_one_paragraph_per_line_is_not_joined():
    text = PARAGRAPH_ONE + "\n" + PARAGRAPH_TWO + "\n" + PARAGRAPH_ONE + "\n" + PARAGRAPH_TWO + "\n"
    assert wrap_breaks(text) == []


def test_one_sentence_per_line_near_a_common_width_is_not_joined():
    # every line near 85 characters, as in a list of agenda items: all of them stop at a full stop
    text = "".join(f"Item {i} on the agenda concerned development finance and was adopted without a vote.\n"
                   for i in range(6))
    assert wrap_breaks(text) == []


def test_a_poem_is_not_joined():
    poem = ("I wandered lonely as a cloud\nThat floats on high o'er vales and hills,\n"
            "When all at once I saw a crowd,\nA host, of golden daffodils;\n"
            "Beside the lake, beneath the trees,\nFluttering and dancing in the breeze.\n")
    assert layout_text(poem) == poem


def test_address_block_list_and_indented_paragraph_inside_wrapped_text_stay_apart():
    prose = hard_wrap(PARAGRAPH_ONE, 70)
    address = "H.E. Ms. Jane Doe\nPermanent Representative\nUnited Nations\nNew York\n"
    items = "The council decided:\n- to renew the mandate of the mission for one year;\n- to review it in May.\n"
    indented = hard_wrap(PARAGRAPH_TWO, 70) + "\n    " + hard_wrap(PARAGRAPH_TWO, 66)
    text = prose + "\n\n" + address + "\n" + items + "\n" + indented
    layout = layout_text(text)
    assert layout.startswith(PARAGRAPH_ONE + "\n\n")
    assert address in layout and items in layout
    assert PARAGRAPH_TWO + "\n    " + PARAGRAPH_TWO in layout  # the first-line indent starts a paragraph


def test_an_email_joins_its_body_and_keeps_headers_and_signature():
    headers = "From: Press Office\nTo: Correspondents\nSubject: Statement on the talks\n\n"
    signature = "\n\n-- \nPress Office\nMinistry of Foreign Affairs\n+41 22 000 00 00\n"
    text = headers + hard_wrap(PARAGRAPH_ONE, 72) + "\n\n" + hard_wrap(PARAGRAPH_TWO, 72) + signature
    assert layout_text(text) == headers + PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO + signature


def test_pdf_style_paragraphs_without_blank_lines_split_at_short_last_lines():
    text = hard_wrap(PARAGRAPH_ONE, 70) + "\n" + hard_wrap(PARAGRAPH_TWO, 70) + "\n" + hard_wrap(PARAGRAPH_ONE, 70)
    # each paragraph's short last line is followed by a word that would have fitted on it
    assert layout_text(text) == PARAGRAPH_ONE + "\n" + PARAGRAPH_TWO + "\n" + PARAGRAPH_ONE


def test_crlf_reads_as_lf():
    lf = hard_wrap(PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO + "\n", 70)
    crlf = lf.replace("\n", "\r\n")
    layout = layout_text(crlf)
    assert len(layout) == len(crlf)
    assert layout.replace("\n ", "\n").replace("  ", " ") == PARAGRAPH_ONE + "\n\n" + PARAGRAPH_TWO + "\n"
    assert layout_text("one line\r\nanother line\r\n") == "one line\n another line\n "


@pytest.mark.parametrize("text", ["", "\n", "word", "a\nb", "\r\n\r\n", "x" * 500 + "\n" + "y" * 80,
                                  "\n".join(["short line here"] * 40)])
def test_layout_keeps_the_length_and_only_turns_breaks_into_spaces(text):
    layout = layout_text(text)
    assert len(layout) == len(text)
    assert all(a == b or (a in "\r\n" and b in " \n") for a, b in zip(text, layout))


# --------------------------------------------------------------------------- records, with the model
def _records(text: str, nlp, registry) -> dict[str, list[dict]]:
    analysis = analyze(text, parties=registry, nlp=nlp, with_stance=True, include_narrative=False)
    return json.loads(json.dumps(analysis.to_dict()))


def _spans(value, found: list[dict]) -> list[dict]:
    """Every {start, end, text} object inside a record."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys():
            found.append(value)
        for item in value.values():
            _spans(item, found)
    elif isinstance(value, list):
        for item in value:
            _spans(item, found)
    return found


def _unwrapped(value):
    """A record with every string's line breaks read as spaces (the wrapped text's own `text`)."""
    if isinstance(value, dict):
        return {key: _unwrapped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unwrapped(item) for item in value]
    return value.replace("\n", " ") if isinstance(value, str) else value


@pytest.mark.parametrize("path, width", [("seeds/000_13e5bbda91499c74.txt", 72), ("tests/texts/03_china_mfa.txt", 72),
                                         ("tests/texts/13_ungdc_nld.txt", 72), ("tests/texts/18_briefing_transcript.txt", 72),
                                         ("tests/texts/17_dialogue_memoir.txt", 44)])  # its dialogue lines are short
def test_a_wrapped_copy_gives_the_same_records(path, width, nlp, registry):
    text = (ROOT / path).read_text(encoding="utf-8")
    wrapped = hard_wrap(text, width)
    assert wrapped != text and len(wrapped) == len(text)
    plain, rewrapped = _records(text, nlp, registry), _records(wrapped, nlp, registry)
    assert plain["quotes"], "the text has quotations to compare"
    for span in _spans(rewrapped, []):
        assert wrapped[span["start"]:span["end"]] == span["text"]  # offsets into the wrapped text
    assert sum("\n" in quote["text"] for quote in rewrapped["quotes"]) > 0  # quotations ran over breaks
    names = [record[role]["name"] for kind in ("quotes", "statements", "stances") for record in rewrapped[kind]
             for role in ("speaker", "holder") if record.get(role)]
    assert names and not any("\n" in name for name in names)  # a name is normalised, on one line
    for kind in ("quotes", "statements", "stances"):
        assert _unwrapped(rewrapped[kind]) == _unwrapped(plain[kind]), kind  # a record may span a paragraph break


def _key(record: dict, to_lf) -> tuple:
    """What a record says, its offsets mapped back to the LF text."""
    who = record.get("speaker") or record.get("holder") or {}
    return (record.get("kind"), record.get("party"), record.get("label"), to_lf(record["start"]),
            to_lf(record["end"]), who.get("name"), record["text"].replace("\r\n", "\n"))


def test_a_crlf_copy_gives_the_same_records(nlp, registry):
    text = (ROOT / "tests/texts/01_summit.txt").read_text(encoding="utf-8")
    crlf_text = text.replace("\n", "\r\n")
    carriage_returns = [position for position, character in enumerate(crlf_text) if character == "\r"]

    def to_lf(offset: int) -> int:
        return offset - sum(1 for position in carriage_returns if position < offset)

    plain, crlf = _records(text, nlp, registry), _records(crlf_text, nlp, registry)
    assert plain["quotes"] and plain["stances"]
    for span in _spans(crlf, []):
        assert crlf_text[span["start"]:span["end"]] == span["text"]
    for kind in ("quotes", "statements", "stances"):
        assert [_key(r, to_lf) for r in crlf[kind]] == [_key(r, int) for r in plain[kind]], kind


def test_the_cli_on_a_wrapped_crlf_file_quotes_the_file(tmp_path):
    """Through the file reader: a hard-wrapped CRLF copy of the seed gives the seed's quotations, their
    offsets into the file's own characters (CRs included)."""
    from typer.testing import CliRunner

    from statemint.cli import app

    text = (ROOT / "seeds/000_13e5bbda91499c74.txt").read_text(encoding="utf-8")
    copy = hard_wrap(text).replace("\n", "\r\n")
    path = tmp_path / "wrapped.txt"
    path.write_bytes(copy.encode("utf-8"))
    runner = CliRunner()
    plain = json.loads(runner.invoke(app, ["quotes", str(ROOT / "seeds/000_13e5bbda91499c74.txt"), "-f", "json"]).stdout)
    result = runner.invoke(app, ["quotes", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    wrapped = json.loads(result.stdout)
    for span in _spans(wrapped, []):
        assert copy[span["start"]:span["end"]] == span["text"]
    assert [(q["kind"], q["text"].replace("\r\n", " "), (q["speaker"] or {}).get("name")) for q in wrapped] == \
        [(q["kind"], q["text"].replace("\n", " "), (q["speaker"] or {}).get("name")) for q in plain]
