"""Selective parsing: a cheap pass over all of a document, the statistical pipeline only where needed.

Tokenising and scanning text is ~100x cheaper than tagging, parsing and NER. The pipeline parses a
document paragraph by paragraph, each paragraph on its own, in every mode (`paragraph_bounds`: a
paragraph ends at a blank line, after sentence-final punctuation or after a short line). `--full-parse`
parses every paragraph; the selective modes parse only the paragraphs a command's records can come
from, which therefore get exactly the annotations a full parse gives them. `parse_document()` returns a
Doc over the whole text (`doc.text == text`, the tokens of a full parse; from assembly.COMPACT_FROM
characters placeholder tokens outside the parsed paragraphs, the text in doc_text) whose other paragraphs carry
tokens only (one flat tree per line, no tags, no entities), so the consumers find nothing there.

Which paragraphs are parsed (the *selection*):

- quotes: every paragraph a quotation touches, and the paragraph before when the quote opens a
  paragraph after a colon (attribution reads that paragraph's last sentence);
- statements: also every paragraph with a lower-case word that may be a form of a reporting verb and
  does not follow a determiner, or "according to" (extract.statements.may_report, beside the
  reporting-cue rules it over-approximates);
- stance: the paragraphs that mention a party in scope (`--party`, or any party) and have such a
  reporting word (any, with a holder: then every sentence is a statement), and the paragraphs of the
  quotations whose paragraphs mention a party in scope or that may join such a quotation; all
  quotations' paragraphs once a kept speaker is read from the speaker index's state
  (`Selector.scoped_quote_paragraphs`); without a document holder, the reporting-word paragraphs are
  parsed without entities first and kept only where a sentence may carry a record (pipeline.screening);
- speakers: a pronoun, role or demonym that refers back (as extract.speakers.classify reads the
  mention for SpeakerIndex.resolve) pulls in the
  earlier paragraphs that may name a person, nearest first, until the person it resolves to is
  found with every paragraph in between parsed (a nearer person would win); "the ministry" pulls in
  earlier paragraphs with the noun, "the statement" those with a document noun; and, to the
  fixpoint, every paragraph with a word close enough to a selected person's name words to join
  their cluster (canonical names are the longest variant in the whole document).

A document where the mode's records cannot occur (no quotation, no cue, no party in scope) is not
even tokenised. `tests/test_speed_modes.py` compares the records of both modes on the seed, the test
texts and corpus speeches; `bench/speed.py` compares them on a whole corpus (output sha256).

Paragraphs are text.paragraphs'; the Doc is built by pipeline.assembly; the raw-text tests of the
look-back are pipeline.lookback's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from statemint.extract.acts import evaluative_act, may_act
from statemint.extract.attribution import Attribution, attribute_quotes
from statemint.extract.dialogue import stands_alone, turn_sources
from statemint.text.transcripts import find_turns
from statemint.text.dashes import DASH_CHARS
from statemint.extract.context import headline_report, opens_with_headline
from statemint.extract.cues import CueLexicon, load_cues
from statemint.extract.quotes import may_join
from statemint.extract.speakers import SpeakerIndex
from statemint.extract.speakers.names import PersonCluster
from statemint.extract.parts import load_frames, sentence_parts
from statemint.extract.statements import indirect_cue, may_report, statement_paragraphs
from statemint.parties.matcher import party_mentions
from statemint.parties.model import Party
from statemint.parties.registry import Registry
from statemint.pipeline.assembly import Assembly, assemble
from statemint.pipeline.lookback import (NameMatcher, cluster_words, document_noun_pattern, may_name_person,
                                         mention_name_words)
from statemint.pipeline.modes import ParseMode
from statemint.pipeline.screening import screen
from statemint.text.paragraphs import paragraph_bounds, paragraph_of
from statemint.text.quotemarks import QuoteSpan, scan_quotes
from statemint.text.wrapping import layout_text

CLOSURE_ROUNDS = 8      # selection rounds before giving up and parsing everything


NEAR = 2                # look-back paragraphs added per round, nearest first


DENSE = 0.6             # past this share of the text, parsing everything is cheaper than rounds of selection


# --------------------------------------------------------------------------- parsing
def parse(text: str, nlp: Language, mode: str = ParseMode.FULL, registry: Registry | None = None,
          on: date | None = None) -> Doc:
    """A Doc over `text` with the full pipeline's annotations wherever `mode`'s records can come from."""
    doc = parse_document(text, nlp, mode, registry, on).doc
    return doc if doc is not None else assemble(text, nlp, paragraph_bounds(text), set())


@dataclass(frozen=True)
class StanceScope:
    """What the stance mode selects for: statements that mention one of `parties` (None: any party,
    `adhoc` ones included); `narrative` when a holder makes every sentence a statement."""

    parties: frozenset[str] | None = None
    adhoc: tuple[Party, ...] = ()
    narrative: bool = False


class Parsed(NamedTuple):
    """A parsed document, with what the selection already computed over it (None when it did not):
    the speaker index (use `.fresh()` before resolving) and the quotes' attributions."""

    doc: Doc | None
    index: SpeakerIndex | None = None
    attributions: list[Attribution] | None = None


def parse_document(text: str, nlp: Language, mode: str = ParseMode.FULL, registry: Registry | None = None,
                   on: date | None = None, original: str | None = None,
                   scope: StanceScope | None = None, layout: str | None = None, tensor: bool = False) -> Parsed:
    """`parse`, and what the selection built over the Doc it returns (`Parsed`).
    `original` is the text records quote (see text.prepare.parse_text), `layout` its layout
    (text.wrapping.layout_text, computed here when not given);
    `scope` is what the stance mode selects for. The Doc is None when the mode's records cannot
    occur in the text at all (no quotation, no reporting cue, no party in scope): nothing is parsed,
    or even tokenised. `tensor`: keep the parsed paragraphs' tok2vec rows (`doc.tensor`) for the stance model."""
    mode = ParseMode.of(mode)
    if original is not None and layout is None:
        layout = layout_text(original)
    if mode is ParseMode.FULL:
        bounds = paragraph_bounds(text)
        return Parsed(assemble(text, nlp, bounds, set(range(len(bounds))), original, layout, tensor))
    selector = Selector(text, nlp, mode, registry, on, original, scope or StanceScope(), layout, tensor)
    doc = selector.run()
    return Parsed(doc, selector.index, selector.attributions if selector.index is not None else None)


def within_reach(source: str, quotes: Sequence[QuoteSpan], kept: set[int]) -> set[int]:
    """`kept` and every quotation that may lend a kept one its speaker or utterance: one it may join
    (extract.quotes.may_join) and, for a quotation alone in its paragraph, the turns before it
    (extract.dialogue.turn_sources), closed over."""
    pending = list(kept)
    while pending:
        index = pending.pop()
        joined = [neighbour for neighbour in (index - 1, index + 1) if 0 <= neighbour < len(quotes) and may_join(
            source, quotes[min(index, neighbour)], quotes[max(index, neighbour)])]
        for other in joined + turn_sources(source, quotes, index):
            if other not in kept:
                kept.add(other)
                pending.append(other)
    return kept


def unparsed_namers(namers: list[int], low: int, high: int, chosen: set[int]) -> list[int]:
    """The NEAR last paragraphs in low..high-1 that are not parsed and may name a person, nearest
    first, from `namers` (Selector.namers: found once per document), so a look-back costs what it
    skips, not a rescan of its window for every mention and round."""
    found: list[int] = []
    position = bisect.bisect_left(namers, high) - 1
    while position >= 0 and namers[position] >= low and len(found) < NEAR:
        if namers[position] not in chosen:
            found.append(namers[position])
        position -= 1
    return found


@dataclass
class Reach:
    """What the speaker mentions of one round need from earlier paragraphs (Selector.speaker_needs)."""

    wanted: set[int] = field(default_factory=set)
    person: int = -1    # paragraphs before this one may hold the person an unresolved look-back refers to
    document: int = -1  # the same for "the statement", "the document"
    windows: list[tuple[int, int]] = field(default_factory=list)  # (k, P): paragraphs k..P decide a look-back
    institutions: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)  # (P, noun) looked for before P
    reads_state: bool = False  # a mention is read from the index's state ("he", "the statement")


class Selector:
    """Chooses paragraphs for one document, parses them, and closes over speakers. `layout` is the
    original's layout (parse_document computes it)."""

    def __init__(self, text: str, nlp: Language, mode: ParseMode, registry: Registry | None = None,
                 on: date | None = None, original: str | None = None, scope: StanceScope = StanceScope(),
                 layout: str | None = None, tensor: bool = False):
        self.text = text
        self.tensor = tensor
        self.original = original
        self.layout = layout
        # Quotes and party mentions are found in the layout of the text records come from, as api.analyze
        # finds them (the parser's copy has long runs broken by spaces, which can change how marks pair).
        self.source = next(source for source in (layout, original, text) if source is not None)
        self.quotes = scan_quotes(self.source)
        self.scope = scope
        self.index: SpeakerIndex | None = None  # the last one built, over the Doc run() returns
        self.attributions: list[Attribution] | None = None  # the quotes' attributions over that Doc
        self.nlp = nlp
        self.mode = mode
        self.registry = registry
        self.on = on
        self.bounds = paragraph_bounds(text)
        self.starts = [start for start, _ in self.bounds]
        self.unresolved: set[tuple[int, int]] = set()  # look-backs that found no person in a round
        self._scoped_mentions: list[tuple[int, int]] | None = None
        self.quoted: set[int] = set()  # stance: the paragraphs of the quotations kept (scoped_quote_paragraphs)
        self._namers: list[int] | None = None
        self.every_quote = mode is not ParseMode.STANCE  # stance: only the quotations that may hold a party in scope

    def paragraph(self, index: int) -> str:
        start, end = self.bounds[index]
        return self.text[start:end]

    def quote_paragraphs(self, quote: QuoteSpan) -> set[int]:
        """The paragraphs a quotation's records are read from: those it touches, and the paragraph before
        when it opens a paragraph after a colon or fills its paragraph (attribution reads that paragraph's
        last sentence: extract.dialogue)."""
        first = quote.open_mark if quote.open_mark is not None else quote.start
        last = quote.close_mark if quote.close_mark is not None else max(quote.start, quote.end - 1)
        low = paragraph_of(self.starts, first)
        high = paragraph_of(self.starts, max(first, last))
        found = set(range(low, high + 1))
        if stands_alone(self.source, quote) and high + 1 < len(self.bounds) \
                and self.paragraph(high + 1).lstrip()[:1] in DASH_CHARS:
            found.add(high + 1)  # signed on the next line: "“…”¶- Hillary Clinton."
        # "… read a statement:¶“We …"
        if low > 0 and not self.text[self.starts[low]:first].strip():
            if self.text[self.bounds[low - 1][0]:self.bounds[low - 1][1]].rstrip().endswith(":") \
                    or stands_alone(self.source, quote):
                found.add(low - 1)
        return found

    def initial(self) -> set[int]:
        if self.mode is ParseMode.STANCE:
            self.quoted = self.scoped_quote_paragraphs()
            return self.quoted | self.stance_paragraphs(self.quoted)
        chosen = self.all_quote_paragraphs()
        if self.mode is ParseMode.STATEMENTS:
            chosen |= statement_paragraphs(self.text, [self.paragraph(index) for index in range(len(self.bounds))],
                                           chosen, self.nlp)
        return chosen

    def all_quote_paragraphs(self) -> set[int]:
        return {index for quote in self.quotes for index in self.quote_paragraphs(quote)}

    def scoped_quote_paragraphs(self) -> set[int]:
        """The paragraphs of the quotations whose statements may hold a party in scope.

        A quotation's statement lies within its paragraphs, so one whose paragraphs mention no party in
        scope cannot carry a stance the command reports, and neither can it join one: quotations join
        into an utterance (extract.quotes.may_join) only across a gap of at most twelve words or when the
        scanner marks a continued paragraph, so every quotation within such reach of a kept one is
        kept too. What a dropped quotation can still change is the speaker index's state (who has
        spoken, which documents were cited); `speaker_needs` returns to every quotation's paragraphs
        when a kept statement's speaker is read from that state ("he", "the statement")."""
        in_scope = {paragraph_of(self.starts, start) for start, _ in self.scoped_mentions()}
        paragraphs = [self.quote_paragraphs(quote) for quote in self.quotes]
        kept = within_reach(self.source, self.quotes, {index for index, found in enumerate(paragraphs) if found & in_scope})
        return {paragraph for index in kept for paragraph in paragraphs[index]}

    def scoped_mentions(self) -> list[tuple[int, int]]:
        """Where the mentions of the parties in scope are (parties.party_mentions, found once)."""
        if self._scoped_mentions is None:
            parties = self.scope.parties
            self._scoped_mentions = [(start, end) for start, end, party in
                                     party_mentions(self.source, self.registry, self.on, self.scope.adhoc)
                                     if parties is None or party in parties]
        return self._scoped_mentions

    def stance_paragraphs(self, chosen: set[int]) -> set[int]:
        """Paragraphs where a statement may mention a party in scope: a stance rests on a statement
        that holds the mention, and outside quotations only reported speech (or, with a holder, any
        sentence) is a statement; an evaluative act (extract.acts) carries a stance of its own."""
        found: set[int] = set()
        cache: dict[str, bool] = {}
        acts: dict[str, bool] = {}
        for start, _ in self.scoped_mentions():
            index = paragraph_of(self.starts, start)
            if index in chosen or index in found:
                continue
            paragraph = self.paragraph(index)
            if self.scope.narrative or may_report(paragraph, self.nlp, cache) or may_act(paragraph, self.nlp, acts) \
                    or index == 0 and opens_with_headline(self.text):  # "Guterres: Russia must withdraw …"
                found.add(index)
        return found

    def run(self) -> Doc | None:
        if find_turns(self.source):  # a transcript: every paragraph is someone's turn (text.transcripts)
            return assemble(self.text, self.nlp, self.bounds, set(range(len(self.bounds))), self.original,
                            self.layout, self.tensor)
        chosen = self.initial()
        if not chosen:
            return None
        names: set[str] = set()
        # The words around every quotation are read (its kind, its attribution) even where nothing is parsed.
        around = {near for index in self.all_quote_paragraphs() for near in (index - 1, index, index + 1)}
        assembly = Assembly(self.text, self.nlp, self.bounds, self.original, self.layout, self.tensor, around)
        chosen = self.screened(chosen, assembly)
        if not chosen:
            return None
        for _ in range(CLOSURE_ROUNDS):
            if self.share(chosen) > DENSE:
                break  # selecting would cost more than it saves: parse it all
            assembly.add(chosen)
            doc = assembly.doc()
            wanted = self.speaker_needs(doc, chosen, names)
            if wanted <= chosen:
                return doc
            chosen |= wanted
        assembly.add(set(range(len(self.bounds))))
        self.index = None
        return assembly.doc()

    def screened(self, chosen: set[int], assembly: Assembly) -> set[int]:
        """Without a document holder, the chosen paragraphs less the stance paragraphs whose parse shows
        no sentence that may carry a record (pipeline.screening: kept ones are parsed, others not)."""
        if self.mode is not ParseMode.STANCE or self.scope.narrative:
            return chosen
        original = self.original if self.original is not None else self.text
        return self.quoted | screen(assembly, chosen - self.quoted, self.scoped_mentions(), original)

    def share(self, chosen: set[int]) -> float:
        """The part of the text the chosen paragraphs hold."""
        return sum(self.bounds[i][1] - self.bounds[i][0] for i in chosen) / max(1, len(self.text))

    def speaker_needs(self, doc: Doc, chosen: set[int], names: set[str]) -> set[int]:
        """Paragraphs the speaker inventory may draw on, given the parsed selection.

        A pronoun or a role ("he", "the minister") resolves to the most recent fitting person. When
        it resolves to a person mentioned at paragraph k, every paragraph from k to the mention that
        may name someone must be parsed (a nearer person would win), and the other mentions of the
        persons named there too (their party and titles count); paragraphs before k cannot change the
        answer. Those paragraphs are taken NEAR at a time, nearest first, so a look-back settles in a
        round or two. A look-back that finds no person may need any earlier paragraph.
        """
        index = self.index = SpeakerIndex(doc, self.registry, self.on)
        reach = Reach()
        by_name = {cluster.name: cluster for cluster in index.persons}
        for start, end in self.mentions(doc):
            self.mention_reach(index, by_name, doc, start, end, names, reach)
        if reach.reads_state and not self.every_quote:
            # A kept speaker is read from the index's state, which every quotation's speaker can change.
            self.every_quote = True
            reach.wanted |= self.all_quote_paragraphs() - chosen
        for low, high in reach.windows:
            missing = unparsed_namers(self.namers(), low, high, chosen)
            reach.wanted.update(missing)
            if not missing:  # settled: the persons named in the window must be complete
                for cluster in index.persons:
                    if any(self.bounds[low][0] <= s < self.bounds[high][1] for s, _ in cluster.mentions):
                        names.update(cluster_words(cluster))
        return reach.wanted | self.reached_paragraphs(chosen, reach, NameMatcher(names))

    def namers(self) -> list[int]:
        """The paragraphs that may name a person (lookback.may_name_person), in order; found once."""
        if self._namers is None:
            self._namers = [index for index in range(len(self.bounds)) if may_name_person(self.paragraph(index))]
        return self._namers

    def mention_reach(self, index: SpeakerIndex, by_name: dict[str, PersonCluster], doc: Doc, start: int,
                      end: int, names: set[str], reach: Reach) -> None:
        """What resolving the speaker mention text[start:end] may read in earlier paragraphs."""
        paragraph = paragraph_of(self.starts, start)
        mention = doc.char_span(start, end, alignment_mode="expand")
        if mention is None:
            return
        names.update(mention_name_words(index, start, end))
        speaker = index.resolve(start, end)
        clusters = []
        if speaker is not None:
            clusters = [by_name[name] for name in (speaker.name, *speaker.members) if name in by_name]
            for cluster in clusters:
                names.update(cluster_words(cluster))
        form = index.form(mention)
        if form.institution:  # "the ministry said": the ministry named in full anywhere before
            reach.institutions.append((paragraph, re.compile(re.escape(form.institution.rstrip("y")), re.I)))
        names_document = bool(document_noun_pattern().search(mention.text))
        reach.reads_state |= form.pronoun == "person" or names_document
        if form.looks_back and speaker is not None and speaker.kind == "person" and form.pronoun != "person" and (
                appositive := index.appositive_person(mention)) is not None and appositive.name == speaker.name:
            pass  # "the spokesman, Li Wei, said": resolved to the name right after it, nothing earlier is read
        elif form.looks_back:
            if form.pronoun == "person":  # "he": the subjects of the last sentences that name someone
                found = [index.lookback_floor(start)]
            else:  # a role or a lone demonym: the last mention of the person it resolved to
                found = [max((s for s, _ in cluster.mentions if s < end), default=None) for cluster in clusters]
            if clusters and speaker is not None and speaker.kind in {"person", "group"} and None not in found:
                reach.windows.append((paragraph_of(self.starts, min(found)), paragraph))  # type: ignore[type-var]
            elif (start, end) in self.unresolved:
                reach.person = max(reach.person, paragraph)  # the near paragraphs did not name anyone
            else:
                self.unresolved.add((start, end))
                reach.windows.append((0, paragraph))
        if names_document:
            reach.document = max(reach.document, paragraph)
        # "it"/"its" read the subject of the previous sentence, which may open the paragraph before.
        if paragraph > 0 and {t.lower_ for t in mention if not t.is_punct} & {"it", "its"}:
            reach.wanted.add(paragraph - 1)

    def reached_paragraphs(self, chosen: set[int], reach: Reach, matcher: NameMatcher) -> set[int]:
        """Unparsed paragraphs that the look-backs may read: any that may name a person before an
        unresolved look-back, a document noun before a document mention, the institution's noun before
        "the ministry", and (the canonical name being the longest variant in the whole document) any
        with a near spelling of a selected speaker's name words."""
        wanted: set[int] = set()
        for position in range(len(self.bounds)):
            if position in chosen:
                continue
            text = self.paragraph(position)
            if position < reach.person and may_name_person(text):
                wanted.add(position)
            elif position < reach.document and document_noun_pattern().search(text):
                wanted.add(position)
            elif any(position < before and noun.search(text) for before, noun in reach.institutions):
                wanted.add(position)
            elif matcher.matches(text):
                wanted.add(position)
        return wanted

    def mentions(self, doc: Doc) -> list[tuple[int, int]]:
        """Character ranges of the speaker mentions attribution and reported speech will resolve."""
        lexicon = load_cues()
        self.attributions = attribute_quotes(doc, self.quotes, lexicon)
        found = [span for attribution in self.attributions for span in (attribution.speaker, attribution.name)
                 if span is not None]
        if self.mode in (ParseMode.STATEMENTS, ParseMode.STANCE):
            found.extend(statement_speakers(doc, lexicon, self.mode is ParseMode.STANCE,
                                            self.mode is ParseMode.STATEMENTS))
        return found


def statement_speakers(doc: Doc, lexicon: CueLexicon, acts: bool, parts: bool = False) -> list[tuple[int, int]]:
    """Character ranges of the speakers of reported speech in the parsed sentences, with `parts` of
    every part's holder (extract.statements.sentence_parts, a superset: no cue taken, quotations
    not skipped) and, with `acts`, of the actors of evaluative acts (resolved like speakers)."""
    found: list[tuple[int, int]] = []
    frames = load_frames()
    for sentence in doc.sents:
        if not sentence[0].tag_:
            continue  # not parsed (paragraphs are parsed whole): no statement to find there
        cue = indirect_cue(sentence, lexicon)
        if cue is not None and cue[1] is not None and len(cue[1]):
            found.append((cue[1].start_char, cue[1].end_char))
        elif cue is None and (headline := headline_report(sentence)) is not None:
            found.append((headline[0].start_char, headline[0].end_char))
        if parts:
            found.extend((part.subject.start_char, part.subject.end_char)
                         for part in sentence_parts(sentence, lexicon, frames, set()) if part.subject is not None)
        act = evaluative_act(sentence) if acts else None
        if act is not None:
            found.append((act.actor.start_char, act.actor.end_char))
    return found
