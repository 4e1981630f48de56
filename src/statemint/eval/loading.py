"""Gold in either format: statemint JSON Lines (eval.gold) or brat standoff (eval.brat)."""

from __future__ import annotations

from pathlib import Path

from statemint.eval.brat import load_brat
from statemint.eval.gold import GoldDocument, load_gold, read_jsonl


def load_any_gold(path: Path, root: Path | None = None, format: str = "auto") -> list[GoldDocument]:
    """Gold from statemint JSON Lines (a .jsonl file) or brat standoff (a .ann file, or a folder of
    .txt/.ann pairs). JSON Lines `doc` paths are relative to `root` (default: the current directory,
    else the gold file's folder)."""
    if format == "auto":
        format = "brat" if path.is_dir() or path.suffix.lower() == ".ann" else "jsonl"
    if format == "brat":
        return load_brat(path)
    if format != "jsonl":
        raise ValueError(f"unknown gold format {format!r}; use jsonl or brat")
    if root is None:
        root = Path.cwd()
        first = next((record.get("doc") for record in read_jsonl(path) if isinstance(record.get("doc"), str)), None)
        if first is not None and not (root / first).exists() and (path.parent / first).exists():
            root = path.parent
    return load_gold(path, root)


