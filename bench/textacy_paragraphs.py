"""Baseline: textacy's `direct_quotations` run paragraph by paragraph (as a user would: textacy refuses a
text with an odd number of quotation marks) over brat gold, scored like `statemint eval`.

    PYTHONPATH=src .venv/bin/python bench/textacy_paragraphs.py --gold ../shared/data/polnear/dev/ --output out/textacy_polnear_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from textacy_baseline import load_pipeline, quote_records

from statemint.eval import format_evaluation, load_any_gold
from statemint.eval.summary import evaluation
from statemint.text.paragraphs import paragraph_bounds


def shifted(record: dict, offset: int, document: str) -> dict:
    record = dict(record, start=record["start"] + offset, end=record["end"] + offset)
    record["text"] = document[record["start"]:record["end"]]
    for key in ("speaker", "cue"):
        value = record.get(key)
        mention = value.get("mention") if key == "speaker" and value else value
        if mention:
            mention.update(start=mention["start"] + offset, end=mention["end"] + offset)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=Path("out/textacy_paragraphs.jsonl"))
    args = parser.parse_args(argv)
    documents = load_any_gold(args.gold, None, "auto")
    nlp = load_pipeline()
    predicted = []
    for document in documents:
        for start, end in paragraph_bounds(document.text):
            records, _ = quote_records(document.doc, document.text[start:end], nlp)
            predicted += [shifted(record, start, document.text) for record in records]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in predicted), encoding="utf-8")
    statements = [dict(record, holder=record["speaker"]) for record in predicted]
    print(format_evaluation(evaluation(documents, predicted, [], None, False, statements)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
