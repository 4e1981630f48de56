"""The library entry point: `analyze(text)` runs the whole chain on one document.

The CLI is a thin layer over this; nothing here prints or exits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from statemint.records import Quote, Speaker, Stance, Statement

if TYPE_CHECKING:
    from spacy.language import Language

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
    """What the statistical pipeline reads: the text with a leading date stamp blanked and every run of
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


@dataclass
class Analysis:
    """Everything statemint found in one document."""

    doc: str | None
    quotes: list[Quote] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "quotes": [q.to_dict() for q in self.quotes],
            "statements": [s.to_dict() for s in self.statements],
            "stances": [s.to_dict() for s in self.stances],
        }


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


def holder_speaker(holder: str | None, registry: Any = None, on: date | None = None) -> Speaker | None:
    """The speaker of first-person text (`--holder`, or a JSON Lines `holder`)."""
    if not holder:
        return None
    party = None
    kind = "author"
    if registry is not None:
        try:
            by_code = registry.get(holder) if len(holder) <= 3 else None
            party = by_code.id if by_code is not None else registry.lookup(holder, on)
        except Exception:
            party = None
        if party is not None:
            record = registry.get(party)
            if record is not None and (holder.lower() in {record.id.lower(), record.name.lower()} or len(holder) <= 3):
                kind = "country" if record.kind == "country" else "organization"
                holder = record.name
    return Speaker(holder, kind, party, None)


def analyze(text: str, *, holder: str | None = None, parties: Any = None, nlp: "Language | None" = None,
            doc: str | None = None, on: date | None = None, include_narrative: bool = False,
            with_stance: bool = False, party_filter: list[str] | None = None,
            adhoc: list[Any] | None = None, parse_mode: str = "full") -> Analysis:
    """Find quotes, statements (and, when asked, stances) in one document's text.

    `parties` is a parties.Registry (the packaged one by default); `nlp` any spaCy pipeline with a
    tagger, parser and NER (the packaged en_core_web_sm by default); `on` the date used to map leaders
    to their parties (default: a date the document states, else the latest tenure). With `with_stance`,
    `party_filter` limits stances to those party ids and `adhoc` adds parties.Party records that are not in
    the registry (matched by name). `parse_mode` "quotes" or "statements" runs the statistical pipeline
    only where those records can come from (statemint.pipeline.selection); the records are the same as "full".
    In "quotes" mode only `quotes` is filled in; in "stance" mode (with `with_stance`) the stances are
    all there, but `statements` holds only those near the parties in scope.
    """
    from statemint.extract.attribution import attribute_quotes
    from statemint.extract.cues import load_cues
    from statemint.nlp import load_pipeline
    from statemint.text.quotemarks import scan_quotes
    from statemint.extract.quotes import build_quotes
    from statemint.pipeline.selection import parse_document
    from statemint.extract.speakers import SpeakerIndex
    from statemint.extract.statements import build_statements

    if parties is None:
        from statemint.parties import load_registry

        parties = load_registry()
    pipeline = nlp if nlp is not None else load_pipeline()
    when = on or document_date(text)
    lexicon = load_cues()
    spans = scan_quotes(text)
    holder_record = holder_speaker(holder, parties, when)
    scope = None
    if parse_mode == "stance":
        from statemint.pipeline.selection import StanceScope

        scope = StanceScope(frozenset(party_filter) if party_filter else None, tuple(adhoc or ()),
                            narrative=include_narrative or holder_record is not None)
    parsed, index, attributions = parse_document(parse_text(text), pipeline, parse_mode, parties, when,
                                                 original=text, scope=scope)
    if parsed is None:
        return Analysis(doc)  # the records asked for cannot occur in this text (statemint.pipeline.selection)
    if attributions is None:
        attributions = attribute_quotes(parsed, spans, lexicon)
    speakers = index.fresh() if index is not None else SpeakerIndex(parsed, parties, when)
    quotes = build_quotes(parsed, spans, attributions, speakers, lexicon, doc)
    if parse_mode == "quotes" and not with_stance:
        return Analysis(doc, quotes)  # statements were not asked for (and were not parsed for)
    # Narrative sentences speak for the document's holder; without one they have no holder to stand anywhere.
    narrative = include_narrative or (with_stance and holder_record is not None)
    statements = build_statements(parsed, quotes, speakers, lexicon, holder_record, narrative, doc)
    analysis = Analysis(doc, quotes, statements)
    if with_stance:
        from statemint.stance import build_stances

        scare = [(q.start, q.end) for q in quotes if q.kind == "scare"]
        analysis.stances = build_stances(parsed, statements, parties, when, party_filter, doc, scare, adhoc or ())
        if not include_narrative:
            analysis.statements = [s for s in statements if s.kind != "narrative"]
    return analysis
