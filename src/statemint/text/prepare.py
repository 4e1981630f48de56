"""The text as the parser reads it, and what a document says about itself before any parsing.

`parse_text` keeps every offset (same length): records always take their text from the original.
`document_date` finds the date a document states near its top, which picks leaders' tenures."""

from __future__ import annotations

import re
from datetime import date

ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}


LONG_DATE = re.compile(r"\b(\d{1,2})?\s*(January|February|March|April|May|June|July|August|September|October|"
                       r"November|December)\s+(\d{1,2})?,?\s*((?:19|20)\d\d)\b")


# A stamp such as "date 2024-05-17" opening a document is metadata; parsed as text it becomes the
# subject of the first sentence ("date … Russia and China will deepen …").
DATELINE = re.compile(r"^\s*(?:date\s*:?\s*)?(?:19|20)\d\d-\d\d-\d\d\b", re.IGNORECASE)


def blank_dateline(text: str) -> str:
    """The text with a leading date stamp replaced by spaces: same length, so offsets do not move."""
    match = DATELINE.match(text)
    if not match:
        return text
    return " " * match.end() + text[match.end():]


LONG_RUN = re.compile(r"\S{2000,}")


RUN_BREAK = 200


def parse_text(text: str) -> str:
    """What the statistical pipeline reads, made from the layout text (`text.wrapping.layout_text`: hard
    wrap line breaks and the CR of CRLF line ends are spaces): a leading date stamp blanked and every run of
    2,000+ characters without white space broken by a space every 200 characters (spaCy's tokenizer is
    quadratic on such runs, e.g. 100,000 quotation marks in a row). Same length, so offsets hold;
    records always take their text from the original."""
    text = blank_dateline(text)
    if not LONG_RUN.search(text):
        return text
    characters = list(text)
    for match in LONG_RUN.finditer(text):
        for position in range(match.start() + RUN_BREAK, match.end(), RUN_BREAK):
            characters[position] = " "
    return "".join(characters)


def document_date(text: str) -> date | None:
    """A date the document states near its top ("date 2024-05-17", "17 May 2024"), else None."""
    head = text[:400]
    match = ISO_DATE.search(head)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    match = LONG_DATE.search(head)
    if match:
        day = match.group(1) or match.group(3) or "1"
        try:
            return date(int(match.group(4)), MONTHS[match.group(2).lower()], int(day))
        except ValueError:
            return None
    return None


