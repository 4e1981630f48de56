"""The records statemint produces: frozen dataclasses with exact offsets, dicts only at output time.

Field names follow docs/OUTPUT.md, which is a promise to users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# The five stance labels, from most negative to most positive, with the upper score bound of each
# (docs/OUTPUT.md); the one definition every module and the report use.
LABELS = ("hostile", "critical", "neutral", "favorable", "supportive")
LABEL_BOUNDS = ((-0.6, True), (-0.2, True), (0.2, False), (0.6, False))  # (bound, inclusive) per label but the last
# Their 3-class view, as the evaluations count them.
POLARITIES = ("negative", "neutral", "positive")
POLARITY = {"hostile": "negative", "critical": "negative", "neutral": "neutral", "favorable": "positive",
            "supportive": "positive"}


def label_for(score: float) -> str:
    """The stance label of a score: the bands of docs/OUTPUT.md. Here, in plain data, so the scorer
    and the report use it without importing spaCy."""
    for label, (bound, inclusive) in zip(LABELS, LABEL_BOUNDS):
        if score < bound or inclusive and score == bound:
            return label
    return LABELS[-1]


class MeanScore:
    """The pooled stance of records whose `scores` a subclass collects: their mean and its label
    (the report's heatmap cells pool this way too)."""

    scores: list[float]

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores)

    @property
    def label(self) -> str:
        return label_for(self.score)


def polarity(label: str) -> str:
    """The 3-class view of a stance label: negative, neutral or positive."""
    return POLARITY[label]


@dataclass(frozen=True)
class Mention:
    """A stretch of the document: `text == document[start:end]`."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


def mention_at(document: str, start: int, end: int) -> Mention:
    return Mention(document[start:end], start, end)


@dataclass(frozen=True)
class Speaker:
    """A canonical speaker (or stance holder) and the mention an attribution rests on."""

    name: str
    kind: str  # person | organization | country | document | group | author
    party: str | None = None
    mention: Mention | None = None
    members: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "party": self.party,
            "mention": self.mention.to_dict() if self.mention else None,
            "members": list(self.members),
        }


@dataclass(frozen=True)
class Quote:
    id: str
    kind: str  # direct | partial | scare
    text: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Mention | None
    utterance: str
    confidence: float
    doc: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "utterance": self.utterance,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Statement:
    id: str
    kind: str  # direct | partial | indirect | narrative
    text: str
    start: int
    end: int
    holder: Speaker | None
    cue: Mention | None
    quotes: tuple[str, ...] = ()
    doc: str | None = None
    content: Mention | None = None  # what is reported, without the reporting clause (extract.content)
    # A part: a further cue inside a sentence (extract.parts), not a sentence of its own. Internal (no
    # output field): stance reads sentences, so parts do not count a sentence's words twice.
    part: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "holder": self.holder.to_dict() if self.holder else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict() if self.content else None,
            "quotes": list(self.quotes),
        }


@dataclass(frozen=True)
class Evidence:
    """Words that weighed in a stance, and how: `weight` > 0 pushed toward positive, < 0 toward negative;
    `feature` names what the words were to the model (docs/OUTPUT.md lists the kinds)."""

    text: str
    start: int
    end: int
    weight: float
    feature: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "weight": round(self.weight, 3),
                "feature": self.feature}


@dataclass(frozen=True)
class Stance:
    """A holder's stance toward a party, from a statement (`statement` is its id) or from an evaluative
    act in narrative ("X condemned Y": `source` "act", `statement` None, `cue` the verb)."""

    statement: str | None
    text: str
    start: int
    end: int
    holder: Speaker | None
    party: str
    target: Mention
    label: str
    score: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    doc: str | None = None
    source: str = "statement"
    cue: Mention | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "statement": self.statement,
            "source": self.source,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "holder": self.holder.to_dict() if self.holder else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "party": self.party,
            "target": self.target.to_dict(),
            "label": self.label,
            "score": round(self.score, 3),
            "evidence": [item.to_dict() for item in self.evidence],
        }
