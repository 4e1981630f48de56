"""Byte-for-byte regression guard: the JSON of quotes, statements --all and stance on the seed and the
test texts equals the files in the repository (tests/golden_cases.py lists them). A refactor must not
change one byte; a change meant to alter output refreshes them with tools/refresh_golden.py and a diff
read record by record."""

from __future__ import annotations

import difflib

import pytest

from tests.golden_cases import CASES, ROOT, run_case


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_output_is_unchanged(case, monkeypatch):
    monkeypatch.chdir(ROOT)
    output = run_case(case)
    expected = case.expected.read_text(encoding="utf-8")
    if output != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), output.splitlines(True),
                                                 str(case.expected.relative_to(ROOT)), "now", n=0))[:40])
        pytest.fail(f"{case.name}: output differs from {case.expected.relative_to(ROOT)}:\n{diff}")
