"""Write records for people (rich tables) or programs (json, jsonl, csv), streaming where the format allows.

Writers take plain dicts (records already passed through `to_dict()`), one document at a time, so a
corpus is written as it is read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any, Callable, Sequence, TextIO


def escape(text: str) -> str:
    """Text from documents and file names shown literally in rich tables: never read as markup, and
    control characters (terminal escape sequences) made visible (io.safe_text)."""
    from statemint.io.safe_text import cell

    return cell(text)


# JSON readers that split lines on these (str.splitlines, JavaScript before ES2019) would break a record.
_LINE_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def dumps(record: Any, indent: int | None = None) -> str:
    """One record as JSON text: UTF-8 kept readable, the Unicode line separators escaped."""
    text = json.dumps(record, ensure_ascii=False, indent=indent)
    if any(separator in text for separator in _LINE_SEPARATORS):
        for separator, escaped in _LINE_SEPARATORS.items():
            text = text.replace(separator, escaped)
    return text


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_safe(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value

FORMATS = ("auto", "table", "json", "jsonl", "csv")


def resolve_format(name: str, stream: TextIO) -> str:
    """`auto` is a table on a terminal and JSON Lines in a pipe."""
    if name != "auto":
        return name
    return "table" if stream.isatty() else "jsonl"


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested fields become dotted columns (`speaker.name`); lists become JSON text."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


class Writer:
    """Base writer: `write(doc_id, records)` per document, then `close()`."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class JsonLinesWriter(Writer):
    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        for record in records:
            self.stream.write(dumps(record) + "\n")
        self.stream.flush()


class JsonWriter(Writer):
    """One JSON array, written incrementally so memory does not grow with the corpus."""

    def __init__(self, stream: TextIO):
        super().__init__(stream)
        self.count = 0
        self.stream.write("[")

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        for record in records:
            self.stream.write(("," if self.count else "") + "\n  " + dumps(record))
            self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")
        self.stream.flush()


def _speaker_columns(prefix: str) -> list[str]:
    return [f"{prefix}.{name}" for name in ("name", "kind", "party", "mention.text", "mention.start",
                                            "mention.end", "members")]


def _mention_columns(prefix: str) -> list[str]:
    return [f"{prefix}.{name}" for name in ("text", "start", "end")]


# The CSV columns of each record type, in docs/OUTPUT.md's order: every row has every column (an
# empty cell for a null object), whatever the first record holds.
CSV_COLUMNS: dict[str, list[str]] = {
    "quotes": ["doc", "id", "kind", "text", "start", "end", *_speaker_columns("speaker"),
               *_mention_columns("cue"), "utterance", "confidence"],
    "statements": ["doc", "id", "kind", "text", "start", "end", *_speaker_columns("holder"),
                   *_mention_columns("cue"), *_mention_columns("content"), "quotes"],
    "stance": ["doc", "statement", "source", "text", "start", "end", *_speaker_columns("holder"),
               *_mention_columns("cue"), "party", *_mention_columns("target"), "label", "score", "evidence"],
    "stance by holder": ["holder.name", "holder.kind", "holder.party", "holder.members", "party", "doc", "n",
                         "score", "label"],
    "stance by party": ["party", "doc", "n", "score", "label"],
    "stance by doc": ["doc", "party", "n", "score", "label"],
    "parties": ["id", "name", "kind", "aliases", "score"],
}


class CsvWriter(Writer):
    """CSV with a fixed header per record type (`CSV_COLUMNS`), written even when there are no records."""

    def __init__(self, stream: TextIO, fields: list[str]):
        super().__init__(stream)
        self.fields = fields
        self.writer = csv.DictWriter(self.stream, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        self.writer.writeheader()

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        for record in records:
            self.writer.writerow({key: _csv_safe(value) for key, value in flatten(record).items()})
        self.stream.flush()


class TableWriter(Writer):
    """A rich table per document; `columns` maps a header to a function of the record."""

    def __init__(self, stream: TextIO, title: str, columns: list[tuple[str, Callable[[dict[str, Any]], str]]]):
        super().__init__(stream)
        from rich.console import Console

        self.console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or None,
                               highlight=False, soft_wrap=False)
        self.title = title
        self.columns = columns

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        from rich.table import Table

        table = Table(title=f"{self.title} — {escape(doc_id)}", title_justify="left", show_lines=False,
                      expand=False)
        for header, _ in self.columns:
            table.add_column(header, overflow="fold")
        for record in records:
            table.add_row(*[getter(record) for _, getter in self.columns])  # getters escape record text
        if not records:
            self.console.print(f"[dim]{self.title} — {escape(doc_id)}: nothing found[/dim]")
            return
        self.console.print(table)


def make_writer(format_name: str, stream: TextIO, title: str,
                columns: list[tuple[str, Callable[[dict[str, Any]], str]]]) -> Writer:
    """The writer of a format; `title` names the record type (a key of `CSV_COLUMNS`)."""
    if format_name == "jsonl":
        return JsonLinesWriter(stream)
    if format_name == "json":
        return JsonWriter(stream)
    if format_name == "csv":
        return CsvWriter(stream, CSV_COLUMNS[title])
    return TableWriter(stream, title, columns)


def speaker_label(speaker: dict[str, Any] | None) -> str:
    if not speaker:
        return "—"
    party = f" ({speaker['party']})" if speaker.get("party") else ""
    mention = speaker.get("mention") or {}
    said_as = f"\n[dim]as “{escape(mention['text'])}”[/dim]" if mention and mention.get("text") != speaker["name"] else ""
    return f"{escape(speaker['name'])}{escape(party)}{said_as}"


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


QUOTE_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("id", lambda r: f"{escape(r['id'])}\n[dim]{escape(r['utterance'])}[/dim]"),
    ("kind", lambda r: escape(r["kind"])),
    ("speaker", lambda r: speaker_label(r["speaker"])),
    ("cue", lambda r: escape((r["cue"] or {}).get("text", "—")) if r["cue"] else "—"),
    ("quote", lambda r: "“" + escape(shorten(r["text"])) + "”"),
]

STATEMENT_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("id", lambda r: escape(r["id"])),
    ("kind", lambda r: escape(r["kind"])),
    ("holder", lambda r: speaker_label(r["holder"])),
    ("cue", lambda r: escape(r["cue"]["text"]) if r["cue"] else "—"),
    ("statement", lambda r: escape(shorten(r["text"], 220))),
]


STANCE_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("statement", lambda r: escape(r["statement"]) if r["statement"] else "act: " + escape(r["cue"]["text"])),
    ("holder", lambda r: speaker_label(r["holder"])),
    ("party", lambda r: f"{escape(r['party'])}\n[dim]{escape(r['target']['text'])}[/dim]"),
    ("stance", lambda r: f"[{LABEL_STYLES[r['label']]}]{r['label']}[/] {r['score']:+.2f}"),
    ("evidence", lambda r: ", ".join(f"{escape(e['text'])} {e['weight']:+.2f}" for e in r["evidence"]) or "—"),
    ("statement text", lambda r: escape(shorten(r["text"], 140))),
]
LABEL_SIGNS = {"hostile": "−−", "critical": "−", "neutral": "0", "favorable": "+", "supportive": "++"}
LABEL_STYLES = {"hostile": "bold red", "critical": "red", "neutral": "white", "favorable": "green",
                "supportive": "bold green"}


def write_aggregates(aggregates: Sequence[Any], by: str, format_name: str, stream: TextIO) -> None:
    """Aggregated stance (`stance.aggregate` results, already in table order): a holders × parties
    matrix for people, the same records in the same order for programs."""
    if format_name != "table":
        writer = make_writer(format_name, stream, f"stance by {by}", [])
        writer.write("all", [item.to_dict() for item in aggregates])
        writer.close()
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or None, highlight=False)
    if by == "party":
        table = Table(title="stance by party", title_justify="left")
        for header in ("party", "stance", "n", "score"):
            table.add_column(header)
        for item in aggregates:
            table.add_row(escape(item.key["party"]), f"[{LABEL_STYLES[item.label]}]{item.label}[/]",
                          str(item.n), f"{item.score:+.2f}")
        console.print(table)
        return
    console.print(_matrix(aggregates, by, console.width))


def _matrix(aggregates: Sequence[Any], by: str, width: int) -> Any:
    """Rows (holders or documents) × parties; the row column shrinks first to fit `width`."""
    from rich.table import Table

    from statemint.stance.aggregate import row_label

    several = len({doc for item in aggregates for doc in item.docs}) > 1
    weight: dict[str, int] = {}
    for item in aggregates:
        weight[item.key["party"]] = weight.get(item.key["party"], 0) + item.n
    parties = sorted(weight, key=lambda p: (-weight[p], p))
    rows: list[str] = []
    cells: dict[tuple[str, str], Any] = {}
    for item in aggregates:
        row = row_label(item, several)
        if row not in cells and row not in rows:
            rows.append(row)
        cells[(row, item.key["party"])] = item
    cell_widths = [max(len(party), 4) + 3 for party in parties]  # content, padding, border
    row_width = max(12, min(34, width - sum(cell_widths) - 4))
    table = Table(title=f"stance of {by}s toward parties: label and number of statements",
                  title_justify="left", caption="−− hostile  − critical  0 neutral  + favorable  ++ supportive",
                  caption_justify="left")
    table.add_column(by, no_wrap=True, max_width=row_width, overflow="ellipsis")
    for party in parties:
        table.add_column(escape(party), justify="center", no_wrap=True)
    for row in rows:
        values = []
        for party in parties:
            cell = cells.get((row, party))
            values.append(f"[{LABEL_STYLES[cell.label]}]{LABEL_SIGNS[cell.label]} {cell.n}[/]" if cell else "")
        table.add_row(escape(row), *values)
    return table


def text_stream() -> TextIO:
    """stdout as UTF-8 whatever the locale, so non-ASCII quotes never raise UnicodeEncodeError."""
    if isinstance(sys.stdout, io.TextIOWrapper) and (sys.stdout.encoding or "").lower() not in {"utf-8", "utf8"}:
        sys.stdout.reconfigure(encoding="utf-8")
    return sys.stdout
