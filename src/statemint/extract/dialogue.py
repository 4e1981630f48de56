"""Dialogue: who says a quotation that stands alone as its paragraph with no cue.

Fiction, memoirs and long-form reporting write an exchange as paragraphs that hold little but a
quotation, and name the speaker only now and then:

    Robert looked at her for a long moment.
    “Let me walk over with you.”              <- the subject of the narrative sentence before: Robert
    “You needn't,” said Edna.
    “But I want to.”                          <- turn-taking: Robert again
    “Then come.”                              <- Edna

Two rules, both for a quotation that fills its paragraph (`stands_alone`) and has no cue:
- after a narrative paragraph, the subject of its last sentence speaks (extract.context's
  previous-sentence rule across the paragraph break; extract.attribution applies it);
- in a run of dialogue paragraphs (each holding quotations of one speaker and at most a reporting
  clause besides) where exactly two people have spoken and the last two turns are theirs, the
  speakers alternate: the quotation is said by the one before last (`take_turns`). Only a short
  line (TURN_WORDS) takes a turn: a long quotation paragraph after an interview's question and
  answer continues the answer, as news writes it.
Anything else breaks a run: a narrative paragraph, a third speaker, a turn with no known speaker.
A run that has had one speaker only is left to extract.quotes, which continues that speaker (news
writes "“A,” Fox said.¶“B.”" for one speaker). When it is not clear, no speaker rather than a guess.
Each rule reads the text around quotations and the speakers of quotations; the selection
(statemint.pipeline) parses the paragraphs these need (`turn_sources`, `stands_alone`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from statemint.text.quotemarks import QuoteSpan

WORD = re.compile(r"\w+")
CLAUSE_WORDS = 12     # the most words outside its quotations a dialogue paragraph has ("…,” said Edna, smiling.)
TURN_WINDOW = 4       # the turns read to know that only two people are talking
TURN_WORDS = 30       # a longer standalone quotation continues an answer ("Q," X asked.¶"A," Y said.¶"More A …")
SOURCE_QUOTES = 6     # how many quotations before a standalone one its speaker may rest on


def _line(text: str, position: int) -> tuple[int, int]:
    """The line (paragraph of the layout text: wrap breaks are spaces there) that holds `position`."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def stands_alone(text: str, quote: QuoteSpan) -> bool:
    """Does this quotation, with both its marks, fill its line (nothing but white space and punctuation
    beside it)? Read from the layout text alone, so every parse mode agrees."""
    if quote.open_mark is None or quote.close_mark is None or quote.continues:
        return False
    first, last = quote.with_marks()
    start, end = _line(text, first)
    return last <= end and not WORD.search(text, start, first) and not WORD.search(text, last, end)


@dataclass(frozen=True)
class DialogueTurn:
    """One dialogue paragraph: where its line is and who speaks in it (None: not known)."""

    line: tuple[int, int]
    speaker: str | None
    source: int | None     # the quotation whose attribution names that speaker


def _dialogue_line(text: str, line: tuple[int, int], quotes: Sequence[QuoteSpan]) -> bool:
    """A line that holds quotations and at most a reporting clause's words besides."""
    words = len(WORD.findall(text, *line))
    inside = sum(len(WORD.findall(text, *quote.with_marks())) for quote in quotes)
    return words - inside <= CLAUSE_WORDS


def take_turns(text: str, spans: Sequence[QuoteSpan], speakable: Sequence[bool], has_cue: Sequence[bool],
               speaker_of: Callable[[int], str | None]) -> dict[int, int]:
    """For each standalone quotation with no cue (`has_cue` False) that turn-taking attributes, the index
    of the quotation whose attribution it takes. `speakable[i]` is False for quotations that are nobody's
    turn (scare quotes); `speaker_of(i)` is the canonical speaker of quotation i as attributed so far
    (turns taken count: "A, B, A" makes the next B)."""
    if not any(speakable[i] and not has_cue[i] and stands_alone(text, span) for i, span in enumerate(spans)):
        return {}  # no turn to take: nothing is resolved here (resolving remembers who spoke)
    lines: dict[tuple[int, int], list[int]] = {}
    for index, span in enumerate(spans):
        if speakable[index]:
            lines.setdefault(_line(text, span.with_marks()[0]), []).append(index)
    taken: dict[int, int] = {}
    run: list[DialogueTurn] = []
    for line, members in lines.items():
        if run and text[run[-1].line[1]:line[0]].strip():
            run = []  # something stands between: a narrative paragraph, a heading
        if not _dialogue_line(text, line, [spans[i] for i in members]):
            run = []
            continue
        lone = len(members) == 1 and not has_cue[members[0]] and stands_alone(text, spans[members[0]]) \
            and len(WORD.findall(text, spans[members[0]].start, spans[members[0]].end)) <= TURN_WORDS
        source = _alternate(run) if lone else None
        if source is not None:
            taken[members[0]] = source
            run.append(DialogueTurn(line, speaker_of(source), source))
            continue
        known = [i for i in members if speaker_of(i) is not None]
        if len({speaker_of(i) for i in known}) > 1:
            run = []  # two people speak in one paragraph: no turn of one
            continue
        run.append(DialogueTurn(line, speaker_of(known[0]), known[0]) if known else DialogueTurn(line, None, None))
    return taken


def _alternate(run: Sequence[DialogueTurn]) -> int | None:
    """The quotation the next turn takes its speaker from: the turn before last, when the last turns are
    two people's, alternating, and no one else spoke in the window."""
    window = run[-TURN_WINDOW:]
    names = [turn.speaker for turn in window]
    if len(names) < 2 or None in names[-2:] or len(set(names) - {None}) != 2:
        return None
    if any(name is not None and name == following for name, following in zip(names, names[1:])):
        return None  # someone spoke twice in a row: not a clean exchange
    return window[-2].source


def turn_sources(text: str, quotes: Sequence[QuoteSpan], index: int) -> list[int]:
    """The quotations whose attributions the speaker of quotation `index` may rest on through dialogue
    (the selective parse keeps them with it): the ones before a standalone quotation, within reach."""
    if not stands_alone(text, quotes[index]):
        return []
    return list(range(max(0, index - SOURCE_QUOTES), index))
