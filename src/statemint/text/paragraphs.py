"""Paragraphs: the units the pipeline parses, one at a time, in every mode (no spaCy here).

A paragraph ends at a blank line, after sentence-final punctuation (or a closing quotation mark) or
after a short line (a heading, a dateline); a hard-wrapped line that stops mid-sentence runs on. Long
paragraphs (over LONG_LINE_PIECE characters) are cut at white space, so one 50 MB line is parsed in
pieces too. The pipeline cuts the layout text (text.wrapping.layout_text), where the wrap breaks of a
hard-wrapped document are spaces already; the mid-sentence rule is for the line breaks it leaves.
"""

from __future__ import annotations

import bisect
import re

WHITESPACE_RUN = re.compile(r"\s+")


LONG_LINE_PIECE = 50_000  # a paragraph this long is not prose layout; parse it in pieces this size


SHORT_LINE = 40           # a line shorter than this is a heading or a dateline: it ends a paragraph


SENTENCE_END = set(".!?:;…\"”’»)]")


PARAGRAPH_BREAK = re.compile(r"[^\S\n]*\n\s*")


# --------------------------------------------------------------------------- paragraphs
def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph with its trailing whitespace run; the ranges tile the text.

    A paragraph ends at a line break after a blank line, after sentence-final punctuation (or a
    closing quotation mark), or after a short line (a heading, a dateline); a hard-wrapped line that
    stops mid-sentence runs on into the next. A boundary sits after a whole whitespace run that holds
    a newline, which is always a token boundary for spaCy's tokenizer (a whitespace run is one token),
    so paragraphs tokenise as the whole does. Paragraphs are the units the pipeline parses, one at a
    time, in every mode.
    """
    bounds: list[tuple[int, int]] = []
    position = 0
    line_start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if match.end() >= len(text):
            break
        line = text[line_start:match.start()]
        line_start = match.end()
        if match.group().count("\n") < 2 and len(line) >= SHORT_LINE and line.rstrip()[-1:] not in SENTENCE_END:
            continue  # a wrapped line: the sentence goes on
        bounds.append((position, match.end()))
        position = match.end()
    if position < len(text) or not bounds:
        bounds.append((position, len(text)))
    return _split_long(text, bounds)


def _split_long(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut lines longer than LONG_LINE_PIECE after a white-space run (a token boundary), so that one
    50 MB line is parsed in pieces too. (`text.prepare.parse_text` guarantees white space in long runs.)"""
    limit = LONG_LINE_PIECE
    if all(end - start <= limit for start, end in bounds):
        return bounds
    result: list[tuple[int, int]] = []
    for start, end in bounds:
        while end - start > limit:
            cut = None
            for match in WHITESPACE_RUN.finditer(text, start + limit // 2, start + limit):
                cut = match.end()
            if cut is None or cut >= end:
                break
            result.append((start, cut))
            start = cut
        result.append((start, end))
    return result


def paragraph_of(starts: list[int], offset: int) -> int:
    """The index of the paragraph (by start offsets, sorted) that holds `offset`."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


