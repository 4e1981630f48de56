"""Transcripts: the turns of a text whose speakers are named by labels at line starts (no spaCy here).

Press briefings, interviews and meeting records write who speaks as a label, not in quotation marks:

    MR MILLER: Good afternoon, everybody.            (US State Department)
    QUESTION: Matt, on Ukraine …
    Wang Wenbin: China's position is consistent …     (Chinese MFA)
    Mr. Nebenzia (Russian Federation) (spoke in Russian): …   (UN Security Council records)

A turn is the words after a label, up to the next label, in pieces of one paragraph each. A document is
read as a transcript only when its labels look like one: at least MIN_LABELS label lines, at least two
speakers, and a speaker with two turns, so that a headline "Trump: Cruz has …", a dateline or a header
block ("Date: …", "Venue: …") makes no turns. Read from the layout text alone, so every parse mode agrees;
extract.quotes makes the turns records (kind "turn", docs/OUTPUT.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statemint.vocabulary import HEADLINE_LABELS

MIN_LABELS = 3
TURN_LINES = 40       # the most paragraphs a turn runs to (a long speech in a meeting record)
LABEL = re.compile(
    r"^[ \t]*(?P<name>[^\W\d_][\w.'’\-]*(?:[ \t]+[\w.'’\-]+){0,4}?)"
    r"(?P<notes>(?:[ \t]*\([^()\n]{1,60}\))*)[ \t]*:[ \t]+(?=\S)", re.M)
PARTICLES = {"de", "da", "di", "du", "von", "van", "der", "al", "bin", "el", "la", "le", "dos", "del", "of", "the"}
# Labels of a header block or a page, not of speakers.
NOT_SPEAKERS = HEADLINE_LABELS - {"q", "a"} | {
    "date", "time", "place", "venue", "location", "subject", "source", "sources", "from", "to", "cc", "sent",
    "tags", "topic", "topics", "background", "context", "summary", "keywords", "title", "author", "by",
    "posted", "published", "translation", "transcript", "copyright", "contact", "email", "tel", "phone",
    "website", "link", "attachment", "attachments", "agenda", "item", "participants", "present", "speakers",
    "chair", "moderator note", "disclaimer", "warning", "caption", "credit", "ps", "p.s.", "re", "fw", "fwd",
    "remarks", "statement", "readout", "press release", "note to editors", "notes to editors", "name", "age",
    "city", "job", "pay", "occupation", "hometown", "party", "state", "district", "result", "results", "total",
}
# Labels that name no one (who asks, who answers in a "Q&A with …"): such a turn has no speaker.
UNNAMED = {"q", "a", "question", "questions", "answer", "reporter", "journalist", "audience member", "audience",
           "participant", "voice", "interviewer", "unidentified speaker", "off-mic"}
LETTERS = re.compile(r"[^\W\d_]{2,}")
TITLE_CASE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
SPOKE_IN = re.compile(r"\((?:spoke|speaking) in [^()]*\)", re.I)


@dataclass(frozen=True)
class Turn:
    """One paragraph of a speaker's turn: the label (its name part and notes) and the words spoken."""

    label: tuple[int, int]     # the name as written: "MR MILLER", "Mr. Nebenzia"
    notes: tuple[int, int]     # the parentheses after it: "(Russian Federation) (spoke in Russian)", or empty
    start: int                 # the spoken words of this paragraph
    end: int
    number: int                # the turn it belongs to, from 1 (its paragraphs share it)

    def name(self, text: str) -> str:
        return " ".join(text[self.label[0]:self.label[1]].split())


def _is_speaker_label(name: str) -> bool:
    words = name.split()
    if not words or name.lower() in NOT_SPEAKERS or words[0].lower().rstrip(".") in NOT_SPEAKERS and len(words) == 1:
        return False
    return all(word[:1].isupper() or word.lower() in PARTICLES for word in words)


def _spoken_line(rest: str) -> bool:
    """Words after a label that someone says: some words, not a figure ("Clinton: 1,769.") and not a
    headline in title case ("Bernie Sanders: ‘It Is Not A Radical Idea’ To Ask …")."""
    if not LETTERS.search(rest):
        return False
    long_words = TITLE_CASE_WORD.findall(rest)
    return len(long_words) < 3 or not all(word[:1].isupper() for word in long_words)


def _labels(text: str) -> list[re.Match]:
    found = []
    for match in LABEL.finditer(text):
        line_end = text.find("\n", match.end())
        rest = text[match.end():len(text) if line_end < 0 else line_end]
        if _is_speaker_label(" ".join(match.group("name").split())) and _spoken_line(rest):
            found.append(match)
    return found


def is_transcript(labels: list[re.Match]) -> bool:
    """Do these label lines make a transcript (MIN_LABELS of them, two speakers, one speaking twice)?"""
    if len(labels) < MIN_LABELS:
        return False
    names = [" ".join(match.group("name").split()).lower() for match in labels]
    return len(set(names)) >= 2 and len(set(names)) < len(names)


def transcript_blocks(text: str) -> list[list[re.Match]]:
    """The label lines of each transcript in the text: runs of labels at most TURN_LINES lines apart
    that make a transcript (`is_transcript`); a label line elsewhere (a headline) makes none."""
    blocks: list[list[re.Match]] = []
    run: list[re.Match] = []
    for match in _labels(text):
        if run and text.count("\n", run[-1].end(), match.start()) > 2 * TURN_LINES:
            blocks.append(run)
            run = []
        run.append(match)
    blocks.append(run)
    return [block for block in blocks if is_transcript(block)]


def find_turns(text: str) -> list[Turn]:
    """The turn paragraphs of the transcripts in the text, in text order: each label's words up to the
    next label, at most TURN_LINES lines (none for a text that is no transcript)."""
    turns: list[Turn] = []
    for block in transcript_blocks(text):
        turns += _block_turns(text, block, turns[-1].number if turns else 0)
    return turns


def _block_turns(text: str, block: list[re.Match], numbered: int) -> list[Turn]:
    turns: list[Turn] = []
    for position, match in enumerate(block):
        stop = block[position + 1].start() if position + 1 < len(block) else len(text)
        name = (match.start("name"), match.start("name") + len(match.group("name").rstrip()))
        notes = (match.start("notes"), match.end("notes") if match.group("notes").strip() else match.start("notes"))
        for line in list(re.finditer(r"[^\n]+", text[match.end():stop]))[:TURN_LINES]:
            start, end = match.end() + line.start(), match.end() + line.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            if end > start:
                turns.append(Turn(name, notes, start, end, numbered + position + 1))
    return turns


def transcript_spans(text: str) -> list[tuple[int, int]]:
    """Where the transcripts are, from the first label to the last turn's end: a long document is not
    cut in pieces there (statemint.pipeline.pieces), so every piece sees a transcript whole."""
    spans = []
    for block in transcript_blocks(text):
        turns = _block_turns(text, block, 0)
        spans.append((block[0].start(), max(turns[-1].end if turns else 0, block[-1].end())))
    return spans


def label_notes(text: str, turn: Turn) -> list[str]:
    """The parentheses after a label that say who the speaker speaks for ("Russian Federation"), without
    the language notes of meeting records ("spoke in Russian")."""
    notes = SPOKE_IN.sub("", text[turn.notes[0]:turn.notes[1]])
    return [" ".join(note.split()) for note in re.findall(r"\(([^()]*)\)", notes) if note.strip()]


def names_no_one(name: str) -> bool:
    """A label such as "Q", "A", "QUESTION", "Reporter": the transcript does not say who speaks."""
    return " ".join(name.lower().rstrip(".").split()) in UNNAMED
