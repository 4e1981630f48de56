"""Build tests/gold/ungdc_stance.jsonl from the hand-written tests/gold/ungdc_stance.src.txt.

The source file is written by hand while reading the speeches. Format:

    @CUB                      # the speech CUB_78_2023.txt; holder from its alpha-3 code
    12 | US | hostile | the United States | optional note
    12 | VE | favorable | Venezuela#2 | ...    # '#2': the 2nd occurrence of the target text

The first field is the sentence index given by tools/ungdc_candidates.py (same splitter). This
script only fills in texts and offsets; it fails loudly if a target is not found in the sentence,
if an occurrence is ambiguous without '#n', or if an item repeats (speech, sentence, party).
The labels are the annotator's, never computed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "src"))
from ungdc_candidates import CORPUS, sentences  # noqa: E402
from statemint.parties import load_registry  # noqa: E402

SRC = ROOT / "tests" / "gold" / "ungdc_stance.src.txt"
OUT = ROOT / "tests" / "gold" / "ungdc_stance.jsonl"
LABELS = {"hostile", "critical", "neutral", "favorable", "supportive"}


def main() -> None:
    reg = load_registry()
    items, seen, errors = [], set(), []
    speech = text = spans = holder = None
    for n, raw in enumerate(SRC.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            code = line[1:].split()[0]
            speech = f"{code}_78_2023.txt"
            text = (CORPUS / speech).read_text(encoding="utf-8")
            spans = sentences(text)
            holder = reg.alpha3.get(code, code)
            continue
        f = [x.strip() for x in line.split("|")]
        if len(f) < 4:
            errors.append(f"line {n}: too few fields: {raw}")
            continue
        sid, party, label, target = int(f[0]), f[1], f[2], f[3]
        note = f[4] if len(f) > 4 else ""
        occ = None
        if "#" in target:
            target, o = target.rsplit("#", 1)
            occ = int(o)
        if label not in LABELS:
            errors.append(f"line {n}: bad label {label}")
        if party not in reg.parties:
            errors.append(f"line {n}: unknown party {party}")
        s, e = spans[sid]
        sent = text[s:e]
        found = []
        i = sent.find(target)
        while i >= 0:
            found.append(i)
            i = sent.find(target, i + 1)
        # prefer whole-word occurrences ("Sudan" in "the Sudan", not in "Sudanese")
        whole = [i for i in found
                 if (i == 0 or not sent[i - 1].isalnum())
                 and (i + len(target) == len(sent) or not sent[i + len(target)].isalnum())]
        found = whole or found
        if not found:
            errors.append(f"line {n}: target {target!r} not in sentence {sid} of {speech}: {sent[:80]}")
            continue
        if occ is None and len(found) > 1:
            errors.append(f"line {n}: target {target!r} ambiguous ({len(found)}x) in {speech}[{sid}]")
            continue
        t0 = s + found[(occ or 1) - 1]
        key = (speech, s, party)
        if key in seen:
            errors.append(f"line {n}: duplicate item {key}")
        seen.add(key)
        item = {"speech": speech, "holder": holder, "party": party,
                "sentence": {"text": sent, "start": s, "end": e},
                "target": {"text": target, "start": t0, "end": t0 + len(target)},
                "label": label}
        if note:
            item["note"] = note
        assert text[t0:t0 + len(target)] == target and text[s:e] == sent
        items.append(item)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    with OUT.open("w", encoding="utf-8") as out:
        for it in items:
            out.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"{len(items)} items, {len({i['speech'] for i in items})} speeches -> {OUT}")


if __name__ == "__main__":
    main()
