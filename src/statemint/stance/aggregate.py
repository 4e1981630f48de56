"""Stance records pooled by holder, party or document (`statemint stance --by ...`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from statemint.records import label_for


@dataclass(frozen=True)
class Aggregate:
    """Stance records pooled by holder, party or document: the mean score and how many records."""

    key: dict[str, Any]
    n: int
    score: float
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.key, "n": self.n, "score": round(self.score, 3), "label": self.label}


def aggregate(records: Sequence[dict[str, Any]], by: str) -> list[Aggregate]:
    """Pool stance records (dicts) by "holder" (holder × party), "party" or "doc" (doc × party)."""
    groups: dict[tuple, list[float]] = {}
    for record in records:
        holder = (record.get("holder") or {}).get("name")
        if by == "holder":
            key = (("holder", holder), ("party", record["party"]))
        elif by == "doc":
            key = (("doc", record.get("doc")), ("party", record["party"]))
        else:
            key = (("party", record["party"]),)
        groups.setdefault(key, []).append(record["score"])
    results = []
    for key, scores in groups.items():
        mean = sum(scores) / len(scores)
        results.append(Aggregate(dict(key), len(scores), mean, label_for(mean)))
    return results


