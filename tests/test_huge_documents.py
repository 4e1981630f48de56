"""Huge documents (issue 15): from pipeline.assembly.COMPACT_FROM characters, unparsed paragraphs get
placeholder tokens instead of the tokenizer's; the records must be those of the whole tokenisation.
COMPACT_FROM is set low here so small texts take the compact path (speed is bench/huge_documents.py's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from statemint.api import analyze
from statemint.nlp.doctext import doc_text
from statemint.pipeline import assembly
from statemint.pipeline import selection as selective
from statemint.parallel import WORD_COUNT_CHUNK, word_count

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["02_press_conference.txt", "04_kremlin.txt", "06_un_debate.txt", "13_ungdc_nld.txt"]
# Lower-case filler: no paragraph of it may name a person, so look-backs run across it unparsed.
FILLER = "".join(f"the {number}th paragraph is about development goals and climate finance.\n\n"
                 for number in range(40))


def _analysis(text: str, nlp, registry, mode: str, compact: bool, monkeypatch) -> dict:
    monkeypatch.setattr(assembly, "COMPACT_FROM", 0 if compact else 10 ** 12)
    return analyze(text, parties=registry, nlp=nlp, doc="d", parse_mode=mode,
                   with_stance=mode == "stance").to_dict()


@pytest.mark.parametrize("name", TEXTS)
@pytest.mark.parametrize("mode", ["quotes", "statements", "stance"])
def test_compact_assembly_gives_the_same_records(name, mode, nlp, registry, monkeypatch):
    text = (ROOT / "tests" / "texts" / name).read_text(encoding="utf-8")
    whole = _analysis(text, nlp, registry, mode, False, monkeypatch)
    assert _analysis(text, nlp, registry, mode, True, monkeypatch) == whole


def test_long_document_with_many_quotes(nlp, registry, seed_text, monkeypatch):
    """Test texts one after another with filler between them: many quotations, parsed and unparsed
    paragraphs alternating; the same records either way, each at its exact offsets."""
    parts = [(ROOT / "tests" / "texts" / name).read_text(encoding="utf-8") for name in TEXTS]
    text = FILLER.join([seed_text, *parts])
    whole = _analysis(text, nlp, registry, "statements", False, monkeypatch)
    compact = _analysis(text, nlp, registry, "statements", True, monkeypatch)
    assert compact == whole
    assert len(compact["quotes"]) > 20
    for record in compact["quotes"] + compact["statements"]:
        assert text[record["start"]:record["end"]] == record["text"]


def test_speakers_resolve_across_unparsed_paragraphs(nlp, registry, monkeypatch):
    """Records next to placeholder paragraphs, read by hand: a pronoun 40 unparsed paragraphs after
    the person it refers to, a quote opening the document and one closing it."""
    opening = "“The talks must continue,” Carl Dorn told reporters on Tuesday.\n\n"
    named = "Anna Berg, the foreign minister, arrived in Geneva on Monday.\n\n"
    pronoun = "“We will not accept these sanctions,” she said.\n\n"
    closing = "The spokesman, Li Wei, said: “China supports a ceasefire.”"
    text = opening + named + FILLER + pronoun + FILLER + closing
    monkeypatch.setattr(assembly, "COMPACT_FROM", 0)
    quotes = analyze(text, parties=registry, nlp=nlp, doc="d", parse_mode="quotes").to_dict()["quotes"]
    found = [(q["text"], q["start"], q["speaker"]["name"] if q["speaker"] else None) for q in quotes]
    assert found == [
        ("The talks must continue,", 1, "Carl Dorn"),
        ("We will not accept these sanctions,", text.index("We will"), "Anna Berg"),
        ("China supports a ceasefire.", text.index("China supports"), "Li Wei"),
    ]


def test_compact_doc_holds_few_tokens_and_the_text(nlp, registry, monkeypatch):
    quote = "The minister said: “We will not give up.”\n\n"
    text = FILLER + quote + FILLER
    monkeypatch.setattr(assembly, "COMPACT_FROM", 0)
    doc = selective.parse(text, nlp, "quotes", registry)
    monkeypatch.setattr(assembly, "COMPACT_FROM", 10 ** 12)
    whole = selective.parse(text, nlp, "quotes", registry)
    assert doc_text(doc) == text
    assert len(doc) < len(whole) / 3  # placeholders: a few tokens a line
    start = text.index(quote)
    parsed = [(t.idx, t.text, t.tag_, t.dep_, t.head.i - t.i) for t in doc if t.pos_]
    assert parsed == [(t.idx, t.text, t.tag_, t.dep_, t.head.i - t.i) for t in whole if t.pos_]
    assert [t.idx for t in doc if t.pos_] == [t.idx for t in nlp.tokenizer(text) if start <= t.idx < start + len(quote)]
    assert [s.start_char for s in doc.sents] == [s.start_char for s in whole.sents]  # one flat tree per line


def test_filler_words_keep_offsets_and_lines():
    text = "one line\n\n  indented  line \n" + "y" * 9000 + "\n" + " " * 20 + "\n\nend"
    words = assembly.filler_words(text, 0, len(text))
    assert sum(map(len, words)) == len(text)
    ends = [sum(map(len, words[:i + 1])) for i, word in enumerate(words) if "\n" in word]
    assert ends == [12, 28, 9051]  # one token per line-break run, at its end (the last run is 23 characters)
    assert words[:4] == ["x" * 8, "\n\n  ", "x" * 14, " \n"]
    assert words[4:7] == ["x" * 4096, "x" * 4096, "x" * 808]  # long lines in words of at most 4096


def test_word_count_in_chunks(monkeypatch):
    import statemint.parallel as parallel

    monkeypatch.setattr(parallel, "WORD_COUNT_CHUNK", 5)
    for text in ["", "a", "abcdefghij klm", "ab cd ef gh ij kl", "  x  \n  yyyyyyyy  zz\n", "a" * 23 + " b"]:
        assert word_count(text) == len(text.split())
    assert WORD_COUNT_CHUNK > 5


def test_role_named_right_after_reads_no_earlier_paragraph(nlp, registry):
    """"The spokesman, Li Wei, said": the name after the role is the speaker, so the paragraphs before
    (each naming someone else) are not parsed; the records are those of the full parse."""
    names = "".join(f"Delegate Number{i} Smith met Minister Other{i} Jones in Geneva.\n\n" for i in range(30))
    text = names + "The spokesman, Li Wei, said: “China supports a ceasefire.”\n"
    doc = selective.parse(text, nlp, "quotes", registry)
    start = text.index("The spokesman")
    assert {t.idx >= start for t in doc if t.pos_} == {True}
    selective_quotes = analyze(text, parties=registry, nlp=nlp, parse_mode="quotes").to_dict()["quotes"]
    assert selective_quotes == analyze(text, parties=registry, nlp=nlp, parse_mode="full").to_dict()["quotes"]
    assert [q["speaker"]["name"] for q in selective_quotes] == ["Li Wei"]


def test_unparsed_namers_nearest_first():
    namers = [1, 3, 5, 8]
    assert selective.unparsed_namers(namers, 2, 8, {5}) == [3]  # 8 is the mention's own paragraph
    assert selective.unparsed_namers(namers, 0, 9, set()) == [8, 5]  # NEAR = 2 at a time
    assert selective.unparsed_namers(namers, 4, 8, {5}) == []  # settled: nothing left to parse
