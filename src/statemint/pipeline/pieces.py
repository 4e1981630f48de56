"""Long documents in pieces (issue 15): memory that follows a piece, not the whole text.

Every stage holds the whole document at once: one Doc over the text, the speaker index over all its
mentions. For a 200 MB book of reported speech that is some 10 GB of parsed tokens. A document of
PIECES_FROM characters or more is therefore analysed in pieces of about PIECE characters, each with the
CONTEXT characters before it analysed along (so a pronoun or a role at the top of a piece still finds
the person named before it), and only the records that start inside the piece itself are kept.

A piece ends at a paragraph start (a blank line when there is one nearby) with no quotation mark within
QUIET characters, so no quotation, utterance or exchange of turns is cut; records are then the whole
document's, except that a speaker's canonical name and look-back reach no further back than the context
(docs/OUTPUT.md says so). Record offsets and ids are the whole document's: offsets are shifted by the
piece's start, quote and utterance ids renumbered in text order (`join`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Sequence, TypeVar

from statemint.records import Quote, Stance, Statement
from statemint.text.paragraphs import paragraph_bounds
from statemint.text.quotemarks import QuoteSpan, scan_quotes
from statemint.text.transcripts import transcript_spans

PIECES_FROM = 5_000_000  # characters: a shorter document is analysed whole


PIECE = 2_500_000        # characters a piece holds, about (and so at least assembly.COMPACT_FROM)


CONTEXT = 200_000        # characters before a piece analysed with it, whose records belong to the piece before


QUIET = 2_000            # characters on each side of a cut with no quotation in them


SEARCH = 500_000         # characters past PIECE searched for a quiet cut before any paragraph start will do


_ID = re.compile(r"([a-z]+)(\d+)-(\d+)")


@dataclass(frozen=True)
class Piece:
    """text[context:end] is analysed; the records starting in start..end-1 are the piece's."""

    context: int
    start: int
    end: int


def split(layout: str) -> list[Piece]:
    """The pieces of a document (one, the whole, below PIECES_FROM characters). `layout` is the text as
    the pipeline reads it (text.wrapping.layout_text)."""
    if len(layout) < PIECES_FROM:
        return [Piece(0, 0, len(layout))]
    starts = [start for start, _ in paragraph_bounds(layout)]
    cuts = _cuts(layout, starts, _quiet_zones(layout))
    pieces: list[Piece] = []
    for start, end in zip([0, *cuts], [*cuts, len(layout)]):
        context = starts[max(bisect.bisect_right(starts, start - CONTEXT) - 1, 0)] if start else 0
        pieces.append(Piece(min(context, start), start, end))
    return pieces


def _quiet_zones(layout: str) -> list[QuoteSpan]:
    """The quotations and the transcripts (text.transcripts) of the text, overlaps merged, in order: no
    piece is cut inside one, so a piece sees an utterance or a transcript's turns whole."""
    zones = sorted([(span.start, span.end) for span in scan_quotes(layout)] + transcript_spans(layout))
    merged: list[list[int]] = []
    for start, end in zones:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [QuoteSpan(start, end, None, None) for start, end in merged]


def _cuts(layout: str, starts: list[int], spans: Sequence[QuoteSpan]) -> list[int]:
    """Paragraph starts about PIECE characters apart: the first quiet one (after a blank line, if one is
    within reach) past each PIECE, else the first one outside every quotation, else none."""
    span_starts = [span.start for span in spans]
    cuts: list[int] = []
    position = 0
    while len(layout) - position > PIECE + PIECE // 2:  # the last piece holds half a PIECE or more
        low = bisect.bisect_left(starts, position + PIECE)
        high = bisect.bisect_right(starts, position + PIECE + SEARCH)
        window = starts[low:high]
        found = (next((s for s in window if _blank_before(layout, s) and _quiet(s, spans, span_starts)), None)
                 or next((s for s in window if _quiet(s, spans, span_starts)), None)
                 or next((s for s in window if _outside(s, spans, span_starts)), None))
        if found is None:
            break
        cuts.append(found)
        position = found
    return cuts


def _blank_before(layout: str, start: int) -> bool:
    """A blank line ends the paragraph before `start` (its white space run holds two line breaks)."""
    position = start
    while position > 0 and start - position < 64 and layout[position - 1].isspace():
        position -= 1
    return layout.count("\n", position, start) >= 2


def _quiet(cut: int, spans: Sequence[QuoteSpan], span_starts: list[int]) -> bool:
    """No quotation within QUIET characters of `cut`."""
    index = bisect.bisect_left(span_starts, cut + QUIET)
    return not (index and spans[index - 1].end + QUIET > cut)


def _outside(cut: int, spans: Sequence[QuoteSpan], span_starts: list[int]) -> bool:
    """`cut` is inside no quotation (a quote mark at the piece's start may still continue one: quiet cuts
    come first)."""
    index = bisect.bisect_right(span_starts, cut)
    return not (index and spans[index - 1].end > cut)


R = TypeVar("R")


def shift(record: R, offset: int) -> R:
    """A record (Quote, Statement, Stance, or any of their parts) with every start and end moved by
    `offset`; ids are `join`'s."""
    if not offset or not is_dataclass(record):
        return record
    changes: dict[str, Any] = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if item.name in ("start", "end") and isinstance(value, int):
            changes[item.name] = value + offset
        elif is_dataclass(value):
            changes[item.name] = shift(value, offset)
        elif isinstance(value, tuple) and value and is_dataclass(value[0]):
            changes[item.name] = tuple(shift(part, offset) for part in value)
    return replace(record, **changes)  # type: ignore[type-var]


def shift_id(record_id: str | None, offset: int) -> str | None:
    """A statement or act id ("s120-180", "a5-9": its offsets) moved by `offset`."""
    if record_id is None:
        return None
    match = _ID.fullmatch(record_id)
    if match is None:
        raise ValueError(f"not an offset id: {record_id!r}")
    return f"{match.group(1)}{int(match.group(2)) + offset}-{int(match.group(3)) + offset}"


@dataclass
class Joined:
    """The records of the pieces so far, with the whole document's offsets and ids."""

    quotes: list[Quote]
    statements: list[Statement]
    stances: list[Stance]
    utterances: int = 0
    turns: int = 0            # transcript turn paragraphs (ids t1, t2, …) and their turns (ut1, ut2, …)
    turn_utterances: int = 0


def join(joined: Joined, piece: Piece, quotes: list[Quote], statements: list[Statement],
         stances: list[Stance]) -> None:
    """Add one piece's records (offsets into text[piece.context:piece.end]) to `joined`: those that start
    in the piece itself, shifted, with quotes and utterances numbered on from the pieces before."""
    offset, own = piece.context, piece.start - piece.context
    quote_ids: dict[str, str] = {}
    utterance_ids: dict[str, str] = {}
    for quote in quotes:
        if quote.start < own:
            continue
        if quote.kind == "turn":
            joined.turns += 1
            quote_ids[quote.id] = f"t{joined.turns}"
            if quote.utterance not in utterance_ids:
                joined.turn_utterances += 1
                utterance_ids[quote.utterance] = f"ut{joined.turn_utterances}"
        else:
            quote_ids[quote.id] = f"q{len(joined.quotes) + 1 - joined.turns}"
            if quote.utterance not in utterance_ids:
                joined.utterances += 1
                utterance_ids[quote.utterance] = f"u{joined.utterances}"
        joined.quotes.append(replace(shift(quote, offset), id=quote_ids[quote.id],
                                     utterance=utterance_ids[quote.utterance]))
    for statement in statements:
        if statement.start >= own:
            joined.statements.append(replace(shift(statement, offset), id=shift_id(statement.id, offset),
                                             quotes=tuple(quote_ids[q] for q in statement.quotes)))
    for stance in stances:
        if stance.start >= own:
            joined.stances.append(replace(shift(stance, offset), statement=shift_id(stance.statement, offset)))
