"""Speaker accuracy on the quotes that statemint and textacy both find: each system's quote records that
overlap one of the other's, scored against the gold like `statemint eval` (per gold attribution).

Each system's own speaker accuracy is measured on the quotes it finds, which are not the same quotes;
this compares the two on one set. Run after both have written their records:

    statemint quotes ../shared/data/polnear/dev/ --format jsonl -w 2 > out/statemint_polnear_dev.jsonl
    PYTHONPATH=src python bench/textacy_paragraphs.py --gold ../shared/data/polnear/dev/ --output out/textacy_polnear_dev.jsonl
    PYTHONPATH=src python bench/shared_quotes.py --gold ../shared/data/polnear/dev/ \
        out/statemint_polnear_dev.jsonl out/textacy_polnear_dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path, PurePosixPath

from statemint.eval import load_any_gold
from statemint.eval.attributions import score_attributed_quotes


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def shared(records: list[dict], others: list[dict]) -> list[dict]:
    """The records that overlap a record of the other system in the same document."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for other in others:
        spans.setdefault(PurePosixPath(other["doc"]).name, []).append((other["start"], other["end"]))
    return [record for record in records
            if any(min(end, record["end"]) > max(start, record["start"])
                   for start, end in spans.get(PurePosixPath(record["doc"]).name, []))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("statemint", type=Path)
    parser.add_argument("textacy", type=Path)
    args = parser.parse_args(argv)
    gold = load_any_gold(args.gold, None, "auto")
    ours, theirs = read_records(args.statemint), read_records(args.textacy)
    for name, records in (("statemint", shared(ours, theirs)), ("textacy", shared(theirs, ours))):
        scores = score_attributed_quotes(gold, records).to_dict(details=False)
        print(f"{name:10} records {len(records):4}  matched {scores['tp']:4}  speaker "
              f"{scores['speaker_accuracy']:.3f} ({scores['speaker_correct']}/{scores['speaker_total']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
