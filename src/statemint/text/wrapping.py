"""Hard-wrapped lines (PDF, e-mail, Project Gutenberg, UN documents): which line breaks are not
paragraph ends, and the text with those breaks read as spaces (same length, so offsets hold).

A quotation, a sentence or a paragraph that runs over a wrap break must be read as if the break were a
space: quotation marks pair within a paragraph, and spaCy makes a line break a token of its own, which
cuts sentences and parses. No spaCy here.
"""

from __future__ import annotations

import re

MAX_WIDTH = 120      # lines longer than this are not wrapped lines: news with one paragraph per line


NEAR_WIDTH = 20      # a filled line is less than this much shorter than the width (a word did not fit)


WRAPPED_SHARE = 0.6  # share of the long lines (inner lines within 2 * NEAR_WIDTH of the width, and every
                     # line over it) that must lie in the band of NEAR_WIDTH lengths under the width


MIN_FILLED = 3       # and at least this many: two long lines are not evidence of a wrap width


FILLED_SHARE = 0.5   # share of the band's lines whose next word would not have fitted (a greedy wrapper's)


OPEN_SHARE = 0.5     # share of the band's lines that must stop inside a sentence (a wrap falls between
                     # any two words; one sentence or paragraph per line ends every line with its stop)


# One match per line: its indent, its first word (a no-break space joins words: wrappers keep them
# together) and the rest up to its last visible character (trailing white space and a CR left out).
LINE = re.compile(r"([^\S\n]*)(\S*(?:[\u00a0\u202f\u2007]\S+)*)((?:[^\n]*\S)?)[^\S\n]*(?:\n|\Z)")
CRLF = re.compile("\r+\n")
LIST_ITEM = re.compile(r"[^\S\n]*(?:[-*•▪·‣>]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])(?:\s|$)")
SENTENCE_END = frozenset(".!?:;…\"”’»)]")


# A line: (start, end after its last visible character (== start when blank), indent, first word's length).
# Plain tuples: this runs on every text, and a NamedTuple costs more to build than the regex to match.
Line = tuple[int, int, int, int]


def _lines(text: str) -> list[Line]:
    """Every line of the text, the one after the last "\\n" too (one regex pass, each match a whole line)."""
    return [(match.start(), match.end(3) if match.end(2) > match.start(2) else match.start(),
             match.end(1) - match.start(), match.end(2) - match.start(2)) for match in LINE.finditer(text)]


def _inner_lines(text: str, lines: list[Line]) -> list[tuple[int, int, bool]]:
    """(length, length of the next line's first word, stops inside a sentence) of each inner line: a
    non-blank line followed by another non-blank line."""
    return [(end - start, word, text[end - 1] not in SENTENCE_END)
            for (start, end, _, _), (next_start, next_end, _, word) in zip(lines, lines[1:])
            if end > start and next_end > next_start]


def wrap_width(text: str, lines: list[Line] | None = None) -> int | None:
    """The width a document is hard-wrapped at, or None when it is not hard-wrapped.

    Only inner lines count (a paragraph's last line and one-line paragraphs say nothing). A greedy
    wrapper fills each inner line until the next word would not fit, so their lengths crowd just under
    the width; news with one paragraph per line has lengths spread over hundreds of characters. The width
    is the top of the NEAR_WIDTH-wide band of lengths that holds the most inner lines. The document is
    wrapped when that band holds at least MIN_FILLED lines and WRAPPED_SHARE of the long lines: the inner
    lines within 2 * NEAR_WIDTH of the width and every line over it (a wrapped document has next to none;
    one-line paragraphs of news run over it; headers, signatures and address blocks are short and say
    nothing), and of the band's lines at least FILLED_SHARE are filled (the next word would not have
    fitted: not so in a poem or an address block, whose short lines vary) and OPEN_SHARE stop inside a
    sentence (one sentence per line stops at every line end).
    """
    lines = _lines(text) if lines is None else lines
    inner = _inner_lines(text, lines)
    counts = [0] * (MAX_WIDTH + 1)  # inner lines by length
    for length, _, _ in inner:
        if length <= MAX_WIDTH:
            counts[length] += 1
    best, width = 0, 0
    band = sum(counts[:NEAR_WIDTH])
    for top in range(NEAR_WIDTH, MAX_WIDTH + 1):
        band += counts[top] - counts[top - NEAR_WIDTH]  # the lengths top - NEAR_WIDTH + 1 .. top
        if counts[top] and band >= best:
            best, width = band, top
    longer = sum(1 for start, end, _, _ in lines if end - start > width)
    in_band = [(length, word, stops_inside) for length, word, stops_inside in inner
               if width - NEAR_WIDTH < length <= width]
    filled = sum(1 for length, word, _ in in_band if length + 1 + word > width)
    stopping_inside = sum(1 for _, _, stops_inside in in_band if stops_inside)
    shorter = sum(1 for length, _, _ in inner if width - 2 * NEAR_WIDTH < length <= width - NEAR_WIDTH)
    if best < MIN_FILLED or best < WRAPPED_SHARE * (best + shorter + longer):
        return None
    if filled < FILLED_SHARE * best or stopping_inside < OPEN_SHARE * best:
        return None
    return width


def wrap_breaks(text: str) -> list[int]:
    """Offsets of the "\\n"s of `text` that are hard wraps inside a paragraph, not paragraph ends.

    In a wrapped document (`wrap_width`), a break is a wrap when the line before it is filled: the first
    word of the next line would not have fitted within the width (what a greedy wrapper does), or the
    line is within NEAR_WIDTH of the width and stops inside a sentence before a lower-case word. It is a
    paragraph end at a blank line, before a list item or a bullet, and before a line indented deeper than
    the one before (a paragraph's first-line indent, a block quote). Lines over MAX_WIDTH characters are
    never wrapped lines, so one-paragraph-per-line news is left alone.
    """
    if "\n" not in text:
        return []
    lines = _lines(text)
    width = wrap_width(text, lines)
    if width is None:
        return []
    breaks = []
    for (start, end, indent, _), (next_start, next_end, next_indent, word) in zip(lines, lines[1:]):
        length = end - start
        if length == 0 or length > width:
            continue
        if next_end == next_start or next_indent > indent:
            continue  # a blank line, or a deeper indent: a new paragraph or a block quote
        stop = text[end - 1] in SENTENCE_END
        if stop and LIST_ITEM.match(text, next_start, next_end):
            continue  # "… as follows:¶1. …", "…;¶- …" (an initial, "George¶W. Bush", runs on)
        filled = length + 1 + word > width
        lower = text[next_start + next_indent:next_start + next_indent + 1].islower()
        if filled or (length > width - NEAR_WIDTH and not stop and lower):
            breaks.append(next_start - 1)
    return breaks


def layout_text(text: str) -> str:
    """The text as paragraphs, quotation marks and the parser should read it: every hard-wrap break
    (`wrap_breaks`, with a CR before it) a space, and every other CRLF a LF and a space, so CRLF text
    reads as LF text. Same length: offsets hold, and records take their text from the original."""
    breaks = wrap_breaks(text)
    if breaks:
        pieces = []
        previous = 0
        for position in breaks:
            low = position
            while low > previous and text[low - 1] == "\r":
                low -= 1
            pieces.append(text[previous:low])
            pieces.append(" " * (position + 1 - low))
            previous = position + 1
        pieces.append(text[previous:])
        text = "".join(pieces)
    if "\r\n" in text:
        # The break moves to where the CR was: "this.”\r\n" reads "this.”\n " as "this.”\n" does (the
        # closing mark keeps no trailing space), and the break is where the scanner always saw it.
        text = CRLF.sub(lambda match: "\n" + " " * (len(match.group()) - 1), text)
    return text
