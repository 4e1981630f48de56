"""Turn what the user names (files, folders, `-`, JSON Lines) into documents, losing none.

Every input yields either a `Document` or a `Skipped` entry that says why it could not be read, so a
multi-document run can report what it skipped instead of dropping it silently.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Union

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


@dataclass(frozen=True)
class Document:
    """One text to analyse; `id` is what records carry as `doc`."""

    id: str
    text: str
    holder: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason that says what to do."""

    id: str
    reason: str


Item = Union[Document, Skipped]


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding used.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly; anything else is handed
    to charset-normalizer, and as a last resort decoded as UTF-8 with replacement characters, so
    invalid bytes never crash a run. Raises ValueError for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise ValueError("binary data (not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"


def read_text_file(path: Path, doc_id: str) -> Item:
    """Read one text file; every failure becomes a `Skipped` with a reason."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Skipped(doc_id, "no such file or directory")
    except OSError as error:
        return Skipped(doc_id, f"cannot read it ({error.strerror or error})")
    if not stat.S_ISREG(mode):
        return Skipped(doc_id, "not a regular file (a FIFO, socket or device); pass a text file")
    try:
        data = path.read_bytes()
    except PermissionError:
        return Skipped(doc_id, "permission denied; check the file's read permission")
    except OSError as error:
        return Skipped(doc_id, f"cannot read it ({error.strerror or error})")
    try:
        text, encoding = decode(data)
    except ValueError as error:
        return Skipped(doc_id, f"{error}; statemint reads plain text, convert the file first")
    return Document(doc_id, text, None, encoding)


def read_jsonl(stream: Iterable[bytes], source: str) -> Iterator[Item]:
    """Yield one document per JSON Lines record: `text` required, `id` and `holder` optional."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        fallback_id = f"{source}:{number}"
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Skipped(fallback_id, f"line {number} is not valid JSON ({error.__class__.__name__}); fix or remove the line")
            continue
        if not isinstance(record, dict):
            yield Skipped(fallback_id, f"line {number} is not a JSON object with a \"text\" field")
            continue
        text = record.get("text")
        doc_id = record.get("id")
        doc_id = str(doc_id) if doc_id is not None else fallback_id
        if not isinstance(text, str):
            problem = "has no \"text\" field" if text is None else "has a \"text\" that is not a string"
            yield Skipped(doc_id, f"line {number} {problem}")
            continue
        holder = record.get("holder")
        yield Document(doc_id, text, holder if isinstance(holder, str) else None)


def _walk_folder(folder: Path, display: str, follow_links: bool) -> Iterator[tuple[Path, str]]:
    """Files under a folder in a stable (sorted) order; links are not followed out unless asked."""
    root_real = folder.resolve()
    seen: set[str] = set()
    for current, dirnames, filenames in os.walk(folder, followlinks=follow_links):
        real = os.path.realpath(current)
        if real in seen:  # a symlink loop when following links
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(current) / name
            if path.is_symlink() and not follow_links:
                target = path.resolve()
                if root_real not in target.parents:
                    continue
            relative = path.relative_to(folder)
            yield path, str(Path(display) / relative)


def iter_documents(sources: Iterable[str], *, jsonl: bool = False, follow_links: bool = False,
                   stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Yield a Document or a Skipped entry for every input, in the order given (folders sorted)."""
    for source in sources:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if jsonl:
                yield from read_jsonl(stream, "-")
            else:
                try:
                    text, encoding = decode(stream.read())
                    yield Document("-", text, None, encoding)
                except ValueError as error:
                    yield Skipped("-", f"{error}; statemint reads plain text")
            continue
        path = Path(source)
        if path.is_dir():
            found = False
            for file_path, display in _walk_folder(path, source, follow_links):
                suffix = file_path.suffix.lower()
                if suffix in JSONL_SUFFIXES:
                    found = True
                    yield from _read_jsonl_file(file_path, display)
                elif suffix in TEXT_SUFFIXES:
                    found = True
                    yield read_text_file(file_path, display)
            if not found:
                yield Skipped(source, "folder has no .txt, .md or .jsonl files")
            continue
        if not path.exists() and not path.is_symlink():
            yield Skipped(source, "no such file or directory")
        elif jsonl or path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl_file(path, source)
        else:
            yield read_text_file(path, source)


def _read_jsonl_file(path: Path, display: str) -> Iterator[Item]:
    try:
        with path.open("rb") as stream:
            yield from read_jsonl(stream, display)
    except PermissionError:
        yield Skipped(display, "permission denied; check the file's read permission")
    except OSError as error:
        yield Skipped(display, f"cannot read it ({error.strerror or error})")
