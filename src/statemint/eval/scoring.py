"""Score predicted quote records against gold annotations (docs/GOLD.md); pure Python, no spaCy."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping

from statemint.records import label_for

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
    "GoldStance",
    "StanceScores",
    "STANCE_LABELS",
    "polarity",
    "pool_stances",
    "score_stances",
    "load_any_gold",
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
    # The gold speaker is the text of a mention (a brat Source span), not a canonical name, so the
    # predicted speaker's mention text is accepted as well as its name.
    speaker_is_mention: bool = False

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


STANCE_LABELS = ("hostile", "critical", "neutral", "favorable", "supportive")
POLARITY = {"hostile": "negative", "critical": "negative", "neutral": "neutral", "favorable": "positive",
            "supportive": "positive"}
POLARITIES = ("negative", "neutral", "positive")


def polarity(label: str) -> str:
    """The 3-class view of a stance label: negative, neutral or positive."""
    return POLARITY[label]


@dataclass(frozen=True)
class GoldStance:
    """Where a holder stands toward a party in one document, as a reader judges it."""

    doc: str
    holder: str
    party: str
    label: str
    holder_alt: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "holder": self.holder, "holder_alt": list(self.holder_alt), "party": self.party,
                "label": self.label}


@dataclass(frozen=True)
class GoldDocument:
    """A gold document: its path as written in the gold file, its text and its quotes in text order."""

    doc: str
    text: str
    quotes: tuple[GoldQuote, ...]
    stances: tuple["GoldStance", ...] = ()
    holder: str | None = None  # who speaks in first-person text, passed to statemint like --holder


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
        stances = tuple(_resolve_stance(stance, doc, f"{where} ({doc}), stance {index}")
                        for index, stance in enumerate(record.get("stances", [])))
        holder = record.get("holder")
        if holder is not None and not isinstance(holder, str):
            raise ValueError(f"{where}: \"holder\" must be a string, got {holder!r}")
        documents.append(GoldDocument(doc=doc, text=text, quotes=tuple(quotes), stances=stances, holder=holder))
    return documents


def _resolve_stance(stance: Mapping[str, Any], doc: str, where: str) -> GoldStance:
    holder, party, label = stance.get("holder"), stance.get("party"), stance.get("label")
    if not isinstance(holder, str) or not holder:
        raise ValueError(f"{where}: missing \"holder\" (the canonical name of who holds the stance)")
    if not isinstance(party, str) or not party:
        raise ValueError(f"{where}: missing \"party\" (a registry id such as US, CN, NATO)")
    if label not in STANCE_LABELS:
        raise ValueError(f"{where}: \"label\" must be one of {list(STANCE_LABELS)}, got {label!r}")
    return GoldStance(doc=doc, holder=holder, party=party, label=label,
                      holder_alt=tuple(stance.get("holder_alt") or ()))


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


def speaker_matches(predicted_name: str | None, gold: GoldQuote, predicted_mention: str | None = None) -> bool:
    """True when the predicted speaker name equals the gold speaker or one of its alternatives (or, for
    gold from brat Source spans, when the predicted mention text equals it)."""
    if gold.speaker is None:
        return False
    accepted = {normalize_name(name) for name in (gold.speaker, *gold.speaker_alt)}
    if predicted_name is not None and normalize_name(predicted_name) in accepted:
        return True
    return gold.speaker_is_mention and predicted_mention is not None and normalize_name(predicted_mention) in accepted


def _predicted_mention(prediction: Mapping[str, Any]) -> str | None:
    speaker = prediction.get("speaker")
    mention = speaker.get("mention") if isinstance(speaker, Mapping) else None
    text = mention.get("text") if isinstance(mention, Mapping) else None
    return text if isinstance(text, str) else None


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
            if speaker_matches(name, quote, _predicted_mention(predictions[predicted_index])):
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


@dataclass
class StanceScores:
    """Gold stance pairs and what statemint said about each: accuracy and macro-F1 over 5 labels and 3 classes.

    A gold pair that statemint has no stance for counts as wrong (predicted `None`)."""

    pairs: list[tuple[GoldStance, str | None, float | None, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.pairs)

    @property
    def found(self) -> int:
        return sum(1 for _, label, _, _ in self.pairs if label is not None)

    def _labels(self, three: bool) -> list[tuple[str, str | None]]:
        if three:
            return [(polarity(gold.label), polarity(label) if label else None) for gold, label, _, _ in self.pairs]
        return [(gold.label, label) for gold, label, _, _ in self.pairs]

    def accuracy(self, three: bool = False) -> float:
        pairs = self._labels(three)
        return _ratio(sum(1 for gold, predicted in pairs if gold == predicted), len(pairs))

    def per_label(self, three: bool = False) -> dict[str, dict[str, Any]]:
        """For each label: gold count, correct, accuracy (= recall), precision and F1."""
        pairs = self._labels(three)
        result = {}
        for label in (POLARITIES if three else STANCE_LABELS):
            gold_n = sum(1 for gold, _ in pairs if gold == label)
            predicted_n = sum(1 for _, predicted in pairs if predicted == label)
            correct = sum(1 for gold, predicted in pairs if gold == label and predicted == label)
            precision, recall = _ratio(correct, predicted_n), _ratio(correct, gold_n)
            result[label] = {"gold": gold_n, "predicted": predicted_n, "correct": correct, "accuracy": recall,
                             "precision": precision,
                             "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}
        return result

    def macro_f1(self, three: bool = False) -> float:
        """Mean F1 over the labels that occur in the gold or among the predictions."""
        rows = [row for row in self.per_label(three).values() if row["gold"] or row["predicted"]]
        return sum(row["f1"] for row in rows) / len(rows) if rows else 0.0

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "pairs": self.total,
            "found": self.found,
            "accuracy": self.accuracy(),
            "macro_f1": self.macro_f1(),
            "accuracy_3": self.accuracy(True),
            "macro_f1_3": self.macro_f1(True),
            "labels": self.per_label(),
            "labels_3": self.per_label(True),
        }
        if details:
            result["items"] = [{**gold.to_dict(), "predicted": label,
                                "score": round(score, 3) if score is not None else None, "n": n}
                               for gold, label, score, n in self.pairs]
        return result


def pool_stances(records: Iterable[Mapping[str, Any]], holder_names: Iterable[str], party: str) -> tuple[str | None, float | None, int]:
    """The label, mean score and count of the stance records whose holder is one of `holder_names`
    (normalised as speakers are) toward `party`: `statemint stance --by holder` for that holder."""
    accepted = {normalize_name(name) for name in holder_names}
    scores = []
    for record in records:
        holder = record.get("holder")
        name = holder.get("name") if isinstance(holder, Mapping) else None
        if record.get("party") == party and isinstance(name, str) and normalize_name(name) in accepted:
            scores.append(float(record["score"]))
    if not scores:
        return None, None, 0
    mean = sum(scores) / len(scores)
    return label_for(mean), mean, len(scores)


def score_stances(gold: list[GoldDocument], predicted: list[dict[str, Any]]) -> StanceScores:
    """Compare stance records (docs/OUTPUT.md, one per statement and party) with the gold stances.

    Per document, the records of the holder named by a gold stance (or one of its `holder_alt`) toward
    its party are pooled as `--by holder` pools them (mean score, then the label bands)."""
    scores = StanceScores()
    assigned = _assign_predictions(gold, predicted)
    for document in gold:
        for stance in document.stances:
            label, mean, n = pool_stances(assigned[document.doc], (stance.holder, *stance.holder_alt), stance.party)
            scores.pairs.append((stance, label, mean, n))
    return scores


def load_any_gold(path: Path, root: Path | None = None, format: str = "auto") -> list[GoldDocument]:
    """Gold from statemint JSON Lines (a .jsonl file) or brat standoff (a .ann file, or a folder of
    .txt/.ann pairs). JSON Lines `doc` paths are relative to `root` (default: the current directory,
    else the gold file's folder)."""
    if format == "auto":
        format = "brat" if path.is_dir() or path.suffix.lower() == ".ann" else "jsonl"
    if format == "brat":
        from statemint.eval.brat import load_brat

        return load_brat(path)
    if format != "jsonl":
        raise ValueError(f"unknown gold format {format!r}; use jsonl or brat")
    if root is None:
        root = Path.cwd()
        first = next((record.get("doc") for record in read_jsonl(path) if isinstance(record.get("doc"), str)), None)
        if first is not None and not (root / first).exists() and (path.parent / first).exists():
            root = path.parent
    return load_gold(path, root)


def evaluation(gold: list[GoldDocument], quotes: list[dict[str, Any]], stances: list[dict[str, Any]],
               kinds: set[str] | None = None, details: bool = False) -> dict[str, Any]:
    """Everything `statemint eval` reports, as one JSON-ready dict."""
    selected = score_quotes(gold, quotes, kinds)
    by_kind = {kind: score_quotes(gold, quotes, {kind}).to_dict(details=False)
               for kind in sorted(kinds or QUOTE_KINDS)}
    result: dict[str, Any] = {
        "documents": len(gold),
        "overlap_rule": f"span Jaccard >= {MATCH_THRESHOLD}, one-to-one, largest overlap first",
        "quotes": {"kinds": sorted(kinds or QUOTE_KINDS), **selected.to_dict(details=details)},
        "quotes_by_kind": by_kind,
    }
    if any(document.stances for document in gold):
        result["stance"] = score_stances(gold, stances).to_dict(details=details)
    return result


def format_evaluation(result: dict[str, Any]) -> str:
    """The plain-text table of `statemint eval`."""
    lines = [f"{result['documents']} gold document{'s' if result['documents'] != 1 else ''}; quotes match when "
             f"{result['overlap_rule']}", ""]
    header = f"{'quotes':<22} {'gold':>5} {'found':>6} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}  {'speaker acc.':>16}"
    lines += [header, "-" * len(header)]

    def row(name: str, scores: dict[str, Any]) -> str:
        speaker = f"{scores['speaker_accuracy']:.3f} ({scores['speaker_correct']}/{scores['speaker_total']})"
        return (f"{name:<22} {scores['tp'] + scores['fn']:>5} {scores['tp'] + scores['fp']:>6} {scores['tp']:>5} "
                f"{scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}  {speaker:>16}")

    lines.append(row("+".join(result["quotes"]["kinds"]), result["quotes"]))
    if len(result["quotes_by_kind"]) > 1:
        for kind, scores in result["quotes_by_kind"].items():
            lines.append(row(f"  {kind}", scores))
    stance = result.get("stance")
    if stance:
        lines += ["", f"stance: {stance['pairs']} gold holder × party pairs, statemint has a stance for {stance['found']}",
                  f"{'':<22} {'accuracy':>9} {'macro-F1':>9}",
                  f"{'5 labels':<22} {stance['accuracy']:>9.3f} {stance['macro_f1']:>9.3f}",
                  f"{'3 classes (−/0/+)':<22} {stance['accuracy_3']:>9.3f} {stance['macro_f1_3']:>9.3f}", "",
                  f"{'label':<22} {'gold':>5} {'pred.':>6} {'correct':>8} {'accuracy':>9} {'P':>6} {'F1':>6}"]
        for position, labels in enumerate((stance["labels"], stance["labels_3"])):
            if position:
                lines.append("")
            for label, scores in labels.items():
                if scores["gold"] or scores["predicted"]:
                    lines.append(f"{label:<22} {scores['gold']:>5} {scores['predicted']:>6} {scores['correct']:>8} "
                                 f"{scores['accuracy']:>9.3f} {scores['precision']:>6.3f} {scores['f1']:>6.3f}")
    return "\n".join(lines) + "\n"


def unmatched(gold: list[GoldDocument], doc_ids: Iterable[str]) -> list[str]:
    """The gold documents that none of `doc_ids` names (by the path matching predictions get)."""
    assigned = _assign_predictions(gold, [{"doc": doc} for doc in doc_ids])
    return [doc for doc, found in assigned.items() if not found]
