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
from typing import Any, Callable, TextIO


def escape(text: str) -> str:
    """Text from documents and file names shown literally in rich tables: never read as markup, and
    control characters (terminal escape sequences) made visible (io.safe_text)."""
    from statemint.io.safe_text import cell

    return cell(text)


# JSON readers that split lines on these (str.splitlines, JavaScript before ES2019) would break a record.
_LINE_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def dumps(record: Any) -> str:
    """One record as JSON text: UTF-8 kept readable, the Unicode line separators escaped."""
    text = json.dumps(record, ensure_ascii=False)
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


class CsvWriter(Writer):
    """CSV with a header from the first record's flattened keys (records of a command share their shape)."""

    def __init__(self, stream: TextIO):
        super().__init__(stream)
        self.fields: list[str] | None = None
        self.writer: csv.DictWriter | None = None

    def write(self, doc_id: str, records: list[dict[str, Any]]) -> None:
        for record in records:
            flat = flatten(record)
            if self.writer is None:
                self.fields = list(flat)
                self.writer = csv.DictWriter(self.stream, fieldnames=self.fields, extrasaction="ignore",
                                             lineterminator="\n")
                self.writer.writeheader()
            self.writer.writerow({key: _csv_safe(value) for key, value in flat.items()})
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
    if format_name == "jsonl":
        return JsonLinesWriter(stream)
    if format_name == "json":
        return JsonWriter(stream)
    if format_name == "csv":
        return CsvWriter(stream)
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
    ("statement", lambda r: escape(r["statement"])),
    ("holder", lambda r: speaker_label(r["holder"])),
    ("party", lambda r: f"{escape(r['party'])}\n[dim]{escape(r['target']['text'])}[/dim]"),
    ("stance", lambda r: f"[{LABEL_STYLES[r['label']]}]{r['label']}[/] {r['score']:+.2f}"),
    ("evidence", lambda r: ", ".join(f"{escape(e['text'])} {e['weight']:+.2f}" for e in r["evidence"]) or "—"),
    ("statement text", lambda r: escape(shorten(r["text"], 140))),
]
LABEL_SIGNS = {"hostile": "−−", "critical": "−", "neutral": "0", "favorable": "+", "supportive": "++"}
LABEL_STYLES = {"hostile": "bold red", "critical": "red", "neutral": "white", "favorable": "green",
                "supportive": "bold green"}


def write_aggregates(records: list[dict[str, Any]], by: str, format_name: str, stream: TextIO) -> None:
    """Aggregated stance: a holders × parties matrix for people, plain records for programs."""
    if format_name != "table":
        writer = make_writer(format_name, stream, "stance", [])
        writer.write("all", records)
        writer.close()
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, no_color=bool(os.environ.get("NO_COLOR")) or None, highlight=False)
    row_key = {"holder": "holder", "doc": "doc", "party": None}[by]
    parties = sorted({r["party"] for r in records}, key=lambda p: (-sum(x["n"] for x in records if x["party"] == p), p))
    if row_key is None:
        table = Table(title="stance by party", title_justify="left")
        for header in ("party", "stance", "n", "score"):
            table.add_column(header)
        for record in sorted(records, key=lambda r: r["score"]):
            table.add_row(escape(record["party"]), f"[{LABEL_STYLES[record['label']]}]{record['label']}[/]",
                          str(record["n"]), f"{record['score']:+.2f}")
        console.print(table)
        return
    rows = sorted({r[row_key] or "—" for r in records})
    cells = {((r[row_key] or "—"), r["party"]): r for r in records}
    table = Table(title=f"stance of {row_key}s toward parties: label and number of statements",
                  title_justify="left", caption="−− hostile  − critical  0 neutral  + favorable  ++ supportive",
                  caption_justify="left")
    table.add_column(row_key, no_wrap=True, max_width=34, overflow="ellipsis")
    for party in parties:
        table.add_column(escape(party), justify="center", no_wrap=True)
    for row in rows:
        values = []
        for party in parties:
            cell = cells.get((row, party))
            values.append(f"[{LABEL_STYLES[cell['label']]}]{LABEL_SIGNS[cell['label']]} {cell['n']}[/]" if cell else "")
        table.add_row(escape(row), *values)
    console.print(table)


def text_stream() -> TextIO:
    """stdout as UTF-8 whatever the locale, so non-ASCII quotes never raise UnicodeEncodeError."""
    if isinstance(sys.stdout, io.TextIOWrapper) and (sys.stdout.encoding or "").lower() not in {"utf-8", "utf8"}:
        sys.stdout.reconfigure(encoding="utf-8")
    return sys.stdout
