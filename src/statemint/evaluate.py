"""Score predicted quote records against gold annotations (docs/GOLD.md); pure Python, no spaCy."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

QUOTE_KINDS = frozenset({"direct", "partial", "scare"})
SPEAKER_KINDS = frozenset({"person", "organization", "country", "document", "group", "author"})
MATCH_THRESHOLD = 0.5

__all__ = [
    "GoldQuote",
    "GoldDocument",
    "DocumentDetails",
    "QuoteScores",
    "load_gold",
    "read_jsonl",
    "normalize_name",
    "span_jaccard",
    "speaker_matches",
    "score_quotes",
]


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quotation, resolved to character offsets in its document."""

    doc: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_kind: str | None = None
    speaker_alt: tuple[str, ...] = ()
    utterance: int | None = None
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "speaker_alt": list(self.speaker_alt),
            "utterance": self.utterance,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class GoldDocument:
    """A gold document: its path as written in the gold file, its text and its quotes in text order."""

    doc: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass
class DocumentDetails:
    """What went wrong in one document, for debugging a run."""

    doc: str
    tp: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    wrong_speaker: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "tp": self.tp,
            "missed": self.missed,
            "spurious": self.spurious,
            "wrong_speaker": self.wrong_speaker,
        }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass
class QuoteScores:
    """Counts and derived scores for one comparison; ratios with a zero denominator are 0.0."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_correct: int = 0
    speaker_total: int = 0
    documents: dict[str, DocumentDetails] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_correct, self.speaker_total)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_correct": self.speaker_correct,
            "speaker_total": self.speaker_total,
            "speaker_accuracy": self.speaker_accuracy,
        }
        if details:
            result["documents"] = [detail.to_dict() for detail in self.documents.values()]
        return result


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file, skipping blank lines; a bad line raises ValueError with its number."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
    return records


def _find_occurrence(text: str, needle: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return -1
    return position


def load_gold(path: Path, root: Path) -> list[GoldDocument]:
    """Read a gold JSONL file and resolve each quote's `text`/`occurrence` to offsets in `root / doc`."""
    documents = []
    for number, record in enumerate(read_jsonl(path), start=1):
        where = f"{path}, document {number}"
        doc = record.get("doc")
        if not isinstance(doc, str) or not doc:
            raise ValueError(f"{where}: missing \"doc\" (the document path relative to the repository root)")
        document_path = root / doc
        try:
            text = document_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"{where}: document {doc!r} not found at {document_path}") from None
        quotes = []
        for index, quote in enumerate(record.get("quotes", [])):
            quotes.append(_resolve_quote(quote, doc, text, f"{where} ({doc}), quote {index}"))
        quotes.sort(key=lambda quote: (quote.start, quote.end))
        documents.append(GoldDocument(doc=doc, text=text, quotes=tuple(quotes)))
    return documents


def _resolve_quote(quote: Mapping[str, Any], doc: str, text: str, where: str) -> GoldQuote:
    quoted = quote.get("text")
    if not isinstance(quoted, str) or not quoted:
        raise ValueError(f"{where}: missing or empty \"text\"")
    occurrence = quote.get("occurrence", 0)
    if not isinstance(occurrence, int) or occurrence < 0:
        raise ValueError(f"{where}: \"occurrence\" must be a non-negative integer, got {occurrence!r}")
    kind = quote.get("kind")
    if kind not in QUOTE_KINDS:
        raise ValueError(f"{where}: \"kind\" must be one of {sorted(QUOTE_KINDS)}, got {kind!r}")
    speaker_kind = quote.get("speaker_kind")
    if speaker_kind is not None and speaker_kind not in SPEAKER_KINDS:
        raise ValueError(f"{where}: \"speaker_kind\" must be one of {sorted(SPEAKER_KINDS)}, got {speaker_kind!r}")
    start = _find_occurrence(text, quoted, occurrence)
    if start < 0:
        found = text.count(quoted)
        hint = f" (it occurs {found} time(s); occurrence is 0-based)" if found else ""
        raise ValueError(f"{where}: text {quoted!r} (occurrence {occurrence}) not found in {doc}{hint}")
    return GoldQuote(
        doc=doc,
        text=quoted,
        start=start,
        end=start + len(quoted),
        kind=kind,
        speaker=quote.get("speaker"),
        speaker_kind=speaker_kind,
        speaker_alt=tuple(quote.get("speaker_alt") or ()),
        utterance=quote.get("utterance"),
        cue=quote.get("cue"),
    )


_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Lower-case, collapse spaces and drop a leading "the ", as the speaker rule in docs/GOLD.md says."""
    normalized = _SPACES.sub(" ", name.strip().lower())
    if normalized.startswith("the "):
        normalized = normalized[4:]
    return normalized


def span_jaccard(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Overlap of two half-open spans divided by their union."""
    overlap = min(a_end, b_end) - max(a_start, b_start)
    if overlap <= 0:
        return 0.0
    union = max(a_end, b_end) - min(a_start, b_start)
    return overlap / union


def _predicted_name(prediction: Mapping[str, Any]) -> str | None:
    speaker = prediction.get("speaker")
    if isinstance(speaker, Mapping):
        name = speaker.get("name")
        return name if isinstance(name, str) else None
    return speaker if isinstance(speaker, str) else None


def speaker_matches(predicted_name: str | None, gold: GoldQuote) -> bool:
    """True when the predicted speaker name equals the gold speaker or one of its alternatives."""
    if predicted_name is None or gold.speaker is None:
        return False
    accepted = {normalize_name(name) for name in (gold.speaker, *gold.speaker_alt)}
    return normalize_name(predicted_name) in accepted


def _doc_key(doc: str) -> str:
    path = PurePosixPath(doc.replace("\\", "/"))
    return str(path)


def _assign_predictions(gold: list[GoldDocument], predicted: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    # Predictions name documents as the user gave them ("./tests/texts/x.txt", an absolute path...),
    # so fall back to matching the gold path as a trailing run of path components.
    by_key = {_doc_key(document.doc): document.doc for document in gold}
    assigned: dict[str, list[Mapping[str, Any]]] = {document.doc: [] for document in gold}
    for prediction in predicted:
        doc = prediction.get("doc")
        if not isinstance(doc, str):
            continue
        key = _doc_key(doc)
        target = by_key.get(key)
        if target is None:
            parts = PurePosixPath(key).parts
            for gold_key, gold_doc in by_key.items():
                gold_parts = PurePosixPath(gold_key).parts
                if len(parts) >= len(gold_parts) and parts[-len(gold_parts):] == gold_parts:
                    target = gold_doc
                    break
        if target is not None:
            assigned[target].append(prediction)
    return assigned


def _match(gold_quotes: list[GoldQuote], predictions: list[Mapping[str, Any]]) -> list[tuple[int, int]]:
    candidates = []
    for gold_index, quote in enumerate(gold_quotes):
        for predicted_index, prediction in enumerate(predictions):
            score = span_jaccard(quote.start, quote.end, int(prediction["start"]), int(prediction["end"]))
            if score >= MATCH_THRESHOLD:
                candidates.append((-score, gold_index, predicted_index))
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, gold_index, predicted_index in candidates:
        if gold_index in used_gold or predicted_index in used_predicted:
            continue
        used_gold.add(gold_index)
        used_predicted.add(predicted_index)
        pairs.append((gold_index, predicted_index))
    return pairs


def _brief(prediction: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "start": prediction.get("start"),
        "end": prediction.get("end"),
        "text": prediction.get("text"),
        "kind": prediction.get("kind"),
        "speaker": _predicted_name(prediction),
    }


def score_quotes(
    gold: list[GoldDocument],
    predicted: list[dict[str, Any]],
    kinds: set[str] | None = None,
) -> QuoteScores:
    """Compare predicted quote records (docs/OUTPUT.md) with gold, per the rules in docs/GOLD.md.

    Only documents in `gold` are scored; predictions for other documents are ignored. `kinds`
    restricts both gold quotes and predictions to those kinds.
    """
    scores = QuoteScores()
    assigned = _assign_predictions(gold, predicted)
    for document in gold:
        details = DocumentDetails(doc=document.doc)
        scores.documents[document.doc] = details
        gold_quotes = [quote for quote in document.quotes if kinds is None or quote.kind in kinds]
        predictions = [
            prediction
            for prediction in assigned[document.doc]
            if (kinds is None or prediction.get("kind") in kinds)
            and isinstance(prediction.get("start"), int)
            and isinstance(prediction.get("end"), int)
        ]
        pairs = _match(gold_quotes, predictions)
        matched_gold = {gold_index for gold_index, _ in pairs}
        matched_predicted = {predicted_index for _, predicted_index in pairs}
        details.tp = len(pairs)
        scores.tp += len(pairs)
        for gold_index, predicted_index in sorted(pairs):
            quote = gold_quotes[gold_index]
            if quote.speaker is None:
                continue
            scores.speaker_total += 1
            name = _predicted_name(predictions[predicted_index])
            if speaker_matches(name, quote):
                scores.speaker_correct += 1
            else:
                details.wrong_speaker.append(
                    {"gold": quote.to_dict(), "predicted": _brief(predictions[predicted_index])}
                )
        for gold_index, quote in enumerate(gold_quotes):
            if gold_index not in matched_gold:
                details.missed.append(quote.to_dict())
        for predicted_index, prediction in enumerate(predictions):
            if predicted_index not in matched_predicted:
                details.spurious.append(_brief(prediction))
        scores.fn += len(details.missed)
        scores.fp += len(details.spurious)
    return scores
