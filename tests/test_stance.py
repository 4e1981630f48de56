"""Stance toward parties: scope, negation, victims and topics, holders, and the seed's who-stands-where."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from statemint.api import analyze
from statemint.cli import app
from statemint.stance import aggregate
from statemint.records import label_for
from tests.conftest import SEED


def stances(text: str, nlp, registry, holder: str | None = "Testland Government") -> dict[str, float]:
    result = analyze(text, holder=holder, parties=registry, nlp=nlp, with_stance=True)
    scores: dict[str, float] = {}
    for record in result.stances:
        scores[record.party] = scores.get(record.party, 0.0) + record.score
    return scores


@pytest.mark.parametrize("score, label", [(-1.0, "hostile"), (-0.6, "hostile"), (-0.59, "critical"),
                                          (-0.2, "critical"), (-0.19, "neutral"), (0.19, "neutral"),
                                          (0.2, "favorable"), (0.59, "favorable"), (0.6, "supportive")])
def test_label_bands_follow_the_contract(score, label):
    assert label_for(score) == label


@pytest.mark.parametrize("text, party, sign", [
    ("We condemn the aggression of Russia against its neighbours.", "RU", -1),
    ("We are grateful to China for its efforts.", "CN", +1),
    ("We will not support Russia in this adventure.", "RU", -1),
    ("Our country strongly supports Ukraine.", "UA", +1),
    ("China does not have much credibility.", "CN", -1),
    ("We welcome the constructive role of Brazil.", "BR", +1),
    ("The sanctions imposed by Washington are illegal and unacceptable.", "US", -1),
])
def test_stance_sign_toward_the_target(nlp, registry, text, party, sign):
    scores = stances(text, nlp, registry)
    assert party in scores, scores
    assert scores[party] * sign >= 0.2, (text, scores)


def test_stance_is_toward_the_target_not_the_sentence(nlp, registry):
    text = "Moscow and Beijing will strengthen their coordination to counter Washington’s destructive trajectory."
    scores = stances(text, nlp, registry, holder=None) or {}
    result = analyze("“" + text + "” the joint statement reads.", parties=registry, nlp=nlp, with_stance=True)
    by_party = {r.party: r for r in result.stances}
    assert by_party["US"].label == "hostile"
    assert by_party["RU"].score > 0 and by_party["CN"].score > 0
    assert {e.text for e in by_party["US"].evidence} >= {"counter", "destructive"}
    assert scores == {}  # no holder, no reported speech: nobody stands anywhere


def test_victims_and_topics_are_not_blamed(nlp, registry):
    scores = stances("We condemned the invasion of Ukraine and discussed the Ukrainian crisis.", nlp, registry)
    assert scores.get("UA", 0.0) > -0.2


def test_pronoun_us_is_never_the_united_states(nlp, registry):
    scores = stances("They attacked us and threatened us again.", nlp, registry)
    assert "US" not in scores


def test_reported_accusation_makes_the_accuser_critical(nlp, registry):
    result = analyze("The United States has accused Beijing of selling weapons to the Kremlin.",
                     parties=registry, nlp=nlp, with_stance=True)
    china = [r for r in result.stances if r.party == "CN"]
    assert china and china[0].holder.party == "US" and china[0].score <= -0.2
    assert any(e.text == "accused" for e in china[0].evidence)


def test_seed_who_stands_where(seed_text, nlp, registry):
    result = analyze(seed_text, parties=registry, nlp=nlp, with_stance=True)
    records = [r.to_dict() for r in result.stances]
    for record in records:  # offsets are exact for the record, its target and its evidence
        assert seed_text[record["start"]:record["end"]] == record["text"]
        assert seed_text[record["target"]["start"]:record["target"]["end"]] == record["target"]["text"]
        for item in record["evidence"]:
            assert seed_text[item["start"]:item["end"]] == item["text"]
    matrix = {(a.key["holder"]["name"], a.key["party"]): a for a in aggregate(records, "holder")}  # holder: an object
    assert matrix[("the joint statement", "US")].label == "hostile"
    assert matrix[("Vladimir Putin and Xi Jinping", "US")].label == "hostile"
    assert matrix[("Vladimir Putin", "CN")].score >= 0.2
    assert matrix[("Xi Jinping", "RU")].score >= 0.2
    assert matrix[("Jens Stoltenberg", "CN")].score <= -0.2
    assert matrix[("Joe Biden", "CN")].score <= -0.2  # "so what could it be good for?"
    for (holder, party), cell in matrix.items():
        if holder in {"Vladimir Putin", "Xi Jinping", "Vladimir Putin and Xi Jinping"} and party == "US":
            assert cell.score < 0.2


runner = CliRunner()


def test_cli_stance_party_filter_and_matrix():
    result = runner.invoke(app, ["stance", str(SEED), "--party", "Washington", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records and {r["party"] for r in records} == {"US"}
    result = runner.invoke(app, ["stance", str(SEED), "--by", "holder", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"holder", "party", "n", "score", "label"} <= set(rows[0])
    table = runner.invoke(app, ["stance", str(SEED), "--by", "holder", "--format", "table"])
    assert "the joint statement" in table.stdout and "hostile" in table.stdout


def test_cli_unknown_party_lists_closest_and_adhoc_names_work():
    result = runner.invoke(app, ["stance", str(SEED), "--party", "Untied Sttes"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["stance", "-", "--party", "Ada Lovelace", "--format", "json"],
                           input="“We condemn Ada Lovelace and her hostile schemes,” the minister said.")
    assert result.exit_code == 0, result.output
    assert [r["party"] for r in json.loads(result.stdout)] == ["Ada Lovelace"]


def test_cli_parties_search():
    result = runner.invoke(app, ["parties", "Kremlin", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "RU"


@pytest.mark.parametrize("question, dismissive", [
    ("“China presented this plan, so what could it be good for?” the senator said.", True),
    ("“What good is a ceasefire that Russia ignores?” the minister asked.", True),
    ("“What are the goals of China at the summit?” the minister asked.", False),
])
def test_dismissive_rhetorical_questions(nlp, registry, question, dismissive):
    result = analyze(question, parties=registry, nlp=nlp, with_stance=True)
    scores = [r.score for r in result.stances]
    assert scores
    assert (min(scores) <= -0.2) is dismissive


def test_the_holders_own_words_are_read_as_a_speech(nlp, registry, monkeypatch):
    """With --holder, the holder's sentences go to the model's speech regression; a statement of someone
    the text reports stays with the news one."""
    from statemint.stance import build

    seen: list[tuple[str, bool]] = []
    original = build.judge

    def recording(model, target, holder, *args, speech=False, **kwargs):
        seen.append((target.text, speech))
        return original(model, target, holder, *args, speech=speech, **kwargs)

    monkeypatch.setattr(build, "judge", recording)
    stances("We condemn the aggression of Russia against Ukraine.", nlp, registry)
    assert seen and all(speech for _, speech in seen)
    seen.clear()
    stances('France said that Russia had violated the ceasefire.', nlp, registry, holder=None)
    assert seen and not any(speech for _, speech in seen)
