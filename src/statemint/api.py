"""The library entry point: `analyze(text)` runs the whole chain on one document.

The CLI is a thin layer over this; nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from statemint.extract.acts import build_acts
from statemint.extract.attribution import attribute_quotes
from statemint.extract.cues import load_cues
from statemint.extract.quotes import build_quotes
from statemint.extract.speakers import SpeakerIndex
from statemint.extract.statements import build_statements
from statemint.nlp import load_pipeline
from statemint.parties import load_registry
from statemint.parties.model import Party
from statemint.parties.registry import Registry
from statemint.pipeline.modes import ParseMode
from statemint.pipeline.pieces import Joined, join, split
from statemint.pipeline.selection import StanceScope, parse_document
from statemint.records import Quote, Speaker, Stance, Statement
from statemint.stance import build_stances
from statemint.text.prepare import document_date, parse_text
from statemint.text.quotemarks import scan_quotes
from statemint.text.transcripts import find_turns
from statemint.text.wrapping import layout_text

if TYPE_CHECKING:
    from spacy.language import Language


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


def holder_speaker(holder: str | None, registry: Registry | None = None, on: date | None = None) -> Speaker | None:
    """The speaker of first-person text (`--holder`, or a JSON Lines `holder`)."""
    if not holder:
        return None
    party = None
    kind = "author"
    if registry is not None:
        by_code = registry.get(holder) if len(holder) <= 3 else None
        party = by_code.id if by_code is not None else registry.lookup(holder, on)
        if party is not None:
            record = registry.get(party)
            if record is not None and (holder.lower() in {record.id.lower(), record.name.lower()} or len(holder) <= 3):
                kind = "country" if record.kind == "country" else "organization"
                holder = record.name
    return Speaker(holder, kind, party, None)


def analyze(text: str, *, holder: str | None = None, parties: Registry | None = None, nlp: "Language | None" = None,
            doc: str | None = None, on: date | None = None, include_narrative: bool = False,
            with_stance: bool = False, party_filter: list[str] | None = None,
            adhoc: list[Party] | None = None, parse_mode: str = "full") -> Analysis:
    """Find quotes, statements (and, when asked, stances) in one document's text.

    `parties` is a parties.Registry (the packaged one by default); `nlp` any spaCy pipeline with a
    tagger, parser and NER (the packaged en_core_web_sm by default, loaded by nlp.load_pipeline, whose
    tokenizer splits off long dashes and double quotation marks: pass a pipeline through
    nlp.pipeline.split_glued_marks for the same tokens); `on` the date used to map leaders
    to their parties (default: a date the document states, else the latest tenure). With `with_stance`,
    `party_filter` limits stances to those party ids and `adhoc` adds parties.Party records that are not in
    the registry (matched by name). `parse_mode` "quotes" or "statements" runs the statistical pipeline
    only where those records can come from (statemint.pipeline.selection); the records are the same as "full".
    In "quotes" mode only `quotes` is filled in; in "stance" mode (with `with_stance`) the stances are
    all there, but `statements` holds only those near the parties in scope.
    """
    if parties is None:
        parties = load_registry()
    when = on or document_date(text)
    run = _Run(nlp if nlp is not None else load_pipeline(), parties, when, holder_speaker(holder, parties, when),
               doc, include_narrative, with_stance, party_filter, tuple(adhoc or ()), parse_mode)
    layout = layout_text(text)  # a hard-wrapped quotation or sentence runs over its line breaks
    pieces = split(layout)
    if len(pieces) == 1:
        return _analyze_piece(text, layout, run)
    joined = Joined([], [], [])
    for piece in pieces:  # a long document: memory follows a piece (statemint.pipeline.pieces)
        part = _analyze_piece(text[piece.context:piece.end], layout[piece.context:piece.end], run)
        join(joined, piece, part.quotes, part.statements, part.stances)
    return Analysis(doc, joined.quotes, joined.statements, joined.stances)


@dataclass(frozen=True)
class _Run:
    """What `analyze` was asked, resolved once for all the pieces of a document."""

    nlp: "Language"
    parties: Registry
    when: date | None
    holder: Speaker | None
    doc: str | None
    include_narrative: bool
    with_stance: bool
    party_filter: list[str] | None
    adhoc: tuple[Party, ...]
    parse_mode: str


def _analyze_piece(text: str, layout: str, run: _Run) -> Analysis:
    """The whole chain over one text (a document, or a piece of a long one) and its layout."""
    lexicon = load_cues()
    spans = scan_quotes(layout)
    scope = None
    if run.parse_mode == ParseMode.STANCE:
        scope = StanceScope(frozenset(run.party_filter) if run.party_filter else None, run.adhoc,
                            narrative=run.include_narrative or run.holder is not None)
    parsed, index, attributions = parse_document(parse_text(layout), run.nlp, run.parse_mode, run.parties, run.when,
                                                 original=text, scope=scope, layout=layout, tensor=run.with_stance)
    if parsed is None:
        return Analysis(run.doc)  # the records asked for cannot occur in this text (statemint.pipeline.selection)
    if attributions is None:
        attributions = attribute_quotes(parsed, spans, lexicon)
    speakers = index.fresh() if index is not None else SpeakerIndex(parsed, run.parties, run.when)
    quotes = build_quotes(parsed, spans, attributions, speakers, lexicon, run.doc, find_turns(layout))
    if run.parse_mode == ParseMode.QUOTES and not run.with_stance:
        return Analysis(run.doc, quotes)  # statements were not asked for (and were not parsed for)
    # Narrative sentences speak for the document's holder; without one they have no holder to stand anywhere.
    narrative = run.include_narrative or (run.with_stance and run.holder is not None)
    statements = build_statements(parsed, quotes, speakers, lexicon, run.holder, narrative, run.doc)
    analysis = Analysis(run.doc, quotes, statements)
    if run.with_stance:
        scare = [(q.start, q.end) for q in quotes if q.kind == "scare"]
        sentences = [statement for statement in statements if not statement.part]
        acts = build_acts(parsed, sentences, speakers, run.doc)  # stance records of their own, never statements
        analysis.stances = build_stances(parsed, sorted(sentences + acts, key=lambda s: (s.start, s.end)),
                                         run.parties, run.when, run.party_filter, run.doc, scare, run.adhoc,
                                         run.holder)
        if not run.include_narrative:
            analysis.statements = [s for s in statements if s.kind != "narrative"]
    return analysis
