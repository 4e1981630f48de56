"""`statemint eval`: gold in JSON Lines and brat standoff, quote and stance scores, table and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.eval.brat import brat_quotes, load_brat, parse_ann, to_brat
from statemint.cli import app
from statemint.eval import (GoldDocument, GoldStance, evaluation, format_evaluation, load_any_gold, load_gold,
                            score_quotes, score_stances)
from tests.conftest import ROOT

runner = CliRunner()
SEED_GOLD = ROOT / "tests" / "gold" / "seed.jsonl"
BRAT_SEED = ROOT / "tests" / "gold" / "brat" / "seed.ann"


def test_eval_seed_json_reports_quotes_speakers_and_stance(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["eval", "--gold", str(SEED_GOLD), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["documents"] == 1
    assert scores["quotes"]["tp"] + scores["quotes"]["fn"] == 20
    assert scores["quotes"]["f1"] >= 0.9 and scores["quotes"]["speaker_accuracy"] >= 0.8
    stance = scores["stance"]
    assert stance["pairs"] == 15 and 0 < stance["found"] <= 15
    assert 0.0 <= stance["macro_f1"] <= 1.0 and stance["accuracy_3"] >= stance["accuracy"]
    assert set(stance["labels"]) == {"hostile", "critical", "neutral", "favorable", "supportive"}


def test_eval_table_with_kinds_and_explicit_paths(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["eval", "-g", "tests/gold/seed.jsonl", "--kinds", "direct,partial",
                                 "seeds/000_13e5bbda91499c74.txt"])
    assert result.exit_code == 0, result.output
    assert "direct+partial" in result.stdout and "speaker acc." in result.stdout
    assert "3 classes" in result.stdout and "scare" not in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--gold", "nowhere.jsonl"], "no such file"),
    (["--gold", "tests/gold/seed.jsonl", "--kinds", "direct,quoted"], "--kinds"),
])
def test_eval_usage_errors(monkeypatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["eval", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_bad_gold_is_a_usage_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("He said “yes”.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "quotes": [], "stances": [{"holder": "He", "party": "US", "label": "angry"}]}\n',
                    encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold)])
    assert result.exit_code == 2 and "label" in result.stderr and "angry" in result.stderr


def test_gold_doc_paths_fall_back_to_the_gold_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("Anna Berg said: “We will not back down.”", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "a.txt", "quotes": [
        {"text": "We will not back down.", "kind": "direct", "speaker": "Anna Berg", "speaker_kind": "person"}]}) + "\n",
        encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert load_any_gold(tmp_path / "gold.jsonl")[0].quotes[0].speaker == "Anna Berg"
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "gold.jsonl"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["quotes"]["f1"] == 1.0


# --- stance scoring ------------------------------------------------------------------------------

def stance_record(holder: str, party: str, score: float, doc: str = "d.txt") -> dict:
    return {"doc": doc, "holder": {"name": holder, "kind": "person"}, "party": party, "score": score}


def test_stance_scores_pool_by_holder_and_count_missing_as_wrong() -> None:
    gold = [GoldDocument("d.txt", "", (), (
        GoldStance("d.txt", "Vladimir Putin", "CN", "favorable", ("Putin",)),
        GoldStance("d.txt", "Joe Biden", "CN", "critical"),
        GoldStance("d.txt", "Jens Stoltenberg", "CN", "critical"),
        GoldStance("d.txt", "Xi Jinping", "RU", "supportive"),
    ))]
    predicted = [
        stance_record("Putin", "CN", 0.5), stance_record("Vladimir Putin", "CN", 0.1),  # pooled: 0.3 favorable
        stance_record("the Joe Biden", "CN", -0.7),  # hostile: negative, but not critical
        stance_record("Xi Jinping", "RU", 0.65),
        stance_record("Xi Jinping", "RU", 0.9, doc="other.txt"),  # another document: ignored
    ]
    scores = score_stances(gold, predicted)
    assert scores.total == 4 and scores.found == 3
    assert scores.accuracy() == pytest.approx(2 / 4)
    assert scores.accuracy(three=True) == pytest.approx(3 / 4)
    labels = scores.per_label()
    assert labels["critical"] == {"gold": 2, "predicted": 0, "correct": 0, "accuracy": 0.0, "precision": 0.0,
                                  "f1": 0.0}
    # macro-F1 over the labels seen: favorable 1, supportive 1, critical 0, hostile 0
    assert scores.macro_f1() == pytest.approx(0.5)
    items = scores.to_dict()["items"]
    assert items[0]["predicted"] == "favorable" and items[0]["n"] == 2 and items[0]["score"] == pytest.approx(0.3)
    assert items[2]["predicted"] is None


def test_pooling_agrees_with_stance_aggregate() -> None:
    from statemint.stance import aggregate

    records = [stance_record("Xi", "US", score) for score in (-0.9, 0.1, -0.35)]
    expected = aggregate(records, "holder")[0]
    scores = score_stances([GoldDocument("d.txt", "", (), (GoldStance("d.txt", "Xi", "US", "critical"),))], records)
    assert scores.pairs[0][1] == expected.label and scores.pairs[0][2] == pytest.approx(expected.score)


def test_evaluation_table_formats() -> None:
    gold = load_gold(SEED_GOLD, ROOT)
    result = evaluation(gold, [], [])
    assert result["quotes"]["recall"] == 0.0 and result["stance"]["found"] == 0
    text = format_evaluation(result)
    assert "Jaccard >= 0.5" in text and "5 labels" in text


# --- brat standoff -------------------------------------------------------------------------------

BRAT_TEXT = ("Anna Berg said: “We will not back down.” The minister added that “talks are over”.\n"
             "Officials said the border would stay closed. Critics called it a “deal”.")


def brat_annotation() -> str:
    def offsets(needle: str) -> str:
        start = BRAT_TEXT.index(needle)
        return f"{start} {start + len(needle)}"

    first, rest = BRAT_TEXT.index("“We"), BRAT_TEXT.index("back down")
    return "\n".join([
        f"T1\tSOURCE {offsets('Anna Berg')}\tAnna Berg",
        f"T2\tCUE {offsets('said:')}\tsaid:",
        # discontinuous, marks included: first to last character, quotation marks stripped
        f"T3\tCONTENT {first} {first + 8};{rest} {rest + len('back down.”')}\t“We will not back down.”",
        "E1\tAttribution:T2 Source:T1 Content:T3",
        f"T4\tSource {offsets('The minister')}\tThe minister",
        f"T5\tCue {offsets('added')}\tadded",
        f"T6\tContent {offsets('that “talks are over”')}\tthat “talks are over”",
        "E2\tAttribution:T5 Source:T4 Content:T6",
        f"T7\tSource {offsets('Officials')}\tOfficials",
        f"T8\tContent {offsets('the border would stay closed')}\tthe border would stay closed",
        "E3\tAttribution:T7 Source1:T7 Content:T8",
        f"T9\tContent {offsets('deal')}\tdeal",
        "A1\tKind T9 scare",
        "#1\tAnnotatorNotes T1\tAnna Berg | Berg",
        "R1\tSomething Arg1:T1 Arg2:T4",
    ]) + "\n"


def test_parse_brat_maps_content_to_quotes() -> None:
    annotation = parse_ann(brat_annotation(), BRAT_TEXT)
    quotes, indirect = brat_quotes(annotation, BRAT_TEXT, "x.txt")
    assert indirect == 1  # "the border would stay closed" has no quotation marks
    assert [(q.text, q.kind, q.speaker, q.cue) for q in quotes] == [
        ("We will not back down.", "direct", "Anna Berg", "said:"),
        ("talks are over", "partial", "The minister", "added"),
        ("deal", "scare", None, None),
    ]
    assert quotes[0].speaker_is_mention and quotes[0].speaker_alt == ("Berg",)


def test_brat_speakers_match_the_predicted_name_or_mention(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "x.ann").write_text(brat_annotation(), encoding="utf-8")
    gold = load_any_gold(tmp_path)
    doc = gold[0].doc
    start = BRAT_TEXT.index("talks")
    predicted = [
        {"doc": doc, "start": BRAT_TEXT.index("We"), "end": BRAT_TEXT.index("down.") + 5, "kind": "direct",
         "speaker": {"name": "Anna Berg", "mention": {"text": "Anna Berg"}}},
        {"doc": doc, "start": start, "end": start + len("talks are over"), "kind": "partial",
         "speaker": {"name": "Jonas Gahr", "mention": {"text": "the minister"}}},
    ]
    scores = score_quotes(gold, predicted)
    assert (scores.tp, scores.fn, scores.speaker_correct, scores.speaker_total) == (2, 1, 2, 2)


@pytest.mark.parametrize("ann, message", [
    ("T1\tSource 0 x\tA", "not numbers"),
    ("T1\tSource 0 9999\tA", "past the end"),
    ("T1\tSource 0\tA", "start-end pairs"),
])
def test_bad_brat_lines_name_the_line(ann: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ann(ann, BRAT_TEXT, "x.ann")


def test_seed_brat_pair_is_the_jsonl_gold_converted() -> None:
    jsonl = load_gold(SEED_GOLD, ROOT)[0]
    assert BRAT_SEED.read_text(encoding="utf-8") == to_brat(jsonl), \
        "regenerate: statemint.eval.brat.write_brat(load_gold(seed.jsonl)[0], tests/gold/brat, 'seed')"
    brat = load_brat(BRAT_SEED)[0]
    assert brat.text == jsonl.text
    assert [(q.start, q.end, q.kind) for q in brat.quotes] == [(q.start, q.end, q.kind) for q in jsonl.quotes]
    assert [q.speaker for q in brat.quotes] == [q.speaker for q in jsonl.quotes]


def test_eval_on_brat_folder(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["eval", "--gold", "tests/gold/brat", "-f", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["quotes"]["tp"] + scores["quotes"]["fn"] == 20 and scores["quotes"]["f1"] >= 0.9
    assert "stance" not in scores


@pytest.mark.parametrize("command", ["eval", "report"])
def test_new_commands_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--gold" in result.output if command == "eval" else "--output" in result.output
