"""Attribution-level scores on brat gold (issue 13): the quoted pieces of one gold attribution are one
item that any piece matches, and statements (direct and reported) are scored against every gold
attribution, with the source right or wrong and accuracy by mention type (name, pronoun, description)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from statemint.eval.gold import GoldDocument, GoldQuote
from statemint.eval.scoring import (MATCH_THRESHOLD, DocumentDetails, QuoteScores, assign_predictions, brief, mention_type,
                                    overlap, predicted_mention, predicted_name, ratio, source_matches,
                                    span_jaccard, speaker_matches)


def _inside(prediction: Mapping[str, Any], start: int, end: int) -> bool:
    """At least half of the prediction lies inside [start, end)."""
    length = int(prediction["end"]) - int(prediction["start"])
    return length > 0 and 2 * overlap(int(prediction["start"]), int(prediction["end"]), start, end) >= length


@dataclass
class AttributedQuoteScores(QuoteScores):
    """QuoteScores where a gold item is one attribution (all its quoted pieces), with speaker accuracy
    also split by the gold Source's mention type."""

    by_mention: dict[str, list[int]] = field(default_factory=dict)  # type -> [correct, total]
    unattributed_scare: int = 0           # scare quotes without a speaker: left out of the score
    unattributed_scare_in_gold: int = 0   # ... of which match a gold piece or lie mostly inside one

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        result = super().to_dict(details)
        result["unattributed_scare"] = {"predicted": self.unattributed_scare,
                                        "in_gold": self.unattributed_scare_in_gold}
        result["speaker_by_mention"] = {kind: {"correct": correct, "total": total, "accuracy": ratio(correct, total)}
                                        for kind, (correct, total) in sorted(self.by_mention.items())}
        return result


def claims_attribution(prediction: Mapping[str, Any]) -> bool:
    """Does the prediction say someone is quoted? A scare quote without a speaker is, by statemint's own
    account, a term in quotation marks that no one is reported to say, so it claims no attribution and
    is not scored as a quote against attribution gold (PolNeAR marks attributions only); it is counted
    apart (`unattributed_scare`), and a scare quote with a speaker is scored like any quote."""
    return prediction.get("kind") != "scare" or prediction.get("speaker") is not None


def score_attributed_quotes(gold: list[GoldDocument], predicted: list[dict[str, Any]],
                            kinds: set[str] | None = None) -> AttributedQuoteScores:
    """Quotes scored per gold attribution: the quoted pieces of one attribution ("X," he said, "Y.") are
    one gold item, found when any prediction matches any piece (Jaccard >= 0.5); a prediction that
    matches a piece or lies mostly inside one is no false positive. The item's speaker is that of its
    best-overlapping prediction. Gold quotes without a group (JSON Lines gold) are items of their own.
    Scare quotes without a speaker are left out and counted apart (`claims_attribution`)."""
    scores = AttributedQuoteScores()
    assigned = assign_predictions(gold, predicted)
    for document in gold:
        details = DocumentDetails(doc=document.doc)
        scores.documents[document.doc] = details
        groups: dict[str, list[GoldQuote]] = {}
        for index, quote in enumerate(document.quotes):
            if kinds is None or quote.kind in kinds:
                groups.setdefault(quote.group or f"#{index}", []).append(quote)
        candidates = [prediction for prediction in assigned[document.doc]
                      if (kinds is None or prediction.get("kind") in kinds)
                      and isinstance(prediction.get("start"), int) and isinstance(prediction.get("end"), int)]
        predictions = [prediction for prediction in candidates if claims_attribution(prediction)]
        left_out = [prediction for prediction in candidates if not claims_attribution(prediction)]
        scores.unattributed_scare += len(left_out)
        scores.unattributed_scare_in_gold += sum(
            1 for prediction in left_out
            if any(span_jaccard(piece.start, piece.end, int(prediction["start"]), int(prediction["end"])) >= MATCH_THRESHOLD
                   or _inside(prediction, piece.start, piece.end) for piece in document.quotes))
        explained: set[int] = set()
        for pieces in groups.values():
            best: tuple[float, int] | None = None
            spans = [(piece.start, piece.end) for piece in pieces]
            if len(spans) > 1:  # a prediction of the whole "X," he said, "Y." matches it too
                spans.append((pieces[0].start, max(piece.end for piece in pieces)))
            for index, prediction in enumerate(predictions):
                for piece_start, piece_end in spans:
                    score = span_jaccard(piece_start, piece_end, int(prediction["start"]), int(prediction["end"]))
                    if score >= MATCH_THRESHOLD or _inside(prediction, piece_start, piece_end):
                        explained.add(index)
                        if score >= MATCH_THRESHOLD and (best is None or score > best[0]):
                            best = (score, index)
            if best is None:
                details.missed.append(pieces[0].to_dict())
                continue
            details.tp += 1
            quote = pieces[0]
            if quote.speaker is None:
                continue
            scores.speaker_total += 1
            counts = scores.by_mention.setdefault(mention_type(quote.speaker_alt[-1] if quote.speaker_alt else quote.speaker), [0, 0])
            counts[1] += 1
            prediction = predictions[best[1]]
            if (source_matches(prediction.get("speaker"), quote.speaker, quote.speaker_alt, quote.source_span)
                    if quote.speaker_is_mention else
                    speaker_matches(predicted_name(prediction), quote, predicted_mention(prediction))):
                scores.speaker_correct += 1
                counts[0] += 1
            else:
                details.wrong_speaker.append({"gold": quote.to_dict(), "predicted": brief(prediction)})
        for index, prediction in enumerate(predictions):
            if index not in explained:
                details.spurious.append(brief(prediction))
        scores.tp += details.tp
        scores.fn += len(details.missed)
        scores.fp += len(details.spurious)
    return scores


def _holder_name(statement: Mapping[str, Any]) -> str | None:
    holder = statement.get("holder")
    if isinstance(holder, Mapping):
        name = holder.get("name")
        return name if isinstance(name, str) else None
    return None


def _holder_mention(statement: Mapping[str, Any]) -> str | None:
    holder = statement.get("holder")
    mention = holder.get("mention") if isinstance(holder, Mapping) else None
    text = mention.get("text") if isinstance(mention, Mapping) else None
    return text if isinstance(text, str) else None


def content_found(gold_start: int, gold_end: int, start: int, end: int) -> float:
    """How well a statement covers a gold Content: the overlap as a share of the longer of the two, so
    that 0.5 means "overlap >= half of each"."""
    shared = overlap(gold_start, gold_end, start, end)
    return shared / max(gold_end - gold_start, end - start, 1)


@dataclass
class StatementScores:
    """Statements (direct + indirect) against every gold attribution."""

    gold: int = 0
    found: int = 0
    source_correct: int = 0
    source_total: int = 0
    predicted: int = 0
    predicted_correct: int = 0
    by_quoted: dict[str, list[int]] = field(default_factory=dict)  # quoted|unquoted -> [found, gold]
    by_mention: dict[str, list[int]] = field(default_factory=dict)  # mention type -> [correct, total]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = {
            "gold": self.gold, "found": self.found, "recall": ratio(self.found, self.gold),
            "source_correct": self.source_correct, "source_total": self.source_total,
            "source_accuracy": ratio(self.source_correct, self.source_total),
            "predicted": self.predicted, "predicted_correct": self.predicted_correct,
            "precision": ratio(self.predicted_correct, self.predicted),
            "by_quoted": {key: {"found": found, "gold": total, "recall": ratio(found, total)}
                          for key, (found, total) in sorted(self.by_quoted.items())},
            "source_by_mention": {key: {"correct": correct, "total": total, "accuracy": ratio(correct, total)}
                                  for key, (correct, total) in sorted(self.by_mention.items())},
        }
        if details:
            result["documents"] = list(self.documents.values())
        return result


def _reported(statement: Mapping[str, Any]) -> dict[str, Any]:
    """The statement as far as it reports: its `content` span when it has one (what is said, without
    "X said"), which is what the gold Content marks; else the whole statement."""
    content = statement.get("content")
    if isinstance(content, Mapping) and isinstance(content.get("start"), int) and isinstance(content.get("end"), int):
        return {**statement, "start": content["start"], "end": content["end"]}
    return dict(statement)


def score_statements(gold: list[GoldDocument], predicted: list[dict[str, Any]]) -> StatementScores:
    """Statement records (direct, partial, indirect; narrative ones are left out) against every gold
    attribution: a gold attribution is found when a statement's content (`_reported`) overlaps at least
    half of it and at least half of that content lies inside it (content_found >= 0.5, best first, one-to-one); its source is
    right when that statement's holder matches the gold Source (name or mention text). Precision: the
    share of statements that found a gold attribution or lie mostly inside one."""
    scores = StatementScores()
    assigned = assign_predictions(gold, predicted)
    for document in gold:
        statements = [_reported(statement) for statement in assigned[document.doc]
                      if statement.get("kind") != "narrative"
                      and isinstance(statement.get("start"), int) and isinstance(statement.get("end"), int)]
        attributions = list(document.attributions)
        candidates = []
        for gold_index, attribution in enumerate(attributions):
            for index, statement in enumerate(statements):
                score = content_found(attribution.start, attribution.end, statement["start"], statement["end"])
                if score >= MATCH_THRESHOLD:
                    candidates.append((-score, gold_index, index))
        candidates.sort()
        used_gold: set[int] = set()
        used: set[int] = set()
        pairs: dict[int, int] = {}
        for _, gold_index, index in candidates:
            if gold_index in used_gold or index in used:
                continue
            used_gold.add(gold_index)
            used.add(index)
            pairs[gold_index] = index
        explained = set(used) | {index for index, statement in enumerate(statements)
                                 if any(_inside(statement, attribution.start, attribution.end) for attribution in attributions)}
        detail: dict[str, Any] = {"doc": document.doc, "missed": [], "wrong_source": [], "spurious": []}
        for gold_index, attribution in enumerate(attributions):
            key = "quoted" if attribution.quoted else "unquoted"
            counts = scores.by_quoted.setdefault(key, [0, 0])
            counts[1] += 1
            scores.gold += 1
            if gold_index not in pairs:
                detail["missed"].append(attribution.to_dict())
                continue
            counts[0] += 1
            scores.found += 1
            if attribution.source is None:
                continue
            statement = statements[pairs[gold_index]]
            scores.source_total += 1
            mention_counts = scores.by_mention.setdefault(
                mention_type(attribution.source_alt[-1] if attribution.source_alt else attribution.source), [0, 0])
            mention_counts[1] += 1
            name, mention = _holder_name(statement), _holder_mention(statement)
            if source_matches(statement.get("holder"), attribution.source, attribution.source_alt, attribution.source_span):
                scores.source_correct += 1
                mention_counts[0] += 1
            else:
                detail["wrong_source"].append({"gold": attribution.to_dict(), "predicted": {
                    "start": statement["start"], "end": statement["end"], "text": statement.get("text"),
                    "kind": statement.get("kind"), "holder": name, "mention": mention}})
        scores.predicted += len(statements)
        scores.predicted_correct += len(explained)
        for index, statement in enumerate(statements):
            if index not in explained:
                detail["spurious"].append({"start": statement["start"], "end": statement["end"],
                                           "text": statement.get("text"), "kind": statement.get("kind"),
                                           "holder": _holder_name(statement)})
        scores.documents[document.doc] = detail
    return scores
