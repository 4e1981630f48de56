"""Score predicted records against gold (docs/GOLD.md): quotes by span overlap, one-to-one, with their
speakers; stances pooled per (holder, party) as `--by holder` pools them. Pure Python, no spaCy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Iterable, Mapping

from statemint.eval.gold import GoldDocument, GoldQuote, GoldStance
from statemint.records import LABELS, POLARITIES, label_for, polarity

MATCH_THRESHOLD = 0.5
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


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


def ratio(numerator: int, denominator: int) -> float:
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
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return ratio(self.speaker_correct, self.speaker_total)

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


def predicted_name(prediction: Mapping[str, Any]) -> str | None:
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


_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "secretary", "senator"})


def _surname(name: str) -> str | None:
    """The last capitalised word of the name a Source opens with, without a possessive or a party tag
    ("Gov. Pat McCrory (R)"), before an appositive, a relative clause or an "of" ("Ben Jealous, the former
    president of the NAACP," and "Senator Chris Murphy of Connecticut" are Jealous and Murphy)."""
    head = re.split(r",|\s(?:who|of)\s", name, maxsplit=1)[0]
    return _last_capitalised(head) or _last_capitalised(name)


def _last_capitalised(name: str) -> str | None:
    words = [word.strip(".,;:()’'\"") for word in re.sub(r"\([^)]*\)|[’']s\b", "", name).split()]
    words = [word for word in words if word[:1].isupper() and word.lower() not in _TITLES]
    return words[-1].lower() if words else None


PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "him", "her", "them", "me", "us", "his",
                      "hers", "their", "our", "my", "its", "who", "which", "that", "this", "himself", "herself"})


def mention_type(source: str | None) -> str:
    """name | pronoun | description, for a gold Source text ("Trump", "he", "a senior official")."""
    if not source:
        return "none"
    words = source.split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    capitalised = [word for position, word in enumerate(words) if word[:1].isupper()
                   and not (position == 0 and word.lower() in {"the", "a", "an", "his", "her", "their", "its"})]
    return "name" if capitalised else "description"


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def source_matches(prediction_speaker: Any, source: str | None, source_alt: tuple[str, ...],
                   source_span: tuple[int, int] | None) -> bool:
    """A predicted speaker object against a gold brat Source: its mention overlaps the Source span, or
    its name or mention equals the Source text, or (for a named Source) the surnames agree
    ("John Mica" for "Rep. John Mica (R-Fla.)", "Bernie Sanders" for "Sanders"). A relative pronoun
    Source ("Mike Lee, who declared …") stands for the phrase right before it: a mention that ends at
    most two characters (", ") before it is that phrase."""
    if source is None or not isinstance(prediction_speaker, Mapping):
        return False
    mention = prediction_speaker.get("mention")
    if source_span is not None and isinstance(mention, Mapping) and isinstance(mention.get("start"), int):
        if overlap(int(mention["start"]), int(mention["end"]), *source_span) > 0:
            return True
        if normalize_name(source) in RELATIVE_PRONOUNS and 0 <= source_span[0] - int(mention["end"]) <= 2:
            return True
    name = prediction_speaker.get("name") if isinstance(prediction_speaker.get("name"), str) else None
    mention_text = mention.get("text") if isinstance(mention, Mapping) and isinstance(mention.get("text"), str) else None
    accepted = {normalize_name(text) for text in (source, *source_alt)}
    if any(text is not None and normalize_name(text) in accepted for text in (name, mention_text)):
        return True
    gold_surnames = {_surname(text) for text in (source, *source_alt) if mention_type(text) == "name"} - {None}
    return bool(gold_surnames) and name is not None and _surname(name) in gold_surnames


def predicted_mention(prediction: Mapping[str, Any]) -> str | None:
    speaker = prediction.get("speaker")
    mention = speaker.get("mention") if isinstance(speaker, Mapping) else None
    text = mention.get("text") if isinstance(mention, Mapping) else None
    return text if isinstance(text, str) else None


def _doc_key(doc: str) -> str:
    path = PurePosixPath(doc.replace("\\", "/"))
    return str(path)


def assign_predictions(gold: list[GoldDocument], predicted: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
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


def brief(prediction: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "start": prediction.get("start"),
        "end": prediction.get("end"),
        "text": prediction.get("text"),
        "kind": prediction.get("kind"),
        "speaker": predicted_name(prediction),
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
    assigned = assign_predictions(gold, predicted)
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
            name = predicted_name(predictions[predicted_index])
            if speaker_matches(name, quote, predicted_mention(predictions[predicted_index])):
                scores.speaker_correct += 1
            else:
                details.wrong_speaker.append(
                    {"gold": quote.to_dict(), "predicted": brief(predictions[predicted_index])}
                )
        for gold_index, quote in enumerate(gold_quotes):
            if gold_index not in matched_gold:
                details.missed.append(quote.to_dict())
        for predicted_index, prediction in enumerate(predictions):
            if predicted_index not in matched_predicted:
                details.spurious.append(brief(prediction))
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
        return ratio(sum(1 for gold, predicted in pairs if gold == predicted), len(pairs))

    def per_label(self, three: bool = False) -> dict[str, dict[str, Any]]:
        """For each label: gold count, correct, accuracy (= recall), precision and F1."""
        pairs = self._labels(three)
        result = {}
        for label in (POLARITIES if three else LABELS):
            gold_n = sum(1 for gold, _ in pairs if gold == label)
            predicted_n = sum(1 for _, predicted in pairs if predicted == label)
            correct = sum(1 for gold, predicted in pairs if gold == label and predicted == label)
            precision, recall = ratio(correct, predicted_n), ratio(correct, gold_n)
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
    assigned = assign_predictions(gold, predicted)
    for document in gold:
        for stance in document.stances:
            label, mean, n = pool_stances(assigned[document.doc], (stance.holder, *stance.holder_alt), stance.party)
            scores.pairs.append((stance, label, mean, n))
    return scores


def unmatched(gold: list[GoldDocument], doc_ids: Iterable[str]) -> list[str]:
    """The gold documents that none of `doc_ids` names (by the path matching predictions get)."""
    assigned = assign_predictions(gold, [{"doc": doc} for doc in doc_ids])
    return [doc for doc, found in assigned.items() if not found]
