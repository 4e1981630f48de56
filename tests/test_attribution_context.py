"""Issue 13's examples: speech verbs as cues, quotes with no cue (the sentence's subject, the sentence
before, headlines), non-persons that must not speak, titles, and reported speech the old rules missed.
Each text was written for its test; the expected speaker is what a reader of the sentence names."""

from __future__ import annotations

import pytest

from statemint.api import analyze
from statemint.extract.cues import load_cues
from statemint.extract.quotes import is_title


def _quotes(text, nlp, registry):
    return analyze(text, parties=registry, nlp=nlp).quotes

def _sole_speaker(text, nlp, registry):
    """The speaker's name of the text's one quotation (None when it has none); fails unless there is exactly one."""
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1, [quote.text for quote in quotes]
    return quotes[0].speaker.name if quotes[0].speaker is not None else None



@pytest.mark.parametrize("text, speaker", [
    ("“Let me walk over with you,” offered Robert.", "Robert"),
    ("“Get out of here!” cried Martha Jones.", "Martha Jones"),
    ("“We have won,” exclaimed the mayor, Tom Hill.", "Tom Hill"),
    ("“Not a word to anyone,” whispered Anna Berg.", "Anna Berg"),
    ("“Please give us more time,” pleaded Lena Fischer.", "Lena Fischer"),
    ("“Well, that is a fine mess,” drawled Jim Cole.", "Jim Cole"),
    ("“You are wrong about that,” rejoined Paul Smith.", "Paul Smith"),
    ("“As if they ever cared,” sneered Omar Haddad.", "Omar Haddad"),
    ("“There are three things to say,” began Maria Lopez.", "Maria Lopez"),
    ("“And the second thing is the budget,” Maria Lopez went on.", "Maria Lopez"),
])
def test_manner_of_speaking_verbs_are_cues(nlp, registry, text, speaker):
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1 and quotes[0].speaker is not None, quotes
    assert quotes[0].speaker.name == speaker and quotes[0].kind == "direct"


def test_lexicon_classes_come_from_the_data_file():
    lexicon = load_cues()
    assert {"exclaim", "whisper", "plead", "drawl", "rejoin", "sneer", "offer", "begin"} <= lexicon.speech
    assert {"think", "believe", "know", "hope", "fear", "find", "show"} <= lexicon.indirect
    assert "praise" in lexicon.judge and "praise" in lexicon.speech  # a judging verb is a cue too
    assert "say" not in lexicon.judge


def test_a_quote_inside_a_sentence_is_its_subjects(nlp, registry):
    text = "Senator Clara Moss decried the budget for “turning its back on working families”."
    assert _sole_speaker(text, nlp, registry) == "Clara Moss"


def test_a_quote_with_no_cue_continues_the_sentence_before(nlp, registry):
    text = ("Governor Ruth Adams touted her record on schools at the rally. “We built twelve new schools in "
            "four years, and we will build more.”")
    assert _sole_speaker(text, nlp, registry) == "Ruth Adams"


def test_a_thing_before_a_quote_does_not_speak(nlp, registry):
    text = "The vote this time was more partisan. “Nothing will pass this year if we go on like this.”"
    assert _sole_speaker(text, nlp, registry) is None


def test_the_name_before_a_headline_colon_speaks(nlp, registry):
    text = "Harlan: Budget Deal Is ‘A Betrayal of Voters’\n\nSenator Mark Harlan criticised the budget on Monday."
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1 and quotes[0].speaker is not None and quotes[0].speaker.name.endswith("Harlan")


@pytest.mark.parametrize("text, not_speaker", [
    ("This was said with “great warmth and respect” by the host.", "This"),
    ("It is time to “acknowledge the damage done” to the region.", "time"),
    ("No one can deny that the plan was “a complete failure” from the start.", "no one"),
    ("All told, the talks were “a waste of everyone’s time”.", "All"),
])
def test_non_persons_are_no_speakers(nlp, registry, text, not_speaker):
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1
    speaker = quotes[0].speaker
    assert speaker is None or speaker.mention is None or speaker.mention.text.lower() != not_speaker.lower(), speaker


def test_according_to_data_names_who_produced_it(nlp, registry):
    text = "According to data from Beijing customs services, “exports to Russia rose by a third” last year."
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1 and quotes[0].speaker is not None
    assert quotes[0].speaker.mention.text == "Beijing customs services"


@pytest.mark.parametrize("content, title", [
    ("Meet the Press", True), ("Man of the World", True), ("Person of the Year", True),
    ("America First", False), ("limitless", False), ("We Will Win.", False), ("the peace plan", False),
])
def test_titles_by_their_form(content, title):
    assert is_title(content) is title


def test_titles_are_no_quotations(nlp, registry):
    text = ("Senator Ann Moore appeared on “Meet the Press” on Sunday, and the magazine once named her "
            "“Person of the Year” for her work.")
    assert _quotes(text, nlp, registry) == []


def test_hailed_term_is_a_statement_of_the_one_who_hails_it(nlp, registry):
    text = "In an interview on Wednesday, Putin hailed ‘peace plan’ presented by Beijing last year."
    analysis = analyze(text, parties=registry, nlp=nlp)
    assert [q.kind for q in analysis.quotes] == ["scare"]
    assert analysis.quotes[0].speaker is not None and analysis.quotes[0].speaker.name.endswith("Putin")
    assert any(s.holder is not None and s.holder.name.endswith("Putin") for s in analysis.statements)


@pytest.mark.parametrize("text, holder", [
    ("Senator Alan Price believes that the treaty will fail.", "Alan Price"),
    ("The survey found that most voters want a change.", "The survey"),
])
def test_thought_and_finding_verbs_report_speech(nlp, registry, text, holder):
    # the sentence's own statement; "most voters want a change" may be a part of its own (a learned cue)
    statements = [s for s in analyze(text, parties=registry, nlp=nlp).statements if not s.part]
    assert [s.kind for s in statements] == ["indirect"]
    assert statements[0].holder is not None and statements[0].holder.mention.text.endswith(holder.split()[-1])


def test_wanting_someone_to_know_is_not_their_statement(nlp, registry):
    statements = analyze("The Bahamas wants the world to know that the seas are rising.", parties=registry,
                         nlp=nlp).statements
    assert all(s.holder is None or s.holder.mention is None or s.holder.mention.text != "the world" for s in statements)


@pytest.mark.parametrize("text, holder", [
    ("Western allies criticized the Chinese regime that jailed the activists.", "Western allies"),
    ("The document calls for respect for the sovereignty of all states.", "The document"),
    ("The minister refused to sign the agreement on Monday.", "The minister"),
])
def test_judging_calling_for_and_refusing_are_reported(nlp, registry, text, holder):
    statements = analyze(text, parties=registry, nlp=nlp).statements
    assert [s.kind for s in statements] == ["indirect"]
    assert statements[0].holder is not None and statements[0].holder.mention.text == holder


def test_the_agent_of_a_passive_reporting_verb_holds_it(nlp, registry):
    text = "Beijing was accused by the United States of supplying weapons to Russia."
    statements = analyze(text, parties=registry, nlp=nlp).statements
    assert [s.kind for s in statements] == ["indirect"]
    assert statements[0].holder.mention.text == "the United States"


@pytest.mark.parametrize("mention, never", [
    ("This", True), ("all he", True), ("time", True), ("no one", True), ("All", True), ("nothing", True),
    ("it", False), ("he", False), ("the ministry", False), ("Robert", False), ("No one else in the room", True),
])
def test_mentions_that_never_speak(mention, never):
    from statemint.extract.context import never_speaks

    assert never_speaks(mention) is never


def test_a_cue_after_a_quote_that_ends_its_sentence_is_the_next_sentences(nlp, registry):
    # The full stop inside the marks ends "Moore said …": "Tom Hill said" starts a sentence of its own.
    text = "Senator Ann Moore said the bill failed because “the votes were simply not there.” Governor Tom Hill said he disagreed with her."
    assert _sole_speaker(text, nlp, registry) == "Ann Moore"


def test_a_quote_that_opens_its_sentence_still_takes_the_cue_after_it(nlp, registry):
    text = "“We will never give up!” cried Martha Jones. Tom Hill said nothing."
    quotes = _quotes(text, nlp, registry)
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Martha Jones"


def test_a_statement_saying_is_its_issuers(nlp, registry):
    text = "Governor Ruth Adams released a statement saying, “We will appeal the ruling.”"
    assert _sole_speaker(text, nlp, registry) == "Ruth Adams"


def test_a_cue_the_parser_left_without_subject_takes_the_name_before_its_appositive(nlp, registry):
    text = "In a call with reporters on Dec. 2, Col. James R. Porter, a military spokesman in Kabul, said, “I mean, a raid is a combat operation.”"
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1 and quotes[0].speaker is not None and quotes[0].speaker.name.endswith("James R. Porter")


def test_a_headline_surname_before_a_colon_speaks_whatever_its_tag(nlp, registry):
    text = ("Milbank: Republicans ‘Waving The Flag Of Surrender’ To Trump\n\n"
            "That soft flapping sound you hear is the party waving the flag of surrender.")
    assert _sole_speaker(text, nlp, registry) == "Milbank"


def test_a_headline_label_before_a_colon_does_not_speak(nlp, registry):
    text = "Update: ‘Talks Have Failed Again’\n\nThe talks in Geneva ended on Monday without a deal."
    assert _sole_speaker(text, nlp, registry) is None


@pytest.mark.parametrize("clause, subject", [
    ("In a radio interview later that day, Senator Ann Moore went even further:", "Senator Ann Moore"),
    ("Senator Ann Moore also defended the new budget --", "Senator Ann Moore"),
    ("The vote this time was more partisan:", None),       # a thing is no speaker
    ("Senator Ann Moore defended the new budget", None),   # no colon or dash: nothing introduces a quote
])
def test_a_clause_introducing_a_quote_with_a_colon_or_dash(nlp, clause, subject):
    from statemint.extract.context import introducing_subject

    found = introducing_subject([token for token in nlp(clause) if not token.is_space])
    assert (found[1].text if found else None) == subject


def test_all_he_said_was_is_no_speaker(nlp, registry):
    text = "All he said was “we will see” before he left the room."
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1
    speaker = quotes[0].speaker
    assert speaker is None or speaker.mention is None or speaker.mention.text.lower() != "all he"


@pytest.mark.parametrize("text, speaker", [
    ("“That is simply false,” Senator Marco Diaz shot back.", "Marco Diaz"),
    ("As Senator Ann Moore put it, “the talks are over.”", "Ann Moore"),
    ("“The way I see it,” Lena Fischer elaborated, “no one questioned his service.”", "Lena Fischer"),
    ("“We will fight on to the end,” Tom Ramos, 58, told reporters on Monday.", "Tom Ramos"),
    ("“We will fight on,” Anna Berg, a spokeswoman for the campaign, said on Monday.", "Anna Berg"),
])
def test_more_cue_shapes(nlp, registry, text, speaker):
    quotes = _quotes(text, nlp, registry)
    assert quotes and all(q.speaker is not None and q.speaker.name == speaker for q in quotes), quotes


def test_a_name_the_tagger_misreads_after_an_inverted_cue(nlp, registry):
    # "Skelly" ends in -ly: the tagger takes it for an adverb.
    text = "“Having access to the file is valuable,” said Skelly, explaining his work."
    quotes = _quotes(text, nlp, registry)
    assert quotes[0].speaker is not None and quotes[0].speaker.mention.text == "Skelly"


def test_a_reporting_verb_read_as_a_plural_noun_after_its_subject(nlp, registry):
    text = "“Family Medical Leave,” the document states, becomes available after a year of employment."
    quotes = _quotes(text, nlp, registry)
    assert quotes[0].speaker is not None and quotes[0].speaker.mention.text == "the document"
    assert quotes[0].cue is not None and quotes[0].cue.text == "states"


def test_a_speaker_phrase_with_a_preposition(nlp, registry):
    text = "“Welcome, Americans! Come and stay with us!” a message on the town website reads."
    quotes = _quotes(text, nlp, registry)
    assert quotes[0].speaker is not None and quotes[0].speaker.mention.text == "a message on the town website"


@pytest.mark.parametrize("text, mention", [
    ("“Great speech. She is ready.” — Senator Anna Berg, after the debate.", "Senator Anna Berg"),
    ("“Great speech. She is ready.” -Senator Anna Berg, after the debate.", "Senator Anna Berg"),
])
def test_a_dash_after_the_quote_signs_it(nlp, registry, text, mention):
    quotes = _quotes(text, nlp, registry)
    assert len(quotes) == 1 and quotes[0].speaker is not None and quotes[0].speaker.name == "Anna Berg"
    assert quotes[0].speaker.mention.text.endswith(mention)


def test_a_quote_with_no_cue_after_the_previous_quotes_own_clause_continues_it(nlp, registry):
    text = ("“There were no such calls from the network,” Fox News said in a statement.\n\n"
            "“In the course of those conversations, we acknowledged his concerns.”\n\n"
            "The network declined to comment further.")
    quotes = _quotes(text, nlp, registry)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Fox News", "Fox News"]


@pytest.mark.parametrize("text, work", [
    ("She hosts the podcast “With Her” every week.", True),
    ("He spoke on ABC’s “This Week” on Sunday.", True),
    ("On the network channel’s “Sunday Morning Futures,” the senator said more.", True),
    ("He is the host of “Real Time” on cable.", True),
    ("Trump promised to “Make America Great Again” in his speech.", False),  # a slogan someone says
    ("He called the plan “Dead on Arrival” on Monday.", False),
    ("She runs the podcast “why we lost” each week.", False),                # not in title case
    ("He was met with chants of “Ted! Ted! Ted!” at the rally.", False),      # chanted words
    ("His mispronunciations of “Hamas” drew laughs.", False),                # a word someone says
])
def test_a_title_case_name_after_a_work_noun_or_a_network_is_a_title(text, work):
    from statemint.extract.quotes import names_a_work
    from statemint.text.quotemarks import scan_quotes

    quote = scan_quotes(text)[0]
    assert names_a_work(text, quote, text[quote.start:quote.end]) is work


def test_who_was_asked_is_no_speaker_of_the_question(nlp, registry):
    # the passive names who was asked; the asker is not named (with "by X", X asks)
    from statemint.api import analyze
    text = ("In an interview with the magazine, the minister was asked, “Where is the most dangerous place you "
            "have been?” She laughed. Rubio was asked by the host, “Will you run again?” He smiled.")
    quotes = analyze(text, parties=registry, nlp=nlp).quotes
    first, second = quotes
    assert first.speaker is None
    assert second.speaker is not None and second.speaker.mention.text == "the host"


def test_a_document_that_reads_a_quotation_says_it(nlp, registry):
    # the tagger takes "the editorial read" for a noun phrase with "read" a noun
    from statemint.api import analyze
    text = "“If she wants to lead, she should come to the coast,” the editorial read."
    [quote] = analyze(text, parties=registry, nlp=nlp).quotes
    assert quote.cue is not None and quote.cue.text == "read"
    assert quote.speaker is not None and quote.speaker.mention.text == "the editorial"


@pytest.mark.parametrize("text, speaker", [
    ("The minister said in an interview that the council should “ignore” the critics who on Sunday called "
     "the plan reckless.", "The minister"),
    ("Maria Lopez, a teacher, said the summit was the “perfect opportunity” to call attention to poverty.",
     "Maria Lopez"),
])
def test_a_fragment_inside_a_reported_clause_is_the_reporters(nlp, registry, text, speaker):
    # not the phrase and verb after the fragment ("the critics who … called", "to call attention")
    from statemint.api import analyze
    [quote] = analyze(text, parties=registry, nlp=nlp).quotes
    assert quote.speaker is not None and quote.speaker.mention.text == speaker
