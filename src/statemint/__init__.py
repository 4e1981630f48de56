"""statemint: who said what in diplomatic text, and where they stand.

The library is importable without spaCy: `analyze` and `Analysis` (statemint.api) are loaded on first
use, so `statemint --help` and `import statemint` stay fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Analysis", "analyze", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("Analysis", "analyze"):
        from statemint import api

        return getattr(api, name)
    raise AttributeError(f"module 'statemint' has no attribute {name!r}")
