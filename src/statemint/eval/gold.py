"""The gold model (docs/GOLD.md): annotated quotes and stances resolved to offsets in their documents,
read from statemint's JSON Lines gold format. Pure Python, no spaCy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from statemint.files import MEGABYTE, FileProblem, read_limited
from statemint.records import LABELS

MAX_GOLD_FILE = 256 * MEGABYTE  # gold is written by hand: anything bigger is the wrong file

QUOTATION_KINDS = frozenset({"direct", "partial", "scare"})
QUOTE_KINDS = QUOTATION_KINDS | {"turn"}  # a transcript's turn (text.transcripts)
SPEAKER_KINDS = frozenset({"person", "organization", "country", "document", "group", "author"})


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quotation, resolved to character offsets in its document."""

    doc: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_kind: str | None = None
    speaker_alt: tuple[str, ...] = ()
    utterance: int | None = None
    cue: str | None = None
    # The gold speaker is the text of a mention (a brat Source span), not a canonical name, so the
    # predicted speaker's mention text is accepted as well as its name.
    speaker_is_mention: bool = False
    # The gold attribution this quote is a piece of (brat: its Content span id): "X," he said, "Y." is
    # one attribution in two quoted pieces, scored as one item (scoring.score_attributed_quotes).
    group: str | None = None
    source_span: tuple[int, int] | None = None  # offsets of the brat Source span

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "speaker_alt": list(self.speaker_alt),
            "utterance": self.utterance,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution (brat Source/Cue/Content), quoted or not: its Content extent (first to
    last character of a discontinuous span) and its Source as a mention."""

    doc: str
    start: int
    end: int
    text: str
    source: str | None
    source_alt: tuple[str, ...] = ()
    cue: str | None = None
    quoted: bool = False
    source_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text, "source": self.source,
                "source_alt": list(self.source_alt), "cue": self.cue, "quoted": self.quoted}


@dataclass(frozen=True)
class GoldStance:
    """Where a holder stands toward a party in one document, as a reader judges it."""

    doc: str
    holder: str
    party: str
    label: str
    holder_alt: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "holder": self.holder, "holder_alt": list(self.holder_alt), "party": self.party,
                "label": self.label}


@dataclass(frozen=True)
class GoldDocument:
    """A gold document: its path as written in the gold file, its text and its quotes in text order."""

    doc: str
    text: str
    quotes: tuple[GoldQuote, ...]
    stances: tuple["GoldStance", ...] = ()
    holder: str | None = None  # who speaks in first-person text, passed to statemint like --holder
    attributions: tuple[GoldAttribution, ...] = ()  # every attribution, quoted or not (brat gold only)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file, skipping blank lines; a bad line raises ValueError with its number."""
    records = []
    try:
        content = read_limited(path, MAX_GOLD_FILE, "gold file").decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; gold files are UTF-8 JSON Lines") from None
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        except (ValueError, RecursionError):
            raise ValueError(f"{path}:{number}: cannot be read as JSON (nested too deeply or a huge number)") from None
        if not isinstance(record, dict):
            raise ValueError(f"{path}:{number}: not a JSON object; each line is one document's gold, "
                             "{\"doc\": ..., \"quotes\": [...]} (docs/GOLD.md)")
        records.append(record)
    return records


def _objects(value: Any, where: str, field: str) -> list[Mapping[str, Any]]:
    """A gold record's `quotes` or `stances`: a list of JSON objects."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"{where}: \"{field}\" must be a list of JSON objects (docs/GOLD.md)")
    return value


def _find_occurrence(text: str, needle: str, occurrence: int) -> int:
    position = -1
    for _ in range(occurrence + 1):
        position = text.find(needle, position + 1)
        if position < 0:
            return -1
    return position


def load_gold(path: Path, root: Path) -> list[GoldDocument]:
    """Read a gold JSONL file and resolve each quote's `text`/`occurrence` to offsets in `root / doc`."""
    documents = []
    for number, record in enumerate(read_jsonl(path), start=1):
        where = f"{path}, document {number}"
        doc = record.get("doc")
        if not isinstance(doc, str) or not doc:
            raise ValueError(f"{where}: missing \"doc\" (the document path relative to the repository root)")
        document_path = root / doc
        try:
            text = read_limited(document_path, MAX_GOLD_FILE, "gold document").decode("utf-8")
        except FileProblem as error:
            if not document_path.exists():
                raise ValueError(f"{where}: document {doc!r} not found at {document_path}") from None
            raise ValueError(f"{where}: {error}") from None
        quotes = []
        for index, quote in enumerate(_objects(record.get("quotes", []), where, "quotes")):
            quotes.append(_resolve_quote(quote, doc, text, f"{where} ({doc}), quote {index}"))
        quotes.sort(key=lambda quote: (quote.start, quote.end))
        stances = tuple(_resolve_stance(stance, doc, f"{where} ({doc}), stance {index}")
                        for index, stance in enumerate(_objects(record.get("stances", []), where, "stances")))
        holder = record.get("holder")
        if holder is not None and not isinstance(holder, str):
            raise ValueError(f"{where}: \"holder\" must be a string, got {holder!r}")
        documents.append(GoldDocument(doc=doc, text=text, quotes=tuple(quotes), stances=stances, holder=holder))
    return documents


def _resolve_stance(stance: Mapping[str, Any], doc: str, where: str) -> GoldStance:
    holder, party, label = stance.get("holder"), stance.get("party"), stance.get("label")
    if not isinstance(holder, str) or not holder:
        raise ValueError(f"{where}: missing \"holder\" (the canonical name of who holds the stance)")
    if not isinstance(party, str) or not party:
        raise ValueError(f"{where}: missing \"party\" (a registry id such as US, CN, NATO)")
    if label not in LABELS:
        raise ValueError(f"{where}: \"label\" must be one of {list(LABELS)}, got {label!r}")
    return GoldStance(doc=doc, holder=holder, party=party, label=label,
                      holder_alt=tuple(stance.get("holder_alt") or ()))


def _resolve_quote(quote: Mapping[str, Any], doc: str, text: str, where: str) -> GoldQuote:
    quoted = quote.get("text")
    if not isinstance(quoted, str) or not quoted:
        raise ValueError(f"{where}: missing or empty \"text\"")
    occurrence = quote.get("occurrence", 0)
    if not isinstance(occurrence, int) or occurrence < 0:
        raise ValueError(f"{where}: \"occurrence\" must be a non-negative integer, got {occurrence!r}")
    kind = quote.get("kind")
    if kind not in QUOTE_KINDS:
        raise ValueError(f"{where}: \"kind\" must be one of {sorted(QUOTE_KINDS)}, got {kind!r}")
    speaker_kind = quote.get("speaker_kind")
    if speaker_kind is not None and speaker_kind not in SPEAKER_KINDS:
        raise ValueError(f"{where}: \"speaker_kind\" must be one of {sorted(SPEAKER_KINDS)}, got {speaker_kind!r}")
    start = _find_occurrence(text, quoted, occurrence)
    if start < 0:
        found = text.count(quoted)
        hint = f" (it occurs {found} time(s); occurrence is 0-based)" if found else ""
        raise ValueError(f"{where}: text {quoted!r} (occurrence {occurrence}) not found in {doc}{hint}")
    return GoldQuote(
        doc=doc,
        text=quoted,
        start=start,
        end=start + len(quoted),
        kind=kind,
        speaker=quote.get("speaker"),
        speaker_kind=speaker_kind,
        speaker_alt=tuple(quote.get("speaker_alt") or ()),
        utterance=quote.get("utterance"),
        cue=quote.get("cue"),
    )


