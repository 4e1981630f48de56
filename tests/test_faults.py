"""Hostile input and faults, round 2 (issue 15): no data loss, no escape injection, no orphan workers,
bounded resources, and usage errors as one `statemint:` line. Slow cases live in bench/."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.cli import app
from statemint.io.inputs import Document, Skipped, iter_documents
from statemint.parallel import Options, Result, run_local
from tests.conftest import ROOT, SEED
from tests.test_robustness import _wait_until_reading_stdin

runner = CliRunner()
SHORT = "“We will not back down,” the minister said. Anna Berg later said that “talks are over”.\n"
KILL = "KILL-THIS-WORKER"


def one_line_error(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.strip() and all(line.startswith("statemint: ") for line in stderr.strip().splitlines()), stderr


# --- data loss: a dead worker ---------------------------------------------------------------------

def _killing_work(document: Document, options: Options) -> Result:
    if KILL in document.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return Result(document.id, [{"text": document.text}])


def test_a_dead_worker_is_replaced_and_only_its_document_is_lost():
    documents = [Document(f"d{i}", KILL if i == 5 else f"text {i}") for i in range(30)]
    results = list(run_local(documents, Options(), 2, _killing_work))
    assert [r.doc_id for r in results] == [d.id for d in documents]
    lost = [r for r in results if r.records is None]
    assert [r.doc_id for r in lost] == ["d5"] and "worker process died" in lost[0].error
    assert all(r.records == [{"text": f"text {i}"}] for i, r in enumerate(results) if i != 5)


def test_a_document_queued_after_its_pool_broke_is_retried_not_raised():
    # The race seen under load: a worker dies, and the next document is queued before anyone has
    # waited on the dead one, so the executor refuses it. It must fail with the pool and be retried.
    from concurrent.futures.process import BrokenProcessPool

    from statemint.workers import Pool

    pool = Pool(1, (Options(),), None, lambda document, why: Result(document.id, None, error=why))
    try:
        killed = pool.submit(_killing_work, Document("k", KILL))
        with pytest.raises(BrokenProcessPool):
            killed.future.result()
        queued = pool.submit(_killing_work, Document("d", "text d"))
        assert pool.settle(queued, []).records == [{"text": "text d"}]
    finally:
        pool.close()


def test_cli_names_the_document_whose_worker_died_and_exits_1(tmp_path: Path, monkeypatch):
    import statemint.parallel

    real = statemint.parallel.records_for

    def records_for(document, options):
        if KILL in document.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(document, options)

    monkeypatch.setattr(statemint.parallel, "records_for", records_for)  # forked workers inherit it
    for index in range(4):
        (tmp_path / f"{index}.txt").write_text(KILL if index == 2 else SHORT, encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(tmp_path), "--workers", "2", "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"{tmp_path / '2.txt'}: failed: its worker process died" in result.stderr
    assert "4 documents read, 0 skipped, 1 failed" in result.stderr
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {str(tmp_path / f"{i}.txt") for i in (0, 1, 3)}


# --- data loss: the report file -------------------------------------------------------------------

def test_report_failing_to_write_keeps_the_old_file_whole(tmp_path: Path):
    import resource

    output = tmp_path / "report.html"
    output.write_text("OLD REPORT", encoding="utf-8")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run([sys.executable, "-m", "statemint", "report", str(SEED), "-o", str(output)],
                          capture_output=True, text=True, cwd=ROOT, preexec_fn=small_files, timeout=300)
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "file too large" in done.stderr
    one_line_error(done.stderr)
    assert output.read_text(encoding="utf-8") == "OLD REPORT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left


def test_report_refuses_to_write_over_an_input(tmp_path: Path):
    source = tmp_path / "in.txt"
    source.write_text(SHORT, encoding="utf-8")
    result = runner.invoke(app, ["report", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert source.read_text(encoding="utf-8") == SHORT
    inside = tmp_path / "notes.md"
    inside.write_text(SHORT, encoding="utf-8")
    assert runner.invoke(app, ["report", str(tmp_path), "-o", str(inside)]).exit_code == 2
    assert inside.read_text(encoding="utf-8") == SHORT


def test_report_that_read_nothing_leaves_the_old_report(tmp_path: Path):
    output = tmp_path / "report.html"
    output.write_text("OLD REPORT", encoding="utf-8")
    result = runner.invoke(app, ["report", str(tmp_path / "missing.txt"), "-o", str(output)])
    assert result.exit_code == 2
    assert "no document was read" in result.stderr
    assert output.read_text(encoding="utf-8") == "OLD REPORT"


def test_report_keys_texts_by_position_when_ids_repeat(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    first = "“Alpha words here,” Anna Berg said.\n"
    second = "“Bravo other words,” Carl Dorn said.\n"
    feed.write_text(json.dumps({"id": "same", "text": first}) + "\n" + json.dumps({"id": "same", "text": second})
                    + "\n", encoding="utf-8")
    output = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(feed), "-o", str(output)])
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert 'id="doc-0"' in page and 'id="doc-1"' in page
    doc0 = page[page.index('id="doc-0"'):page.index('id="doc-1"')]
    assert "Alpha" in doc0 and "Bravo" not in doc0
    assert result.stderr.count("used more than once") == 1


def test_duplicate_ids_keep_both_documents_and_warn_once(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": "same", "text": SHORT}) + "\n" for _ in range(3)), encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(feed), "--format", "jsonl"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3 * 2
    assert result.stderr.count("used more than once ('same')") == 1


# --- processes ------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _gone(pids: list[int], limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit  # a bound on waiting, not a timing assertion
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _idle_workers_run() -> tuple[subprocess.Popen, list[int]]:
    """`quotes --jsonl - --workers 2`, one document fed, workers started, the parent blocked on stdin."""
    process = subprocess.Popen([sys.executable, "-m", "statemint", "quotes", "--jsonl", "-", "--workers", "2",
                                "--format", "jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True)
    process.stdin.write(json.dumps({"text": SHORT}).encode() + b"\n")
    process.stdin.flush()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_children(process.pid)) < 2:
        time.sleep(0.1)
    _wait_until_reading_stdin(process.pid)
    workers = _children(process.pid)
    assert len(workers) >= 2
    return process, workers


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigterm_stops_the_run_like_ctrl_c_and_ends_the_workers():
    process, workers = _idle_workers_run()
    try:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143
    assert b"Traceback" not in stderr and b"statemint: terminated" in stderr
    assert _gone(workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_with_idle_workers_prints_no_worker_traceback():
    process, workers = _idle_workers_run()
    try:
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert b"Traceback" not in stderr and stderr.decode().strip() == "statemint: interrupted"
    assert _gone(workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_die_with_a_killed_parent():
    process, workers = _idle_workers_run()
    try:
        process.kill()  # SIGKILL: no handler runs in the parent
        process.communicate(timeout=60)
        assert _gone(workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_workers_are_capped_at_the_documents_and_the_cores(tmp_path: Path, monkeypatch):
    import statemint.io.batch

    used: list[int] = []
    real = statemint.io.batch.Batch.run

    def run(self, items, options, workers=1, *args, **kwargs):
        used.append(workers)
        return real(self, items, options, workers, *args, **kwargs)

    monkeypatch.setattr(statemint.io.batch.Batch, "run", run)
    paths = []
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(SHORT, encoding="utf-8")
        paths.append(str(tmp_path / f"{index}.txt"))
    result = runner.invoke(app, ["quotes", *paths, "--workers", "100", "--format", "jsonl"])
    assert result.exit_code == 0
    assert used == [3] and "--workers 100: using 3 (3 documents)" in result.stderr
    result = runner.invoke(app, ["quotes", str(tmp_path), "--workers", "1000", "--format", "jsonl"])
    cap = 4 * statemint.io.batch.cores()
    assert result.exit_code == 0 and used[-1] == cap
    assert f"--workers 1000: using {cap} (4 per core" in result.stderr


@pytest.mark.parametrize("value", ["0", "-3", "99999999999999999999"])
def test_absurd_worker_counts_are_one_usage_line(value: str):
    for command in (["quotes", str(SEED)], ["report", str(SEED), "-o", "-"], ["eval", "--gold", "tests/gold/seed.jsonl"]):
        result = runner.invoke(app, [*command, "--workers", value])
        assert result.exit_code == 2, (command, result.output)
        one_line_error(result.stderr)
        assert f"--workers {value}" in result.stderr


# --- resources ------------------------------------------------------------------------------------

def test_binary_is_sniffed_before_the_whole_file_is_read(tmp_path: Path, monkeypatch):
    path = tmp_path / "zeros.txt"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: NUL bytes that cost no disk
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        if self == path:
            real_read = handle.read

            class Counted:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    handle.close()

                def read(self, size=-1):
                    data = real_read(size)
                    reads.append(len(data))
                    return data

            return Counted()
        return handle

    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the whole file was read"))
    monkeypatch.setattr(Path, "open", counting_open)
    [item] = iter_documents([str(path)])
    assert isinstance(item, Skipped) and item.kind == "binary"
    assert sum(reads) <= 65536


@pytest.mark.parametrize("content", [
    '[[party]]\nid = "ZED"\nname = "Zed"\naliases = 5\n',
    '[[leader]]\nname = "Ann Zed"\nparty = ["US"]\n',
    "x = " + "[" * 5000 + "]" * 5000 + "\n",
    '[[party]]\nid = "ZED"\nname = "Zed"\naliases = ["(Zed)"]\n',
    '[[party]]\nid = "ZED"\nname = "Zed"\naliases = ["-Zed"]\n',
    '[[party]]\nid = "ZED"\nname = "Zed"\naliases = [""]\n',
    '[[leader]]\nname = "Ann Zed"\nparty = "US"\naliases = ["(Ann)"]\n',
    '[blockers]\nphrases = ["-no"]\n',
])
def test_bad_parties_files_are_one_usage_line(tmp_path: Path, content: str):
    path = tmp_path / "parties.toml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(SEED), "--parties", str(path), "--workers", "2", "-f", "jsonl"])
    assert result.exit_code == 2, result.output
    one_line_error(result.stderr)
    assert str(path) in result.stderr


def test_parties_and_gold_must_be_regular_files():
    for command in (["parties", "--parties", "/dev/zero"], ["eval", "--gold", "/dev/zero"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "not a regular file" in result.stderr
        one_line_error(result.stderr)


def test_gold_lines_must_be_objects_and_brat_offsets_non_negative(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("[1, 2]\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold)])
    assert result.exit_code == 2 and "not a JSON object" in result.stderr
    one_line_error(result.stderr)
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tContent -5 10\tx\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "a.ann")])
    assert result.exit_code == 2 and "negative offset" in result.stderr
    one_line_error(result.stderr)


def test_model_that_is_not_a_pipeline_is_one_usage_line(tmp_path: Path):
    import spacy

    folder = tmp_path / "model"
    spacy.blank("en").to_disk(folder)
    config = (folder / "config.cfg").read_text(encoding="utf-8")
    config = config.replace("pipeline = []", 'pipeline = ["zzz"]').replace(
        "[components]\n", '[components]\n\n[components.zzz]\nfactory = "no_such_factory"\n')
    (folder / "config.cfg").write_text(config, encoding="utf-8")
    for model in ("pip", str(folder), str(tmp_path)):
        result = runner.invoke(app, ["quotes", str(SEED), "--model", model])
        assert result.exit_code == 2, (model, result.output)
        one_line_error(result.stderr)
    assert "pip" not in {name.split(".")[0] for name in sys.modules if name == "pip" or name.startswith("pip.")}


# --- injection ------------------------------------------------------------------------------------

ESCAPES = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x9b2J"


def test_control_characters_are_visible_in_tables(tmp_path: Path):
    path = tmp_path / "doc.txt"
    path.write_text(f"Anna Berg said: “{ESCAPES} and more”.\n", encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(path), "--format", "table"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout


def test_control_characters_in_file_names_are_visible_on_stderr(tmp_path: Path):
    name = str(tmp_path / "evil\n\x1b[2Jstatemint: fake.txt")
    result = runner.invoke(app, ["quotes", name, "--format", "jsonl"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr and "evil\\n" in result.stderr
    one_line_error(result.stderr)
    assert len(result.stderr.strip().splitlines()) == 2  # the skip and the summary


def test_markup_in_quotes_ids_and_holders_is_shown_not_applied(tmp_path: Path):
    for index in range(2):
        (tmp_path / f"{index}.txt").write_text("Anna Berg said: “\\[/x] closing [/x] and [bold]”.\n", encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(tmp_path), "--format", "table"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\\[/x] closing [/x] and [bold]") == 2
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "[/x]", "holder": "[/y]", "text": "We condemn the United States.\n"}) + "\n",
                    encoding="utf-8")
    for by in ("doc", "holder"):
        result = runner.invoke(app, ["stance", str(feed), "--by", by, "--format", "table"], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        assert ("[/x]" if by == "doc" else "[/y]") in result.stdout


def test_json_escapes_unicode_line_separators(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a\u2028b\u2029c\u0085d", "text": SHORT}) + "\n", encoding="utf-8")
    for fmt in ("json", "jsonl"):
        result = runner.invoke(app, ["quotes", str(path), "--format", fmt])
        assert result.exit_code == 0
        assert not {"\u2028", "\u2029", "\u0085"} & set(result.stdout)
        assert '"a\\u2028b\\u2029c\\u0085d"' in result.stdout
        records = json.loads(result.stdout) if fmt == "json" else [json.loads(l) for l in result.stdout.splitlines()]
        assert records


def test_eval_json_escapes_unicode_line_separators(tmp_path: Path):
    # --details names each document: here one whose file name holds a line separator.
    (tmp_path / "a\u2028b.txt").write_text("Anna Berg said: \u201cWe will not back down.\u201d", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a\u2028b.txt", "quotes": [{"text": "We will not back down.", "kind": "direct",
                                                            "speaker": "Anna Berg"}]}) + "\n", encoding="utf-8")
    for fmt in ("json", "jsonl"):
        result = subprocess.run([sys.executable, "-m", "statemint", "eval", "--gold", str(gold), "--root", str(tmp_path),
                                 "--format", fmt, "--details", "--workers", "1"], capture_output=True, text=True,
                                encoding="utf-8", timeout=300)
        assert result.returncode == 0, result.stderr
        assert "\u2028" not in result.stdout, result.stdout[result.stdout.find("\u2028") - 300:][:400]
        assert "\\u2028" in result.stdout
        assert json.loads(result.stdout)["documents"] == 1


def test_csv_cells_that_look_like_formulas_are_prefixed(tmp_path: Path):
    import csv
    import io

    path = tmp_path / "doc.txt"
    path.write_text("Anna Berg said: “=HYPERLINK(1)”. Carl Dorn said: “+1 more”. Anna Berg said: “-2 less”. "
                    "Carl Dorn said: “@SUM(A1)”.\n", encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    texts = [row["text"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert texts and all(text.startswith("'") for text in texts), texts
    assert "'=HYPERLINK(1)" in texts
    starts = [row["start"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert all(value.isdigit() for value in starts)


# --- errors that are one line ---------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stdout_is_cannot_write_output():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "statemint", "quotes", str(SEED), "-f", "jsonl"],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip() == "statemint: cannot write output: no space left on device"


def test_closed_stdin_is_one_line():
    done = subprocess.run([sys.executable, "-m", "statemint", "quotes", "-", "-f", "jsonl"], capture_output=False,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=300,
                          preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert "standard input is closed" in done.stderr
    one_line_error(done.stderr)


def test_a_path_name_too_long_is_one_line():
    for command in (["quotes", "a" * 5000], ["report", "a" * 5000, "-o", "-"], ["quotes", "d/" * 3000 + "x.txt"],
                    ["report", str(SEED), "-o", "a" * 5000]):
        result = runner.invoke(app, [*command, "-f", "jsonl"] if command[0] == "quotes" else command)
        assert result.exit_code == 2, (command[0], result.output[:300])
        one_line_error(result.stderr)


def _worker_signals(document, options):
    return (sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])), signal.getsignal(signal.SIGINT))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signal masks")
def test_stop_signals_are_held_while_forking_and_released_in_the_worker():
    # A Ctrl-C that reaches a worker forked a moment ago must wait until its handlers are set (else
    # KeyboardInterrupt escapes Python's after-fork hooks as a traceback): held in the parent around
    # the fork, released in the worker once it ignores SIGINT.
    from statemint.workers import Pool, stop_signals_blocked

    with stop_signals_blocked():
        held = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert {signal.SIGINT, signal.SIGTERM} <= held
    assert not {signal.SIGINT, signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, [])
    pool = Pool(1, (Options(),), None, lambda document, why: None)
    try:
        blocked, handler = pool.settle(pool.submit(_worker_signals, Document("d", "x")), [])
    finally:
        pool.close()
    assert int(signal.SIGINT) not in blocked and int(signal.SIGTERM) not in blocked
    assert handler == signal.SIG_IGN
