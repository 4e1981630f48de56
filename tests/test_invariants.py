"""Invariants held on arbitrary text (hypothesis): no exception, exact offsets in bounds for every record
and nested mention, quote spans that never overlap, deterministic output, and no input document lost.

The full-pipeline properties share the session's spaCy pipeline and keep example counts modest; the
reader properties need no model and run more examples."""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statemint.io.inputs import Document, Skipped, decode, iter_documents, read_jsonl
from statemint.text.quotemarks import QUOTE_CHARS, scan_quotes

PIPELINE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

# Pieces that make the scanner and the attribution rules work: every quotation mark, apostrophe
# contexts, reporting clauses, names, line breaks of every kind, and characters that often break tools.
PIECES = st.sampled_from(
    sorted(QUOTE_CHARS)
    + [" ", " ", "\n", "\r\n", "\r", "\n\n", "\u2028", "\t", "\u00a0", ". ", ", ", ": ", "! ", "? ", "—",
       "said", " said ", "the minister said", "Putin said", "according to the EU", "he added", "Xi Jinping",
       "the United States", "NATO", "condemns", "welcomes", "Russia's", "armies' ", "'n'", "'90s", "o'clock",
       "We will not back down", "talks", "\u200b", "\u200f", "\u202e", "\ufeff", "😀", "🇺🇦", "é", "。",
       "\x00", "\x0b", "\x85"]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=60).map("".join),
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(sorted(QUOTE_CHARS) + list("ab .\n")), max_size=200),
)


def spans_of(document: str, record: dict) -> list[dict]:
    """The record itself and every nested object that carries offsets."""
    found = [record]
    for key in ("speaker", "holder"):
        if record.get(key) and record[key].get("mention"):
            found.append(record[key]["mention"])
    for key in ("cue", "target"):
        if record.get(key):
            found.append(record[key])
    found.extend(record.get("evidence", []))
    return found


def check_analysis(document: str, analysis) -> None:
    records = [item.to_dict() for item in [*analysis.quotes, *analysis.statements, *analysis.stances]]
    for record in records:
        for span in spans_of(document, record):
            assert isinstance(span["start"], int) and isinstance(span["end"], int), span
            assert 0 <= span["start"] <= span["end"] <= len(document), span
            assert document[span["start"]:span["end"]] == span["text"], span
        json.dumps(record, ensure_ascii=False).encode("utf-8")  # writable as it will be output
    quotes = sorted((quote.start, quote.end) for quote in analysis.quotes)
    for (_, end), (start, _) in zip(quotes, quotes[1:]):
        assert end <= start, quotes
    ids = [quote.id for quote in analysis.quotes]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for statement in analysis.statements:
        assert set(statement.quotes) <= known


@PIPELINE
@given(TEXTS)
def test_pipeline_invariants_on_arbitrary_text(nlp, registry, document):
    from statemint.api import analyze

    first = analyze(document, parties=registry, nlp=nlp, doc="d", with_stance=True, include_narrative=True)
    check_analysis(document, first)
    again = analyze(document, parties=registry, nlp=nlp, doc="d", with_stance=True, include_narrative=True)
    assert again.to_dict() == first.to_dict()  # deterministic


@PIPELINE
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from([None, "United States", "Anna Berg"]))
def test_quotes_and_statements_invariants_with_a_holder(nlp, registry, document, holder):
    from statemint.api import analyze

    analysis = analyze(document, holder=holder, parties=registry, nlp=nlp, doc="d")
    check_analysis(document, analysis)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEXTS)
def test_scanner_invariants(document):
    spans = scan_quotes(document)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(document)
        assert span.start >= previous_end
        previous_end = span.end
        content = span.text_in(document)
        assert content == content.strip()
        if span.open_mark is not None:
            assert document[span.open_mark] in QUOTE_CHARS and span.open_mark < span.start
        if span.close_mark is not None:
            assert document[span.close_mark] in QUOTE_CHARS and span.close_mark >= span.end
    assert scan_quotes(document) == spans


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(max_size=400) | TEXTS.map(lambda text: text.encode("utf-8"))
       | TEXTS.map(lambda text: text.encode("cp1252", "ignore")) | TEXTS.map(lambda text: text.encode("utf-16")))
def test_decoder_gives_writable_text_or_says_binary(data):
    try:
        text, encoding = decode(data)
    except ValueError:
        return
    text.encode("utf-8")
    assert encoding
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            assert text == data.decode("utf-8")
        except UnicodeDecodeError:
            pass


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
JSONL_LINES = st.lists(
    st.one_of(
        st.builds(lambda text, doc_id: json.dumps({"id": doc_id, "text": text}), TEXTS, st.text(max_size=8)),
        JSON_VALUES.map(json.dumps),
        st.fixed_dictionaries({"text": JSON_VALUES}).map(json.dumps),
        st.text(max_size=30).filter(lambda line: "\n" not in line and "\r" not in line),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(JSONL_LINES)
def test_every_jsonl_line_gives_a_document_or_an_error(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = list(read_jsonl(io.BytesIO(data), "in.jsonl"))
    expected = sum(1 for line in io.BytesIO(data) if line.strip())
    assert len(items) == expected
    for item in items:
        assert isinstance(item, (Document, Skipped))
        item.id.encode("utf-8")
        if isinstance(item, Document):
            item.text.encode("utf-8")


FILES = st.dictionaries(
    st.from_regex(r"[a-z]{1,6}\.(txt|md|jsonl|bin)", fullmatch=True),
    st.binary(max_size=200) | TEXTS.map(lambda text: text.encode("utf-8")),
    max_size=6,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(FILES)
def test_no_file_in_a_folder_disappears(files):
    """A text file gives one item, a JSON Lines file one per non-blank line, others are not inputs."""
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        items = list(iter_documents([folder]))
        expected = 0
        for name, data in files.items():
            if name.endswith(".txt"):
                expected += 1
                (item,) = [item for item in items if item.id == os.path.join(folder, name)]
                assert isinstance(item, (Document, Skipped))
            elif name.endswith(".jsonl"):
                expected += sum(1 for line in io.BytesIO(data) if line.strip())
        if not any(name.endswith((".txt", ".jsonl")) for name in files):
            assert len(items) == 1 and isinstance(items[0], Skipped)  # "folder has no text files"
        else:
            assert len(items) == expected  # an empty JSON Lines file holds no document: nothing is lost
