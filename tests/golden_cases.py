"""The golden cases: a command line, its inputs, and the file its JSON output must equal byte for byte.

The seed's quotes, statements and stances are the files in examples/ (so the examples stay current);
the others live in tests/golden/. `tools/refresh_golden.py` rewrites them when output is meant to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/000_13e5bbda91499c74.txt"
TEXTS = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests" / "texts").glob("*.txt"))
UNGDC_TEXTS = [path for path in TEXTS if "_ungdc_" in path]  # the UN speeches, where a holder speaks throughout
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Case:
    name: str
    arguments: tuple[str, ...]
    expected: Path


CASES = (
    Case("seed quotes", ("quotes", SEED), EXAMPLES / "seed_quotes.json"),
    Case("seed statements", ("statements", SEED), EXAMPLES / "seed_statements.json"),
    Case("seed statements --all", ("statements", "--all", SEED), GOLDEN / "seed_statements_all.json"),
    Case("seed stance", ("stance", SEED), EXAMPLES / "seed_stance.json"),
    Case("seed stance --party US", ("stance", "--party", "US", SEED), GOLDEN / "seed_stance_us.json"),
    Case("texts quotes", ("quotes", *TEXTS), GOLDEN / "texts_quotes.json"),
    Case("texts statements --all", ("statements", "--all", *TEXTS), GOLDEN / "texts_statements_all.json"),
    Case("texts stance", ("stance", *TEXTS), GOLDEN / "texts_stance.json"),
    Case("texts stance --holder", ("stance", "--holder", "Netherlands", *UNGDC_TEXTS), GOLDEN / "texts_stance_holder.json"),
)


def run_case(case: Case) -> str:
    """The command's JSON output, run in this process from the repository root (paths as given)."""
    from statemint.cli import app

    result = CliRunner().invoke(app, [*case.arguments, "--format", "json", "--workers", "1", "--quiet"])
    if result.exit_code != 0:
        raise AssertionError(f"{case.name}: exit {result.exit_code}: {result.output[-2000:]}")
    return result.stdout
