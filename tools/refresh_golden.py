"""Write the golden outputs that tests/test_golden.py compares byte for byte.

The golden files are snapshots of statemint's own JSON output, not gold annotations: they exist so
that a change meant to keep behaviour (a refactor, a speed-up) proves it changed no output byte. When
a change is meant to alter output, run this script and read the diff (`git diff tests/golden
examples`) record by record before committing it; the commit message says what changed and why.

    python tools/refresh_golden.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.golden_cases import CASES, run_case  # noqa: E402


def main() -> None:
    os.chdir(ROOT)
    for case in CASES:
        output = run_case(case)
        case.expected.write_text(output, encoding="utf-8")
        print(f"wrote {case.expected.relative_to(ROOT)} ({output.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
