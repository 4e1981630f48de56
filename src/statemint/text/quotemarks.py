"""Find quotation spans in raw text: pair marks of every style, tell apostrophes from single quotes, and
recover the unbalanced and multi-paragraph quotes of messy (often machine-translated) news. Pure text, no spaCy.

Rules, in the order they are applied within each paragraph (any line break ends a paragraph: ``\\n``,
``\\r\\n``, a lone ``\\r``, and the other characters ``str.splitlines`` breaks on; the pipeline scans
``text.wrapping.layout_text``, where a hard-wrap line break is a space, so a wrapped quote keeps its lines):

1. **Single quotes** (``'`` ``‘`` ``’`` ``‚`` ``‛``) are resolved first, on their own. Apostrophes are never
   quote marks: inside a word (``Russia's``, ``don't``, ``Xi’s``, ``o'clock``), elisions (``'n'``, ``'em``,
   ``'til``...) and decades (``'90s``). A word-final ``s'`` followed by a space or punctuation is a
   possessive (``armies’ joint``) unless a single quote is already open in the paragraph. Otherwise a
   plausible opener (after start, space, open bracket, dash or another quote mark; before a letter or
   digit) pairs with the next plausible closer (after a non-space; before space, punctuation or the end),
   stack-wise. A single quote that finds no partner in its paragraph is not a quote mark at all.
2. **Double and bracket-like marks** go through one stack, so inner quotes of any style never end the
   outer one and only outermost spans are returned. ``“ ” „ ‟ "`` can close each other (``„…“`` and
   ``„…”`` are German and Polish; ``“…"`` is sloppy typing); ``« »``, ``‹ ›``, ``「 」``, ``『 』`` pair
   only with their own partner (``»…«`` and ``”…”`` are accepted when the first one is in opener position).
   A straight ``"`` is an opener before a non-space after start/space/bracket/dash, otherwise it closes
   the nearest open double quote; with nothing open and no clear position it toggles open, and after a
   digit (``21"``) it is an inch mark and ignored.
3. **A closer with no opener** (a stray ``”``, ``»``, ``」``...; ignored when it has spaces on both sides,
   as in ``Home » News``): if a quote is open, it is absorbed and the outermost span is marked
   ``recovered="merged"``. Otherwise, if the previous span of the paragraph ended with no quotation mark
   between it and the stray closer, that span is extended to the stray closer (``"merged"``; the first
   closer then sits inside the content, as in the seed's Xi Jinping readout). Otherwise a span is
   ``"unopened"``: it starts at the sentence containing the closer (after the last ``. ! ?`` followed by
   a space, or the paragraph start, never before the previous quotation mark).
4. **An opener never closed** runs to the end of its paragraph (trailing spaces excluded). If the next
   non-blank paragraph starts with the same opening mark, this is the journalistic multi-paragraph
   convention: the span is not marked recovered, and the next paragraph's span gets ``continues=True``.
   Otherwise it is ``recovered="unclosed"``.

Content is trimmed of surrounding whitespace in every style (``«  text  »`` gives ``text``) and empty
quotes are skipped. Offsets index the original string; the text is never normalised. The scan is linear
in the length of the text (every stack entry is pushed and popped once, backward searches never cross
an earlier quotation mark) and never raises on a ``str``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "QUOTE_CHARS",
    "MERGED",
    "UNCLOSED",
    "UNOPENED",
    "QuoteSpan",
    "Recovery",
    "is_apostrophe",
    "scan_quotes",
]

Recovery = Literal["unopened", "unclosed", "merged"]
UNOPENED: Recovery = "unopened"
UNCLOSED: Recovery = "unclosed"
MERGED: Recovery = "merged"

SINGLE_QUOTE_CHARS = frozenset("'‘’‚‛")
DOUBLE_QUOTE_CHARS = frozenset('"“”„‟«»‹›「」『』')
QUOTE_CHARS: frozenset[str] = SINGLE_QUOTE_CHARS | DOUBLE_QUOTE_CHARS

# Characters that can be an apostrophe; ‘ is included because autocorrect writes ‘90s.
_APOSTROPHE_CHARS = frozenset("'’‘")
# The low and reversed single marks only ever open.
_SINGLE_OPEN_ONLY = frozenset("‚‛")

# The closing marks each kind of opener accepts (a closer closes the nearest open quote that accepts it).
_ACCEPTS: dict[str, str] = {
    "“": '”“"',
    "„": '“”‟"',
    "‟": '”“‟"',
    '"': '"”“',
    "”": "”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
}

# The kinds of opener that each closing character can close.
_ACCEPTED_BY: dict[str, frozenset[str]] = {
    closer: frozenset(kind for kind, closers in _ACCEPTS.items() if closer in closers)
    for closer in DOUBLE_QUOTE_CHARS
}
_PUSH_ONLY = frozenset("„‟「『")
_IGNORE, _PUSH, _CLOSE, _STRAY, _CLOSED = range(5)

# What may stand right before an opening mark besides a space or the paragraph start.
_OPEN_PRECEDERS = frozenset("([{<—–-‐‑‒―/:") | QUOTE_CHARS

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_MARK_RE = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + "]")
_LINE_BREAK_RE = re.compile("[" + re.escape(_LINE_BREAKS) + "]")
_LAST_LINE_BREAK = re.compile("(?s:.*)[" + re.escape(_LINE_BREAKS) + "]")
_SENTENCE_END = re.compile(r"(?s:.*)(?:[.!?][ \t\u00a0\u202f\u3000]|[。！？])")
_NON_SPACE = re.compile(r"\S")

# Word-initial elisions whose apostrophe is not an opening quote ('n' is handled with its closing mark).
_ELISION = re.compile(r"(?:n|em|til|tis|twas|cause|bout|nuff)(?!\w)", re.IGNORECASE)
_DECADE = re.compile(r"\d\d(?!\d)")


@dataclass(frozen=True)
class QuoteSpan:
    """One outermost quotation: ``document[start:end]`` is the quoted content, marks excluded."""

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None
    recovered: Recovery | None = None
    continues: bool = False

    def with_marks(self) -> tuple[int, int]:
        """The quotation with its marks: from the opening mark (or the content's start, when it has none)
        to just after the closing mark (or the content's end)."""
        first = self.open_mark if self.open_mark is not None else self.start
        last = self.close_mark + 1 if self.close_mark is not None else self.end
        return first, last

    def text_in(self, document: str) -> str:
        """The quoted content in ``document`` (the text this span was scanned from)."""
        return document[self.start : self.end]

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "open_mark": self.open_mark,
            "close_mark": self.close_mark,
            "recovered": self.recovered,
            "continues": self.continues,
        }


def scan_quotes(text: str) -> list[QuoteSpan]:
    """Return the outermost quotation spans of ``text``, sorted and never overlapping."""
    spans: list[QuoteSpan] = []
    positions = [found.start() for found in _MARK_RE.finditer(text)]
    continuation_at = -1
    first = 0
    previous_end = 0  # end of the previous paragraph that had marks
    while first < len(positions):
        position = positions[first]
        last_break = _LAST_LINE_BREAK.match(text, previous_end, position)
        low = last_break.end() if last_break else previous_end
        next_break = _LINE_BREAK_RE.search(text, position)
        high = next_break.start() if next_break else len(text)
        after = bisect_left(positions, high, first)
        continuation_at = _scan_paragraph(text, low, high, positions[first:after], continuation_at, spans)
        first = after
        previous_end = high
    return spans


def is_apostrophe(text: str, index: int) -> bool:
    """True if the ``'``, ``’`` or ``‘`` at ``index`` is an apostrophe or possessive, not a quote mark."""
    if not 0 <= index < len(text) or text[index] not in _APOSTROPHE_CHARS:
        return False
    low, high = _paragraph_bounds(text, index)
    verdict = _lexical_apostrophe(text, index, low, high)
    if verdict is not None:
        return verdict
    # A word-final s' is a closing quote only when a single quote is open before it.
    marks = [found.start() for found in _MARK_RE.finditer(text, low, index)]
    _, _, still_open = _pair_single_quotes(text, low, high, marks)
    return not still_open


def _paragraph_bounds(text: str, index: int) -> tuple[int, int]:
    last_break = _LAST_LINE_BREAK.match(text, 0, index)
    low = last_break.end() if last_break else 0
    found = _LINE_BREAK_RE.search(text, index)
    return low, found.start() if found else len(text)


def _lexical_apostrophe(text: str, index: int, low: int, high: int) -> bool | None:
    """True/False when the characters around decide; None for a word-final s' (a possessive unless a
    single quote is open)."""
    before = text[index - 1] if index > low else ""
    after = text[index + 1] if index + 1 < high else ""
    if before.isalnum() and after.isalnum():
        return True  # Russia's, don't, Xi’s, o'clock
    if not before.isalnum():
        if _ELISION.match(text, index + 1, high) or _DECADE.match(text, index + 1, high):
            return True  # 'n', 'em, '90s
        return False
    # the closing mark of 'n'
    if (
        before in "nN"
        and index - 2 >= low
        and text[index - 2] in _APOSTROPHE_CHARS
        and (index - 3 < low or not text[index - 3].isalnum())
    ):
        return True
    if before in "sS" and index - 2 >= low and text[index - 2].isalpha() and not after.isalnum():
        return None
    return False


def _closes(before: str, after: str) -> bool:
    return before != "" and not before.isspace() and not after.isalnum()


def _pair_single_quotes(
    text: str, low: int, high: int, marks: list[int]
) -> tuple[dict[int, int], set[int], list[int]]:
    """Pair the single quote marks among ``marks``: (closer -> opener, openers, openers left open)."""
    partner: dict[int, int] = {}
    openers: set[int] = set()
    stack: list[int] = []
    for position in marks:
        mark = text[position]
        if mark not in SINGLE_QUOTE_CHARS:
            continue
        if mark in _APOSTROPHE_CHARS:
            verdict = _lexical_apostrophe(text, position, low, high)
            if verdict:
                continue
            if verdict is None:
                # a word-final s' closes an open single quote, but not the second half of a two-apostrophe
                # opener (NYT's ''Francis' walls are …''): that one closes with two apostrophes
                if stack and not (stack[-1] > low and text[stack[-1] - 1] == "'"
                                  and not (position + 1 < high and text[position + 1] == "'")):
                    opener = stack.pop()
                    partner[position] = opener
                    openers.add(opener)
                continue
        before = text[position - 1] if position > low else ""
        after = text[position + 1] if position + 1 < high else ""
        if after.isalnum() and (before == "" or before.isspace() or before in _OPEN_PRECEDERS):
            stack.append(position)
        elif mark not in _SINGLE_OPEN_ONLY and stack and _closes(before, after):
            opener = stack.pop()
            partner[position] = opener
            openers.add(opener)
    return partner, openers, stack


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    content = text[start:end]
    stripped = content.lstrip()
    start += len(content) - len(stripped)
    return start, start + len(stripped.rstrip())


def _sentence_start(text: str, floor: int, position: int) -> int:
    ended = _SENTENCE_END.match(text, floor, position)
    return ended.end() if ended else floor


# long: the hot loop over every quotation mark of a paragraph keeps its state in locals and calls no
# helper per mark (100,000s of marks must stay fast); its branches are commented where they act
def _scan_paragraph(
    text: str, low: int, high: int, marks: list[int], continuation_at: int, spans: list[QuoteSpan]
) -> int:
    """Append the spans of the paragraph ``text[low:high]`` to ``spans``; return the offset of the opener
    that continues this paragraph's unclosed quote in the next paragraph, or -1."""
    partner, single_openers, _ = _pair_single_quotes(text, low, high, marks)
    # Hot loop: plain lists and tuples, no helper calls per mark (100,000s of marks must stay fast).
    drafts: list[list] = []  # [start, end, open_mark, close_mark, recovered, continues]
    stack: list[tuple[int, str | None]] = []  # (offset, opening character or None for a single quote)
    accepting: dict[str, int] = {}  # closing character -> open entries that accept it
    open_singles: set[int] = set()
    absorbed = False  # the outermost open quote has absorbed a stray closer
    last_mark = low - 1  # the last quotation mark seen in this paragraph
    single_chars, open_preceders, push_only = SINGLE_QUOTE_CHARS, _OPEN_PRECEDERS, _PUSH_ONLY
    accepts, accepted_by = _ACCEPTS, _ACCEPTED_BY
    IGNORE, PUSH, CLOSE, STRAY, CLOSED = _IGNORE, _PUSH, _CLOSE, _STRAY, _CLOSED  # noqa: N806 (locals are faster)
    for position in marks:
        mark = text[position]
        if mark in single_chars:
            if position in single_openers:
                if not stack:
                    absorbed = False
                stack.append((position, None))
                open_singles.add(position)
                last_mark = position
                continue
            opener = partner.get(position)
            if opener is None or opener not in open_singles:
                continue  # an apostrophe, or a single quote whose partner was closed over
            while True:
                entry_position, kind = stack.pop()
                if kind is None:
                    open_singles.discard(entry_position)
                    if entry_position == opener:
                        break
                else:
                    for closer in accepts[kind]:
                        accepting[closer] -= 1
            action = CLOSED
        else:
            before = text[position - 1] if position > low else ""
            after = text[position + 1] if position + 1 < high else ""
            opens = after != "" and not after.isspace() and (
                before == "" or before.isspace() or before in open_preceders
            )
            open_count = accepting.get(mark, 0)
            if mark in push_only:
                action = PUSH
            elif mark == '"':
                if open_count and not opens:
                    action = CLOSE
                elif opens or before == "" or before.isspace():
                    action = PUSH
                elif not before.isdigit() and not after.isalnum():
                    action = STRAY
                else:
                    action = IGNORE
            elif mark == "“":
                if open_count and not opens:
                    action = CLOSE
                elif not opens and before != "" and not before.isspace() and not after.isalnum():
                    action = STRAY
                else:
                    action = PUSH
            elif mark in "«‹":
                action = CLOSE if open_count and not opens else PUSH
            elif open_count:  # ” » › 」 』
                action = CLOSE
            elif opens and mark in "”»›":
                action = PUSH
            else:
                action = STRAY

            if action == PUSH:
                if not stack:
                    absorbed = False
                stack.append((position, mark))
                for closer in accepts[mark]:
                    accepting[closer] = accepting.get(closer, 0) + 1
            elif action == CLOSE:
                accepted = accepted_by[mark]
                while True:
                    entry_position, kind = stack.pop()
                    if kind is None:
                        open_singles.discard(entry_position)
                    else:
                        for closer in accepts[kind]:
                            accepting[closer] -= 1
                        if kind in accepted:
                            break
                action = CLOSED
            elif action == STRAY:
                if (before == "" or before.isspace()) and (after == "" or after.isspace()):
                    pass  # a separator such as "Home » News", not a quotation
                elif stack:
                    absorbed = True
                elif drafts and drafts[-1][3] == last_mark:
                    # nothing but unquoted words since the previous span closed: extend it
                    previous = drafts[-1]
                    previous[1] = last_mark + len(text[last_mark:position].rstrip())
                    previous[3] = position
                    previous[4] = MERGED
                else:
                    start, end = _trimmed(text, _sentence_start(text, last_mark + 1, position), position)
                    if start < end:
                        drafts.append([start, end, None, position, UNOPENED, False])
        if action == CLOSED and not stack:
            start, end = _trimmed(text, entry_position + 1, position)
            if start < end:
                drafts.append(
                    [start, end, entry_position, position, MERGED if absorbed else None,
                     entry_position == continuation_at]
                )
            absorbed = False
        last_mark = position

    following_opener = -1
    for entry_position, kind in stack:
        if kind is None:
            continue
        start, end = _trimmed(text, entry_position + 1, high)
        following = _NON_SPACE.search(text, high)
        if start < end:
            if following is not None and text[following.start()] == kind:
                following_opener = following.start()  # the quote goes on in the next paragraph
                recovered: Recovery | None = MERGED if absorbed else None
            else:
                recovered = UNCLOSED
            drafts.append([start, end, entry_position, None, recovered, entry_position == continuation_at])
        break
    spans.extend(QuoteSpan(*draft) for draft in drafts)
    return following_opener
