"""statemint: who said what in diplomatic text, and where they stand.

The library is importable without spaCy; the pipeline is loaded on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

from statemint.api import Analysis, analyze  # noqa: E402

__all__ = ["Analysis", "analyze", "__version__"]
