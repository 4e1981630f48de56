"""Parse modes: which records the caller needs, and so which paragraphs the pipeline must parse."""

from __future__ import annotations

from enum import Enum


class ParseMode(str, Enum):
    """`full` parses every paragraph; the others only those their records can come from, with the
    same records as `full` (statemint.pipeline.selection). A str, so "quotes" is ParseMode.QUOTES."""

    FULL = "full"
    QUOTES = "quotes"
    STATEMENTS = "statements"
    STANCE = "stance"

    @classmethod
    def of(cls, value: "str | ParseMode") -> "ParseMode":
        """The mode a value names; a ValueError that lists the modes for any other value."""
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"unknown parse mode {value!r}; use one of {', '.join(m.value for m in cls)}") from None
