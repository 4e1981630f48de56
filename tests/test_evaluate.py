"""Tests for the gold loader and quote scorer: hand-built cases with known answers, and the gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from statemint.eval.gold import GoldDocument, GoldQuote, load_gold
from statemint.eval.scoring import normalize_name, score_quotes, span_jaccard


TEXT = "Scholz said: “We will not back down.” Later, Macron said it was “a turning point”, the so-called “new era”."


def quote_at(text: str, needle: str, kind: str = "direct", speaker: str | None = "Olaf Scholz", alt: tuple[str, ...] = ()) -> GoldQuote:
    start = text.index(needle)
    return GoldQuote(doc="d.txt", text=needle, start=start, end=start + len(needle), kind=kind, speaker=speaker, speaker_alt=alt)


def gold_document() -> GoldDocument:
    return GoldDocument(
        doc="d.txt",
        text=TEXT,
        quotes=(
            quote_at(TEXT, "We will not back down.", alt=("Scholz",)),
            quote_at(TEXT, "a turning point", kind="partial", speaker="Emmanuel Macron", alt=("Macron",)),
            quote_at(TEXT, "new era", kind="scare", speaker=None),
        ),
    )


def prediction(needle: str, kind: str = "direct", name: str | None = None, doc: str = "d.txt", shift: tuple[int, int] = (0, 0)) -> dict:
    start = TEXT.index(needle) + shift[0]
    end = TEXT.index(needle) + len(needle) + shift[1]
    return {
        "doc": doc,
        "start": start,
        "end": end,
        "text": TEXT[start:end],
        "kind": kind,
        "speaker": {"name": name, "kind": "person"} if name is not None else None,
    }


def test_perfect_match() -> None:
    predicted = [
        prediction("We will not back down.", name="Olaf Scholz"),
        prediction("a turning point", kind="partial", name="Emmanuel Macron"),
        prediction("new era", kind="scare"),
    ]
    scores = score_quotes([gold_document()], predicted)
    assert (scores.tp, scores.fp, scores.fn) == (3, 0, 0)
    assert scores.precision == scores.recall == scores.f1 == 1.0
    # the scare quote has no gold speaker, so it is not counted
    assert (scores.speaker_correct, scores.speaker_total) == (2, 2)
    assert scores.speaker_accuracy == 1.0


def test_nothing_predicted() -> None:
    scores = score_quotes([gold_document()], [])
    assert (scores.tp, scores.fp, scores.fn) == (0, 0, 3)
    assert scores.precision == scores.recall == scores.f1 == scores.speaker_accuracy == 0.0
    assert [missed["text"] for missed in scores.documents["d.txt"].missed] == ["We will not back down.", "a turning point", "new era"]


def test_span_jaccard() -> None:
    assert span_jaccard(0, 10, 0, 10) == 1.0
    assert span_jaccard(0, 10, 5, 15) == pytest.approx(5 / 15)
    assert span_jaccard(0, 10, 10, 20) == 0.0
    assert span_jaccard(0, 10, 2, 8) == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("shift", "matched"),
    [
        ((0, 1), True),  # closing mark included: 22/23
        ((-13, 0), True),  # most of "Scholz said: “" swallowed: 22/35 > 0.5
        ((0, -11), True),  # exactly half of the union: 11/22 = 0.5
        ((0, -12), False),  # 10/22 < 0.5
        ((0, 30), False),  # far too long: 22/52
    ],
)
def test_overlap_threshold(shift: tuple[int, int], matched: bool) -> None:
    scores = score_quotes([gold_document()], [prediction("We will not back down.", name="Scholz", shift=shift)])
    assert scores.tp == int(matched)
    assert scores.fp == int(not matched)
    assert scores.fn == 3 - int(matched)


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    exact = prediction("We will not back down.", name="Olaf Scholz")
    looser = prediction("We will not back down.", name="Someone Else", shift=(0, 1))
    scores = score_quotes([gold_document()], [looser, exact])
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 2)
    # the exact span wins the gold quote, so its (correct) speaker is the one scored
    assert (scores.speaker_correct, scores.speaker_total) == (1, 1)
    assert scores.documents["d.txt"].spurious[0]["speaker"] == "Someone Else"


def test_one_prediction_covering_two_gold_quotes_matches_at_most_one() -> None:
    text = "“Yes,” he said. “No.”"
    gold = GoldDocument(
        doc="d.txt",
        text=text,
        quotes=(
            GoldQuote("d.txt", "Yes,", 1, 5, "direct", "A"),
            GoldQuote("d.txt", "No.", 17, 20, "direct", "A"),
        ),
    )
    scores = score_quotes([gold], [{"doc": "d.txt", "start": 1, "end": 5, "kind": "direct", "speaker": None}])
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 1)


@pytest.mark.parametrize(
    ("name", "correct"),
    [
        ("Olaf Scholz", True),
        ("olaf  scholz", True),
        ("Scholz", True),  # listed in speaker_alt
        ("the Scholz", True),  # leading "the " is dropped
        ("Chancellor Scholz", False),
        (None, False),
    ],
)
def test_speaker_alternatives(name: str | None, correct: bool) -> None:
    scores = score_quotes([gold_document()], [prediction("We will not back down.", name=name)])
    assert scores.tp == 1
    assert (scores.speaker_correct, scores.speaker_total) == (int(correct), 1)
    assert len(scores.documents["d.txt"].wrong_speaker) == int(not correct)


def test_normalize_name() -> None:
    assert normalize_name("  The   Joint Statement ") == "joint statement"
    assert normalize_name("Theresa May") == "theresa may"


def test_kinds_filter_restricts_both_sides() -> None:
    predicted = [
        prediction("We will not back down.", name="Olaf Scholz"),
        prediction("a turning point", kind="direct", name="Macron"),  # right span, wrong kind
        prediction("new era", kind="scare"),
    ]
    scores = score_quotes([gold_document()], predicted, kinds={"direct", "partial"})
    assert (scores.tp, scores.fp, scores.fn) == (2, 0, 0)
    only_direct = score_quotes([gold_document()], predicted, kinds={"direct"})
    # the partial gold quote is out of scope, so the prediction labelled direct on it is spurious
    assert (only_direct.tp, only_direct.fp, only_direct.fn) == (1, 1, 0)


def test_predictions_for_other_documents_and_paths() -> None:
    predicted = [
        prediction("We will not back down.", name="Scholz", doc="./d.txt"),
        prediction("a turning point", kind="partial", name="Macron", doc="/somewhere/else/d.txt"),
        prediction("new era", kind="scare", doc="other.txt"),  # not in gold: ignored
    ]
    scores = score_quotes([gold_document()], predicted)
    assert (scores.tp, scores.fp, scores.fn) == (2, 0, 1)


def test_to_dict_round_trips_through_json() -> None:
    scores = score_quotes([gold_document()], [prediction("new era", kind="scare")])
    data = json.loads(json.dumps(scores.to_dict()))
    assert data["tp"] == 1 and data["fn"] == 2
    assert set(data) >= {"precision", "recall", "f1", "speaker_accuracy", "documents"}
    assert "documents" not in scores.to_dict(details=False)


def write_gold(tmp_path: Path, quotes: list[dict]) -> Path:
    (tmp_path / "doc.txt").write_text("He said “yes” and then “yes” again.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "doc.txt", "quotes": quotes}) + "\n", encoding="utf-8")
    return gold


def test_load_gold_resolves_occurrences(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path,
        [
            {"text": "yes", "occurrence": 1, "kind": "partial", "speaker": "He", "speaker_alt": ["him"], "utterance": 2, "cue": "said"},
            {"text": "yes", "kind": "partial", "speaker": "He"},
        ],
    )
    [document] = load_gold(gold, tmp_path)
    first, second = document.quotes
    assert (first.start, second.start) == (9, 24)
    assert all(document.text[quote.start : quote.end] == "yes" for quote in document.quotes)
    assert second.speaker_alt == ("him",) and second.utterance == 2 and second.cue == "said"


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ({"text": "no", "kind": "direct", "speaker": None}, "'no'"),
        ({"text": "yes", "occurrence": 2, "kind": "direct", "speaker": None}, "occurs 2 time"),
        ({"text": "yes", "kind": "quoted", "speaker": None}, "kind"),
    ],
)
def test_load_gold_errors_name_doc_and_text(tmp_path: Path, quote: dict, message: str) -> None:
    gold = write_gold(tmp_path, [quote])
    with pytest.raises(ValueError, match="doc.txt") as error:
        load_gold(gold, tmp_path)
    assert message in str(error.value)


def test_load_gold_missing_document(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "nowhere.txt", "quotes": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="nowhere.txt"):
        load_gold(gold, tmp_path)


# Quote gold files. ungdc_stance.jsonl is a stance set in another format, checked by
# tests/test_ungdc_stance_gold.py.
GOLD_FILES = sorted(path for path in (ROOT / "tests" / "gold").glob("*.jsonl")
                    if path.name != "ungdc_stance.jsonl")


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[path.name for path in GOLD_FILES])
def test_gold_file_is_valid(gold_path: Path) -> None:
    documents = load_gold(gold_path, ROOT)
    assert documents
    seen_docs = set()
    for document in documents:
        assert document.doc not in seen_docs, f"{document.doc} listed twice"
        seen_docs.add(document.doc)
        spans = set()
        for quote in document.quotes:
            assert document.text[quote.start : quote.end] == quote.text
            assert (quote.start, quote.end) not in spans, f"{document.doc}: {quote.text!r} annotated twice"
            spans.add((quote.start, quote.end))
            if quote.speaker is not None:
                assert quote.speaker_kind is not None, f"{document.doc}: {quote.text!r} lacks speaker_kind"


def test_texts_gold_covers_every_text() -> None:
    gold_docs = {document.doc for document in load_gold(ROOT / "tests" / "gold" / "texts.jsonl", ROOT)}
    on_disk = {f"tests/texts/{path.name}" for path in (ROOT / "tests" / "texts").glob("*.txt")}
    assert gold_docs == on_disk
