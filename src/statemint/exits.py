"""The one place where outcomes become exit codes: 0 ok, 1 failure, 2 usage error or unreadable input,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Every problem is one `statemint:` line on stderr,
never a traceback; a full stdout is "cannot write output", a reader that went away a quiet exit 0."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from statemint.errors import EXIT_INTERRUPTED, EXIT_TERMINATED, StatemintError


def error_line(message: str) -> None:
    """One `statemint:` line on stderr, control characters made visible."""
    from statemint.io.safe_text import message as line

    typer.echo(line(message), err=True)


def silence_stdout() -> None:
    """The reader went away (`| head`): point stdout at /dev/null so the final flush cannot fail,
    and stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _click_exception_types() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """Click's usage-error and abort classes, from click and from the copy recent Typer versions vendor."""
    import importlib

    errors: list[type] = []
    aborts: list[type] = []
    for name in ("click", "typer._click"):
        try:
            module = importlib.import_module(name + ".exceptions")
        except ImportError:
            continue
        errors.append(module.ClickException)
        if hasattr(module, "Abort"):
            aborts.append(module.Abort)
    aborts.append(typer.Abort)
    return tuple(errors), tuple(aborts)


_terminated = False  # set by the SIGTERM handler: the interrupt that follows exits 143, not 130


def _on_sigterm(number: int, frame: Any) -> None:
    """SIGTERM stops the run as Ctrl-C does (workers stopped, nothing half-written to stdout)."""
    global _terminated
    _terminated = True
    raise KeyboardInterrupt


def _interrupted() -> None:
    error_line("terminated" if _terminated else "interrupted")
    sys.exit(EXIT_TERMINATED if _terminated else EXIT_INTERRUPTED)


def _output_failed(error: OSError) -> None:
    """stdout refused a write (a full disk, /dev/full, a file size limit): one line, exit 1."""
    from statemint.files import describe

    try:
        silence_stdout()  # what is still buffered would fail again at exit
    except OSError:
        pass
    error_line(f"cannot write output: {describe(error)}")
    sys.exit(1)


def run(app: Any) -> None:
    """Run the Typer `app` as the `statemint` command: exit with the code its outcome maps to."""
    import signal

    global _terminated
    _terminated = False
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _run(app)
    finally:  # main() also runs inside test processes
        signal.signal(signal.SIGTERM, previous)


def _run(app: Any) -> None:
    import errno

    try:
        code = app(standalone_mode=False)
        # Without standalone mode Typer returns Exit codes (and 130 for Ctrl-C) instead of exiting.
        if code == EXIT_INTERRUPTED:
            _interrupted()
        sys.stdout.flush()  # a full disk shows here, not in the interpreter's last flush
        sys.exit(code if isinstance(code, int) else 0)
    except StatemintError as error:
        error_line(str(error))
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        try:
            silence_stdout()
        finally:
            sys.exit(0)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO):
            _output_failed(error)
        _internal(error)
    except Exception as error:  # click usage errors and the unexpected: one line, never a traceback
        click_errors, click_aborts = _click_exception_types()
        if isinstance(error, click_errors):
            error.show()
            sys.exit(error.exit_code)
        if isinstance(error, click_aborts):
            _interrupted()
        _internal(error)


def _internal(error: BaseException) -> None:
    error_line(f"internal error: {error.__class__.__name__}: {error} (please report it)")
    sys.exit(1)
