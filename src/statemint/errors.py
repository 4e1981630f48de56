"""One error family, so the CLI can map every failure to an exit code in one place.

Messages say what went wrong *and what to do*; the CLI prints them on one line, never a traceback.
"""

from __future__ import annotations


class StatemintError(Exception):
    """Base of every error statemint raises on purpose."""

    exit_code = 1


class InputError(StatemintError):
    """A document or option value could not be used (missing file, bad encoding, bad JSON Lines)."""

    exit_code = 2


class UsageError(StatemintError):
    """The command line asks for something that does not exist (unknown format, party, model)."""

    exit_code = 2


class UnknownParty(UsageError):
    """A --party value matches nothing in the registry."""


class ModelError(UsageError):
    """The spaCy pipeline named by --model is not installed or cannot be loaded."""


EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report it
