"""Assemble quote records: kind, speaker, cue, utterance grouping and confidence.

Inputs are the quotation spans (quotemarks), their attributions (attribution) and the document's
speaker inventory (speakers); the output is the `Quote` records of docs/OUTPUT.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from spacy.tokens import Doc, Token

from statemint.nlp.doctext import doc_layout, doc_text

from statemint.extract.attribution import Attribution, preceding_token
from statemint.extract.cues import CueLexicon
from statemint.extract.dialogue import take_turns
from statemint.extract.speakers.labels import label_speaker
from statemint.text.transcripts import Turn
from statemint.text.quotemarks import QuoteSpan
from statemint.text.dashes import DASH_CHARS, LONG_DASH_CHARS
from statemint.records import Quote, Speaker, mention_at
from statemint.extract.speakers import SpeakerIndex
from statemint.vocabulary import DISTANCING_WORDS, TERM_MARKERS, WORK_NOUNS

WORD = re.compile(r"\w+")
SCARE_MAX_WORDS = 4
JOIN_GAP_WORDS = 12
TURN_CONFIDENCE = 0.5  # a speaker known from turn-taking alone (extract.dialogue)
TURN_LABEL_CONFIDENCE = 0.95  # a transcript's speaker label (text.transcripts)
# Attributions that rest on the sentence's subject, not a cue: a term after "the", "their" or "so-called"
# is still a scare quote with them ("their so-called “peace plan”").
WEAK_METHODS = {"none", "governing"}
TITLE_SMALL_WORDS = {"the", "of", "and", "for", "a", "an", "in", "on", "to", "with", "or", "at", "by", "from"}
# Before a quoted term, the writer's own pointing at a thing ("the “limitless” partnership", "this
# “limitless” association"), not someone's wording ("his “friend and colleague”", "a “ferocious” battle").
WRITERS_TERM_MARKERS = DISTANCING_WORDS | {"the", "this", "that", "these", "those"}  # the most words a reporting clause between two quotes of one utterance has


def classify(doc: Doc, quote: QuoteSpan, attribution: Attribution, lexicon: CueLexicon) -> str:
    """direct, partial or scare, from where the quote stands in its sentence and what it holds.

    A quote that opens a sentence (or follows a colon or "said,") is a direct quotation; a short
    unpunctuated term after a determiner or with no reporting cue at all is a scare quote; the rest are
    fragments quoted inside the reporter's sentence: partial.
    """
    content = doc_text(doc)[quote.start:quote.end].strip()
    words = WORD.findall(content)
    ends_like_speech = content[-1:] in {",", ".", "!", "?", "…", ";"}
    before: Token | None = preceding_token(doc, quote)
    short = len(words) <= SCARE_MAX_WORDS
    if (is_title(content) or names_a_work(doc_text(doc), quote, content)) and not _in_headline(doc_text(doc), quote):
        return "title"  # by form alone: every parse mode agrees
    after = _following_token(doc, quote)
    if short and not ends_like_speech and after is not None and after.pos_ in {"NOUN", "PROPN"}:
        return "scare"  # a quoted modifier: the “limitless” partnership
    if before is not None and (before.lower_ in TERM_MARKERS or before.tag_ in {"POS", "PRP$"}) \
            and short and not ends_like_speech and (attribution.method in WEAK_METHODS or attribution.label_cue):
        return "scare"
    if before is not None and short and not ends_like_speech and before.lemma_.lower() in lexicon.judge \
            and words and words[0].lower() not in TERM_MARKERS:
        # A thing named by its bare term and judged ("Putin hailed ‘peace plan’ presented by …"); a
        # phrase with its article is the judge's wording ("denounced «the inadmissible obstacles»").
        return "scare"
    if attribution.method in WEAK_METHODS:
        return "scare" if short and not ends_like_speech else ("direct" if before is None else "partial")
    if before is None or before.text == ":" or before.text in LONG_DASH_CHARS:
        return "direct"
    if before.text == "," and before.i > 0 and (doc[before.i - 1].lemma_.lower() in lexicon.speech):
        return "direct" if content[:1].isupper() else "partial"
    if before.lemma_.lower() in lexicon.speech and content[:1].isupper() and len(words) > SCARE_MAX_WORDS:
        return "direct"
    return "partial"


def _uses_term(doc: Doc, quote: QuoteSpan, attribution: Attribution) -> bool:
    """A quoted term that the sentence's subject uses ("Cruz mocked Rubio for “having a tough night”"):
    the term is theirs, unless it is the writer's label for a thing ("the “limitless” partnership",
    "so-called “plan”") or the attribution follows the quoted noun ("“limitless” association Putin boasts")."""
    if attribution.method == "headline":
        return True
    if attribution.method not in {"governing", "before"}:
        return False
    before = preceding_token(doc, quote)
    if before is None:
        return True
    word = before.lower_
    if word == "called" and before.i >= 2 and doc[before.i - 1].text in {"-", "‐"} and doc[before.i - 2].lower_ == "so":
        word = "so-called"  # the tokenizer splits "so-called" in three
    return word not in WRITERS_TERM_MARKERS


def is_title(content: str) -> bool:
    """A work's title in quotation marks (“Meet the Press”, “Man of the World”): three to eight words in
    title case with a small word inside and no sentence punctuation; a slogan of two words ("America
    First") stays a scare quote."""
    words = WORD.findall(content)
    if not 3 <= len(words) <= 8 or content[-1:] in {",", ".", "!", "?", "…", ";", ":"}:
        return False
    inner = words[1:-1]
    return (words[0][:1].isupper() and words[-1][:1].isupper() and any(word in TITLE_SMALL_WORDS for word in inner)
            and all(word[:1].isupper() or word in TITLE_SMALL_WORDS for word in words))


TITLE_CASE_WORD = re.compile(r"[A-Za-z0-9][\w'’&.-]*")
PREVIOUS_WORD = re.compile(r"([\w'’.-]+)\W*$")


def names_a_work(text: str, quote: QuoteSpan, content: str) -> bool:
    """A title-case name of one to six words in quotation marks after a work noun ("the podcast “With
    Her”", "Fox News channel’s “Sunday Morning Futures”"), a network's possessive ("ABC’s “This Week”", "MSNBC's “Morning Joe”") or "of" ("the host of
    “Real Time”"): a work's title. Read from the text alone, so every parse mode agrees."""
    words = TITLE_CASE_WORD.findall(content)
    if not 1 <= len(words) <= 6 or content.rstrip()[-1:] in {"!", "?"} or not words[0][:1].isupper():
        return False
    if not all(word[:1].isupper() or word[:1].isdigit() or word.lower() in TITLE_SMALL_WORDS for word in words):
        return False
    start = quote.open_mark if quote.open_mark is not None else quote.start
    match = PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if match is None:
        return False
    previous = match.group(1)
    stem = re.sub(r"['’]s$", "", previous)
    if previous.lower() == "of":  # "the host of “Real Time”", but "chants of “Ted! Ted!”", "mispronunciations of “Hamas”"
        lowered = [word.lower() for word in words]
        return len(words) >= 2 and "!" not in content and len(set(lowered)) == len(lowered)
    return stem.lower() in WORK_NOUNS or (stem != previous and 2 <= len(stem) <= 6 and stem.isupper())


def _in_headline(text: str, quote: QuoteSpan) -> bool:
    """Is the quote on a line in title case ("Harlan: Budget Deal Is ‘A Betrayal of Voters’")? There a
    title-cased quote is someone's words, not a work's title."""
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    line = text[start:end if end >= 0 else len(text)]
    words = [word for word in WORD.findall(line) if len(word) >= 4 and not word.isdigit()]
    return bool(words) and all(word[:1].isupper() for word in words)


def _following_token(doc: Doc, quote: QuoteSpan) -> Token | None:
    """The word right after the closing mark, if it follows on the same line."""
    if quote.close_mark is None:
        return None
    span = doc.char_span(quote.close_mark + 1, min(len(doc_text(doc)), quote.close_mark + 40), alignment_mode="contract")
    # a white space token is skipped: a wrap break after a CR reads as two spaces ("”  association")
    word = next((token for token in span if not token.is_space), None) if span is not None else None
    if word is None or doc_layout(doc)[quote.close_mark + 1:word.idx].count("\n"):
        return None
    return word


def _gap_is_attribution_only(doc: Doc, previous: QuoteSpan, current: QuoteSpan, attribution: Attribution) -> bool:
    """True when only the previous quote's reporting clause stands between two quotes (“A,” she said. “B”)."""
    gap_start, gap_end = previous.with_marks()[1], current.with_marks()[0]
    if gap_end < gap_start:
        return False
    gap = doc_layout(doc)[gap_start:gap_end]  # a hard-wrap line break is no paragraph end
    if gap.count("\n") > 0 and not current.continues:
        return False
    if not gap.strip(" \t,.;:" + DASH_CHARS):
        return True
    if attribution.cue is None or not gap_start <= attribution.cue[0] < gap_end:
        return False
    # “A,” said X, who … (a reporting clause of any length that ends its sentence). “B.”
    return len(WORD.findall(gap)) <= JOIN_GAP_WORDS or (gap.count("\n") == 0 and _ends_sentence(gap))


def _ends_sentence(gap: str) -> bool:
    """Does this stretch between two quotations end with a full stop (or ! ?) before the next mark?
    The same on raw and laid-out text: they differ only in line breaks read as spaces."""
    # the stray half of a two-apostrophe mark ('' in NYT text) before the next quotation is no word
    return gap.rstrip(" \t\n'`")[-1:] in {".", "!", "?"}


def may_join(text: str, previous: QuoteSpan, current: QuoteSpan) -> bool:
    """Could `build_quotes` make these consecutive quotations one utterance, whatever the parse says?
    Each of its joining rules needs a continued paragraph, a gap of at most JOIN_GAP_WORDS words
    between the marks or a gap that ends a sentence; the selective parse (statemint.pipeline) keeps quotations this may join."""
    if current.continues:
        return True
    gap_start, gap_end = previous.with_marks()[1], current.with_marks()[0]
    return len(WORD.findall(text, gap_start, max(gap_start, gap_end))) <= JOIN_GAP_WORDS \
        or _ends_sentence(text[gap_start:max(gap_start, gap_end)])


class ResolvedSpeakers:
    """The speakers of attributions, each mention resolved once, in the order first asked (resolution
    remembers who has spoken, so each mention must be resolved only once)."""

    def __init__(self, index: SpeakerIndex):
        self.index = index
        self.cache: dict[tuple, Speaker | None] = {}

    def __call__(self, attribution: Attribution) -> Speaker | None:
        if attribution.speaker is None:
            return None
        key = (attribution.speaker, attribution.name)
        if key not in self.cache:
            self.cache[key] = self.index.resolve(attribution.speaker[0], attribution.speaker[1], attribution.name)
        return self.cache[key]

    def name(self, attribution: Attribution) -> str | None:
        speaker = self(attribution)
        return speaker.name if speaker is not None else None


def _utterances(doc: Doc, spans: Sequence[QuoteSpan], kinds: Sequence[str], resolved: list[Attribution],
                inherited: list[bool]) -> list[int]:
    """The utterance number of each quote: a continued paragraph, or a quote with no cue after only the
    previous quote's reporting clause, joins the one before and takes its attribution (in place)."""
    utterance_of: list[int] = []
    utterance_count = 0
    for index, span in enumerate(spans):
        previous = index - 1
        joins = False
        if previous >= 0 and kinds[index] != "scare" and kinds[previous] != "scare":
            if span.continues:
                joins = True
            elif resolved[index].method == "none" and _gap_is_attribution_only(doc, spans[previous], span, resolved[previous]):
                joins = True
        if joins:
            utterance_of.append(utterance_of[previous])
            if resolved[index].method == "none" and resolved[previous].method != "none":
                resolved[index] = resolved[previous]
                inherited[index] = True
        else:
            utterance_count += 1
            utterance_of.append(utterance_count)
    return utterance_of


def build_quotes(doc: Doc, spans: Sequence[QuoteSpan], attributions: Sequence[Attribution],
                 speakers: SpeakerIndex, lexicon: CueLexicon, doc_id: str | None = None,
                 turns: Sequence[Turn] = ()) -> list[Quote]:
    """Quote records in text order with ids q1, q2, … and utterances u1, u2, …; a transcript's turns
    (text.transcripts) are records of kind "turn" with ids t1, t2, … and utterances ut1, ut2, …"""
    text, layout = doc_text(doc), doc_layout(doc)
    kinds = [classify(doc, span, attribution, lexicon) for span, attribution in zip(spans, attributions)]
    # Titles of works are no quotations (docs/OUTPUT.md): left out before numbering.
    kept = [index for index, kind in enumerate(kinds) if kind != "title"]
    if len(kept) < len(kinds):
        spans = [spans[index] for index in kept]
        attributions = [attributions[index] for index in kept]
        kinds = [kinds[index] for index in kept]
    resolved: list[Attribution] = list(attributions)
    resolve = ResolvedSpeakers(speakers)
    inherited = [False] * len(spans)
    utterance_of = _utterances(doc, spans, kinds, resolved, inherited)
    # An utterance whose attribution comes at its end (multi-paragraph quotes) lends it to its start.
    for index in range(len(spans) - 2, -1, -1):
        if utterance_of[index] == utterance_of[index + 1] and resolved[index].method == "none" \
                and resolved[index + 1].method != "none":
            resolved[index] = resolved[index + 1]
            inherited[index] = True
    # A quotation alone in its paragraph in an exchange of two people takes its turn (extract.dialogue).
    for index, source in take_turns(layout, spans, [kind != "scare" for kind in kinds],
                                    [attribution.method != "none" for attribution in resolved],
                                    lambda i: resolve.name(resolved[i])).items():
        resolved[index] = replace(resolved[source], cue=None, method="alternation", confidence=TURN_CONFIDENCE)
    # A direct quote with no cue that follows the same speaker's quote in the paragraph before continues
    # them, also when only that quote's own reporting clause stands between ("“A,” Fox News said in a
    # statement.¶“B …”"); within may_join's reach, so the selective parse keeps both paragraphs.
    for index in range(1, len(spans)):
        if resolved[index].method == "none" and kinds[index] == "direct" and resolved[index - 1].method != "none" \
                and kinds[index - 1] != "scare":
            gap_start = spans[index - 1].end
            gap = layout[gap_start:spans[index].start]
            cue = resolved[index - 1].cue
            own_clause = cue is not None and gap_start <= cue[0] < spans[index].start \
                and len(WORD.findall(gap)) <= JOIN_GAP_WORDS and _ends_sentence(gap.rstrip(" \n“\"‘'«"))
            if gap.count("\n") <= 2 and (len(WORD.findall(gap)) <= 3 or own_clause):
                resolved[index] = resolved[index - 1]
                inherited[index] = True

    quotes: list[Quote] = []
    for index, (span, attribution) in enumerate(zip(spans, resolved)):
        speaker: Speaker | None = None
        if kinds[index] != "scare" or attribution.label_cue or _uses_term(doc, span, attribution):
            speaker = resolve(attribution)
        cue = mention_at(text, *attribution.cue) if attribution.cue and speaker is not None else None
        confidence = attribution.confidence if speaker is not None else (0.6 if kinds[index] == "scare" else 0.3)
        if inherited[index]:
            confidence = min(confidence, 0.8)
        if speaker is not None and speaker.mention is not None and speaker.mention.text.lower() in {"he", "she", "they", "it"}:
            confidence = min(confidence, 0.85)
        if span.recovered:
            confidence *= 0.9
        quotes.append(Quote(
            id=f"q{index + 1}", kind=kinds[index], text=text[span.start:span.end], start=span.start, end=span.end,
            speaker=speaker, cue=cue, utterance=f"u{utterance_of[index]}", confidence=confidence, doc=doc_id,
        ))
    if turns:
        quotes = sorted(quotes + turn_records(text, turns, speakers, doc_id), key=lambda quote: (quote.start, quote.end))
    return quotes


def turn_records(text: str, turns: Sequence[Turn], speakers: SpeakerIndex, doc_id: str | None) -> list[Quote]:
    """One record per paragraph of a transcript's turns; the label's colon is the cue (docs/OUTPUT.md)."""
    records: list[Quote] = []
    by_turn: dict[int, Speaker | None] = {}
    for number, turn in enumerate(turns, start=1):
        if turn.number not in by_turn:
            by_turn[turn.number] = label_speaker(speakers, text, turn)
        speaker = by_turn[turn.number]
        colon = text.find(":", max(turn.label[1], turn.notes[1]))
        records.append(Quote(
            id=f"t{number}", kind="turn", text=text[turn.start:turn.end], start=turn.start, end=turn.end,
            speaker=speaker, cue=mention_at(text, colon, colon + 1) if speaker is not None else None,
            utterance=f"ut{turn.number}", confidence=TURN_LABEL_CONFIDENCE if speaker is not None else 0.3, doc=doc_id,
        ))
    return records
