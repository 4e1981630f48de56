"""One batch layer for every command: read the inputs, skip the unreadable ones with their reason, run
the documents (in this process, on local workers or on Dask), count, summarise, and give the exit code.

`Batch.run` yields what each document's work returned; skipped inputs and failed documents are reported
on stderr as they come (one `statemint:` line each) and counted for the summary and the exit code.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable, Iterator

from statemint.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError
from statemint.io.safe_text import message

WORKERS_PER_CORE = 4  # beyond this, more processes only add memory (each holds a pipeline)
MAX_WORKERS_OPTION = 10_000  # a --workers value above this is a typo, not a plan
MAX_IDS_CHECKED = 1_000_000  # ids remembered for the duplicate warning: memory stays bounded


def say(text: str) -> None:
    """One line on stderr, `statemint: ...`, with control characters made visible."""
    import sys

    sys.stderr.write(message(text) + "\n")
    sys.stderr.flush()


def cores() -> int:
    from statemint.parallel import default_workers

    return default_workers()


def plan_workers(requested: int | None, documents: int | None, multi: bool, quiet: bool = False,
                 local: bool = True) -> int | None:
    """The number of worker processes: `requested` (--workers) capped at the documents when their number
    is known and at WORKERS_PER_CORE x the cores (a note on stderr says so), else every core for a
    multi-document run (`local` False, for Dask: only checked). Raises UsageError for a value below 1 or
    absurdly large."""
    from statemint.parallel import default_workers

    if not local:
        if requested is not None and not 1 <= requested <= MAX_WORKERS_OPTION:
            raise UsageError(f"--workers {requested}: give a number of processes from 1 to {MAX_WORKERS_OPTION:,}")
        return requested
    if requested is None:
        return default_workers(documents) if documents is not None else (default_workers() if multi else 1)
    if requested < 1 or requested > MAX_WORKERS_OPTION:
        raise UsageError(f"--workers {requested}: give a number of processes from 1 to {MAX_WORKERS_OPTION:,} "
                         f"(this machine has {cores()} cores)")
    limit = WORKERS_PER_CORE * cores()
    capped = min(requested, limit, documents if documents is not None else requested)
    capped = max(capped, 1)
    if capped < requested and not quiet:
        why = (f"{documents} document{'s' if documents != 1 else ''}" if documents is not None and capped == documents
               else f"{WORKERS_PER_CORE} per core on {cores()} cores")
        say(f"--workers {requested}: using {capped} ({why})")
    return capped


class Batch:
    """The counts of one run: documents read, inputs skipped (by reason) and documents that failed."""

    def __init__(self, quiet: bool = False, verbose: bool = False, progress: Any = None):
        self.quiet = quiet
        self.verbose = verbose
        self.progress = progress
        self.read = 0
        self.skipped = 0
        self.failed = 0
        self.reasons: Counter[str] = Counter()
        self._seen: set[int] = set()  # hashes of the ids read, to warn about duplicates (bounded)
        self.duplicates: list[str] = []

    def run(self, items: Iterable[Any], options: Any, workers: int = 1, dask: str | None = None,
            work: Callable[..., Any] | None = None, pairs: bool = False) -> Iterator[Any]:
        """What `work` (default: `parallel.process_document`) returned for each document read, in input
        order (`pairs`: `(document, result)`, where `items` is a list); skipped inputs and failed
        documents are reported and counted, not yielded."""
        from statemint.parallel import run_dask, run_local

        if dask is not None:
            results = run_dask(items, options, dask, workers)
        else:
            results = run_local(items, options, workers, work)
        # The runners give one result per item, in order: pairing them needs no id (ids may repeat).
        outcomes = self._outcomes(zip(items, results) if pairs else ((None, result) for result in results))
        return outcomes if pairs else (result for _, result in outcomes)

    def _outcomes(self, results: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
        from statemint.io.inputs import Skipped
        from statemint.parallel import Result

        for item, result in results:
            if isinstance(result, Skipped):
                self.skipped += 1
                self.reasons[result.kind] += 1
                say(f"{result.id}: skipped: {result.reason}")
                continue
            self.read += 1
            self._note_id(result.doc_id if isinstance(result, Result) else getattr(result, "doc", None))
            if isinstance(result, Result):
                if self.progress is not None:
                    self.progress.advance(result.words)
                if result.records is None:  # one document's bug must not lose the others
                    self.failed += 1
                    say(f"{result.doc_id}: failed: {result.error}")
                    continue
                if self.verbose:
                    say(f"{result.doc_id}: read as {result.encoding}, {result.characters} characters, "
                        f"{len(result.records)} records")
            yield item, result

    def _note_id(self, doc_id: Any) -> None:
        if doc_id is None or len(self._seen) >= MAX_IDS_CHECKED:
            return
        key = hash(str(doc_id))
        if key in self._seen and str(doc_id) not in self.duplicates:
            self.duplicates.append(str(doc_id))
        self._seen.add(key)

    def summary(self) -> None:
        """`41 documents read, 2 skipped (1 binary, 1 invalid JSON), 1 failed`, when there is news; and
        once, the document ids used more than once (their records cannot be told apart)."""
        self.summary_of_duplicates()
        if self.quiet or not (self.skipped or self.failed or self.read + self.skipped > 1):
            return
        why = ", ".join(f"{count} {kind}" for kind, count in sorted(self.reasons.items()))
        say(f"{self.read} document{'s' if self.read != 1 else ''} read, {self.skipped} skipped"
            + (f" ({why})" if why else "") + (f", {self.failed} failed" if self.failed else ""))

    def summary_of_duplicates(self) -> None:
        if self.duplicates:
            warn_duplicate_ids(self.duplicates)
            self.duplicates = []

    def exit_code(self) -> int:
        """1 when a document failed, 2 when an input was skipped, else 0."""
        if self.failed:
            return EXIT_FAILURE
        if self.skipped:
            return EXIT_USAGE
        return EXIT_OK


def multi_document(paths: list[str], jsonl: bool) -> bool:
    """More than one document may come: several paths, a folder, or JSON Lines."""
    from pathlib import Path

    from statemint.io.inputs import is_folder

    return len(paths) > 1 or jsonl or any(
        is_folder(Path(p)) or Path(p).suffix.lower() in {".jsonl", ".ndjson"} for p in paths if p != "-")


def known_documents(paths: list[str], jsonl: bool) -> int | None:
    """How many documents `paths` hold, when that is known before reading (plain files only)."""
    if jsonl or any(multi_document([path], False) for path in paths):
        return None
    return len(paths)


def count_documents(items: list[Any]) -> int:
    from statemint.io.inputs import Skipped

    return sum(1 for item in items if not isinstance(item, Skipped))


def warn_duplicate_ids(duplicated: list[str]) -> None:
    """Documents sharing an id are all analysed, but their records cannot be told apart: say so once."""
    if duplicated:
        shown = ", ".join(repr(doc_id) for doc_id in duplicated[:5]) + (" …" if len(duplicated) > 5 else "")
        say(f"{len(duplicated)} document id{'s are' if len(duplicated) != 1 else ' is'} used more than once "
            f"({shown}); every document is analysed, give each a unique \"id\" to tell their records apart")


def analyze_documents(items: Iterable[Any], options: Any, workers: int = 1) -> Iterator[Any]:
    """An Analysis with quotes, statements and stances (or the Skipped entry) per input, in input order.

    `items` come from `inputs.iter_documents`; `options` is a `parallel.Options` (model, parties file,
    holder, date). With `workers` > 1 documents are analysed on that many local processes.
    """
    import functools

    from statemint.parallel import analyze_document, run_local

    return run_local(items, options, workers, functools.partial(analyze_document, every_statement=True))

