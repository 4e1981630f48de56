"""What the layout (text.wrapping.layout_text) costs next to the quotation scan, on the same text in the
same run: UN General Debate 2023 speeches joined, as they are and hard-wrapped at 72 columns (and CRLF).

    PYTHONPATH=src .venv/bin/python bench/layout_speed.py [--corpus DIR] [--repeat 5]

Prints seconds (best of --repeat) and the ratio layout / scan_quotes; both must grow linearly, so the
ratio at 1x and 4x the text should stay about the same.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wrapped_text import hard_wrap  # noqa: E402

from statemint.text.quotemarks import scan_quotes  # noqa: E402
from statemint.text.wrapping import layout_text  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/ungdc-2023")


def best_of(repeat: int, function: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    plain = "".join(path.read_text(encoding="utf-8") + "\n\n" for path in sorted(options.corpus.glob("*.txt")))
    wrapped = hard_wrap(plain, 72)
    crlf = wrapped.replace("\n", "\r\n")
    for label, text in (("as they are", plain), ("wrapped at 72", wrapped), ("wrapped, CRLF", crlf),
                        ("wrapped, 4x", wrapped * 4)):
        layout = best_of(options.repeat, layout_text, text)
        scan = best_of(options.repeat, scan_quotes, text)
        print(f"{label:<15} {len(text) / 1e6:6.1f} M characters  layout {layout:6.3f} s  scan_quotes {scan:6.3f} s  "
              f"ratio {layout / scan:5.2f}")


if __name__ == "__main__":
    main()
