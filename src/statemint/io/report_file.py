"""The `report` command's run: analyse every input through the batch layer, then write the HTML page
without ever losing a file: never over an input, never when nothing was read, whole or not at all."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from statemint.errors import UsageError
from statemint.io.batch import Batch, count_documents, plan_workers, say


def _is_input(output: Path, paths: list[str]) -> bool:
    """`output` names one of the inputs, or a text file inside an input folder (it would be read)."""
    from statemint.io.inputs import JSONL_SUFFIXES, TEXT_SUFFIXES

    if not os.path.lexists(output):  # False, not an error, for a name too long
        return False
    real = os.path.realpath(output)
    for source in paths:
        if source == "-":
            continue
        try:
            if os.path.isdir(source):
                inside = real.startswith(os.path.realpath(source).rstrip(os.sep) + os.sep)
                if inside and output.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                    return True
            elif os.path.samefile(source, output):
                return True
        except OSError:
            continue
    return False


def run_report(paths: list[str], output: str, title: str, options: Any, *, jsonl: bool, follow_links: bool,
               quiet: bool, workers: int | None, include: Sequence[str] = (), exclude: Sequence[str] = (),
               party_names: Mapping[str, str] | None = None) -> int:
    """Analyse, write the page to `output` (`-`: stdout), summarise; returns the exit code."""
    from statemint.files import describe, write_atomic
    from statemint.io.inputs import Document, iter_documents
    from statemint.io.report import render_report
    from statemint.parallel import analyze_document

    if output != "-" and _is_input(Path(output), paths):
        raise UsageError(f"--output {output} is one of the inputs; choose another --output path")
    items = list(iter_documents(paths, jsonl=jsonl, follow_links=follow_links, include=include, exclude=exclude))
    count = count_documents(items)
    batch = Batch(quiet)
    work = functools.partial(analyze_document, every_statement=True)
    analyses: list[Any] = []
    texts: list[str] = []  # by position: ids may repeat, positions do not
    for item, analysis in batch.run(items, options, plan_workers(workers, count, count > 1, quiet), work=work,
                                    pairs=True):
        assert isinstance(item, Document)
        analyses.append(analysis)
        texts.append(item.text)
    batch.summary_of_duplicates()
    if not analyses:
        where = "" if output == "-" else f"; {output} is left as it was"
        say(f"no document was read, so there is no report{where}")
        return batch.exit_code()
    page = render_report(analyses, texts, title, party_names)
    if output == "-":
        from statemint.io.render import text_stream

        text_stream().write(page)
    else:
        try:
            write_atomic(Path(output), page)
        except OSError as error:
            raise UsageError(f"cannot write {output}: {describe(error)}; choose another --output path") from None
    if not quiet:
        quotes = sum(len(a.quotes) for a in analyses)
        stances = sum(len(a.stances) for a in analyses)
        where = "stdout" if output == "-" else output
        say(f"{len(analyses)} document{'s' if len(analyses) != 1 else ''}, {quotes} quotes, {stances} stances "
            f"-> {where}" + (f" ({batch.skipped} skipped)" if batch.skipped else "")
            + (f" ({batch.failed} failed)" if batch.failed else ""))
    return batch.exit_code()
