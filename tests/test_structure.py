"""The layout stays readable: no import circle between statemint's modules, no module over 450 lines,
no class over 250 lines, and no function over 80 lines unless a `# long: <reason>` comment on the
line of its `def` (or the line above) says why (issue 11)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "statemint"
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 450, 250, 80


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """statemint modules this one imports, at module level or inside functions (TYPE_CHECKING excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("statemint"):
                found.add(target)
    return found


def test_no_import_circle():
    known = modules()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    # A package's __init__ re-exporting its own modules is not a circle through the package.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (name.startswith(t + ".") and (known[t].name == "__init__.py"))}
    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not circles, "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def _long_reason(lines: list[str], node: ast.AST) -> bool:
    """A `# long:` comment on the def line or in the comment block right above it (or its decorators)."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
    if "# long:" in lines[node.lineno - 1]:
        return True
    above = first - 1
    while above >= 0 and lines[above].strip().startswith("#"):
        if "# long:" in lines[above]:
            return True
        above -= 1
    return False


def test_sizes():
    problems = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        if len(lines) > MAX_MODULE:
            problems.append(f"{name}: {len(lines)} lines (max {MAX_MODULE})")
        for node in ast.walk(ast.parse(source)):
            size = (node.end_lineno or node.lineno) - node.lineno + 1 if hasattr(node, "lineno") else 0
            if isinstance(node, ast.ClassDef) and size > MAX_CLASS:
                problems.append(f"{name}.{node.name}: class of {size} lines (max {MAX_CLASS})")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and size > MAX_FUNCTION \
                    and not _long_reason(lines, node):
                problems.append(f"{name}.{node.name}: function of {size} lines (max {MAX_FUNCTION} without '# long:')")
    assert not problems, "\n".join(problems)
