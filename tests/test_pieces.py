"""Long documents in pieces (statemint.pipeline.pieces, issue 15): from PIECES_FROM characters a document
is analysed a piece at a time, each with the text before it as context. The constants are set low here
so that test texts make a long document; the records must be those of the whole document's analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from statemint.api import analyze
from statemint.pipeline import pieces
from statemint.records import Evidence, Mention, Speaker, Stance
from statemint.text.quotemarks import scan_quotes

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "tests" / "texts").glob("[0-9]*.txt"))
FILLER = "".join(f"the {number}th paragraph is about development goals and climate finance.\n\n"
                 for number in range(12))


def _small(monkeypatch, piece: int = 6_000, context: int = 25_000) -> None:
    monkeypatch.setattr(pieces, "PIECES_FROM", 10_000)
    monkeypatch.setattr(pieces, "PIECE", piece)
    monkeypatch.setattr(pieces, "CONTEXT", context)
    monkeypatch.setattr(pieces, "QUIET", 300)
    monkeypatch.setattr(pieces, "SEARCH", 6_000)


def test_pieces_tile_the_text_and_cut_where_no_quotation_is(monkeypatch):
    _small(monkeypatch, piece=500, context=300)
    quote = "The minister said: “We will not give up.” She left.\n\n"
    text = "".join((quote if number % 40 == 3 else f"Paragraph {number} is plain.\n\n") for number in range(400))
    found = pieces.split(text)
    assert len(found) > 5
    assert found[0].start == 0 and found[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(found, found[1:]))
    spans = scan_quotes(text)
    for piece in found[1:]:
        assert text[piece.start - 2:piece.start] == "\n\n"  # a paragraph start after a blank line
        assert piece.context < piece.start and text[piece.context - 2:piece.context] == "\n\n"
        assert piece.start - piece.context >= 300
        assert all(span.end + 300 <= piece.start or span.start - 300 >= piece.start for span in spans)


def test_short_document_is_one_piece():
    assert pieces.split("A short text.\n\nAnother paragraph.") == [pieces.Piece(0, 0, 33)]


def test_no_quiet_cut_falls_back_to_a_paragraph_outside_every_quotation(monkeypatch):
    _small(monkeypatch, piece=500, context=300)
    text = "".join(f"“Line {number},” she said.\n" for number in range(1200))  # quotes everywhere, no blank line
    found = pieces.split(text)
    assert len(found) > 5
    spans = scan_quotes(text)
    for piece in found[1:]:
        assert text[piece.start - 1] == "\n" and text[piece.start] == "“"
        assert not any(span.start < piece.start < span.end for span in spans)


def test_shift_moves_every_offset_and_ids():
    mention = Mention("Russia", 10, 16)
    stance = Stance("s5-40", "text", 5, 40, Speaker("Lavrov", "person", "RU", Mention("Lavrov", 5, 11)),
                    "RU", mention, "critical", -0.3, (Evidence("condemn", 20, 27, -0.5, "verb"),), cue=mention)
    moved = pieces.shift(stance, 100)
    assert (moved.start, moved.end, moved.target.start, moved.cue.end) == (105, 140, 110, 116)
    assert (moved.holder.mention.start, moved.evidence[0].start, moved.evidence[0].end) == (105, 120, 127)
    assert moved.statement == "s5-40" and moved.text == "text"  # ids are join's
    assert pieces.shift_id("s5-40", 100) == "s105-140" and pieces.shift_id("a7-9", 3) == "a10-12"
    assert pieces.shift_id(None, 3) is None


@pytest.mark.parametrize("mode", ["quotes", "statements", "stance"])
def test_long_document_in_pieces_gives_the_whole_documents_records(mode, nlp, registry, seed_text, monkeypatch):
    """The seed and every test text, filler between them: cut in pieces, each analysed with the text
    before it, the records (offsets, ids, speakers, stances) are those of the whole document."""
    text = FILLER.join([seed_text, *(path.read_text(encoding="utf-8") for path in TEXTS)])
    options = dict(parties=registry, nlp=nlp, doc="d", parse_mode=mode, with_stance=mode == "stance")
    whole = analyze(text, **options).to_dict()
    _small(monkeypatch)
    split = pieces.split(text)
    assert len(split) > 4 and sum(piece.context > 0 for piece in split) >= 2
    cut = analyze(text, **options).to_dict()
    for kind in ("quotes", "statements", "stances"):
        assert cut[kind] == whole[kind], kind
    assert len(cut["quotes"]) > 40
    for record in cut["quotes"] + cut["statements"] + cut["stances"]:
        assert text[record["start"]:record["end"]] == record["text"]
