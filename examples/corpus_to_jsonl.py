"""Turn a folder of speeches named by country code (UNGDC style, `CUB_78_2023.txt`) into JSON Lines
with a `holder` per document, so `statemint stance --jsonl` knows who speaks in each first-person text.

    python examples/corpus_to_jsonl.py ../shared/corpora/ungdc-2023 > ungdc.jsonl
    statemint stance ungdc.jsonl --by holder --format json | jq ...

The holder is the file name's first part (an ISO alpha-3 code, which statemint maps to its party).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for path in sorted(folder.glob("*.txt")):
        holder = path.stem.split("_")[0]
        record = {"id": path.name, "holder": holder, "text": path.read_text(encoding="utf-8")}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
