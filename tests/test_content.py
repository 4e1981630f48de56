"""A statement's content: what is reported, without who reports it and the reporting verb (issue 13;
PolNeAR's Content spans mark the same stretch). Sentences written for these tests."""

from __future__ import annotations

import pytest

from statemint.api import analyze


def _only_statement(text, nlp, registry):
    """The sentence's one statement (parts, the further cues inside it, are tested in test_parts.py)."""
    statements = [s for s in analyze(text, parties=registry, nlp=nlp).statements if not s.part]
    assert len(statements) == 1, statements
    statement = statements[0]
    assert statement.content is not None
    assert statement.content.text == text[statement.content.start:statement.content.end]
    return statement


@pytest.mark.parametrize("text, content", [
    ("Maria Lopez, the city's water commissioner, said on Tuesday that the reservoir would be full by June.",
     "that the reservoir would be full by June"),
    ("The mayor told reporters the bridge was safe.", "the bridge was safe"),
    ("According to the fire department, the blaze started in a kitchen.", "the blaze started in a kitchen"),
    ("The blaze started in a kitchen, according to the fire department.", "The blaze started in a kitchen"),
    # the parser hangs "571 of …" on "Press" as an appositive: the opening phrase still ends at its comma
    ("According to the Associated Press, 571 of the 714 Democratic superdelegates supported Clinton.",
     "571 of the 714 Democratic superdelegates supported Clinton"),
    ("The union accused the company of breaking the contract.", "the company of breaking the contract"),
    # a trailing "according to" ends what is reported at its comma, whatever follows it
    ("The governor trails by nine points, according to the polling average - despite a costly campaign.",
     "The governor trails by nine points"),
    ("The ministry said it had hired a new envoy, who starts in May, according to Reuters.",
     "it had hired a new envoy, who starts in May"),
])
def test_reported_speech_content_is_the_clause_without_the_reporting_clause(nlp, registry, text, content):
    assert _only_statement(text, nlp, registry).content.text == content


def test_a_quotation_interrupted_by_its_cue_is_one_content(nlp, registry):
    text = "“We will rebuild,” the governor said, “and we will do it fast.”"
    statement = _only_statement(text, nlp, registry)
    assert statement.content.text == "We will rebuild,” the governor said, “and we will do it fast."


def test_a_partial_quotation_takes_the_clause_its_cue_governs(nlp, registry):
    text = "The senator described the plan as “a gift to polluters.”"
    assert _only_statement(text, nlp, registry).content.text == "the plan as “a gift to polluters."


@pytest.mark.parametrize("text, holder, cue, content", [
    # the lemmatizer reads "hopes" as "hop": the cue is still "hope"
    ("The governor hopes to finish the bridge before winter.", "governor", "hopes",
     "to finish the bridge before winter"),
    # the cue highest in the tree is the statement's, not a verb inside its content
    ("After the council refused to act, the mayor said the budget would shrink.", "mayor", "said",
     "the budget would shrink"),
    # a subject the parser hung on the participle before the verb ("X, asked about it, said …")
    ("The harbour master, asked about the storm at a briefing on Monday, said the port would reopen soon.",
     "harbour master", "said", "the port would reopen soon"),
])
def test_reported_speech_cue_holder_and_content(nlp, registry, text, holder, cue, content):
    statement = _only_statement(text, nlp, registry)
    assert statement.holder is not None and statement.holder.name.endswith(holder), statement.holder
    assert statement.cue.text == cue and statement.content.text == content


def test_a_that_clause_hung_on_the_noun_after_the_verb_is_the_content(nlp, registry):
    text = "The port authority said in a statement that the quay would reopen on Monday."
    assert _only_statement(text, nlp, registry).content.text == "that the quay would reopen on Monday"


def test_according_to_above_a_cue_deep_inside_the_sentence_holds_it(nlp, registry):
    text = "The mayor won easily among residents who believe that the river is safe, according to the county survey."
    statement = _only_statement(text, nlp, registry)
    assert statement.cue.text == "according to" and statement.holder.mention.text == "the county survey"
    assert statement.content.text == "The mayor won easily among residents who believe that the river is safe"


@pytest.mark.parametrize("text", [
    # a reporting clause of any length that ends its sentence stands between two pieces of one utterance
    "“The levee held,” said Ana Ruiz, who has run the county’s flood office since the storms of 2011. "
    "“We were lucky this time.”",
    # doubled apostrophes as quotation marks (some newspapers): the sentence between holds a quotation too
    "''The levee held,'' Ms. Ruiz said. ''We were lucky this time.''",
])
def test_a_quote_after_its_reporting_sentence_continues_the_utterance(nlp, registry, text):
    analysis = analyze(text, parties=registry, nlp=nlp)
    assert len({quote.utterance for quote in analysis.quotes}) == 1
    assert all(quote.speaker is not None and quote.speaker.name.endswith("Ruiz") for quote in analysis.quotes)
    statement = _only_statement(text, nlp, registry)
    assert statement.content.text.startswith("The levee held") and statement.content.text.endswith("this time.")


def test_a_quote_with_its_own_cue_after_a_reporting_sentence_is_another_utterance(nlp, registry):
    text = "“The levee held,” the engineer said. “It did not,” the mayor replied."
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    assert [quote.speaker.name.split()[-1] for quote in quotes] == ["engineer", "mayor"]
    assert quotes[0].utterance != quotes[1].utterance


@pytest.mark.parametrize("text, holder, content", [
    ("The reporter asked the minister whether the tunnel would open in May.", "reporter",
     "whether the tunnel would open in May"),
    ("Residents asked the council to repave the road.", "Residents", "to repave the road"),
])
def test_a_reported_question_or_request_is_the_askers(nlp, registry, text, holder, content):
    statement = _only_statement(text, nlp, registry)
    assert statement.holder.mention.text.endswith(holder) and statement.content.text == content


def test_who_was_asked_holds_no_statement(nlp, registry):
    assert analyze("The minister was asked whether the tunnel would open in May.", parties=registry, nlp=nlp).statements == []


def test_a_second_that_clause_hung_on_the_verb_is_part_of_what_was_said(nlp, registry):
    text = "The governor said the state needs more nurses, but that he would not raise taxes."
    assert _only_statement(text, nlp, registry).content.text == "the state needs more nurses, but that he would not raise taxes"


@pytest.mark.parametrize("text, holder, cue, content", [
    # the parser reads "she said" as an adverbial clause of the content, "told" as its conjunct
    ("The network has also made it possible for farmers with small, if fertile, plots and orchards to sell "
     "abroad and reach buyers, she said.", None, "said",
     "The network has also made it possible for farmers with small, if fertile, plots and orchards to sell abroad and reach buyers"),
    ("This includes a special unit to train Kurdish forces, Defence Minister Ana Ruiz told a Senate panel Wednesday.",
     "Ana Ruiz", "told", "This includes a special unit to train Kurdish forces"),
])
def test_a_reporting_clause_ending_the_sentence_reports_the_clause_before_its_comma(nlp, registry, text, holder, cue, content):
    statement = _only_statement(text, nlp, registry)
    assert statement.cue is not None and statement.cue.text == cue
    assert statement.content.text == content
    if holder is not None:
        assert statement.holder is not None and statement.holder.name.endswith(holder), statement.holder


@pytest.mark.parametrize("text", [
    # what follows the verb is what is said, or the clause stands mid-sentence, or nothing before the comma is a clause
    "Asked if he was ever bullied, the candidate said no.",
    "Freeing her husband, he promised, was one of his top priorities.",
    "In a changing economy, young voters still believe in the American dream.",
])
def test_no_trailing_report_where_the_words_before_the_comma_are_not_what_is_said(nlp, registry, text):
    statements = [s for s in analyze(text, parties=registry, nlp=nlp).statements if not s.part]
    for statement in statements:
        assert statement.content is None or statement.content.text != text.split(",")[0], statement


def test_a_sentence_opening_with_in_a_poll_is_the_polls_statement(nlp, registry):
    text = "In a Gallup poll released on Monday, 61 percent of respondents backed the treaty."
    statement = _only_statement(text, nlp, registry)
    assert statement.cue.text == "In"
    assert statement.holder is not None and "Gallup poll" in statement.holder.mention.text
    assert statement.content.text == "61 percent of respondents backed the treaty"


@pytest.mark.parametrize("text", ["The minister was interested in polls.", "She gained ground in the polls this week."])
def test_no_poll_statement_unless_the_sentence_opens_with_it(nlp, registry, text):
    statements = [s for s in analyze(text, parties=registry, nlp=nlp).statements if not s.part]
    assert not [s for s in statements if s.cue is not None and s.cue.text.lower() == "in"]


@pytest.mark.parametrize("text, content", [
    ("Asked whether the treaty should be ratified, 61 percent of voters said yes.", "yes"),
    ("Last year, 40 percent said the same.", "the same"),
])
def test_say_with_a_word_for_what_was_said_reports_it(nlp, registry, text, content):
    assert _only_statement(text, nlp, registry).content.text == content



@pytest.mark.parametrize("text, quoted, content", [
    # a partial quotation that no reporting clause holds is a piece of the noun phrase its words head
    ("Mrs. Lopez was, in the words of an aide, “the torchbearer” of his legacy.", "the torchbearer",
     "the torchbearer” of his legacy"),
    # words that head no noun phrase are the content alone
    ("The senator said the count was “rigged” from the start.", "rigged", "rigged"),
])
def test_a_partial_quotation_without_a_clause_takes_the_phrase_it_heads(nlp, text, quoted, content):
    from statemint.extract.content import quoted_phrase

    start = text.index(quoted)
    found = quoted_phrase(nlp(text), start, start + len(quoted))
    assert text[found[0]:found[1]] == content
