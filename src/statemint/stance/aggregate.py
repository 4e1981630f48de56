"""Stance records pooled by holder, party or document (`statemint stance --by ...`).

A holder is one holder only within its document: two unnamed "minister"s of two documents are two
rows. Across documents, records are pooled only when the holder names a party itself (a country or
organisation speaking, e.g. `--holder Cuba`) or is a person with a full canonical name ("Vladimir Putin").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Hashable, Sequence

from statemint.records import MeanScore

# A canonical named person: two or more capitalised words ("Vladimir Putin", "Ursula von der Leyen").
_FULL_NAME = re.compile(r"^[A-Z][\w’'.-]+(?: [\w’'.-]+)* [A-Z][\w’'.-]+$")


def holder_key(record: dict[str, Any]) -> Hashable:
    """Which stance records share a holder: across documents for a party or a named person,
    otherwise within the record's document only."""
    holder = record.get("holder") or None
    if holder is None:
        return ("doc", record.get("doc"), None)
    name, kind, party = holder.get("name"), holder.get("kind"), holder.get("party")
    if kind in {"country", "organization"} and party:
        return ("party", party, kind)
    if kind == "person" and isinstance(name, str) and _FULL_NAME.match(name):
        return ("person", name, party)
    return ("doc", record.get("doc"), name, kind, party)


def holder_object(holder: dict[str, Any] | None) -> dict[str, Any] | None:
    """The holder of an aggregate: the speaker object without its mention (a mention is one
    statement's, an aggregate pools several)."""
    if not holder:
        return None
    return {"name": holder.get("name"), "kind": holder.get("kind"), "party": holder.get("party"),
            "members": list(holder.get("members") or [])}


@dataclass
class Aggregate(MeanScore):
    """Stance records pooled by holder, party or document: the mean score and how many records."""

    key: dict[str, Any]
    scores: list[float] = field(default_factory=list)
    docs: list[Any] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    one_document: bool = False  # a holder known only within its document

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def doc(self) -> Any:
        """The document, or the list of documents when the records come from several."""
        return self.docs[0] if len(self.docs) == 1 else list(self.docs)

    def row(self) -> str:
        """The row label in a table: the holder's name (or the document for `--by doc`)."""
        if "holder" in self.key:
            holder = self.key["holder"]
            return (holder or {}).get("name") or "—"
        return str(self.key.get("doc") or "—")

    def to_dict(self) -> dict[str, Any]:
        key = dict(self.key)
        if "doc" not in key:
            key = {**key, "doc": self.doc}
        return {**key, "n": self.n, "score": round(self.score, 3), "label": self.label}


def aggregate(records: Sequence[dict[str, Any]], by: str) -> list[Aggregate]:
    """Pool stance records (dicts) by "holder" (holder × party), "party" or "doc" (doc × party),
    sorted as tables show them: rows by name, then parties by how many records they have."""
    groups: dict[tuple, Aggregate] = {}
    for record in records:
        party = record["party"]
        if by == "holder":
            group_key: tuple = (holder_key(record), party)
            key = {"holder": holder_object(record.get("holder")), "party": party}
        elif by == "doc":
            group_key = (record.get("doc"), party)
            key = {"doc": record.get("doc"), "party": party}
        else:
            group_key = (party,)
            key = {"party": party}
        scoped = by == "holder" and group_key[0][0] == "doc"
        group = groups.setdefault(group_key, Aggregate(key, one_document=scoped))
        group.scores.append(float(record["score"]))
        group.records.append(record)
        if record.get("doc") not in group.docs:
            group.docs.append(record.get("doc"))
    results = list(groups.values())
    weight: dict[str, int] = {}
    for result in results:
        weight[result.key["party"]] = weight.get(result.key["party"], 0) + result.n
    if by == "party":
        return sorted(results, key=lambda a: (-a.n, a.key["party"]))
    several = len({doc for result in results for doc in result.docs}) > 1
    return sorted(results, key=lambda a: (row_label(a, several).casefold(), row_label(a, several),
                                          -weight[a.key["party"]], a.key["party"]))


def row_label(result: Aggregate, several_documents: bool) -> str:
    """A row label: the holder's name, with its document when the records come from several
    documents and the holder is known only within one (two unnamed "minister"s stay two rows)."""
    label = result.row()
    if result.one_document and several_documents:
        return f"{label} · {result.docs[0]}"
    return label
