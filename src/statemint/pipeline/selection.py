"""Selective parsing: a cheap pass over all of a document, the statistical pipeline only where needed.

Tokenising and scanning text is ~100x cheaper than tagging, parsing and NER. The pipeline parses a
document paragraph by paragraph, each paragraph on its own, in every mode (`paragraph_bounds`: a
paragraph ends at a blank line, after sentence-final punctuation or after a short line). `--full-parse`
parses every paragraph; the selective modes parse only the paragraphs a command's records can come
from, which therefore get exactly the annotations a full parse gives them. `parse_document()` returns a
Doc over the whole text (`doc.text == text`, the tokens of a full parse) whose other paragraphs carry
tokens only (one flat tree per line, no tags, no entities), so the consumers find nothing there.

Which paragraphs are parsed (the *selection*):

- quotes: every paragraph a quotation touches, and the paragraph before when the quote opens a
  paragraph after a colon (attribution reads that paragraph's last sentence);
- statements: also every paragraph with a lower-case word that may be a form of a reporting verb and
  does not follow a determiner, or "according to" (statements.indirect_cue applies the same test);
- stance: the paragraphs that mention a party in scope (`--party`, or any party) and have such a
  reporting word (any, with a holder: then every sentence is a statement), and the paragraphs of the
  quotations whose paragraphs mention a party in scope or that may join such a quotation; all
  quotations' paragraphs once a kept speaker is read from the speaker index's state
  (`Selector.scoped_quote_paragraphs`);
- speakers: a pronoun, role or demonym that refers back (speakers.SpeakerIndex.resolve) pulls in the
  earlier paragraphs that may name a person, nearest first, until the person it resolves to is
  found with every paragraph in between parsed (a nearer person would win); "the ministry" pulls in
  earlier paragraphs with the noun, "the statement" those with a document noun; and, to the
  fixpoint, every paragraph with a word close enough to a selected person's name words to join
  their cluster (canonical names are the longest variant in the whole document).

A document where the mode's records cannot occur (no quotation, no cue, no party in scope) is not
even tokenised. `tests/test_speed_modes.py` compares the records of both modes on the seed, the test
texts and corpus speeches; `bench/speed.py` compares them on a whole corpus (output sha256).

Long paragraphs (over `LONG_LINE_PIECE` characters) are parsed in pieces cut at white space, in both modes.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple, Sequence

if TYPE_CHECKING:
    from datetime import date

    from spacy.language import Language
    from spacy.tokens import Doc

    from statemint.extract.attribution import Attribution
    from statemint.extract.speakers import SpeakerIndex

# Modes: which records the caller needs. "full" parses everything (the old behaviour).
FULL = "full"
QUOTES = "quotes"
STATEMENTS = "statements"
STANCE = "stance"
MODES = (FULL, QUOTES, STATEMENTS, STANCE)

WHITESPACE_RUN = re.compile(r"\s+")
LONG_LINE_PIECE = 50_000  # a paragraph this long is not prose layout; parse it in pieces this size
SHORT_LINE = 40           # a line shorter than this is a heading or a dateline: it ends a paragraph
SENTENCE_END = set(".!?:;…\"”’»)]")
CLOSURE_ROUNDS = 8      # selection rounds before giving up and parsing everything
NEAR = 2                # look-back paragraphs added per round, nearest first
DENSE = 0.6             # past this share of the text, parsing everything is cheaper than rounds of selection

PARAGRAPH_BREAK = re.compile(r"[^\S\n]*\n\s*")
WORD = re.compile(r"[^\W\d_][\w’'-]*")
CAPITALISED = re.compile(r"(?<![\w’'-])[^\W\d_a-z][\w’'-]*")
ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
PREVIOUS_WORD = re.compile(r"(?<![\w’'-])([^\W\d_][\w’'-]*)\s+$")

_ATTRS: tuple[str, ...] = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID")


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
    50 MB line is parsed in pieces too. (`api.parse_text` guarantees white space in long runs.)"""
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


def _paragraph_of(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


# --------------------------------------------------------------------------- cheap cues
@functools.lru_cache(maxsize=1)
def _indirect_lemmas() -> frozenset[str]:
    from statemint.extract.cues import load_cues

    return frozenset(load_cues().indirect)


@functools.lru_cache(maxsize=8)
def _verb_tables(nlp: "Language") -> tuple[dict, list]:
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        exceptions = dict(lookups.get_table("lemma_exc").get("verb", {}))
        rules = list(lookups.get_table("lemma_rules").get("verb", []))
    except Exception:  # a pipeline without a rule lemmatizer: fall back to English suffix rules
        exceptions = {}
        rules = [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]]
    return exceptions, rules


def _could_be_reporting_verb(word: str, nlp: "Language", cache: dict[str, bool]) -> bool:
    """Could the lemmatizer give this word a reported-speech lemma? A superset of its verb rules."""
    known = cache.get(word)
    if known is not None:
        return known
    lemmas = _indirect_lemmas()
    exceptions, rules = _verb_tables(nlp)
    found = word in lemmas or any(lemma in lemmas for lemma in exceptions.get(word, ()))
    if not found:
        for old, new in rules:
            if word.endswith(old) and word[: len(word) - len(old)] + new in lemmas:
                found = True
                break
    cache[word] = found
    return found


def _has_reporting_cue(paragraph: str, nlp: "Language", cache: dict[str, bool]) -> bool:
    """Could a sentence of this paragraph be reported speech? A superset of statements.indirect_cue:
    a lower-case word that may be a form of a reporting verb and does not follow a determiner
    (statements._noun_by_form), or "according to"."""
    from statemint.extract.statements import DETERMINERS

    if ACCORDING_TO.search(paragraph):
        return True
    for match in WORD.finditer(paragraph):
        word = match.group()
        # Tokens split at hyphens and apostrophes ("re-affirmed"), so each part is checked too.
        for part in {word, *re.split(r"[-’']", word)}:
            if not part.islower() or not _could_be_reporting_verb(part, nlp, cache):
                continue
            if part == word:
                previous = PREVIOUS_WORD.search(paragraph, max(0, match.start() - 40), match.start())
                if previous is not None and previous.group(1).lower() in DETERMINERS:
                    continue
            return True
    return False


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _may_name_person(paragraph: str) -> bool:
    """A capitalised word that is not a function word: the paragraph may name someone."""
    common = _common_words()
    return any(match.group().lower().strip("’'.-") not in common for match in CAPITALISED.finditer(paragraph))


@functools.lru_cache(maxsize=1)
def _document_noun_pattern() -> re.Pattern[str]:
    from statemint.extract.attribution import DOCUMENT_NOUNS
    from statemint.extract.speakers.index import CORE_DOCUMENT_NOUNS

    nouns = sorted(DOCUMENT_NOUNS | CORE_DOCUMENT_NOUNS | {"plan", "message"}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r")", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    from statemint.extract.speakers.index import ROLE_NOUNS, TITLES

    return frozenset(word.strip(".") for word in TITLES | ROLE_NOUNS)


def _name_words(words: Iterable[str]) -> set[str]:
    """Words that may be part of a person's name: capitalised, not a function word, not a title
    ("President" opens half the paragraphs of a UN speech; titles are stripped from names)."""
    found = set()
    for word in words:
        folded = word.lower().strip("’'.-")
        if word[:1].isupper() and word.lower() not in _common_words() and folded not in _title_words():
            found.add(folded)
    return found


# --------------------------------------------------------------------------- parsing
def parse(text: str, nlp: "Language", mode: str = FULL, registry: object = None, on: "date | None" = None) -> "Doc":
    """A Doc over `text` with the full pipeline's annotations wherever `mode`'s records can come from."""
    doc = parse_document(text, nlp, mode, registry, on).doc
    return doc if doc is not None else _assemble(text, nlp, paragraph_bounds(text), set())


@dataclass(frozen=True)
class StanceScope:
    """What the stance mode selects for: statements that mention one of `parties` (None: any party,
    `adhoc` ones included); `narrative` when a holder makes every sentence a statement."""

    parties: frozenset[str] | None = None
    adhoc: tuple[Any, ...] = ()
    narrative: bool = False


class Parsed(NamedTuple):
    """A parsed document, with what the selection already computed over it (None when it did not):
    the speaker index (use `.fresh()` before resolving) and the quotes' attributions."""

    doc: "Doc | None"
    index: "SpeakerIndex | None" = None
    attributions: "list[Attribution] | None" = None


def parse_document(text: str, nlp: "Language", mode: str = FULL, registry: object = None,
                   on: "date | None" = None, original: str | None = None,
                   scope: StanceScope | None = None) -> Parsed:
    """`parse`, and what the selection built over the Doc it returns (`Parsed`).
    `original` is the text records quote (see api.parse_text);
    `scope` is what the stance mode selects for. The Doc is None when the mode's records cannot
    occur in the text at all (no quotation, no reporting cue, no party in scope): nothing is parsed,
    or even tokenised."""
    if mode not in MODES:
        raise ValueError(f"unknown parse mode {mode!r}; use one of {', '.join(MODES)}")
    if mode == FULL:
        bounds = paragraph_bounds(text)
        return Parsed(_assemble(text, nlp, bounds, set(range(len(bounds))), original))
    selector = Selector(text, nlp, mode, registry, on, original, scope or StanceScope())
    doc = selector.run()
    return Parsed(doc, selector.index, selector.attributions if selector.index is not None else None)


class Selector:
    """Chooses paragraphs for one document, parses them, and closes over speakers."""

    def __init__(self, text: str, nlp: "Language", mode: str, registry: object = None, on: "date | None" = None,
                 original: str | None = None, scope: StanceScope = StanceScope()):
        from statemint.text.quotemarks import scan_quotes

        self.text = text
        self.original = original
        # Quotes and party mentions are found in the text records come from, as api.analyze finds them
        # (the parser's copy has long runs broken by spaces, which can change how marks pair).
        self.source = original if original is not None else text
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
        self._scoped_mentions: list[int] | None = None
        self.every_quote = mode != STANCE  # stance: only the quotations that may hold a party in scope

    def paragraph(self, index: int) -> str:
        start, end = self.bounds[index]
        return self.text[start:end]

    def quote_paragraphs(self, quote: Any) -> set[int]:
        """The paragraphs a quotation's records are read from: those it touches, and the paragraph before
        when it opens a paragraph after a colon (attribution reads that paragraph's last sentence)."""
        first = quote.open_mark if quote.open_mark is not None else quote.start
        last = quote.close_mark if quote.close_mark is not None else max(quote.start, quote.end - 1)
        low = _paragraph_of(self.starts, first)
        high = _paragraph_of(self.starts, max(first, last))
        found = set(range(low, high + 1))
        # "… read a statement:¶“We …"
        if low > 0 and not self.text[self.starts[low]:first].strip():
            if self.text[self.bounds[low - 1][0]:self.bounds[low - 1][1]].rstrip().endswith(":"):
                found.add(low - 1)
        return found

    def initial(self) -> set[int]:
        if self.mode == STANCE:
            chosen = self.scoped_quote_paragraphs()
            return chosen | self.stance_paragraphs(chosen)
        chosen = self.all_quote_paragraphs()
        if self.mode == STATEMENTS:
            cache: dict[str, bool] = {}
            for index in range(len(self.bounds)):
                if index not in chosen and _has_reporting_cue(self.paragraph(index), self.nlp, cache):
                    chosen.add(index)
        return chosen

    def all_quote_paragraphs(self) -> set[int]:
        return {index for quote in self.quotes for index in self.quote_paragraphs(quote)}

    def scoped_quote_paragraphs(self) -> set[int]:
        """The paragraphs of the quotations whose statements may hold a party in scope.

        A quotation's statement lies within its paragraphs, so one whose paragraphs mention no party in
        scope cannot carry a stance the command reports, and neither can it join one: quotations join
        into an utterance (quotes.build_quotes) only across a gap of at most twelve words or when the
        scanner marks a continued paragraph, so every quotation within such reach of a kept one is
        kept too. What a dropped quotation can still change is the speaker index's state (who has
        spoken, which documents were cited); `speaker_needs` returns to every quotation's paragraphs
        when a kept statement's speaker is read from that state ("he", "the statement")."""
        in_scope = {_paragraph_of(self.starts, start) for start in self.scoped_mentions()}
        paragraphs = [self.quote_paragraphs(quote) for quote in self.quotes]
        kept = {index for index, found in enumerate(paragraphs) if found & in_scope}
        pending = list(kept)
        while pending:
            index = pending.pop()
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(self.quotes) and neighbour not in kept and _may_join(
                        self.source, self.quotes[min(index, neighbour)], self.quotes[max(index, neighbour)]):
                    kept.add(neighbour)
                    pending.append(neighbour)
        return {paragraph for index in kept for paragraph in paragraphs[index]}

    def scoped_mentions(self) -> list[int]:
        """Where the mentions of the parties in scope start (parties.party_mentions, found once)."""
        from statemint.parties.matcher import party_mentions

        if self._scoped_mentions is None:
            parties = self.scope.parties
            self._scoped_mentions = [start for start, _, party in
                                     party_mentions(self.source, self.registry, self.on, self.scope.adhoc)
                                     if parties is None or party in parties]
        return self._scoped_mentions

    def stance_paragraphs(self, chosen: set[int]) -> set[int]:
        """Paragraphs where a statement may mention a party in scope: a stance rests on a statement
        that holds the mention, and outside quotations only reported speech (or, with a holder, any
        sentence) is a statement."""
        found: set[int] = set()
        cache: dict[str, bool] = {}
        for start in self.scoped_mentions():
            index = _paragraph_of(self.starts, start)
            if index in chosen or index in found:
                continue
            if self.scope.narrative or _has_reporting_cue(self.paragraph(index), self.nlp, cache):
                found.add(index)
        return found

    def run(self) -> "Doc | None":
        chosen = self.initial()
        if not chosen:
            return None
        names: set[str] = set()
        assembly = Assembly(self.text, self.nlp, self.bounds, self.original)
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

    def share(self, chosen: set[int]) -> float:
        """The part of the text the chosen paragraphs hold."""
        return sum(self.bounds[i][1] - self.bounds[i][0] for i in chosen) / max(1, len(self.text))

    def speaker_needs(self, doc: "Doc", chosen: set[int], names: set[str]) -> set[int]:
        """Paragraphs the speaker inventory may draw on, given the parsed selection.

        A pronoun or a role ("he", "the minister") resolves to the most recent fitting person. When
        it resolves to a person mentioned at paragraph k, every paragraph from k to the mention that
        may name someone must be parsed (a nearer person would win), and the other mentions of the
        persons named there too (their party and titles count); paragraphs before k cannot change the
        answer. Those paragraphs are taken NEAR at a time, nearest first, so a look-back settles in a
        round or two. A look-back that finds no person may need any earlier paragraph.
        """
        from statemint.extract.speakers.index import INSTITUTION_NOUNS, MALE_FEMALE_PRONOUNS, ROLE_NOUNS, SpeakerIndex

        wanted: set[int] = set()
        reach_person = -1    # paragraphs before this one may hold the person a pronoun or role refers to
        reach_document = -1  # the same for "the statement", "the document"
        windows: list[tuple[int, int]] = []  # (k, P): paragraphs k..P decide a look-back
        institutions: list[tuple[int, re.Pattern[str]]] = []  # (P, noun): earlier paragraphs with the noun
        index = self.index = SpeakerIndex(doc, self.registry, self.on)  # type: ignore[arg-type]
        by_name = {cluster.name: cluster for cluster in index.persons}
        for start, end in self.mentions(doc):
            paragraph = _paragraph_of(self.starts, start)
            mention = doc.char_span(start, end, alignment_mode="expand")
            if mention is None:
                continue
            words = {t.lower_ for t in mention if not t.is_punct}
            names.update(_mention_name_words(index, start, end))
            try:
                speaker = index.resolve(start, end)
            except Exception:  # the full run will meet the same problem; selection only needs a guess
                speaker = None
            clusters = []
            if speaker is not None:
                clusters = [by_name[name] for name in (speaker.name, *speaker.members) if name in by_name]
                for cluster in clusters:
                    names.update(_cluster_words(cluster))
            # A pronoun ("he"), a role ("the Secretary-General", "the Chinese president") or a lone demonym
            # ("the American") is resolved by looking back at earlier persons (speakers.SpeakerIndex.resolve).
            content = [t for t in mention if not t.is_punct and t.lower_ not in {"the", "a", "an"}]
            role = any(t.lemma_.lower() in ROLE_NOUNS or t.lower_ in ROLE_NOUNS for t in mention)
            if role and (mention.root.tag_ in {"NNS", "NNPS"} or mention[0].lower_ in {"a", "an", "one", "another"}):
                role = False  # "officials", "a senior official": a group or someone new, not someone named before
            pronoun = len(words) == 1 and bool(words & MALE_FEMALE_PRONOUNS)
            lone = (len(content) == 1 and content[0].text[:1].isupper() and content[0].pos_ in {"ADJ", "PROPN", "NOUN"}
                    and content[0].lower_.endswith(("an", "ese", "ish", "ch", "i", "ic"))
                    and not _names_party(index, content[0].text))
            if len(words) == 2 and "the" in words and content and content[0].lemma_.lower() in INSTITUTION_NOUNS:
                # "the ministry said": the ministry named in full anywhere before.
                institutions.append((paragraph, re.compile(re.escape(content[0].lemma_.lower().rstrip("y")), re.I)))
            if not self.every_quote and (pronoun or _document_noun_pattern().search(mention.text)):
                # Read from the index's state, which every quotation's speaker can change.
                self.every_quote = True
                wanted |= self.all_quote_paragraphs() - chosen
            if pronoun or role or lone:
                if pronoun:  # "he": the subjects of the last sentences that name someone
                    found = [index.lookback_floor(start)]
                else:  # a role: the last mention of the person it resolved to
                    found = [max((s for s, _ in cluster.mentions if s < end), default=None) for cluster in clusters]
                if clusters and speaker is not None and speaker.kind in {"person", "group"} and None not in found:
                    windows.append((_paragraph_of(self.starts, min(found)), paragraph))  # type: ignore[type-var]
                elif (start, end) in self.unresolved:
                    reach_person = max(reach_person, paragraph)  # the near paragraphs did not name anyone
                else:
                    self.unresolved.add((start, end))
                    windows.append((0, paragraph))
            if _document_noun_pattern().search(mention.text):
                reach_document = max(reach_document, paragraph)
            # "it"/"its" read the subject of the previous sentence, which may open the paragraph before.
            if paragraph > 0 and words & {"it", "its"}:
                wanted.add(paragraph - 1)
        for low, high in windows:
            missing = [position for position in range(high - 1, low - 1, -1)
                       if position not in chosen and _may_name_person(self.paragraph(position))]
            wanted.update(missing[:NEAR])
            if not missing:  # settled: the persons named in the window must be complete
                for cluster in index.persons:
                    if any(self.bounds[low][0] <= s < self.bounds[high][1] for s, _ in cluster.mentions):
                        names.update(_cluster_words(cluster))
        # The canonical name of a speaker is its longest variant anywhere in the document, so paragraphs
        # with a near spelling of a speaker's name words join the selection.
        matcher = _NameMatcher(names)
        for position in range(len(self.bounds)):
            if position in chosen:
                continue
            text = self.paragraph(position)
            if position < reach_person and _may_name_person(text):
                wanted.add(position)
            elif position < reach_document and _document_noun_pattern().search(text):
                wanted.add(position)
            elif any(position < reach and noun.search(text) for reach, noun in institutions):
                wanted.add(position)
            elif matcher.matches(text):
                wanted.add(position)
        return wanted

    def mentions(self, doc: "Doc") -> list[tuple[int, int]]:
        """Character ranges of the speaker mentions attribution and reported speech will resolve."""
        from statemint.extract.attribution import attribute_quotes
        from statemint.extract.cues import load_cues

        lexicon = load_cues()
        found: list[tuple[int, int]] = []
        self.attributions = attribute_quotes(doc, self.quotes, lexicon)
        for attribution in self.attributions:
            if attribution.speaker is not None:
                found.append(attribution.speaker)
            if attribution.name is not None:
                found.append(attribution.name)
        if self.mode in (STATEMENTS, STANCE):
            from statemint.extract.statements import indirect_cue

            for sentence in doc.sents:
                if not sentence[0].tag_:
                    continue  # not parsed (paragraphs are parsed whole): no statement to find there
                cue = indirect_cue(sentence, lexicon)
                if cue is not None and cue[1] is not None and len(cue[1]):
                    found.append((cue[1].start_char, cue[1].end_char))
        return found


def _may_join(text: str, previous: Any, current: Any) -> bool:
    """Could quotes.build_quotes make these consecutive quotations one utterance? Each of its rules
    needs a continued paragraph or a gap of at most quotes.JOIN_GAP_WORDS words between the marks."""
    from statemint.extract.quotes import JOIN_GAP_WORDS, WORD

    if current.continues:
        return True
    gap_start = previous.close_mark + 1 if previous.close_mark is not None else previous.end
    gap_end = current.open_mark if current.open_mark is not None else current.start
    return len(WORD.findall(text, gap_start, max(gap_start, gap_end))) <= JOIN_GAP_WORDS


def _names_party(index: Any, word: str) -> bool:
    """"Pakistan", "ASEAN": a party's own name, not a demonym (speakers: a lone demonym looks back)."""
    party = index._lookup(word)
    return party is not None and index._names_party(word, party)


def _cluster_words(cluster: Any) -> set[str]:
    """The name words of a person: its variants and its registry name (mentions join it through either)."""
    return _name_words(w for variant in (*cluster.variants, cluster.registry_name or "") for w in variant.split())


def _mention_name_words(index: Any, start: int, end: int) -> set[str]:
    """Name words a speaker mention may share with a person named elsewhere: those of the persons in it,
    and of its bare proper-noun runs that are not a party's name (speakers.SpeakerIndex joins such a
    run to a person whose name is close enough, so that person's other mentions must be parsed)."""
    found: set[str] = set()
    for s, e, cluster in index.person_mentions:
        if start <= s and e <= end:
            found |= _cluster_words(cluster)
    for run in index._other_runs:
        if start <= run[0].idx and run[-1].idx + len(run[-1]) <= end:
            if index._lookup(" ".join(t.text for t in run)) is None:
                found |= _name_words(t.text for t in run)
    return found


class _NameMatcher:
    """Capitalised words close enough (rapidfuzz ratio) to a name word to join its person cluster."""

    CUTOFF = 80  # speakers.py joins a name to a person from a word similarity of 80 (90 for bare surnames)

    def __init__(self, names: set[str]):
        self.names = {n for n in names if n}
        self.long = sorted(n for n in self.names if len(n) >= 3)
        self.cache: dict[str, bool] = {}

    def word(self, word: str) -> bool:
        known = self.cache.get(word)
        if known is None:
            from rapidfuzz import fuzz, process

            known = word in self.names or (len(word) >= 3 and bool(self.long) and process.extractOne(
                word, self.long, scorer=fuzz.ratio, score_cutoff=self.CUTOFF) is not None)
            self.cache[word] = known
        return known

    def matches(self, paragraph: str) -> bool:
        if not self.names:
            return False
        return any(self.word(match.group().lower().strip("’'.-")) for match in CAPITALISED.finditer(paragraph))


class Assembly:
    """The document's tokens with annotations copied from paragraph parses, built up in rounds."""

    def __init__(self, text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], original: str | None = None):
        import numpy
        from spacy.attrs import IDS

        self.text, self.nlp, self.bounds, self.original = text, nlp, bounds, original
        from spacy.attrs import IDX

        self.base = nlp.tokenizer(text)  # not make_doc: its max_length guard is for the parser, not the tokenizer
        self.count = len(self.base)
        self.token_starts = self.base.to_array([IDX]).astype("int64")
        self.newline = numpy.zeros(self.count, dtype=bool)  # tokens holding a line break (white space runs)
        breaks = numpy.array([match.start() for match in re.finditer("\n", text)], dtype="int64")
        if len(breaks):
            self.newline[self.token_starts.searchsorted(breaks, side="right") - 1] = True
        self.attrs = [IDS[name] for name in _ATTRS]
        self.column = {name: position for position, name in enumerate(_ATTRS)}
        self.array = numpy.zeros((self.count, len(self.attrs)), dtype="uint64")
        self.kept = numpy.zeros(self.count, dtype=bool)
        self.parsed: set[int] = set()

    def add(self, chosen: set[int]) -> None:
        """Parse the chosen paragraphs not parsed yet, each on its own, and keep their annotations."""
        from statemint.nlp.annotate import annotate
        from statemint.errors import StatemintError

        new = sorted(set(chosen) - self.parsed)
        if not new:
            return
        self.parsed.update(new)
        bounds, text = self.bounds, self.text
        texts = (text[bounds[index][0]:bounds[index][1]] for index in new)
        for index, piece in zip(new, annotate(self.nlp, texts, batch_size=32)):
            if not len(piece):
                continue
            offset = int(self.token_starts.searchsorted(bounds[index][0]))
            end = offset + len(piece)
            if (end > self.count or self.token_starts[offset] != bounds[index][0]
                    or self.base[end - 1].text != piece[-1].text):
                raise StatemintError("internal error: a parsed paragraph does not align with the document's tokens")
            self.array[offset:end] = piece.to_array(self.attrs)
            self.kept[offset:end] = True

    def doc(self) -> "Doc":
        """A Doc over the whole text: kept annotations, and one flat tree per line elsewhere."""
        import numpy

        nlp = self.nlp
        array = self.array.copy()
        loose = ~self.kept
        if loose.any():
            positions = numpy.arange(self.count)
            # A flat tree starts at a loose token after a kept one, after a line break, or at the start.
            previous_kept = numpy.concatenate(([True], self.kept[:-1]))
            previous_newline = numpy.concatenate(([True], self.newline[:-1]))
            starts = loose & (previous_kept | previous_newline)
            roots = numpy.maximum.accumulate(numpy.where(starts, positions, 0))
            signed = array.view("int64")  # HEAD holds signed offsets, stored as uint64
            signed[loose, self.column["HEAD"]] = (roots - positions)[loose]
            array[loose, self.column["DEP"]] = nlp.vocab.strings.add("dep")
            array[starts, self.column["DEP"]] = nlp.vocab.strings.add("ROOT")
            array[loose, self.column["ENT_IOB"]] = 2  # O: outside any entity
        base = self.base.copy()
        base.from_array(self.attrs, array)
        if self.original is not None:
            base.user_data["statemint.text"] = self.original  # record texts come from it (statemint.nlp.doctext)
        return base


def _assemble(text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], chosen: set[int],
              original: str | None = None) -> "Doc":
    assembly = Assembly(text, nlp, bounds, original)
    assembly.add(chosen)
    return assembly.doc()
