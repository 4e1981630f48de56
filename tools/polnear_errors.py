"""Print the attribution errors of a `statemint eval -f json --details` run over brat gold, with context.

    statemint eval --gold ../shared/data/polnear/train/ -f json --details > train.json
    python tools/polnear_errors.py train.json ../shared/data/polnear/train/ --what speaker --limit 80

For studying errors on PolNeAR *train* (never tune on dev or test). `--what speaker`: quotes matched
per attribution whose speaker is wrong, with the gold cue and source, the predicted speaker and the
sentence around the quote; `missed`, `spurious`: unmatched gold quotes / predictions; `statements`:
gold attributions no statement found. A tally of the gold cues heads each listing.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path
from typing import Any


def _context(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    middle = text[start:end]
    if len(middle) > 160:
        middle = middle[:70] + " … " + middle[-70:]
    return re.sub(r"\s+", " ", f"{left}[[{middle}]]{right}")


def _texts(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


def _key(doc: str) -> str:
    return Path(doc).with_suffix(".txt").name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--what", choices=["speaker", "missed", "spurious", "statements", "statement-spurious",
                                           "wrong-source"], default="speaker")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--width", type=int, default=150)
    args = parser.parse_args(argv)
    result: dict[str, Any] = json.loads(args.results.read_text(encoding="utf-8"))
    texts = _texts(args.folder)
    rows: list[tuple[str, str, str]] = []  # (tally key, doc, line)
    if args.what in {"speaker", "missed", "spurious"}:
        for document in result["attributed_quotes"]["documents"]:
            text = texts.get(_key(document["doc"]), "")
            if args.what == "speaker":
                for item in document["wrong_speaker"]:
                    gold, predicted = item["gold"], item["predicted"]
                    rows.append((str(gold.get("cue")), document["doc"],
                                 f"gold={gold.get('speaker')!r} cue={gold.get('cue')!r} predicted={predicted.get('speaker')!r}\n"
                                 f"    {_context(text, gold['start'], gold['end'], args.width)}"))
            else:
                for item in document[args.what]:
                    rows.append((str(item.get("kind")), document["doc"],
                                 f"{item.get('kind')} speaker={item.get('speaker')!r}\n"
                                 f"    {_context(text, item['start'], item['end'], args.width)}"))
    else:
        for document in result["statements"]["documents"]:
            text = texts.get(_key(document["doc"]), "")
            key = {"statements": "missed", "statement-spurious": "spurious", "wrong-source": "wrong_source"}[args.what]
            for item in document[key]:
                gold = item.get("gold", item)
                extra = f" predicted={item['predicted'].get('holder')!r}" if "predicted" in item else ""
                rows.append((str(gold.get("cue") or gold.get("kind")), document["doc"],
                             f"source={gold.get('source') or gold.get('holder')!r} cue={gold.get('cue')!r}"
                             f" quoted={gold.get('quoted')}{extra}\n"
                             f"    {_context(text, gold['start'], gold['end'], args.width)}"))
    tally = collections.Counter(key.lower() for key, _, _ in rows)
    print(f"{len(rows)} {args.what}; commonest cues/kinds: "
          + ", ".join(f"{key!r} {count}" for key, count in tally.most_common(15)))
    for _, doc, line in rows[:args.limit]:
        print(f"- {Path(doc).name}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
