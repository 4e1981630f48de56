"""The per-document function and its runners: local processes and Dask give one process's output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from statemint.io.inputs import Document, Skipped
from statemint.parallel import Options, Result, process_document, run_dask, run_local
from statemint.io.render import JsonLinesWriter

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "tests" / "texts").glob("*.txt"))


def _documents(count: int) -> list:
    items: list = [Document(path.name, path.read_text(encoding="utf-8")) for path in TEXTS[:count]]
    items.insert(1, Skipped("missing.txt", "no such file or directory"))
    return items


def _jsonl(results) -> str:
    stream = io.StringIO()
    writer = JsonLinesWriter(stream)
    for result in results:
        if isinstance(result, Result):
            writer.write(result.doc_id, result.records)
    return stream.getvalue()


def test_process_document_returns_records():
    result = process_document(Document("a", TEXTS[0].read_text(encoding="utf-8")), Options("quotes"))
    assert result.doc_id == "a" and result.error is None
    assert result.records and all(record["doc"] == "a" for record in result.records)
    assert result.words > 100


def test_process_document_reports_a_failing_document(monkeypatch):
    import statemint.parallel as parallel

    def broken(document, options):
        raise RuntimeError("boom")

    monkeypatch.setattr(parallel, "records_for", broken)
    result = process_document(Document("a", "text"), Options("quotes"))
    assert result.records is None and "boom" in result.error


def test_two_workers_keep_input_order_and_output():
    items = _documents(5)
    one = list(run_local(iter(items), Options("statements"), workers=1))
    two = list(run_local(iter(items), Options("statements"), workers=2))
    assert [getattr(r, "doc_id", getattr(r, "id", None)) for r in two] == \
        [getattr(r, "doc_id", getattr(r, "id", None)) for r in one]
    assert isinstance(two[1], Skipped)
    assert _jsonl(two) == _jsonl(one)


def test_full_parse_option_gives_the_same_records():
    items = _documents(3)
    fast = _jsonl(run_local(iter(items), Options("quotes"), workers=1))
    full = _jsonl(run_local(iter(items), Options("quotes", full_parse=True), workers=1))
    assert fast == full


def test_dask_local_cluster_matches_local_run():
    pytest.importorskip("dask.distributed")
    items = _documents(3)
    local = _jsonl(run_local(iter(items), Options("quotes"), workers=1))
    on_dask = list(run_dask(iter(items), Options("quotes"), None, workers=1, processes=False))
    assert isinstance(on_dask[1], Skipped)
    assert _jsonl(on_dask) == local
    assert [json.loads(line)["doc"] for line in local.splitlines()][0] == TEXTS[0].name


def test_cli_workers_and_full_parse(tmp_path):
    from typer.testing import CliRunner

    from statemint.cli import app

    for path in TEXTS[:3]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    base = ["quotes", str(tmp_path), "--format", "jsonl", "--quiet"]
    one = runner.invoke(app, base + ["--workers", "1"])
    two = runner.invoke(app, base + ["--workers", "2"])
    full = runner.invoke(app, base + ["--workers", "1", "--full-parse"])
    assert one.exit_code == 0, one.output
    assert one.stdout == two.stdout == full.stdout
    assert len(one.stdout.splitlines()) > 10
