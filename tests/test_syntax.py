"""Reading the dependency tree (extract.syntax) on hand-built Docs, no model: spaCy makes a new Token
object at each access, so a tree walk must compare positions, never identities."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from statemint.extract.syntax import governs
from statemint.extract.syntax import denied_above, is_root, subject_of


def _doc(words, heads, deps, pos=None):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos or ["X"] * len(words))


# "Officials said the talks failed": said is the root; failed hangs under it.
SAID = dict(words=["Officials", "said", "the", "talks", "failed"], heads=[1, 1, 3, 4, 1],
            deps=["nsubj", "ROOT", "det", "nsubj", "ccomp"], pos=["NOUN", "VERB", "DET", "NOUN", "VERB"])


def test_the_root_is_its_own_head_and_nothing_else_is():
    doc = _doc(**SAID)
    assert [is_root(token) for token in doc] == [False, True, False, False, False]
    assert doc[1].head is not doc[1]  # why `head is token` never worked


def test_a_reporting_verb_governs_the_words_below_it_only():
    doc = _doc(**SAID)
    assert governs(doc[1], doc[3])      # said -> failed -> talks
    assert governs(doc[4], doc[2])      # failed -> talks -> the
    assert not governs(doc[4], doc[0])  # Officials hangs on said, not on failed


def test_a_walk_up_stops_at_the_root():
    doc = _doc(words=["They", "did", "not", "say", "it"], heads=[3, 3, 3, 3, 3],
               deps=["nsubj", "aux", "neg", "ROOT", "dobj"], pos=["PRON", "AUX", "PART", "VERB", "PRON"])
    assert denied_above(doc[4])          # "it" under the negated root
    assert not denied_above(doc[3])      # the root itself has nothing above it
    assert subject_of(doc[3]).text == "They"
