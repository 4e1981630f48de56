"""Outputs people can trust and read: the CSV schema, aggregates by holder, warnings for misspelt
values, and the command line's conventions (help, stdin, choices)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from statemint.cli import app
from statemint.io.render import CSV_COLUMNS, flatten, write_aggregates
from statemint.stance import aggregate
from tests.conftest import SEED

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


# --- CSV --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("quotes",), ("statements", "--all"), ("stance",)])
def test_seed_csv_has_every_json_field_in_every_row(command):
    as_json = invoke(*command, str(SEED), "-f", "json", "-w", "1", "-q")
    as_csv = invoke(*command, str(SEED), "-f", "csv", "-w", "1", "-q")
    assert as_json.exit_code == 0 and as_csv.exit_code == 0, as_json.output + as_csv.output
    records = json.loads(as_json.stdout)
    reader = csv.DictReader(io.StringIO(as_csv.stdout))
    rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS[command[0]]
    assert len(rows) == len(records) > 0
    for record, row in zip(records, rows):
        assert set(row) == set(reader.fieldnames) and None not in row  # every row has every column
        flat = flatten(record)
        for name, value in flat.items():
            if value is None and name not in row:  # a null object: its columns are empty
                assert [column for column in row if column.startswith(name + ".")], name
                assert all(row[column] == "" for column in row if column.startswith(name + "."))
                continue
            assert name in row, f"JSON field {name} has no CSV column"
            assert row[name] == ("" if value is None else str(value)), name
        for name in row:  # a column missing from the JSON is a null object's field
            if name not in flat:
                assert row[name] == "" and record[name.split(".")[0]] is None


def test_csv_header_for_zero_records_and_scare_quote_first():
    empty = invoke("quotes", "-", "-f", "csv", input="No quotations here.\n")
    assert empty.stdout.splitlines() == [",".join(CSV_COLUMNS["quotes"])]
    scare = invoke("quotes", "-", "-f", "csv",
                   input="The so-called “deal” was signed on Monday.\n\n“We will win,” said Anna Berg.\n")
    rows = list(csv.DictReader(io.StringIO(scare.stdout)))
    assert rows[0]["speaker.name"] == "" and "Anna Berg" in rows[1]["speaker.name"]


# --- aggregates ---------------------------------------------------------------------------------

def _stance(doc: str, name: str, kind: str, party: str | None, toward: str, score: float) -> dict:
    holder = {"name": name, "kind": kind, "party": party, "mention": {"text": name, "start": 0, "end": 1},
              "members": []}
    return {"doc": doc, "statement": "s1", "text": "t", "start": 0, "end": 1, "holder": holder,
            "party": toward, "target": {"text": toward, "start": 0, "end": 1}, "label": "neutral",
            "score": score, "evidence": []}


RECORDS = [
    _stance("a.txt", "minister", "person", None, "US", -0.8),
    _stance("b.txt", "minister", "person", None, "US", 0.8),
    _stance("a.txt", "Vladimir Putin", "person", "RU", "US", -0.4),
    _stance("b.txt", "Vladimir Putin", "person", "RU", "US", -0.6),
    _stance("a.txt", "Cuba", "country", "CU", "US", -0.5),
    _stance("b.txt", "Cuba", "country", "CU", "CN", 0.5),
]


def test_by_holder_keeps_unnamed_holders_of_different_documents_apart():
    result = [item.to_dict() for item in aggregate(RECORDS, "holder")]
    ministers = [r for r in result if r["holder"]["name"] == "minister"]
    assert [(r["doc"], r["n"], r["label"]) for r in ministers] == [("a.txt", 1, "hostile"), ("b.txt", 1, "supportive")]
    (putin,) = [r for r in result if r["holder"]["name"] == "Vladimir Putin"]
    assert putin["doc"] == ["a.txt", "b.txt"] and putin["n"] == 2 and putin["score"] == -0.5
    assert putin["holder"] == {"name": "Vladimir Putin", "kind": "person", "party": "RU", "members": []}
    assert [r["party"] for r in result if r["holder"]["name"] == "Cuba"] == ["US", "CN"]  # by party weight


def test_by_holder_json_and_table_share_one_order():
    items = aggregate(RECORDS, "holder")
    out = io.StringIO()
    write_aggregates(items, "holder", "json", out)
    json_rows = [(r["holder"]["name"], r["doc"] if isinstance(r["doc"], str) else None)
                 for r in json.loads(out.getvalue())]
    table = io.StringIO()
    write_aggregates(items, "holder", "table", table)
    table_rows = [line.split("│")[1].strip() for line in table.getvalue().splitlines() if line.startswith("│")]
    expected = []
    for name, doc in json_rows:
        label = f"{name} · {doc}" if name == "minister" else name
        if label not in expected:
            expected.append(label)
    assert table_rows == expected
    assert table_rows[:2] == ["Cuba", "minister · a.txt"]


def test_by_party_and_doc_give_their_documents():
    by_party = {r["party"]: r for r in (item.to_dict() for item in aggregate(RECORDS, "party"))}
    assert by_party["US"]["doc"] == ["a.txt", "b.txt"] and by_party["CN"]["doc"] == "b.txt"
    by_doc = [item.to_dict() for item in aggregate(RECORDS, "doc")]
    assert {(r["doc"], r["party"]) for r in by_doc} == {("a.txt", "US"), ("b.txt", "US"), ("b.txt", "CN")}


def test_aggregate_csv_columns():
    out = io.StringIO()
    write_aggregates(aggregate(RECORDS, "holder"), "holder", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CSV_COLUMNS["stance by holder"]
    assert (rows[0]["holder.name"], rows[0]["party"], rows[0]["doc"]) == ("Cuba", "US", "a.txt")
    putin = [row for row in rows if row["holder.name"] == "Vladimir Putin"]
    assert putin[0]["doc"] == '["a.txt", "b.txt"]' and putin[0]["holder.members"] == "[]"


def test_stance_matrix_fits_80_columns():
    many = [_stance("a.txt", "the Permanent Mission of a very long-named delegation", "group", None, party, 0.1)
            for party in ("US", "CN", "RU", "UA", "FR", "DE", "GB", "EU", "NATO")]
    out = io.StringIO()
    write_aggregates(aggregate(many, "holder"), "holder", "table", out)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "NATO" in lines[1] or any("NATO" in line for line in lines[:4])


# --- misspelt values ------------------------------------------------------------------------------

def test_misspelt_party_and_holder_warn_with_the_closest_entries():
    text = "“We will not back down,” said Joe Biden. The Netherlands supports Ukraine.\n"
    party = invoke("stance", "-", "--party", "Joe Bidne", "-f", "jsonl", input=text)
    assert party.exit_code == 0
    assert "warning: --party 'Joe Bidne'" in party.stderr and "closest: Joe Biden (leader, US)" in party.stderr
    holder = invoke("stance", "-", "--holder", "Nethrlands", "-f", "jsonl", input=text)
    assert holder.exit_code == 0 and "warning: --holder 'Nethrlands'" in holder.stderr
    assert "NL (Netherlands)" in holder.stderr
    exact = invoke("stance", "-", "--holder", "Netherlands", "--party", "Joe Biden", "-f", "jsonl", input=text)
    assert exact.exit_code == 0 and "warning" not in exact.stderr


def test_a_surname_alone_resolves_to_the_leader(registry):
    from statemint.cli import _parties_option

    assert registry.leader_by_surname("Macron").name == "Emmanuel Macron"
    ids, adhoc = _parties_option(["Macron"], registry)
    assert ids == ["Emmanuel Macron"] and {a.text for a in adhoc[0].aliases} >= {"Emmanuel Macron", "Macron"}


def test_parties_query_lists_only_close_matches_best_first():
    found = json.loads(invoke("parties", "Nethrlands", "-f", "json").stdout)
    assert [p["id"] for p in found] == ["NL"]
    united = json.loads(invoke("parties", "united", "-f", "json").stdout)
    assert {"US", "GB", "UN"} <= {p["id"] for p in united}
    assert [p["score"] for p in united] == sorted((p["score"] for p in united), reverse=True)
    assert json.loads(invoke("parties", "zzzzqx", "-f", "json").stdout) == []


# --- command-line conventions --------------------------------------------------------------------

COMMANDS = ["quotes", "statements", "stance", "parties", "report", "eval"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example_and_no_python_types(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"statemint {command}" in result.output
    for leak in ("list[", "<str>", "<int", "<path>", "{paths}", "{PATH}", "<bool>"):
        assert leak not in result.output, leak


def test_top_level_help_summaries_are_whole_and_version_has_a_short_flag():
    result = invoke("--help")
    assert "..." not in result.output.split("Commands:")[1]
    assert "stance heatmap." in " ".join(result.output.split())
    assert invoke("-V").output.startswith("statemint ")


def test_choice_error_has_no_value_error_prefix():
    result = invoke("stance", "-", "--by", "speaker", input="x")
    assert result.exit_code == 2
    assert "Value error" not in result.stderr and "'speaker' is not one of 'statement', 'holder'" in result.stderr


def test_stdin_is_read_when_no_path_is_given():
    result = invoke("quotes", "-f", "jsonl", input="“We will not back down,” the minister said.\n")
    assert result.exit_code == 0 and json.loads(result.stdout.splitlines()[0])["doc"] == "-"


def test_eval_writes_json_lines():
    result = invoke("eval", "--gold", "tests/gold/seed.jsonl", "-f", "jsonl", "-w", "1")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["quotes"]["kinds"]


def test_progress_shows_the_total_when_it_is_known():
    from statemint.io.batch import known_documents
    from statemint.parallel import Progress
    from tests.conftest import ROOT

    assert known_documents(["a.txt", "b.txt"], False) == 2
    assert known_documents([str(ROOT / "tests" / "texts")], False) is None
    assert known_documents(["a.jsonl"], False) is None
    with Progress(enabled=True, total=4) as progress:
        progress.advance(120)
        assert progress.description().startswith("1/4 documents, 120 words")


def test_output_md_lists_the_csv_columns():
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "OUTPUT.md").read_text(encoding="utf-8")
    for name, columns in CSV_COLUMNS.items():
        assert f"`{','.join(columns)}`" in doc, name
