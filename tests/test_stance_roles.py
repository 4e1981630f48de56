"""Issue 12's examples: who does what to whom decides the stance (victims, demands, solidarity, negation),
evaluative acts in narrative are stances of their actor, and lexicon noise does not make a stance.

The sentences are written for these tests after the issue's examples from real text; the expected
directions are what a reader of each sentence would say.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from statemint.api import analyze
from statemint.cli import app

SPEAKER = "Testland Government"   # a UN speech's speaker: every sentence is its statement


def scores(text: str, nlp, registry, holder: str | None = SPEAKER) -> dict[str, float]:
    """The speaker's score toward each party (the strongest record when there are several)."""
    found: dict[str, float] = {}
    for record in analyze(text, holder=holder, parties=registry, nlp=nlp, with_stance=True).stances:
        if record.source == "statement":
            if abs(record.score) >= abs(found.get(record.party, 0.0)):
                found[record.party] = record.score
    return found


def acts(text: str, nlp, registry) -> list:
    """The stance records of a narrative sentence without a document holder: an evaluative act's, or
    (when its verb also reports speech, "blamed", "criticized") its reported speech's."""
    return analyze(text, parties=registry, nlp=nlp, with_stance=True).stances


@pytest.mark.parametrize("text, party", [
    ("We are alarmed by illegal armed groups, whose sole aim is to destabilize Ukraine.", "UA"),
    ("We condemned the invasion of Ukraine.", "UA"),
    ("The aggression against Cuba has lasted six decades.", "CU"),
    ("We discussed the Ukrainian crisis at length.", "UA"),
])
def test_harm_done_to_a_party_is_no_stance_against_it(nlp, registry, text, party):
    assert scores(text, nlp, registry)[party] > -0.2


@pytest.mark.parametrize("text, party", [
    ("Russia must stop destabilizing Ukraine.", "RU"),
    ("Russia must withdraw its troops from the occupied territories.", "RU"),
    ("We call on Iran to cooperate fully with the inspectors.", "IR"),
    # The issue lists "urged Turkey to lift restrictions" as supportive of Turkey; a demand on a party
    # is critical of it (the issue's own rule, and rule 4 of tests/gold/UNGDC_STANCE.md), so it is here.
    ("We urged Turkey to lift the restrictions on journalists.", "TR"),
])
def test_a_demand_on_a_party_is_critical_of_it(nlp, registry, text, party):
    assert scores(text, nlp, registry)[party] <= -0.2


def test_the_victim_of_a_demanded_stop_is_not_blamed(nlp, registry):
    found = scores("Russia must stop destabilizing Ukraine.", nlp, registry)
    assert found["RU"] <= -0.2 and found["UA"] > -0.2


@pytest.mark.parametrize("text, party, least", [
    ("We stand firmly with the people of Ukraine.", "UA", 0.6),
    ("We express our full solidarity with Ukraine.", "UA", 0.2),
    ("Our support for Moldova will not waver.", "MD", 0.2),
    ("We thank Qatar for its mediation.", "QA", 0.2),
])
def test_solidarity_and_thanks_are_on_the_party_s_side(nlp, registry, text, party, least):
    assert scores(text, nlp, registry)[party] >= least


@pytest.mark.parametrize("text, party", [
    ("We would not support a deal with Iran on these terms.", "IR"),
    ("We will not support Russia in this adventure.", "RU"),
])
def test_negated_support_is_not_favorable(nlp, registry, text, party):
    assert scores(text, nlp, registry)[party] < 0.2


def role_name(text: str, target: str, nlp) -> str | None:
    """The role stance.roles reads for `target` (its first occurrence) when the speaker is the holder."""
    from statemint.nlp.annotate import annotate
    from statemint.stance.lexicon import load_lexicon
    from statemint.stance.roles import role_of

    doc = next(iter(annotate(nlp, [text])))
    start = text.index(target)
    role = role_of(doc.char_span(start, start + len(target)), load_lexicon(), None)
    return role.name if role is not None else None


@pytest.mark.parametrize("text, target, role", [
    ("We will not support Russia in this adventure.", "Russia", "withheld"),
    ("We will never back Israel's settlement policy.", "Israel", "withheld"),
    ("We cannot accept the claims of China in the South China Sea.", "China", "withheld"),
    ("We would not support negotiations with Iran.", "Iran", "withheld"),
    ("We support cooperation with Russia.", "Russia", "endorsed"),
    # support withheld from a deed done *to* the party withholds nothing from it
    ("We do not support the blockade imposed on Cuba.", "Cuba", None),
    ("We do not support sanctions against Cuba.", "Cuba", None),
    ("We would not support a war with Iran.", "Iran", None),
    # a condemnation not made is a denied hostile deed, no praise; support someone else withholds is not
    # the holder's stance
    ("We do not condemn Iran.", "Iran", "denied"),
    ("They will not support Russia.", "Russia", None),
])
def test_negated_support_withholds_it_from_what_it_takes(nlp, text, target, role):
    assert role_name(text, target, nlp) == role


@pytest.mark.parametrize("text, party, sign", [
    ("We will never back Israel's settlement policy.", "IL", -1),
    ("We cannot accept the claims of China in the South China Sea.", "CN", -1),
    ("We do not support the blockade imposed on Cuba.", "CU", 0),
    ("We do not support sanctions against Cuba.", "CU", 0),
])
def test_withheld_support_is_critical_of_its_party_only(nlp, registry, text, party, sign):
    score = scores(text, nlp, registry)[party]
    assert score <= -0.2 if sign < 0 else score > -0.2, score


# From ../shared/corpora/ungdc-2023/CUB_78_2023.txt (the UNGDC gold reads it as critical of the US).
CUBA_DENIES = ("Cuba has not engaged in any action to threaten the independence or national security of the "
               "United States or to impair its sovereign rights, interfere in its internal affairs or affect its "
               "people’s well-being.")


@pytest.mark.parametrize("text, party, holder", [
    (CUBA_DENIES, "US", "Cuba"),
    ("Our Government has never sought to undermine the sovereignty of Colombia.", "CO", SPEAKER),
    ("We did not condemn Brazil for its decision.", "BR", SPEAKER),
])
def test_a_denied_hostile_deed_is_not_hostile(nlp, registry, text, party, holder):
    assert scores(text, nlp, registry, holder)[party] > -0.6


def test_a_denied_deed_cites_its_denial(nlp, registry):
    record = next(r for r in analyze(CUBA_DENIES, holder="Cuba", parties=registry, nlp=nlp, with_stance=True).stances
                  if r.party == "US")
    assert any(item.feature == "role:denied" and "not" in item.text for item in record.evidence)


def test_a_clause_of_its_own_after_a_negated_one_is_asserted(nlp, registry):
    """"not facing ..., but ... countering Russia's assault": the negation stays in the first clause."""
    text = "We are not facing an imminent military threat, but every day we are countering Russia's hybrid assault."
    assert scores(text, nlp, registry)["RU"] <= -0.2


@pytest.mark.parametrize("text, party", [
    ("The blockade imposed on our country by the Government of the United States has not stopped our people.", "US"),
    ("Our people have endured with dignity the sanctions imposed on our nation by the Government of Canada.", "CA"),
    ("Despite the embargo imposed on us by Australia, our economy continues to grow.", "AU"),
])
def test_the_agent_of_harm_done_to_the_holder_is_criticised(nlp, registry, text, party):
    assert scores(text, nlp, registry)[party] <= -0.2


def test_harm_denied_in_the_main_clause_still_has_its_agent(nlp, registry):
    """The negation governs the main clause ("has not stopped"), not the imposition its subject names."""
    record = next(r for r in analyze("The blockade imposed on our country by the Government of the United States "
                                     "has not stopped our people.", holder=SPEAKER, parties=registry, nlp=nlp,
                                     with_stance=True).stances if r.party == "US")
    assert any(item.feature == "role:culprit" and item.text in {"imposed", "by"} for item in record.evidence)


def test_a_party_that_cannot_be_trusted_is_criticised(nlp, registry):
    assert scores("Russia could not be trusted.", nlp, registry)["RU"] <= -0.2


@pytest.mark.parametrize("text, party, sign", [
    ("We wish to express our strongest condemnation of the statement made by President Putin.", "RU", -1),
    ("Israel manipulates the concept of security to its exclusive benefit.", "IL", -1),
])
def test_lexicon_noise_does_not_turn_criticism_into_praise(nlp, registry, text, party, sign):
    assert scores(text, nlp, registry)[party] * sign >= 0.2


@pytest.mark.parametrize("text", [
    pytest.param("Russian troops were equipped with combat aircraft and logistical support units.",
                 marks=pytest.mark.xfail(strict=True, reason="issue 12, open: the author regression's positive bias "
                                         "and the sentence's 'support' outweigh the neutral description")),
    # Read as the United States' reported decision (extract.statements) or as the speaker's narrative,
    # nobody is favorable to anyone here.
    "The United States decided to tighten the embargo against Cuba.",
])
def test_neutral_description_is_not_favorable(nlp, registry, text):
    records = analyze(text, holder=SPEAKER, parties=registry, nlp=nlp, with_stance=True).stances
    assert records and all(record.score < 0.2 for record in records), [(r.party, r.score) for r in records]


@pytest.mark.parametrize("text, holder_party, party, sign", [
    ("Chinese officials have blamed Taiwan for the tensions.", "CN", "TW", -1),
    ("Britain and Spain supported the United States in the vote.", "GB", "US", +1),
    ("Britain and Spain supported the United States in the vote.", "ES", "US", +1),
    ("Taiwan was criticised by Beijing for the visit.", "CN", "TW", -1),
    ("President Macron congratulated President Erdogan on his re-election.", "FR", "TR", +1),
    ("France stands with Ukraine.", "FR", "UA", +1),
])
def test_evaluative_acts_are_the_actor_s_stance(nlp, registry, text, holder_party, party, sign):
    records = [r for r in acts(text, nlp, registry) if r.holder.party == holder_party and r.party == party]
    assert len(records) == 1, [(r.holder, r.party) for r in acts(text, nlp, registry)]
    record = records[0]
    assert record.score * sign >= 0.2
    assert (record.source == "act") == (record.statement is None)
    assert record.cue is not None and text[record.cue.start:record.cue.end] == record.cue.text
    assert any(item.start <= record.cue.start < item.end for item in record.evidence)


def test_acts_against_a_person_s_order_reach_the_person_s_party(nlp, registry):
    records = acts("European leaders criticized Trump's order on Monday.", nlp, registry)
    assert [(r.party, r.label in {"critical", "hostile"}) for r in records] == [("US", True)]


@pytest.mark.parametrize("text", [
    "This supported the view that talks were possible with Russia.",   # no actor
    "He condemned Russia.",                                            # a pronoun needs a look-back: left out
    "Britain and Spain supported the United States in the vote.",      # co-actors are not evaluated
])
def test_no_act_without_an_actor(nlp, registry, text):
    found = [r for r in acts(text, nlp, registry) if r.source == "act"]
    if "Britain" in text:
        assert {r.party for r in found} == {"US"}
    else:
        assert found == []


def test_a_condemnation_not_made_is_no_criticism(nlp, registry):
    records = acts("France did not condemn Israel.", nlp, registry)
    assert records and all(r.score > -0.2 for r in records if r.party == "IL")


def test_acts_are_stance_records_not_statements(nlp, registry):
    text = "Britain and Spain supported the United States in the vote."
    result = analyze(text, parties=registry, nlp=nlp, with_stance=True, include_narrative=True)
    assert all(s.kind != "act" for s in result.statements)
    record = [r.to_dict() for r in result.stances if r.source == "act"][0]
    assert record["statement"] is None and record["source"] == "act" and record["cue"]["text"] == "supported"


def test_cli_stance_json_carries_source_and_cue():
    runner = CliRunner()
    result = runner.invoke(app, ["stance", "-", "--format", "json"],
                           input="Britain and Spain supported the United States in the vote.\n")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [(r["source"], r["party"], r["holder"]["party"]) for r in records] == [("act", "US", "GB"),
                                                                                  ("act", "US", "ES")]
    assert all(item["feature"] for item in records[0]["evidence"])
