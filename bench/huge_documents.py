"""Time and peak memory of one huge document with few quotations (issue 15).

A generated text of SIZE megabytes (news-like paragraphs, no quotation marks) with three quotations,
at its start, middle and end, goes through `statemint quotes` (or --command) in a fresh subprocess per
size; the wall time, the peak RSS of that process, seconds per megabyte and the number of records are
printed. `--paragraphs` does the same for documents of so many one-sentence paragraphs (the issue's
5k/10k/20k/50k case), to show whether time grows linearly with the paragraph count.

Which code runs is the `statemint` that `python -m statemint` imports: run it with
PYTHONPATH=<tree>/src to compare two trees in the same session (baseline first).

    python bench/huge_documents.py                       # 1, 5, 25 and 200 MB
    python bench/huge_documents.py --sizes 1,5 --timeout 600
    python bench/huge_documents.py --sizes '' --paragraphs 5000,10000,20000,50000

Measured 2026-12-02 on this 2-core machine shared with three other sessions (load 3-7, so seconds are
rough; both trees in the same hour), `quotes`, seconds / peak RSS MiB:

    MB (paragraphs)    before (ba3c8e0)              after (branch huge)
    1   (1,758)        80.5 s /   266                  9.0 s / 232
    5   (8,870)        503.6 s /   544                 11.1 s / 186
    25  (44,252)       over 900 s, killed at 2,599 *   22.9 s / 253
    200 (353,599)      not run (over an hour)         162.7 s / 844
    5k / 10k / 20k / 50k one-sentence paragraphs (0.6 / 1.3 / 2.5 / 6.3 MB):
      before    57.9 / 77.5 / 151.2 / 283.5 s, 222 / 277 / 377 / 856 MiB
      after     9.9 / 11.0 / 11.3 / 14.4 s,     204 / 238 / 192 / 217 MiB
    * /work/main's tree of that hour (ba3c8e0 plus an unrelated stance commit), not ba3c8e0 itself.
    (The before paragraph counts grew about linearly here, not as the issue's 11/26/63/349 s: every
    paragraph was parsed, at some 5 ms each; the after ones parse three paragraphs.)

Pieces (pipeline/pieces.py, 2026-12-02, machine loaded by three other jobs), `--command statements`,
seconds / peak RSS MiB: before pieces (cdec17c) 5 MB 250.5 / 440, 25 MB 549.0 / 1,486; with pieces
5 MB 175.6 / 379, 25 MB 703.8 / 479. `quotes` with pieces: 25 MB 16.1 / 246, 200 MB 66.3 / 762.

After: about 8 s of start-up, then 0.8 s and 3.4 MiB per MB from 25 to 200 MB (the text, its bytes
while decoding, placeholder tokens); before, every paragraph was parsed (a role resolved by the name
after it looked back to paragraph 0) and the whole text tokenised.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("the delegation council ministers agreed cooperation regional security talks trade sanctions "
         "summit leaders partnership economic development climate agreement border ceasefire negotiations "
         "humanitarian assistance international community peace process reforms government parliament").split()
QUOTES = ("Anna Berg, the foreign minister, said: “We will not accept these sanctions.”",
          "“The talks must continue,” Carl Dorn told reporters on Tuesday.",
          "The spokesman, Li Wei, said: “China supports a ceasefire.”")


def generate(path: Path, megabytes: float, seed: int = 7) -> None:
    """Paragraphs of 3-6 plain sentences to `megabytes`, with the three quotations spread out."""
    chooser = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    marks = [0, target // 2, target - 2000]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            if marks and written >= marks[0]:
                paragraph = QUOTES[3 - len(marks)]
                marks.pop(0)
            else:
                sentences = []
                for _ in range(chooser.randint(3, 6)):
                    words = [chooser.choice(WORDS) for _ in range(chooser.randint(8, 20))]
                    sentences.append(" ".join(words).capitalize() + ".")
                paragraph = " ".join(sentences)
            out.write(paragraph + "\n\n")
            written += len(paragraph.encode("utf-8")) + 2
        for quote in QUOTES[3 - len(marks):]:
            out.write(quote + "\n\n")


def generate_paragraphs(path: Path, count: int, seed: int = 7) -> None:
    """`count` one-sentence paragraphs (8-20 words), the three quotations among them at the start,
    middle and end."""
    chooser = random.Random(seed)
    marks = {0: QUOTES[0], count // 2: QUOTES[1], count - 1: QUOTES[2]}
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            words = [chooser.choice(WORDS) for _ in range(chooser.randint(8, 20))]
            out.write(marks.get(number, " ".join(words).capitalize() + ".") + "\n\n")


def measure(path: Path, command: list[str], timeout: float) -> tuple[str, float, float, int | None]:
    """(status, seconds, peak RSS in MiB, records) of one statemint run in its own process."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "statemint", *command, str(path), "-f", "jsonl", "-q"],
                                   stdout=output, stderr=subprocess.DEVNULL)
        deadline = started + timeout
        status = "ok"
        while True:
            pid, code, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                pid, code, usage = os.wait4(process.pid, 0)
                status = f"over {timeout:.0f} s (killed)"
                break
            time.sleep(0.2)
        seconds = time.monotonic() - started
        output.seek(0)
        records = sum(1 for _ in output) if status == "ok" else None
    if status == "ok" and os.waitstatus_to_exitcode(code) != 0:
        status = f"exit {os.waitstatus_to_exitcode(code)}"
    return status, seconds, usage.ru_maxrss / 1024, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,25,200", help="megabytes, comma-separated (default 1,5,25,200)")
    parser.add_argument("--paragraphs", default="", help="paragraph counts, comma-separated (e.g. 5000,50000)")
    parser.add_argument("--command", default="quotes", help="statemint command and options, e.g. 'stance --party US'")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per size before the run is killed")
    arguments = parser.parse_args()
    sizes = [float(size) for size in arguments.sizes.split(",") if size.strip()]
    counts = [int(count) for count in arguments.paragraphs.split(",") if count.strip()]
    print(f"statemint {arguments.command}: one document with 3 quotations, {os.cpu_count()} cores")
    print(f"{'MB':>6} {'paragraphs':>10} {'status':>22} {'seconds':>9} {'s/MB':>6} {'peak RSS MiB':>13} {'records':>8}")
    with tempfile.TemporaryDirectory() as folder:
        cases = [(f"huge_{size:g}MB.txt", lambda path, size=size: generate(path, size)) for size in sizes]
        cases += [(f"paragraphs_{count}.txt", lambda path, count=count: generate_paragraphs(path, count))
                  for count in counts]
        for name, write in cases:
            path = Path(folder) / name
            write(path)
            megabytes = path.stat().st_size / 1024 / 1024
            paragraphs = path.read_text(encoding="utf-8").count("\n\n")
            status, seconds, peak, records = measure(path, arguments.command.split(), arguments.timeout)
            print(f"{megabytes:>6.1f} {paragraphs:>10,} {status:>22} {seconds:>9.1f} {seconds / megabytes:>6.1f} "
                  f"{peak:>13,.0f} {'' if records is None else records:>8}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
