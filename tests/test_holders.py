"""Who can hold a view (extract.holders): a passive's "by" agent holds the statement only when it is a
name, a personal pronoun, a word for people, their bodies or documents, or a count of them. Sentences
written for these tests; expected holders by reading them."""

from __future__ import annotations

import pytest

from statemint.extract.holders import source_nouns
from tests.test_parts import _statements  # statements with their offsets checked


@pytest.mark.parametrize("text, cue", [
    ("Our commitment to peace must be supported by concrete actions.", "supported"),
    ("The region is characterized by violence and poverty.", "characterized"),
    ("Our weak health systems were exposed by the pandemic.", "exposed"),
    ("The reforms must be backed by swift and effective action.", "backed"),
])
def test_a_means_or_a_cause_holds_no_view(nlp, registry, text, cue):
    assert not [s for s in _statements(text, nlp, registry) if s.cue is not None and s.cue.text == cue]


@pytest.mark.parametrize("text, cue, holder", [
    ("The plan was criticized by Germany.", "criticized", "Germany"),
    ("The proposal was criticized by critics of the government.", "criticized", "critics of the government"),
    ("The candidate was endorsed by some of his rivals.", "endorsed", "some of his rivals"),
    ("The plan was endorsed by all of us.", "endorsed", "all of us"),
    ("The measure was rejected by 64 percent of the voters.", "rejected", "64 percent of the voters"),
    ("The tribunal was endorsed by a General Assembly resolution.", "endorsed", "a General Assembly resolution"),
])
def test_people_their_bodies_documents_and_counts_of_them_hold_views(nlp, registry, text, cue, holder):
    [found] = [s for s in _statements(text, nlp, registry) if s.cue is not None and s.cue.text == cue]
    assert found.holder is not None and found.holder.mention.text == holder


def test_the_learned_source_nouns_are_words_for_people_and_their_bodies():
    nouns = source_nouns()
    assert {"voter", "official", "critic", "campaign", "analyst", "supporter"} <= nouns
    assert not {"action", "pandemic", "violence", "irrigation"} & nouns
