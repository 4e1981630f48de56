"""Everything `statemint eval` reports, as one JSON-ready dict: quotes (overall and per kind), quotes
per gold attribution and statements (brat gold), and stance."""

from __future__ import annotations

from typing import Any

from statemint.eval.attributions import score_attributed_quotes, score_statements
from statemint.eval.gold import QUOTATION_KINDS, QUOTE_KINDS, GoldDocument
from statemint.eval.scoring import MATCH_THRESHOLD, score_quotes, score_stances


def evaluation(gold: list[GoldDocument], quotes: list[dict[str, Any]], stances: list[dict[str, Any]],
               kinds: set[str] | None = None, details: bool = False,
               statements: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything `statemint eval` reports, as one JSON-ready dict."""
    selected = score_quotes(gold, quotes, kinds)
    # transcript turns are listed when the gold or the predictions have any (they count either way)
    present = QUOTATION_KINDS | {kind for kind in QUOTE_KINDS - QUOTATION_KINDS
                                 if any(q.get("kind") == kind for q in quotes)
                                 or any(g.kind == kind for document in gold for g in document.quotes)}
    by_kind = {kind: score_quotes(gold, quotes, {kind}).to_dict(details=False)
               for kind in sorted(kinds or present)}
    result: dict[str, Any] = {
        "documents": len(gold),
        "overlap_rule": f"span Jaccard >= {MATCH_THRESHOLD}, one-to-one, largest overlap first",
        "quotes": {"kinds": sorted(kinds or present), **selected.to_dict(details=details)},
        "quotes_by_kind": by_kind,
    }
    if any(document.attributions for document in gold):
        # brat gold: quotes per attribution (issue 13), and statements against every attribution
        result["attributed_quotes"] = score_attributed_quotes(gold, quotes, kinds).to_dict(details=details)
        if statements is not None:
            result["statements"] = score_statements(gold, statements).to_dict(details=details)
    if any(document.stances for document in gold):
        result["stance"] = score_stances(gold, stances).to_dict(details=details)
    return result
