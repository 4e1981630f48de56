"""The holder-to-target dependency path of the stance model's features, on hand-built parses (no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from statemint.stance.features import pair_path_features


def built(words, heads, deps, lemmas, pos):
    # a blank English vocab, so that lexical attributes (lower_) are set as in a real pipeline
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos)


def names(doc, holder: int, target: int) -> set[str]:
    return {feature.name for feature in pair_path_features(doc[holder], doc[target], {target}, {holder})}


def test_subject_and_object_of_one_verb():
    # France blamed Russia .
    doc = built(["France", "blamed", "Russia", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"],
                ["France", "blame", "Russia", "."], ["PROPN", "VERB", "PROPN", "PUNCT"])
    found = names(doc, 0, 2)
    assert "hp:nsubj|dobj" in found
    assert "hp:nsubj|dobj:blame" in found
    assert "hpl:blame" in found
    # the other direction reads the same verb from the object's side: who blames whom is kept
    assert "hp:dobj|nsubj:blame" in names(doc, 2, 0)


def test_a_preposition_s_object_is_named_by_the_preposition():
    # France stands with Ukraine .
    doc = built(["France", "stands", "with", "Ukraine", "."], [1, 1, 1, 2, 1], ["nsubj", "ROOT", "prep", "pobj", "punct"],
                ["France", "stand", "with", "Ukraine", "."], ["PROPN", "VERB", "ADP", "PROPN", "PUNCT"])
    assert "hp:nsubj|prepvp_with:stand" in names(doc, 0, 3)


def test_words_on_the_way_are_kept():
    # France accused Russia of attacking Ukraine .   (target Ukraine: France -> accuse -> of -> attacking -> Ukraine)
    words = ["France", "accused", "Russia", "of", "attacking", "Ukraine", "."]
    heads = [1, 1, 1, 1, 3, 4, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "pcomp", "dobj", "punct"]
    lemmas = ["France", "accuse", "Russia", "of", "attack", "Ukraine", "."]
    pos = ["PROPN", "VERB", "PROPN", "ADP", "VERB", "PROPN", "PUNCT"]
    doc = built(words, heads, deps, lemmas, pos)
    found = names(doc, 0, 5)
    assert "hp:nsubj|prepvpcompvdobj:accuse" in found
    assert any(name.startswith("hpw:accuse:") and "attack" in name for name in found)


def test_a_long_or_broken_path_is_one_feature():
    # two sentences: no common ancestor
    doc = built(["France", "spoke", ".", "Russia", "left", "."], [1, 1, 1, 4, 4, 4],
                ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
                ["France", "speak", ".", "Russia", "leave", "."], ["PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"])
    assert names(doc, 0, 3) == {"hp:none"}
