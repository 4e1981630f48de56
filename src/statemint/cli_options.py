"""The command line's vocabulary: output formats, choices and the options every command shares, each
defined once (statemint.cli builds the commands from them)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer


class Format(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class By(str, Enum):
    statement = "statement"
    holder = "holder"
    party = "party"
    doc = "doc"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _choice(enum: type[Enum]) -> Callable[[Any], Any]:
    """A parser for an Enum option whose error reads like click's (no "Value error," prefix)."""
    def parse(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in enum)
            raise typer.BadParameter(f"{value!r} is not one of {allowed}") from None

    return parse


def _choices(enum: type[Enum]) -> str:
    return "[" + "|".join(member.value for member in enum) + "]"


# Paths are described in each command's help text (PATH...): Typer would print the Python type of a
# list argument (`<list[str]>`) in an Arguments section.
PathsArg = Annotated[Optional[list[str]], typer.Argument(metavar="PATH", hidden=True, show_default=False)]
PATHS_HELP = ("PATH: text files, folders (their .txt and .jsonl files, see --include), or - for standard "
              "input; with no PATH, standard input when it is not a terminal.")
FormatOpt = Annotated[Format, typer.Option("--format", "-f", parser=_choice(Format), metavar=_choices(Format),
                                           help="Output: table for people, json/jsonl/csv for programs; auto = table on a terminal, jsonl in a pipe.")]
ModelOpt = Annotated[str, typer.Option("--model", metavar="NAME", help="Any installed spaCy pipeline with parser and NER.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Read inputs as JSON Lines (fields text, id, holder) whatever their suffix.")]
HolderOpt = Annotated[Optional[str], typer.Option("--holder", metavar="NAME", help="Who speaks in first-person or unattributed text (e.g. a country's UN speech); a name not in the registry is warned about.")]
DateOpt = Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the text, for mapping leaders to parties; default: a date the document states.")]
PartiesOpt = Annotated[Optional[Path], typer.Option("--parties", metavar="FILE", help="TOML file that extends or overrides the party registry.")]
IncludeOpt = Annotated[Optional[list[str]], typer.Option("--include", metavar="GLOB", help="In folders, read the files whose name or path matches (repeatable); default: *.txt and *.jsonl. Files you name are always read.")]
ExcludeOpt = Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help="In folders, skip the files whose name or path matches (repeatable), e.g. --exclude 'drafts/*'.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Report each document's encoding and counts on stderr.")]
FollowOpt = Annotated[bool, typer.Option("--follow-links", help="Follow symbolic links that lead out of a folder.")]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", "-w", metavar="N", help="Processes that analyse documents; default: every core when there is more than one document.")]
FullParseOpt = Annotated[bool, typer.Option("--full-parse", help="Run the parser and NER on every sentence (slower, same records); default: only where records can come from.")]
DaskOpt = Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS", help="Run on a Dask distributed cluster: the scheduler's address (tcp://host:8786), or 'local' to start one here. Needs statemint[dask].")]


def _examples(*lines: str) -> str:
    """An epilog of example command lines, kept as written (a \\b line stops click re-wrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
