"""Text from documents and file names made safe for a terminal: control characters shown, not obeyed.

A document or a file name can hold terminal escape sequences (colours, `ESC]0;` window titles, OSC 8
hyperlinks), carriage returns that overwrite a line, or newlines that forge a second message. Every
C0 and C1 control character (and DEL) becomes a visible escape such as `\\x1b` in table cells and in
the one-line messages on stderr; rich markup in such text is escaped so it is shown, never applied.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _shown(match: re.Match[str]) -> str:
    character = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(character, f"\\x{ord(character):02x}")


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\n`)."""
    pattern = _CONTROLS_BUT_LINES if keep_newlines else _CONTROLS
    return pattern.sub(_shown, text) if pattern.search(text) else text


def message(text: str) -> str:
    """One stderr line: `statemint: ` and the text, on one line whatever the text holds."""
    return "statemint: " + visible(text)


def cell(value: object, keep_newlines: bool = False) -> str:
    """A value from a record ready for a rich table cell: controls visible, markup escaped."""
    from rich.markup import escape

    return escape(visible(str(value), keep_newlines))
