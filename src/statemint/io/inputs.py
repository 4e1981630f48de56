"""Turn what the user names (files, folders, `-`, JSON Lines) into documents, losing none.

Every input yields either a `Document` or a `Skipped` entry that says why it could not be read and
what to do, so a multi-document run can report what it skipped instead of dropping it silently.
Nothing here raises on bad input: unreadable files, binary data, odd encodings, malformed JSON Lines,
symbolic link loops and FIFOs all become `Skipped` entries.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence, Union

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# What a folder gives unless --include says otherwise: notes such as README.md are not documents.
FOLDER_DEFAULT = ("*.txt", "*.jsonl")
# File signatures of formats people rename to .txt (PDF, PNG, ZIP/DOCX, JPEG, GIF, ELF, gzip, OLE/DOC,
# RAR, 7z, xz, zstd, bzip2 is left out: "BZh" can start a sentence).
BINARY_SIGNATURES = (
    b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd",
)
# Control bytes that text files do not contain (tab, line ends, form feed, escape and ctrl-Z are allowed).
_CONTROL_BYTES = bytes(set(range(32)) - set(b"\t\n\x0b\x0c\r\x1a\x1b"))
_BINARY_SAMPLE = 65536
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # decode() reads these before any binary test
_DETECTION_SAMPLE = 1_000_000
# A lone surrogate cannot be written as UTF-8, so one would crash the output step; it is replaced by
# U+FFFD (one code point for one, so offsets do not move).
_SURROGATE = re.compile("[\ud800-\udfff]")

# Why an input was skipped, for the summary ("2 skipped: 1 binary, 1 not found").
MISSING, UNREADABLE, NOT_A_FILE, BINARY, INVALID_JSON, NO_TEXT, NO_FILES, LINK = (
    "not found", "unreadable", "not a regular file", "binary", "invalid JSON", "no text field",
    "no text files", "link",
)


@dataclass(frozen=True)
class Document:
    """One text to analyse; `id` is what records carry as `doc`."""

    id: str
    text: str
    holder: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with a one-line reason that says what to do.

    `kind` is a short category (``"binary"``, ``"not found"``...) for the end-of-run summary."""

    id: str
    reason: str
    kind: str = UNREADABLE


Item = Union[Document, Skipped]


class BinaryData(ValueError):
    """The bytes are not text (a PDF, an image, an executable...)."""


def clean(text: str) -> str:
    """Replace lone surrogates (from JSON escapes, undecodable file names, odd codecs) by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text (a short phrase), or None if it may be text."""
    if data.startswith(BINARY_SIGNATURES):
        return "binary data (a PDF, image, archive or program, not text)"
    if b"\x00" in data:
        return "binary data (it contains NUL bytes)"
    sample = data[:_BINARY_SAMPLE]
    if sample and len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 20):
        return "binary data (it is full of control bytes)"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding used.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly. Anything else is mostly
    UTF-8 with a few bad bytes (decoded with replacement characters), or a legacy single-byte encoding
    found by charset-normalizer, preferring Windows-1252 (a superset of Latin-1 for text) whenever it
    reads as well as the best candidate. Invalid bytes never raise. Raises `BinaryData` (a ValueError)
    for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return clean(data[3:].decode("utf-8", errors="replace")), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # the BOM says which byte order; "utf-16" reads it and drops it
        return clean(data.decode("utf-16", errors="replace")), "utf-16"
    reason = looks_binary(data)
    if reason:
        raise BinaryData(reason)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd")
    valid_non_ascii = sum(1 for character in replaced if character > "\x7f") - invalid
    if valid_non_ascii >= invalid:
        # Real UTF-8 with a few damaged bytes (a truncated download, a bad paste): keep the good part.
        return replaced, "utf-8 (invalid bytes replaced)"
    encoding = _detect_legacy(data[:_DETECTION_SAMPLE])
    return clean(data.decode(encoding, errors="replace")), encoding


def _detect_legacy(sample: bytes) -> str:
    """The legacy encoding of non-UTF-8 bytes: Windows-1252 (a superset of Latin-1 for text) when it
    reads as well as charset-normalizer's best candidate or reads as Western European text, else that
    candidate (cp1251 for Russian, cp1253 for Greek...)."""
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(sample))
    except Exception:  # a detector failure must not lose the document
        matches = []
    if matches:
        least_chaos = min(match.chaos for match in matches)
        for match in matches:
            if match.chaos <= least_chaos + 0.01 and (
                match.encoding in ("cp1252", "latin_1") or "cp1252" in match.could_be_from_charset
            ):
                return "cp1252"
    if _reads_as_western(sample.decode("cp1252", errors="replace")):
        return "cp1252"  # short texts ("\x93No.\x94") are where detectors guess wildly
    if matches:
        try:
            "".encode(matches[0].encoding)
            return matches[0].encoding
        except LookupError:
            pass
    return "cp1252"


_WORD = re.compile(r"[^\W\d_]+")


def _reads_as_western(text: str) -> bool:
    """True when the non-ASCII letters sit inside mostly-ASCII words (café, Größe), or there are none
    (only curly quotes and dashes), as in English, French or German; Cyrillic or Greek read as cp1252
    give words made wholly of accented letters (Ìèíèñòð)."""
    ascii_letters = other_letters = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        other = sum(1 for character in word if not character.isascii())
        other_letters += other
        ascii_letters += len(word) - other
    return other_letters == 0 or ascii_letters >= other_letters


def _stat_problem(path: Path, allow_fifo: bool) -> Skipped | None:
    """A Skipped entry if ``path`` cannot be read as a regular file, else None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return Skipped(str(path), "a broken symbolic link (its target does not exist)", LINK)
        return Skipped(str(path), "no such file or directory; check the path", MISSING)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Skipped(str(path), "a symbolic link loop; fix or remove the link", LINK)
        if error.errno == errno.EACCES:
            return Skipped(str(path), "permission denied; check the file's read permission", UNREADABLE)
        return Skipped(str(path), f"cannot read it ({error.strerror or error})", UNREADABLE)
    except ValueError as error:  # an embedded NUL in a name given through the API
        return Skipped(str(path), f"not a usable path ({error})", MISSING)
    if stat.S_ISREG(mode) or (allow_fifo and stat.S_ISFIFO(mode)):
        return None
    return Skipped(str(path), "not a regular file (a FIFO, socket or device); pass a text file", NOT_A_FILE)


def read_text_file(path: Path, doc_id: str, *, allow_fifo: bool = False) -> Item:
    """Read one text file; every failure becomes a `Skipped` with a reason.

    FIFOs are read only when ``allow_fifo`` (a pipe the user named, as in ``statemint quotes <(cmd)``);
    one met while walking a folder could block the run forever."""
    problem = _stat_problem(path, allow_fifo)
    if problem is not None:
        return Skipped(doc_id, problem.reason, problem.kind)
    try:
        with path.open("rb") as stream:
            # The first 64 KB say whether it is text: a 6 GB file of NUL bytes is never read whole.
            head = stream.read(_BINARY_SAMPLE)
            reason = None if head.startswith(_BOMS) else looks_binary(head)
            if reason:
                return Skipped(doc_id, f"{reason}; statemint reads plain text, convert the file to text first", BINARY)
            if stream.seekable():
                stream.seek(0)
                data = stream.read()  # one copy of a 200 MB file, not the head, the rest and their sum
            else:
                data = head + stream.read()
    except PermissionError:
        return Skipped(doc_id, "permission denied; check the file's read permission", UNREADABLE)
    except IsADirectoryError:
        return Skipped(doc_id, "is a directory", NOT_A_FILE)
    except OSError as error:
        return Skipped(doc_id, f"cannot read it ({error.strerror or error})", UNREADABLE)
    return decode_document(data, doc_id)


def decode_document(data: bytes, doc_id: str) -> Item:
    """A Document from raw bytes, or a Skipped entry for binary data."""
    try:
        text, encoding = decode(data)
    except BinaryData as error:
        return Skipped(doc_id, f"{error}; statemint reads plain text, convert the file to text first", BINARY)
    return Document(doc_id, text, None, encoding)


def read_jsonl(stream: Iterable[bytes], source: str) -> Iterator[Item]:
    """Yield one document per JSON Lines record: `text` required, `id` and `holder` optional.

    A bad line becomes a Skipped entry with the id ``source:line`` and the other lines are still read."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        fallback_id = f"{source}:{number}"
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            yield Skipped(fallback_id, f"line {number} is not valid JSON ({error.msg} at column {error.colno}); "
                                       "fix or remove the line", INVALID_JSON)
            continue
        except UnicodeDecodeError:
            yield Skipped(fallback_id, f"line {number} is not UTF-8 text; re-encode the file as UTF-8",
                          INVALID_JSON)
            continue
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, [[[[... nested too deep
            kind = "nested too deeply" if isinstance(error, RecursionError) else str(error).split(";")[0]
            yield Skipped(fallback_id, f"line {number} cannot be read as JSON ({kind}); fix or remove the line",
                          INVALID_JSON)
            continue
        if not isinstance(record, dict):
            yield Skipped(fallback_id, f"line {number} is not a JSON object with a \"text\" field", NO_TEXT)
            continue
        text = record.get("text")
        raw_id = record.get("id")
        if not isinstance(text, str):
            problem = "has no \"text\" field" if text is None else "has a \"text\" that is not a string"
            named = f" (id {clean(str(raw_id))!r})" if raw_id is not None else ""
            yield Skipped(fallback_id, f"line {number}{named} {problem}; give each line a \"text\" string",
                          NO_TEXT)
            continue
        doc_id = clean(str(raw_id)) if raw_id is not None else fallback_id
        holder = record.get("holder")
        yield Document(doc_id, clean(text), clean(holder) if isinstance(holder, str) else None)


def _display(path: str) -> str:
    """A path as shown to the user and written as `doc`: undecodable bytes become U+FFFD."""
    return clean(path)


def wanted_in_folder(relative: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> bool:
    """Is a file found under a folder an input? Globs match its name or its path inside the folder
    (`/`-separated, case-insensitive); `include` replaces the default `*.txt`, `*.jsonl`."""
    relative = relative.replace(os.sep, "/")
    name = relative.rsplit("/", 1)[-1]

    def matches(patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatch(name.lower(), p.lower()) or fnmatch.fnmatch(relative.lower(), p.lower())
                   for p in patterns)

    return matches(include or FOLDER_DEFAULT) and not matches(exclude)


def _walk_folder(folder: Path, display: str, follow_links: bool) -> Iterator[tuple[Path, str] | Skipped]:
    """Files under a folder in a stable (sorted) order, or Skipped entries for what cannot be walked.

    Symbolic links are not followed out of the folder unless ``follow_links``: a file link that leads
    out is reported (not silently dropped), linked folders are not entered. With ``follow_links``, a
    folder reached twice (a link loop) is read once."""
    root_real = os.path.realpath(folder)
    root_prefix = root_real.rstrip(os.sep) + os.sep
    seen: set[str] = set()
    problems: list[OSError] = []

    def unreadable(error: OSError) -> Skipped:
        where = _display(str(error.filename)) if error.filename else display
        if error.errno == errno.EACCES:
            return Skipped(where, "permission denied on this folder; check its permissions", UNREADABLE)
        return Skipped(where, f"cannot list this folder ({error.strerror or error})", UNREADABLE)

    for current, dirnames, filenames in os.walk(folder, onerror=problems.append, followlinks=follow_links):
        while problems:
            yield unreadable(problems.pop(0))
        real = os.path.realpath(current)
        if real in seen:  # a symlink loop, or a second link to a folder already read
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(current) / name
            shown = _display(str(Path(display) / path.relative_to(folder)))
            if not follow_links and path.is_symlink() and path.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES:
                target = os.path.realpath(path)
                if not target.startswith(root_prefix):
                    yield Skipped(shown, "a symbolic link out of the folder; pass --follow-links to read it", LINK)
                    continue
            yield path, shown
    while problems:  # the folder itself could not be listed
        yield unreadable(problems.pop(0))


def iter_documents(sources: Iterable[str], *, jsonl: bool = False, follow_links: bool = False,
                   stdin: BinaryIO | None = None, include: Sequence[str] = (),
                   exclude: Sequence[str] = ()) -> Iterator[Item]:
    """Yield a Document or a Skipped entry for every input, in the order given (folders sorted).

    In folders only the files `wanted_in_folder` accepts are read; files named in `sources` always are.
    Never raises for a bad input: every source gives at least one item."""
    for source in sources:
        shown = _display(source)
        if source == "-":
            if stdin is None and sys.stdin is None:  # started with stdin closed (`<&-`)
                yield Skipped("-", "standard input is closed; give a file, or pipe text into statemint", UNREADABLE)
                continue
            stream = stdin if stdin is not None else sys.stdin.buffer
            if jsonl:
                yield from read_jsonl(stream, "-")
            else:
                yield decode_document(stream.read(), "-")
            continue
        path = Path(source)
        if is_folder(path):
            found = False
            for entry in _walk_folder(path, shown, follow_links):
                if isinstance(entry, Skipped):
                    found = True
                    yield entry
                    continue
                file_path, display = entry
                if not wanted_in_folder(str(file_path.relative_to(path)), include, exclude):
                    continue
                found = True
                if file_path.suffix.lower() in JSONL_SUFFIXES:
                    yield from _read_jsonl_file(file_path, display, allow_fifo=False)
                else:
                    yield read_text_file(file_path, display)
            if not found:
                which = ", ".join(include or FOLDER_DEFAULT)
                yield Skipped(shown, f"folder has no files matching {which}; name the files to read them, "
                              "or choose others with --include GLOB", NO_FILES)
            continue
        if jsonl or path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl_file(path, shown, allow_fifo=True)
        else:
            yield read_text_file(path, shown, allow_fifo=True)


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _read_jsonl_file(path: Path, display: str, *, allow_fifo: bool) -> Iterator[Item]:
    problem = _stat_problem(path, allow_fifo)
    if problem is not None:
        yield Skipped(display, problem.reason, problem.kind)
        return
    try:
        with path.open("rb") as stream:
            yield from read_jsonl(stream, display)
    except PermissionError:
        yield Skipped(display, "permission denied; check the file's read permission", UNREADABLE)
    except OSError as error:
        yield Skipped(display, f"cannot read it ({error.strerror or error})", UNREADABLE)
