"""Which parsed paragraphs can hold a stance record when the document has no holder.

A stance rests on a statement or an evaluative act that has a holder (stance.build). Without a
document holder, outside quotations that is reported speech whose subject is not the writer's own
"we" (extract.reporting.HOLDER_WORDS: it speaks for the absent holder) or an evaluative act
(extract.acts), in a sentence that mentions a party in scope. On UN speeches a reporting or act word
stands in most paragraphs that mention a party ("we believe", "we support"), so the raw-text tests
(statements.may_report, acts.may_act) keep 70% of the text while under 30% has such a sentence.

The test reads a paragraph parsed on its own without its entities (nlp.annotate's `keep`), so a
paragraph it refuses costs its tagging and parsing but not its entity recognition, and stays unparsed.
It reads the rules' own functions, so it cannot refuse a paragraph whose records a full parse gives:
the sentences, tags, lemmas and dependencies of a paragraph parsed on its own are those of the full
parse, and entities are not read. (A verb at a paragraph's start has no determiner before it here, so
reporting.noun_by_form may call it a verb where the whole Doc calls it a noun: only ever more kept.)
"""

from __future__ import annotations

import bisect
from typing import Sequence

from spacy.tokens import Doc, Span

from statemint.extract.acts import evaluative_act
from statemint.extract.context import headline_report
from statemint.extract.cues import CueLexicon, load_cues
from statemint.extract.reporting import HOLDER_WORDS
from statemint.extract.statements import indirect_cue
from statemint.pipeline.assembly import Assembly


def screen(assembly: Assembly, candidates: set[int], mentions: Sequence[tuple[int, int]], original: str) -> set[int]:
    """Parse the candidate paragraphs and keep those that may carry a stance (`may_carry_stance`); the
    others are left unparsed in `assembly`, their entities never recognised. `mentions`: the party
    mentions in scope, in text order, in the document `original`."""
    starts = [start for start, _ in mentions]
    lexicon = load_cues()

    def keep(index: int, piece: Doc) -> bool:
        return may_carry_stance(piece, assembly.bounds[index][0], mentions, starts, original, lexicon)

    return assembly.add(candidates, keep)


def mentions_in(mentions: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> bool:
    """Does a mention (start, end), from `mentions` in text order with `starts` their starts, overlap
    text[start:end]? Mentions do not overlap one another, so their ends are in order too."""
    position = bisect.bisect_right(starts, start)
    if position > 0 and mentions[position - 1][1] > start:
        return True
    return position < len(mentions) and mentions[position][0] < end


def may_carry_stance(piece: Doc, offset: int, mentions: Sequence[tuple[int, int]], starts: Sequence[int],
                     original: str, lexicon: CueLexicon) -> bool:
    """Can a sentence of this paragraph (parsed on its own, its text at `offset` in the document, whose
    text `original` is) be a stance record's statement or act without a document holder?
    `mentions` are the party mentions in scope, `starts` their starts."""
    for sentence in piece.sents:
        if not mentions_in(mentions, starts, offset + sentence.start_char, offset + sentence.end_char):
            continue
        if _speaks(sentence, offset, original, lexicon) or evaluative_act(sentence) is not None:
            return True
    return False


def _speaks(sentence: Span, offset: int, original: str, lexicon: CueLexicon) -> bool:
    """Is the sentence reported speech whose speaker is not the (absent) document holder, or a first
    line "Name: what they say" (extract.context.headline_report)?"""
    found = indirect_cue(sentence, lexicon)
    if found is None:
        return offset == 0 and headline_report(sentence) is not None
    if found[1] is None:
        return False
    subject = found[1]
    return original[offset + subject.start_char:offset + subject.end_char].lower() not in HOLDER_WORDS
