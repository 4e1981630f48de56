"""Local worker processes that survive a dead worker and never outlive the main process.

`Pool` wraps a `ProcessPoolExecutor`: when a worker dies (the out-of-memory killer, `kill -9`) the
pool breaks and every document in flight fails with `BrokenProcessPool`; the pool is then restarted
and each of those documents is retried once, alone in a fresh process, so only the document that
kills its worker is lost, and it is named. Workers ignore Ctrl-C (the main process stops them), take
the default action on SIGTERM, and die with the main process (a parent-death signal on Linux, and a
thread that checks the parent in every worker).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

PARENT_CHECK_SECONDS = 1.0
LOST = ("its worker process died while analysing it, twice (killed by a signal: the out-of-memory killer, "
        "a kill -9 or a crash); analyse it alone, or split it, to find out why")


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when `parent` goes away, however it goes (SIGKILL included)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: Linux only; elsewhere the thread below
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            threading.Event().wait(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="statemint-parent-check", daemon=True).start()


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def stop_signals_blocked() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the pool may fork a worker: a child inherits the mask, so a signal
    that reaches it before `start_worker` has set its handlers waits instead of raising KeyboardInterrupt
    inside Python's after-fork hooks (a traceback on stderr). The parent gets the signal on leaving."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Pool initializer: signals as a worker needs them, then the caller's own initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a fork inherits the main process's handler
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held while forking (stop_signals_blocked)
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


class Pending:
    """A document submitted to the pool; `retry` once its first attempt died with a worker."""

    def __init__(self, document: Any, work: Callable[..., Any], future: Future):
        self.document = document
        self.work = work
        self.future = future
        self.retry = False


class Pool:
    """Worker processes for `work(document, *arguments)` calls, restarted when one dies."""

    def __init__(self, workers: int, arguments: tuple[Any, ...], initializer: Callable[..., None] | None,
                 lost: Callable[[Any, str], Any]):
        self.workers = workers
        self.arguments = arguments
        self.initializer = initializer
        self.lost = lost
        # fork shares the parent's imported modules; the model itself is loaded once per worker.
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.executor = self._executor(workers)

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=self.context, initializer=start_worker,
                                   initargs=(os.getpid(), self.initializer, self.arguments))

    def submit(self, work: Callable[..., Any], document: Any) -> Pending:
        """Queue a document. A worker may die before its death is seen (the pool is already broken when
        the next document is queued): that document then fails with the pool, like those in flight, and
        `settle` retries it."""
        try:
            with stop_signals_blocked():  # submit may fork a worker
                future = self.executor.submit(work, document, *self.arguments)
        except BrokenProcessPool as error:
            future = Future()
            future.set_exception(error)
        return Pending(document, work, future)

    @staticmethod
    def is_pending(entry: Any) -> bool:
        return isinstance(entry, Pending)

    def settle(self, entry: Any, window: Iterable[Any]) -> Any:
        """The result of `entry` (waiting for it), or the entry itself when it is not a document."""
        if not isinstance(entry, Pending):
            return entry
        if not entry.retry:
            try:
                return entry.future.result()
            except BrokenProcessPool:
                self._restart([entry, *window])
        return self._alone(entry)

    def _restart(self, entries: list[Any]) -> None:
        """A worker died: every document whose attempt failed with it is retried alone later."""
        for entry in entries:
            if isinstance(entry, Pending) and entry.future.done() and isinstance(entry.future.exception(),
                                                                                 BrokenProcessPool):
                entry.retry = True
        self.executor.shutdown(wait=True)
        self.executor = self._executor(self.workers)

    def _alone(self, entry: Pending) -> Any:
        """A second and last attempt, in a process of its own so no other document can kill it."""
        single = self._executor(1)
        try:
            with stop_signals_blocked():
                future = single.submit(entry.work, entry.document, *self.arguments)
            return future.result()
        except BrokenProcessPool:
            return self.lost(entry.document, LOST)
        finally:
            single.shutdown(wait=True)

    def stop(self) -> None:
        """Interrupted: drop the queued documents and end the workers now (they ignore SIGINT)."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        # shutdown(wait=False) forgets the executor's manager thread; a run that ends while it still
        # runs races the interpreter's exit hook for its wake-up pipe ("OSError: [Errno 9] Bad file
        # descriptor" on stderr after `| head -1`), so it is joined once the workers are gone
        manager = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        if manager is not None:
            manager.join(timeout=10)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
