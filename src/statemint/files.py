"""Files statemint reads whole (a --parties TOML, gold annotations) and files it writes (the report).

Reading: only regular files, and only up to a size limit, so `--parties /dev/zero` or a gold file
that is really a 6 GB dump stops with one line instead of filling memory. Writing: to a temporary file
in the same folder, then renamed over the target, so a failed write (disk full, file size limit)
leaves the old file whole and no partial one.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

MEGABYTE = 1024 * 1024


class FileProblem(ValueError):
    """A file that cannot be read or written; the message says why and what to do."""


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` bytes (`what` names it in messages)."""
    try:
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise FileProblem(f"{path}: not a regular file (a FIFO, device or folder); give the {what} as a file")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise FileProblem(f"{path}: is a folder; give the {what} as a file") from None
    except OSError as error:
        raise FileProblem(f"{path}: cannot read the {what} ({error.strerror or error})") from None
    if len(data) > limit:
        raise FileProblem(f"{path}: the {what} is over {limit // MEGABYTE} MB; is it the right file?")
    return data


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all: a temporary file beside it, then a rename.

    Raises OSError (with the temporary file removed) when the folder or the disk refuses."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def describe(error: OSError) -> str:
    """An OSError's reason in words ('no space left on device'), lower case, for one-line messages."""
    if error.errno == errno.EFBIG:
        return "file too large (a file size limit)"
    return (error.strerror or str(error)).lower()
