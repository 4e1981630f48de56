"""Analyse the documents of a gold set (or the documents given) for `statemint eval`: every quote and
stance, through the batch layer that every command uses."""

from __future__ import annotations

import functools
from typing import Any, Sequence

from statemint.eval.gold import GoldDocument
from statemint.eval.scoring import unmatched
from statemint.exits import error_line
from statemint.io.batch import Batch, count_documents, plan_workers
from statemint.io.inputs import Document, iter_documents
from statemint.parallel import Options, analyze_document


def analyze_gold(documents: list[GoldDocument], paths: list[str] | None, options: Options, workers: int | None,
                 include: Sequence[str] = (), exclude: Sequence[str] = ()
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], int]:
    """Quote, stance and statement records of the gold's documents (or of `paths`), and how many
    documents failed.
    A gold document that none of `paths` names is reported on stderr: it is scored as all missed."""
    if paths:
        items = list(iter_documents(paths, include=include or (), exclude=exclude or ()))
    else:
        items = [Document(document.doc, document.text, document.holder) for document in documents]
    quotes: list[dict[str, Any]] = []
    stances: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    seen: list[str] = []
    count = count_documents(items)
    batch = Batch()
    work = functools.partial(analyze_document, every_statement=True)
    for result in batch.run(items, options, plan_workers(workers, count, count > 1), work=work):
        seen.append(str(result.doc))
        quotes += [quote.to_dict() for quote in result.quotes]
        stances += [stance.to_dict() for stance in result.stances]
        statements += [statement.to_dict() for statement in result.statements]
    if paths:
        for doc in unmatched(documents, seen):
            error_line(f"{doc}: in the gold but not among the documents given; it is scored as all missed")
    return quotes, stances, statements, batch.failed
