"""Parts: the further cues of a sentence as statements of their own (issue 13's reported speech: "said A,
adding that B", noun cues, narrator sentences). Sentences written for these tests; expected values by
reading them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.api import analyze
from statemint.cli import app
from statemint.extract.parts import frame_content, frame_of, load_frames
from statemint.extract.statements import may_hold_part

TEXT = Path(__file__).resolve().parent / "texts" / "12b_reported_parts.txt"


def _statements(text, nlp, registry):
    statements = analyze(text, parties=registry, nlp=nlp).statements
    for statement in statements:
        assert statement.text == text[statement.start:statement.end]
        if statement.content is not None:
            assert statement.content.text == text[statement.content.start:statement.content.end]
    return statements


def _by_cue(statements, cue):
    found = [statement for statement in statements if statement.cue is not None and statement.cue.text == cue]
    assert len(found) == 1, statements
    return found[0]


def test_said_a_adding_that_b_is_two_statements_of_one_holder(nlp, registry):
    text = "The foreign minister said on Monday that the talks had failed, adding that a new round would start in May."
    statements = _statements(text, nlp, registry)
    said, adding = _by_cue(statements, "said"), _by_cue(statements, "adding")
    assert not said.part and said.content.text == "that the talks had failed"
    assert adding.part and adding.content.text == "that a new round would start in May"
    assert adding.text == "adding that a new round would start in May"
    # the participle has no subject of its own: the minister, not "the talks", adds it
    assert said.holder.name == adding.holder.name == "foreign minister"
    assert said.id != adding.id


@pytest.mark.parametrize("text, cue, holder, content", [
    ("The bishop's criticism of the reform surprised the cabinet.", "criticism", "the bishop", "the reform"),
    ("The union's view is that the contract has expired.", "view", "the union", "that the contract has expired"),
    ("Governor Tom Hale expressed support for the new pipeline.", "support", "Tom Hale", "the new pipeline"),
    ("The opposition leader renewed calls for an early election.", "calls", "opposition leader", "an early election"),
    ("Recent polls show the governor with a double-digit lead.", "show", "Recent polls",
     "the governor with a double-digit lead"),
])
def test_noun_and_learned_cues(nlp, registry, text, cue, holder, content):
    part = _by_cue(_statements(text, nlp, registry), cue)
    assert part.part and part.kind == "indirect"
    assert part.holder is not None and part.holder.name == holder
    assert part.content.text == content


def test_the_accusation_rejected_is_not_the_rejecters(nlp, registry):
    text = "The defence ministry rejected the accusation that its troops had fired on civilians."
    statements = _statements(text, nlp, registry)
    assert _by_cue(statements, "rejected").holder.name == "the defence ministry"
    accusation = _by_cue(statements, "accusation")
    assert accusation.content.text == "that its troops had fired on civilians"
    assert accusation.holder is None  # whoever accuses the ministry, it is not the ministry


def test_his_claim_that(nlp, registry):
    text = "Karl Weber, the spokesman, repeated his claim that the footage had been staged."
    claim = _by_cue(_statements(text, nlp, registry), "claim")
    assert claim.text == "his claim that the footage had been staged"
    assert claim.content.text == "that the footage had been staged"


def test_narrator_sentence_is_not_the_speakers_statement(nlp, registry):
    text = "In his speeches, Xi does not mention the war, while Putin revealed that the two leaders had spoken twice."
    statements = _statements(text, nlp, registry)
    assert len(statements) == 1, statements  # "does not mention" is nobody's statement
    revealed = statements[0]
    assert revealed.cue.text == "revealed" and revealed.holder.name == "Vladimir Putin"
    # Putin's statement is his clause, so what the narrator says of Xi is not read as Putin's
    assert revealed.text == "Putin revealed that the two leaders had spoken twice"
    assert revealed.content.text == "that the two leaders had spoken twice"


def test_parenthetical_cue(nlp, registry):
    text = "Many of the closures, the spokesman said, have involved crossings on the northern border."
    statement = _by_cue(_statements(text, nlp, registry), "said")
    assert not statement.part
    assert statement.holder.name == "spokesman"
    assert statement.content.text == "Many of the closures, the spokesman said, have involved crossings on the northern border"


def test_a_quotation_s_own_words_hold_no_part(nlp, registry):
    text = "“We support the plan and we expect the talks to resume,” the minister said."
    statements = _statements(text, nlp, registry)
    assert [statement.kind for statement in statements] == ["direct"]


def test_learned_frames_are_read_as_the_tool_learns_them(nlp):
    frames = load_frames()
    assert "clause" in frames.verbs["say"] and "clause" in frames.nouns["accusation"]
    doc = nlp("Polls show Clinton with a lead. She voiced support for the plan. His claim that it failed.")
    words = {token.text: token for token in doc}
    assert frame_of(words["show"]) == "object"
    assert frame_of(words["support"]) == "prep:for"
    assert frame_of(words["claim"]) == "clause"


def test_may_hold_part_finds_noun_cues_the_verb_test_misses(nlp):
    verbs: dict[str, bool] = {}
    nouns: dict[str, bool] = {}
    assert may_hold_part("The bishop's criticisms of the plan.", nlp, verbs, nouns, {})
    assert not may_hold_part("The bridge over the river.", nlp, verbs, nouns, {})


def test_ids_are_unique_and_the_same_in_every_command():
    runner = CliRunner()
    path = str(TEXT)

    def records(*arguments):
        result = runner.invoke(app, [*arguments, "-f", "json", path])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    statements = records("statements")
    ids = [statement["id"] for statement in statements]
    assert len(ids) == len(set(ids))
    assert any(statement["cue"] and statement["cue"]["text"] == "adding" for statement in statements)
    every = {statement["id"]: statement for statement in records("statements", "--all")}
    assert all(every[statement["id"]] == statement for statement in statements)
    assert records("statements", "--full-parse") == statements
    known = set(every)
    for arguments in (("stance",), ("stance", "--party", "RU")):
        assert {stance["statement"] for stance in records(*arguments)} <= known


@pytest.mark.parametrize("text, cue, content", [
    ("The senator has said she is willing to be interviewed by the FBI, which is conducting its own inquiry.",
     "said", "she is willing to be interviewed by the FBI"),
    ("Recent polls show the governor retelling the story of Ana Ruiz, a teacher who died in the flood.",
     "show", "the governor retelling the story of Ana Ruiz"),
])
def test_an_aside_after_a_comma_at_the_end_is_the_reporters(nlp, registry, text, cue, content):
    assert _by_cue(_statements(text, nlp, registry), cue).content.text == content


@pytest.mark.parametrize("text, cue, holder, content", [
    # frames learned with the thresholds of tools/polnear_cue_frames.py chosen by cross-validation (min 4, share 0.15)
    ("Senator Ruth Okafor voted for the farm bill.", "voted", "Ruth Okafor", "the farm bill"),
    ("Mayor Dan Pruitt disputed the audit of the port.", "disputed", "Dan Pruitt", "the audit of the port"),
    ("The council's belief that the budget would balance proved wrong.", "belief", "the council",
     "that the budget would balance"),
])
def test_frames_learned_at_the_cross_validated_thresholds(nlp, registry, text, cue, holder, content):
    part = _by_cue(_statements(text, nlp, registry), cue)
    assert part.holder is not None and part.holder.name == holder
    assert part.content.text == content


def test_the_one_told_to_know_is_no_holder(nlp, registry):
    # "know" is a learned clause cue; the infinitive's subject is whom the wanting addresses, not a speaker
    text = "The island nation wants the world to know that its debt was never fair."
    statements = _statements(text, nlp, registry)
    assert not any(s.holder is not None and s.holder.name == "the world" for s in statements), statements


@pytest.mark.parametrize("text, cue, content", [
    # when and where the act was is no part of what it says
    ("Mayor Karen Weaver endorsed Hillary Clinton during a conference call with reporters.", "endorsed",
     "Hillary Clinton"),
    ("The two leaders discussed the pipeline on Thursday.", "discussed", "the pipeline"),
    # what it is about still is ("describing the plan as a buzz")
    ("The minister endorsed the plan as a first step.", "endorsed", "the plan as a first step"),
])
def test_a_learned_object_frame_leaves_out_time_and_place(nlp, registry, text, cue, content):
    assert _by_cue(_statements(text, nlp, registry), cue).content.text == content


def test_a_relative_pronoun_is_no_content(nlp):
    # "the documents that the two presidents signed": "that" says nothing, so the object frame has none
    doc = nlp("Officials published the documents that Presidents Vladimir Putin and Xi Jinping signed.")
    [signed] = [token for token in doc if token.lower_ == "signed"]
    assert signed.dep_ == "relcl" and frame_content(signed, "object") == []
    doc = nlp("Presidents Vladimir Putin and Xi Jinping signed the documents.")
    [signed] = [token for token in doc if token.lower_ == "signed"]
    assert [token.text for token in frame_content(signed, "object")] == ["documents"]


@pytest.mark.parametrize("text, content", [
    ("Asked whether he would counsel Clinton to pick Sanders, the senator declined to answer.",
     "whether he would counsel Clinton to pick Sanders"),
    ("When asked at the business conference about the merger, she smiled.", "the merger"),
    ("Asked if he was ever bullied, the candidate said no.", "if he was ever bullied"),
])
def test_a_question_put_by_no_one_named_has_no_holder(nlp, registry, text, content):
    asked = _by_cue(_statements(text, nlp, registry), "asked" if "When" in text else "Asked")
    assert asked.holder is None and asked.content.text == content


@pytest.mark.parametrize("text", [
    "He was asked about the deal.",            # the passive names who was asked: no question of its own
    "Asked by Ingraham about the workers, he said nothing.",  # the asker is named: not this rule's
])
def test_no_holderless_question_when_someone_is_named(nlp, registry, text):
    statements = _statements(text, nlp, registry)
    assert not [s for s in statements if s.cue is not None and s.cue.text.lower() == "asked" and s.holder is None]


def _headline_statements(text, nlp, registry, mode="full", cue=":"):
    """The statements whose cue is a headline's colon (or `cue`)."""
    statements = analyze(text, parties=registry, nlp=nlp, parse_mode=mode).statements
    return [statement for statement in statements if statement.cue is not None and statement.cue.text == cue]


@pytest.mark.parametrize("mode", ["statements", "full"])
@pytest.mark.parametrize("text, holder, content", [
    ("Gingrich: Trump Must Decide If He Wants a Two-Pirate Ticket\n\n"
     "Former House Speaker Newt Gingrich spoke on Sunday in Iowa.\n", "Newt Gingrich",
     "Trump Must Decide If He Wants a Two-Pirate Ticket"),
    # a quotation right after the colon: the name says all of the line
    ("Bernie Sanders: ‘It Is Not A Radical Idea’ To Ask For A $15 Minimum Wage.\n\n"
     "The senator spoke in Vermont.\n", "Bernie Sanders", "It Is Not A Radical Idea’ To Ask For A $15 Minimum Wage"),
])
def test_a_first_line_name_colon_headline_is_the_names_statement(nlp, registry, mode, text, holder, content):
    [headline] = _headline_statements(text, nlp, registry, mode)
    assert headline.holder.name.endswith(holder)
    assert headline.content.text == content


@pytest.mark.parametrize("text, holder, content", [
    ("Merkel camp: The coalition talks will resume next week\n\nThe chancellor's party spoke.\n", "Merkel",
     "The coalition talks will resume next week"),
    ("Guterres to Security Council: The ceasefire must hold\n\nThe secretary-general spoke.\n", "Guterres",
     "The ceasefire must hold"),
    ("EXCLUSIVE – Kofi Annan: Sanctions Alone Will Not Work\n\nHe spoke in Geneva.\n", "Kofi Annan",
     "Sanctions Alone Will Not Work"),
])
def test_headline_colon_variants_name_the_speaker(nlp, registry, text, holder, content):
    # "X camp:", "X to Y:", "LABEL – X:": the name before the colon says the rest of the line, even where
    # the parser ends the sentence at the colon
    [headline] = _headline_statements(text, nlp, registry)
    assert headline.holder is not None and headline.holder.name.endswith(holder), headline.holder
    assert headline.content.text == content


@pytest.mark.parametrize("text", [
    "Report: Republican Colin Powell Advised Clinton To Use Private Email\n\nThe report came out.\n",  # a label
    "The talks went on.\n\nGingrich: Trump Must Decide If He Wants a Ticket\n",  # not the first line
    "Gingrich: Yes.\n\nHe spoke.\n",  # too short to say anything
])
def test_no_headline_statement_otherwise(nlp, registry, text):
    assert not _headline_statements(text, nlp, registry)


@pytest.mark.parametrize("mode", ["statements", "full"])
def test_a_headline_with_quoted_words_says_the_whole_line(nlp, registry, mode):
    # the partial quotation's statement reports all the name says after the colon, not the quoted word alone
    text = ("Warren: Donald Trump Is a ‘Proven Failure’ in Business\n\n"
            "Senator Elizabeth Warren spoke in Boston on Friday.\n")
    [headline] = _headline_statements(text, nlp, registry, mode)
    assert headline.kind == "partial"
    assert headline.holder.name.endswith("Warren")
    assert headline.content.text == "Donald Trump Is a ‘Proven Failure’ in Business"
    assert text[headline.content.start:headline.content.end] == headline.content.text


@pytest.mark.parametrize("mode", ["statements", "full"])
@pytest.mark.parametrize("text, holder, cue, content", [
    ("Macron Says Europe Must Build Its Own Defence.\n\nThe French president spoke in Paris on Monday.\n",
     "Macron", "Says", "Europe Must Build Its Own Defence"),
    ("Olaf Scholz Warns Of A Long War In Ukraine\n\nThe chancellor spoke in Berlin.\n",
     "Olaf Scholz", "Warns", "Of A Long War In Ukraine"),
    # quoted words inside: the name says all of the line after the verb
    ("Jacinda Ardern Says The Attack Was ‘An Act Of Terror.’\n\nThe prime minister spoke in Wellington.\n",
     "Jacinda Ardern", "Says", "The Attack Was ‘An Act Of Terror.’"),
])
def test_a_first_line_name_says_headline_is_the_names_statement(nlp, registry, mode, text, holder, cue, content):
    [headline] = _headline_statements(text, nlp, registry, mode, cue=cue)
    assert headline.holder is not None and headline.holder.name.endswith(holder)
    assert headline.content.text == content
    assert text[headline.content.start:headline.content.end] == headline.content.text


@pytest.mark.parametrize("mode", ["statements", "full"])
@pytest.mark.parametrize("text, holder, cue, content", [
    # a judging verb: its object is what the name judges, a name of two words is enough
    ("Conservative Icon Morton Blackwell Endorses Ted Cruz.\n\nHe spoke in Iowa.\n", "Morton Blackwell",
     "Endorses", "Ted Cruz"),
    ("Hillary Clinton Slams Donald Trump On Abortion\n\nShe spoke in Ohio.\n", "Hillary Clinton", "Slams",
     "Donald Trump On Abortion"),
    # an adverb before the verb is no part of the name
    ("Donald Trump Finally Endorses House Speaker Paul Ryan\n\nHe spoke in Ohio.\n", "Donald Trump",
     "Endorses", "House Speaker Paul Ryan"),
    ("Mike Pence Calls for Special Prosecutor in Email Case\n\nHe spoke in Indiana.\n", "Mike Pence",
     "Calls", "for Special Prosecutor in Email Case"),
])
def test_a_first_line_judging_headline_is_the_names_statement(nlp, registry, mode, text, holder, cue, content):
    [headline] = _headline_statements(text, nlp, registry, mode, cue=cue)
    assert headline.holder is not None and headline.holder.name.endswith(holder), headline.holder
    assert headline.content.text == content


@pytest.mark.parametrize("text, cue", [
    ("Obama Calls Off His Visit To Manila\n\nThe trip was cancelled.\n", "Calls"),  # a particle, no judgement
    ("BYLINE: Amber Phillips\n\nThe story follows.\n", ":"),  # a label, no name
])
def test_no_headline_statement_for_a_particle_or_a_label(nlp, registry, text, cue):
    assert not _headline_statements(text, nlp, registry, cue=cue)


@pytest.mark.parametrize("text", [
    "The talks went on.\n\nMacron Says Europe Must Build Its Own Defence\n",  # not the first line
    "How Macron Thinks About Europe.\n\nHe spoke.\n",  # "How" is no name
])
def test_no_says_headline_statement_otherwise(nlp, registry, text):
    statements = analyze(text, parties=registry, nlp=nlp).statements
    assert not [s for s in statements if s.cue is not None and s.cue.text in {"Says", "Thinks"} and s.start == 0]


def test_a_question_put_to_you_is_the_askers(nlp, registry):
    # in a transcript, "Do you think …?" is the turn's speaker's question, not the hearer's view
    text = ("The interview was broadcast on Sunday.\n\n"
            "TAPPER: Do you think the governor has campaigned as a healer?\n\n"
            "FALLIN: I think he is trying to campaign as a healer.\n\n"
            "TAPPER: Thank you, Governor.\n\n"
            "FALLIN: Thank you.\n")
    statements = analyze(text, parties=registry, nlp=nlp).statements
    asked = [statement for statement in statements if statement.text.startswith("Do you think")]
    assert [statement.holder.name for statement in asked] == ["Tapper"]
    said = [statement for statement in statements if statement.text.startswith("I think")]
    assert [statement.holder.name for statement in said] == ["Fallin"]


def _contents(text, nlp, registry):
    return {statement.cue.text: statement.content.text for statement in analyze(text, parties=registry, nlp=nlp).statements
            if statement.cue is not None and statement.content is not None}


def test_a_participle_after_a_comma_inside_the_marks_is_no_part_of_the_content(nlp):
    from statemint.extract.content import reported_content

    text = ('Cruz said last week that Trump represents "New York values," stating during the debate that they '
            'are "socially liberal."')
    doc = nlp(text)
    [said] = [token for token in doc if token.text == "said"]
    start, end = reported_content(said, said.sent)
    assert text[start:end] == 'that Trump represents "New York values'


def test_the_as_phrase_of_a_partial_quotation_is_content_the_hearer_is_not(nlp, registry):
    text = ('Police Commissioner Richard Ross described the demonstrations as largely "very peaceful." '
            'Later the mayor told the crowd "stay calm and go home."\n')
    contents = _contents(text, nlp, registry)
    assert contents["described"] == 'the demonstrations as largely "very peaceful.'
    assert contents["told"] == "stay calm and go home."


@pytest.mark.parametrize("text, content", [
    ("The minister praised the reforms, which she said had cut waiting times.", "had cut waiting times"),
    ("The council criticized the new dam, which residents said would flood the valley.", "would flood the valley"),
])
def test_a_report_inside_a_relative_clause_says_what_follows_its_cue(nlp, registry, text, content):
    # a further cue of the sentence: the relative word stands for the noun before it, what is said
    # starts after the cue (a sentence whose only cue it is keeps the relative clause whole, as PolNeAR)
    parts = [s for s in _statements(text, nlp, registry) if s.cue is not None and s.cue.text == "said"]
    assert [part.content.text for part in parts] == [content]
    assert all(text[part.content.start:part.content.end] == part.content.text for part in parts)


@pytest.mark.parametrize("text, cue, content", [
    ("The foreign minister is expected to arrive in Cairo on Monday.", "expected",
     "The foreign minister is expected to arrive in Cairo on Monday"),
    ("In the north, where the fighting began, the ceasefire appears to be holding, as aid convoys move in.",
     "appears", "the ceasefire appears to be holding"),
    ("The summit is not expected to produce a joint statement.", "expected",
     "The summit is not expected to produce a joint statement"),
    ("It now seems likely that the talks will resume in Geneva.", "seems", "likely that the talks will resume in Geneva"),
])
def test_an_assessment_no_one_is_named_as_holding_has_no_holder(nlp, registry, text, cue, content):
    # the subject is what is assessed, not who assesses it (PolNeAR: an attribution without a source)
    [part] = [s for s in _statements(text, nlp, registry) if s.cue is not None and s.cue.text == cue]
    assert part.holder is None
    assert part.content.text == content


@pytest.mark.parametrize("text", [
    "The senator appeared to suggest that the vote would be delayed.",  # the suggestion is the senator's
    "The deal is expected by analysts to collapse.",                    # the analysts are named
    "The talks appear in the minister's report.",                       # no assessment: a place in a text
])
def test_no_holderless_assessment_otherwise(nlp, registry, text):
    assert not [s for s in _statements(text, nlp, registry)
                if s.cue is not None and s.cue.text in {"appeared", "expected", "appear"} and s.holder is None]


@pytest.mark.parametrize("text, cue, holder, content", [
    ("A political action committee backing the governor spent two million dollars on ads.", "backing",
     "committee", "the governor"),
    ("The oil company is reportedly planning to close the refinery in June.", "reportedly", None,
     "The oil company is reportedly planning to close the refinery in June"),
])
def test_a_participle_of_a_noun_and_hearsay_adverbs(nlp, registry, cue, text, holder, content):
    # the noun a participle modifies does what it says ("a committee backing X"); "reportedly" names no one
    [part] = [s for s in _statements(text, nlp, registry) if s.cue is not None and s.cue.text == cue]
    assert part.content.text == content
    if holder is None:
        assert part.holder is None
    else:
        assert part.holder is not None and part.holder.mention.text.endswith(holder), part.holder
