"""The command line as users meet it: formats, stdin, folders, JSON Lines, exit codes, help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.cli import app
from tests.conftest import SEED

runner = CliRunner()

SHORT = "“We will not back down,” the minister said. Anna Berg later said that “talks are over”.\n"


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version_and_help_do_not_need_spacy():
    code = ("import sys, statemint.cli as c; sys.argv=['statemint','--version'];\n"
            "try:\n c.main()\nexcept SystemExit: pass\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["statemint 0.1.0", "False"]


@pytest.mark.parametrize("command", ["quotes", "statements"])
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "--format" in result.output and len(result.output.splitlines()) > 5


def test_quotes_json_on_seed_has_exact_offsets():
    result = invoke("quotes", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    text = SEED.read_text(encoding="utf-8")
    assert len(records) >= 16
    for record in records:
        assert record["doc"] == str(SEED)
        assert text[record["start"]:record["end"]] == record["text"]
        if record["cue"]:
            assert text[record["cue"]["start"]:record["cue"]["end"]] == record["cue"]["text"]
        if record["speaker"] and record["speaker"]["mention"]:
            mention = record["speaker"]["mention"]
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_stdin_jsonl_and_csv():
    result = invoke("quotes", "-", "--format", "jsonl", input=SHORT)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in lines] == ["We will not back down,", "talks are over"]
    assert all(r["doc"] == "-" for r in lines)
    result = invoke("quotes", "-", "--format", "csv", input=SHORT)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"] == "We will not back down," and "speaker.name" in rows[0]


def test_folder_and_jsonl_inputs(tmp_path: Path):
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("“Peace is possible,” said the envoy.\n", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "x1", "text": "The Kremlin said: “No comment.”"}) + "\n", encoding="utf-8")
    result = invoke("quotes", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    assert set(docs) == {str(tmp_path / "a.txt"), "x1"}  # b.md is a note, not a document, unless included


def test_folders_read_txt_and_jsonl_unless_include_or_exclude_say_otherwise(tmp_path: Path):
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "README.md").write_text("“Not a document,” said the maintainer.\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "c.txt").write_text(SHORT, encoding="utf-8")

    def docs(*args: str) -> set[str]:
        result = invoke("quotes", *args, "--format", "jsonl")
        assert result.exit_code == 0, result.output
        return {json.loads(line)["doc"] for line in result.stdout.splitlines()}

    folder = str(tmp_path)
    assert docs(folder) == {f"{folder}/a.txt", f"{folder}/drafts/c.txt"}
    assert docs(folder, "--exclude", "drafts/*") == {f"{folder}/a.txt"}
    assert docs(folder, "--include", "*.md") == {f"{folder}/README.md"}
    assert docs(str(tmp_path / "README.md")) == {f"{folder}/README.md"}  # a file named is always read


def test_missing_file_is_reported_and_others_still_run(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(SHORT, encoding="utf-8")
    result = invoke("quotes", str(tmp_path / "nope.txt"), str(good), "--format", "jsonl")
    assert result.exit_code == 2
    assert "nope.txt: skipped: no such file" in result.stderr
    assert "1 document read, 1 skipped" in result.stderr
    assert len(result.stdout.splitlines()) == 2
    assert "Traceback" not in result.stderr


def test_bad_format_and_bad_date_are_usage_errors():
    result = invoke("quotes", str(SEED), "--format", "xml")
    assert result.exit_code == 2
    result = subprocess.run([sys.executable, "-m", "statemint", "quotes", str(SEED), "--date", "yesterday"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.startswith("statemint: --date") and "Traceback" not in result.stderr


def test_unknown_model_is_one_line_exit_2():
    result = subprocess.run([sys.executable, "-m", "statemint", "quotes", str(SEED), "--model", "xx_no_such_model"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not installed" in result.stderr


def test_bad_jsonl_line_names_the_line(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "ok", "text": "“Yes,” she said."}\n{broken\n{"id": "n", "text": 3}\n', encoding="utf-8")
    result = invoke("quotes", str(path), "--format", "jsonl")
    assert result.exit_code == 2
    assert "line 2 is not valid JSON" in result.stderr and "\"text\" that is not a string" in result.stderr
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["ok"]


def test_empty_input_gives_no_records_exit_0(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n", encoding="utf-8")
    result = invoke("quotes", str(path), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_table_output_names_speakers():
    result = invoke("quotes", str(SEED), "--format", "table")
    assert result.exit_code == 0
    assert "Jens Stoltenberg" in result.stdout and "Joe Biden" in result.stdout


def test_statements_all_adds_narrative():
    plain = invoke("statements", str(SEED), "--format", "json")
    every = invoke("statements", str(SEED), "--format", "json", "--all")
    kinds_plain = {r["kind"] for r in json.loads(plain.stdout)}
    kinds_all = {r["kind"] for r in json.loads(every.stdout)}
    assert "narrative" not in kinds_plain and "narrative" in kinds_all
    assert {"direct", "partial", "indirect"} <= kinds_plain


def test_closed_pipe_exits_quietly():
    command = (f"{sys.executable} -m statemint quotes {SEED} {SEED} {SEED} --format jsonl | head -1")
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True, text=True)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
