"""Score quote predictions against gold files (docs/GOLD.md): precision, recall, F1, speaker accuracy.

    .venv/bin/python bench/evaluate_quotes.py --gold tests/gold/texts.jsonl --gold tests/gold/seed.jsonl
    .venv/bin/python bench/evaluate_quotes.py --gold tests/gold/texts.jsonl --predictions out/quotes.jsonl

Without --predictions the script runs `statemint quotes --format jsonl <gold documents>` from the
repository root, so the `doc` of each record is the gold path.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIRECT_AND_PARTIAL = {"direct", "partial"}


from statemint.eval import gold as evaluate_gold  # noqa: E402
from statemint.eval import scoring as evaluate  # noqa: E402


def statemint_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("statemint")
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which("statemint")
    if found:
        return [found]
    return [sys.executable, "-m", "statemint.cli"]


def run_statemint(docs: list[str], root: Path) -> list[dict[str, Any]]:
    command = [*statemint_command(), "quotes", "--format", "jsonl", *docs]
    try:
        completed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SystemExit(f"could not run {' '.join(command[:3])}: {error}; pass --predictions FILE instead") from error
    if completed.returncode != 0:
        raise SystemExit(
            f"`statemint quotes` failed with exit code {completed.returncode}:\n{completed.stderr.strip()}\n"
            "Install the package (.venv/bin/pip install -e .) or pass --predictions FILE."
        )
    return [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]


def format_row(label: str, scores: Any) -> str:
    return (
        f"{label:<34} {scores.tp:>4} {scores.fp:>4} {scores.fn:>4} "
        f"{scores.precision:>6.3f} {scores.recall:>6.3f} {scores.f1:>6.3f} "
        f"{scores.speaker_accuracy:>6.3f} ({scores.speaker_correct}/{scores.speaker_total})"
    )


HEADER = f"{'gold / kinds':<34} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6} {'spkacc':>6}"


def print_details(scores: Any) -> None:
    for detail in scores.documents.values():
        if not (detail.missed or detail.spurious or detail.wrong_speaker):
            continue
        print(f"  {detail.doc}")
        for quote in detail.missed:
            print(f"    missed   [{quote['kind']}] {quote['text'][:70]!r} ({quote['speaker']})")
        for prediction in detail.spurious:
            print(f"    spurious [{prediction['kind']}] {str(prediction['text'])[:70]!r} ({prediction['speaker']})")
        for pair in detail.wrong_speaker:
            gold, predicted = pair["gold"], pair["predicted"]
            print(f"    speaker  {gold['text'][:50]!r}: predicted {predicted['speaker']!r}, gold {gold['speaker']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold JSONL file (repeatable); default tests/gold/texts.jsonl")
    parser.add_argument("--predictions", type=Path, help="quote records as JSONL (docs/OUTPUT.md); default: run statemint")
    parser.add_argument("--root", type=Path, default=ROOT, help="directory the gold `doc` paths are relative to")
    parser.add_argument("--details", action="store_true", help="list missed and spurious quotes and wrong speakers")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object instead of a table")
    args = parser.parse_args(argv)

    gold_paths = args.gold or [ROOT / "tests" / "gold" / "texts.jsonl"]
    gold_sets = {}
    for path in gold_paths:
        if not path.exists():
            parser.error(f"gold file {path} does not exist")
        try:
            gold_sets[str(path)] = evaluate_gold.load_gold(path, args.root)
        except ValueError as error:
            parser.error(str(error))
    all_documents = [document for documents in gold_sets.values() for document in documents]

    if args.predictions:
        predicted = evaluate_gold.read_jsonl(args.predictions)
    else:
        predicted = run_statemint(sorted({document.doc for document in all_documents}), args.root)
    # Only quote records count; other commands' records lack a quote kind.
    predicted = [record for record in predicted if record.get("kind") in evaluate_gold.QUOTE_KINDS]

    rows = [(name, documents) for name, documents in gold_sets.items()]
    if len(gold_sets) > 1:
        rows.append(("overall", all_documents))
    results: dict[str, dict[str, Any]] = {}
    if not args.json:
        print(HEADER)
    for name, documents in rows:
        every_kind = evaluate.score_quotes(documents, predicted)
        direct_partial = evaluate.score_quotes(documents, predicted, kinds=DIRECT_AND_PARTIAL)
        results[name] = {
            "all": every_kind.to_dict(details=args.details),
            "direct+partial": direct_partial.to_dict(details=args.details),
        }
        if not args.json:
            label = Path(name).name if name != "overall" else name
            print(format_row(f"{label} (all kinds)", every_kind))
            print(format_row(f"{label} (direct+partial)", direct_partial))
            if args.details:
                print_details(every_kind)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
