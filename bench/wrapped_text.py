"""Hard-wrapped text against the same text unwrapped: quote F1, speaker accuracy and the share of quote
records that stay the same when every paragraph is wrapped at a width (a space replaced by a line
break, so gold offsets still hold).

    PYTHONPATH=src .venv/bin/python bench/wrapped_text.py                       # PolNeAR dev, 72 columns
    PYTHONPATH=src .venv/bin/python bench/wrapped_text.py --gold DIR --width 60 --crlf

The wrapped (and, with --crlf, CRLF) copy of the brat folder goes to a temporary folder; `statemint eval`
and `statemint quotes` run on the original folder and on the copy with the same source tree, so the
unwrapped numbers are the baseline of the same run. Run it with PYTHONPATH pointing at another tree
(e.g. main's src) to compare versions.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import test_wrapped  # noqa: E402  (the wrapper the tests use)
DEFAULT_GOLD = Path("/work/shared/data/polnear/dev")


def hard_wrap(text: str, width: int) -> str:
    """`text` wrapped at `width` columns (tests/test_wrapped.hard_wrap, one wrapper for both); width 0: no wrap."""
    return text if width <= 0 else test_wrapped.hard_wrap(text, width)


def to_crlf(text: str, annotation: str) -> tuple[str, str]:
    """CRLF text and its brat annotation with every offset moved past the added carriage returns."""
    breaks = [position for position, character in enumerate(text) if character == "\n"]

    def moved(offset: int) -> int:
        return offset + bisect.bisect_left(breaks, offset)

    lines = []
    for line in annotation.splitlines():
        if line.startswith("T") and "\t" in line:
            name, middle, rest = line.split("\t", 2)
            label, _, ranges = middle.partition(" ")
            pieces = [" ".join(str(moved(int(value))) for value in piece.split()) for piece in ranges.split(";")]
            line = f"{name}\t{label} {';'.join(pieces)}\t{re.sub(chr(10), chr(13) + chr(10), rest)}"
        lines.append(line)
    return text.replace("\n", "\r\n"), "\n".join(lines) + "\n"


def write_copy(gold: Path, target: Path, width: int, crlf: bool) -> int:
    """The wrapped copy of a brat folder; returns how many line breaks were added."""
    added = 0
    for text_path in sorted(gold.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        annotation = text_path.with_suffix(".ann").read_text(encoding="utf-8")
        wrapped = hard_wrap(text, width)
        added += wrapped.count("\n") - text.count("\n")
        if crlf:
            wrapped, annotation = to_crlf(wrapped, annotation)
        (target / text_path.name).write_bytes(wrapped.encode("utf-8"))
        (target / text_path.with_suffix(".ann").name).write_bytes(annotation.encode("utf-8"))
    return added


def statemint(*arguments: str) -> str:
    command = [sys.executable, "-m", "statemint", *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}): {completed.stderr.strip()}")
    return completed.stdout


OFFSETS = {"start", "end", "open_mark", "close_mark"}


def to_lf_offsets(value: Any, carriage_returns: list[int]) -> Any:
    """A record with every offset moved back over the CRs before it (offsets into the LF text)."""
    if isinstance(value, dict):
        return {key: (item - bisect.bisect_left(carriage_returns, item) if key in OFFSETS and isinstance(item, int)
                      else to_lf_offsets(item, carriage_returns)) for key, item in value.items()}
    if isinstance(value, list):
        return [to_lf_offsets(item, carriage_returns) for item in value]
    return value


def quote_records(folder: Path, workers: int) -> dict[str, list[dict[str, Any]]]:
    """Each document's quote records by file name, line breaks (and CRs) of every string read as spaces,
    offsets into the LF text."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for line in statemint("quotes", "--format", "jsonl", "-w", str(workers), str(folder)).splitlines():
        if line.strip():
            record = json.loads(line.replace("\\r\\n", " ").replace("\\n", " "))
            name = Path(record.pop("doc")).name
            text = (folder / name).read_bytes().decode("utf-8")
            if "\r" in text:
                record = to_lf_offsets(record, [i for i, character in enumerate(text) if character == "\r"])
            by_doc.setdefault(name, []).append(record)
    return by_doc


def scores(folder: Path, workers: int) -> dict[str, Any]:
    return json.loads(statemint("eval", "--gold", str(folder), "--format", "json", "-w", str(workers)))


def quote_line(result: dict[str, Any]) -> str:
    quotes, statements = result["quotes"], result["statements"]
    return (f"quote P {quotes['precision']:.3f} R {quotes['recall']:.3f} F1 {quotes['f1']:.3f}  "
            f"speaker accuracy {quotes['speaker_accuracy']:.3f} "
            f"({quotes['speaker_correct']}/{quotes['speaker_total']})  "
            f"statements recall {statements['recall']:.3f} source accuracy {statements['source_accuracy']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="a brat folder (.txt + .ann)")
    parser.add_argument("--width", type=int, default=72, help="0: do not wrap (with --crlf: CRLF alone)")
    parser.add_argument("--crlf", action="store_true", help="also turn every line end into CRLF")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="print this many unwrapped records that changed")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statemint-wrapped-") as directory:
        copy = Path(directory)
        added = write_copy(options.gold, copy, options.width, options.crlf)
        print(f"gold {options.gold} ({len(list(options.gold.glob('*.txt')))} documents); wrapped at "
              f"{options.width} columns{' with CRLF' if options.crlf else ''}: {added} line breaks added")
        plain, wrapped = scores(options.gold, options.workers), scores(copy, options.workers)
        print(f"unwrapped  {quote_line(plain)}")
        print(f"wrapped    {quote_line(wrapped)}")
        before, after = quote_records(options.gold, options.workers), quote_records(copy, options.workers)
        total = sum(len(records) for records in before.values())
        same = sum(1 for name, records in before.items() for record in records if record in after.get(name, []))
        print(f"quote records identical to the unwrapped run: {same}/{total} = {same / max(total, 1):.3f} "
              f"(wrapped run has {sum(len(records) for records in after.values())})")
        changed = [(name, record) for name, records in before.items() for record in records
                   if record not in after.get(name, [])]
        for name, record in changed[:options.show]:
            print(f"  {name} {record['start']}-{record['end']} {record['kind']} {record['text'][:70]!r} "
                  f"speaker {(record.get('speaker') or {}).get('name')!r}")
    shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    main()
