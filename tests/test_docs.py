"""The README is a promise: every `statemint …` command it shows runs, and every command has help."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.cli import app
from tests.conftest import ROOT, SEED

COMMANDS = ["quotes", "statements", "stance", "parties", "report", "eval"]


def readme_commands() -> list[str]:
    lines = []
    in_code = False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        stripped = line.strip()
        if in_code and re.match(r"^(\$ )?statemint \w", stripped):
            command = stripped.removeprefix("$ ")
            command = re.split(r"\s+\|\s+|\s+#\s", command)[0]  # the statemint part of a pipe, no comment
            lines.append(command)
    return lines


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and len(result.output.splitlines()) > 4


def test_readme_shows_commands():
    shown = {command.split()[1] for command in readme_commands()}
    assert {"quotes", "statements", "stance", "report", "eval"} <= shown


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_runs(command, tmp_path: Path):
    words = shlex.split(command.replace("$S", str(SEED)))[1:]
    made = [w for w in words if w.endswith("ungdc.jsonl")]
    if made:  # made by examples/corpus_to_jsonl.py from the corpus; a small stand-in here
        stand_in = tmp_path / "ungdc.jsonl"
        stand_in.write_text('{"id": "CUB_78_2023.txt", "holder": "CUB", "text": "We condemn the blockade imposed by the United States."}\n',
                            encoding="utf-8")
        words[words.index(made[0])] = str(stand_in)
    if "-o" in words:
        position = words.index("-o") + 1
        words[position] = str(tmp_path / Path(words[position]).name)
    words = [str(ROOT / w) if (ROOT / w).exists() and not Path(w).is_absolute() else w for w in words]
    result = CliRunner().invoke(app, words)
    assert result.exit_code == 0, (command, result.output[-2000:])
