"""Tests for statemint.extract.speakers on small parsed texts: person clusters, documents, the form of
a mention (shared by resolution and the selective parse) and resolution itself."""

from __future__ import annotations

import pytest

from statemint.extract.speakers import SpeakerIndex
from statemint.extract.speakers.classify import classify
from statemint.extract.speakers.lookups import PartyView


def _index(nlp, registry, text: str) -> SpeakerIndex:
    return SpeakerIndex(nlp(text), registry)


def _span(index: SpeakerIndex, phrase: str, occurrence: int = 0):
    text = index.doc.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return index.doc.char_span(start, start + len(phrase), alignment_mode="expand")


def test_variants_of_one_name_are_one_person(nlp, registry):
    index = _index(nlp, registry, "Russian President Vladimir Putin arrived in Beijing. Later, Vladimir Poutine "
                                  "and Putin's aides met Chinese officials.")
    putin = [cluster for cluster in index.persons if cluster.name == "Vladimir Putin"]
    assert len(putin) == 1 and putin[0].party == "RU"
    assert {"Vladimir Putin", "Vladimir Poutine"} <= set(putin[0].variants)
    assert len(putin[0].mentions) >= 3


@pytest.mark.parametrize("phrase, pronoun, looks_back", [
    ("he", "person", True), ("they", "plural", False), ("its", "neuter", False),
    ("the Chinese president", None, True), ("the American", None, True),
    ("a senior official", None, False), ("officials", None, False), ("Pakistan", None, False),
])
def test_the_form_of_a_mention(nlp, registry, phrase, pronoun, looks_back):
    doc = nlp(f"Yesterday {phrase} said that talks went well.")
    start = doc.text.index(phrase)
    form = classify(doc.char_span(start, start + len(phrase), alignment_mode="expand"), PartyView(registry))
    assert form.pronoun == pronoun
    assert form.looks_back is looks_back


def test_the_ministry_and_the_statement_forms(nlp, registry):
    doc = nlp("The ministry said so. The statement said more.")
    view = PartyView(registry)
    assert classify(doc[0:2], view).institution == "ministry"
    assert classify(doc[5:7], view).document and classify(doc[5:7], view).institution is None


def test_pronoun_and_role_resolve_to_the_person_named_before(nlp, registry):
    text = ("Chinese President Xi Jinping met Russian President Vladimir Putin. "
            "The Chinese president said ties were strong. He said more.")
    index = _index(nlp, registry, text)
    role = _span(index, "The Chinese president")
    assert index.resolve(role.start_char, role.end_char).name == "Xi Jinping"
    he = _span(index, "He")
    speaker = index.resolve(he.start_char, he.end_char)
    assert speaker is not None and speaker.kind == "person" and speaker.mention.text == "He"


def test_a_document_refers_back_and_fresh_forgets_what_resolution_met(nlp, registry):
    text = "Moscow and Beijing issued a 7,000-word joint statement. The letter reads: “We agree.”"
    index = _index(nlp, registry, text)
    letter = _span(index, "The letter")
    before = [(c.name, list(c.mentions)) for c in index.documents]
    speaker = index.resolve(letter.start_char, letter.end_char)
    assert speaker.kind == "document" and speaker.name == "the joint statement"
    twin = index.fresh()
    assert [(c.name, list(c.mentions)) for c in twin.documents] == before
    assert twin.resolve(letter.start_char, letter.end_char) == speaker


def test_group_of_coordinated_persons(nlp, registry):
    index = _index(nlp, registry, "Vladimir Putin and Xi Jinping condemned the deployments.")
    group = _span(index, "Vladimir Putin and Xi Jinping")
    speaker = index.resolve(group.start_char, group.end_char)
    assert speaker.kind == "group" and set(speaker.members) == {"Vladimir Putin", "Xi Jinping"}


def test_a_registry_error_is_not_swallowed(nlp):
    class Broken:
        def lookup(self, phrase, on=None):
            raise RuntimeError("registry bug")

        def leader(self, name, on=None):
            return None

        def get(self, party_id):
            return None

        def names_party(self, phrase, party):
            return False

    with pytest.raises(RuntimeError, match="registry bug"):
        SpeakerIndex(nlp("President Emmanuel Macron spoke."), Broken())


def test_a_time_place_or_abstraction_holds_no_statement(nlp, registry):
    # "History shows …" is the speaker's figure of speech; "This Hall saw many wars" is no one's statement;
    # a person named Hall still speaks
    from statemint.api import analyze
    text = ("We meet in the General Assembly Hall. This Hall saw many wars and many peace agreements. "
            "History shows that dialogue works. Sarah Hall said the vote was fair.")
    statements = analyze(text, parties=registry, nlp=nlp).statements
    holders = {s.cue.text: s.holder for s in statements if s.cue is not None}
    assert "saw" not in holders
    assert holders["shows"] is None
    assert holders["said"] is not None and holders["said"].name == "Sarah Hall"


def test_a_pronoun_passes_over_names_inside_quotations(nlp, registry):
    # "he" is the narrator's: the senator named before the quotation, not the minister named inside it.
    text = ("Senator Maria Lopez spoke after the vote. “Minister Pedro Alvarez is wrong, and we disagree.” "
            "Later he said the talks would go on.")
    index = _index(nlp, registry, text)
    assert {"Maria Lopez", "Pedro Alvarez"} <= {cluster.name for cluster in index.persons}
    he = text.index("he said")
    speaker = index.resolve(he, he + 2)
    assert speaker is not None and speaker.name == "Maria Lopez"


@pytest.mark.parametrize("text, phrase, name", [
    # a title joined by a hyphen is one title: no person "-General"
    ("Secretary-General António Guterres spoke at the United Nations. Later the Secretary-General said more.",
     "Secretary-General António Guterres", "António Guterres"),
    # the title alone names its one holder when the document names the organisation ...
    ("At the United Nations, the Secretary-General said the talks would go on.", "the Secretary-General",
     "António Guterres"),
    # ... but a holder the text names with the title comes first
    ("NATO met. Secretary-General Jens Stoltenberg arrived late. Then the Secretary-General said more.",
     "the Secretary-General", "Jens Stoltenberg"),
])
def test_a_title_names_its_holder(nlp, registry, text, phrase, name):
    index = _index(nlp, registry, text)
    span = _span(index, phrase)
    assert index.resolve(span.start_char, span.end_char).name == name


def test_a_title_of_another_body_or_a_state_is_no_registry_holder(nlp, registry):
    text = ("At the United Nations, the Secretary-General of NATO spoke. In London, the Foreign Secretary spoke "
            "to the General Assembly.")
    index = _index(nlp, registry, text)
    names = {cluster.name for cluster in index.persons}
    assert "António Guterres" not in names  # "… of NATO" is NATO's
    assert not names & {"Assembly", "-General"}  # "the General Assembly" is a body, not a person "Assembly"
    assert all(cluster.party != "GB" for cluster in index.persons)  # a state's title changes hands
