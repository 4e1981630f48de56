"""Counts for tests/gold/UNGDC_STANCE.md: labels, per speech (with the part read), per split.

    python tools/ungdc_stance_stats.py
"""
from __future__ import annotations

import json
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from ungdc_candidates import CORPUS, sentences  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "ungdc_stance.jsonl"
SRC = ROOT / "tests" / "gold" / "ungdc_stance.src.txt"
LABELS = ["hostile", "critical", "neutral", "favorable", "supportive"]


def split(speech: str) -> str:
    return "test" if zlib.crc32(speech.encode()) % 3 == 0 else "train"


def main() -> None:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    upto, order = {}, []
    for line in SRC.read_text(encoding="utf-8").splitlines():
        if line.startswith("@"):
            code, *opts = line[1:].split()
            if code not in order:
                order.append(code)
            for o in opts:
                if o.startswith("upto="):
                    upto[code] = int(o[5:])
    per = defaultdict(Counter)
    for i in items:
        per[i["speech"]][i["label"]] += 1
    print("| speech | holder | part read | split | items | " + " | ".join(LABELS) + " |")
    print("|---|---|---|---|---|" + "---|" * len(LABELS))
    for code in order:
        name = f"{code}_78_2023.txt"
        n = len(sentences((CORPUS / name).read_text(encoding="utf-8")))
        # a speech read whole without any party mention (LBR) has no item to take the holder from
        holder = next((i["holder"] for i in items if i["speech"] == name), "-")
        part = f"sentences 0-{upto[code]} of {n}" if upto.get(code, n) < n - 1 else f"whole ({n} sentences)"
        c = per[name]
        print(f"| {name} | {holder} | {part} | {split(name)} | {sum(c.values())} | "
              + " | ".join(str(c[lab]) for lab in LABELS) + " |")
    total = Counter(i["label"] for i in items)
    print(f"\ntotal: {len(items)} items, {len({i['speech'] for i in items})} speeches, "
          + ", ".join(f"{lab} {total[lab]}" for lab in LABELS))
    by = defaultdict(Counter)
    for i in items:
        by[split(i["speech"])][i["label"]] += 1
    for part in ("train", "test"):
        n_speech = len({i["speech"] for i in items if split(i["speech"]) == part})
        print(f"{part}: {sum(by[part].values())} items, {n_speech} speeches, "
              + ", ".join(f"{lab} {by[part][lab]}" for lab in LABELS))
    parties = Counter(i["party"] for i in items)
    print(f"{len(parties)} distinct parties; most frequent: "
          + ", ".join(f"{p} {c}" for p, c in parties.most_common(15)))


if __name__ == "__main__":
    main()
