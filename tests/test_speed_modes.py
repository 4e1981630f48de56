"""Selective parsing gives the same records as the full parse (statemint.pipeline.selection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from statemint.pipeline import selection as selective
from statemint.text import paragraphs
from statemint.api import analyze
from tests.test_wrapped import hard_wrap

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "tests" / "texts").glob("*.txt"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc-2023"
# Speeches with quotations, reported speech and a pronoun speaker ("He"), so the closure is exercised.
SPEECHES = ["AND_78_2023.txt", "ARM_78_2023.txt", "ARG_78_2023.txt", "PER_78_2023.txt", "USA_78_2023.txt"]


@pytest.fixture(autouse=True)
def _select_even_dense_texts(monkeypatch):
    """Short test texts are dense with quotes; selection would give up and parse them whole, which
    proves nothing about it. The identity tests select whatever the density."""
    monkeypatch.setattr(selective, "DENSE", 2.0)


def _records(text: str, nlp, registry, mode: str) -> dict:
    result = analyze(text, parties=registry, nlp=nlp, doc="d", parse_mode=mode).to_dict()
    return {"quotes": result["quotes"], "statements": result["statements"]}


def _stances(text: str, nlp, registry, mode: str, parties=None, holder=None) -> list:
    return analyze(text, parties=registry, nlp=nlp, doc="d", parse_mode=mode, with_stance=True,
                   party_filter=parties, holder=holder).to_dict()["stances"]


def _assert_stances_equal(text: str, nlp, registry) -> None:
    for parties, holder in ((None, None), (["US"], None), (["RU", "CN"], None), (None, "Writer")):
        full = _stances(text, nlp, registry, "full", parties, holder)
        assert _stances(text, nlp, registry, "stance", parties, holder) == full, (parties, holder)


@pytest.mark.parametrize("path", SEEDS + TEXTS, ids=lambda p: p.name)
def test_selective_equals_full_on_test_texts(path, nlp, registry):
    text = path.read_text(encoding="utf-8")
    full = _records(text, nlp, registry, "full")
    assert _records(text, nlp, registry, "quotes")["quotes"] == full["quotes"]
    assert _records(text, nlp, registry, "statements")["statements"] == full["statements"]
    _assert_stances_equal(text, nlp, registry)


@pytest.mark.parametrize("path", SEEDS + TEXTS[:4], ids=lambda p: p.name)
def test_selective_equals_full_on_wrapped_and_crlf_copies(path, nlp, registry):
    """The layout (text.wrapping) is read alike by the selection and the full parse."""
    text = hard_wrap(path.read_text(encoding="utf-8"))
    for variant in (text, text.replace("\n", "\r\n")):
        full = _records(variant, nlp, registry, "full")
        assert _records(variant, nlp, registry, "quotes")["quotes"] == full["quotes"]
        assert _records(variant, nlp, registry, "statements")["statements"] == full["statements"]
    _assert_stances_equal(text, nlp, registry)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the UNGDC corpus is not beside the repository")
@pytest.mark.parametrize("name", SPEECHES)
def test_selective_equals_full_on_speeches(name, nlp, registry):
    text = (CORPUS / name).read_text(encoding="utf-8")
    full = _records(text, nlp, registry, "full")
    assert _records(text, nlp, registry, "quotes")["quotes"] == full["quotes"]
    assert _records(text, nlp, registry, "statements")["statements"] == full["statements"]
    _assert_stances_equal(text, nlp, registry)


@pytest.mark.parametrize("headline", [
    "Guterres: Russia must withdraw its troops from Ukraine now",  # no reporting word on the line
    "Lavrov: Ukraine is a puppet of Western powers and a threat",
])
def test_selective_equals_full_on_a_headline_statement(headline, nlp, registry):
    """A first line "Name: what they say" is a statement (extract.context.headline_report) in every mode:
    the selection and the stance screening read it though it has no reporting word."""
    text = f"{headline}\n\nThe meeting lasted two hours in the capital.\n"
    full = _records(text, nlp, registry, "full")
    assert ":" in [s["cue"]["text"] for s in full["statements"] if s["cue"]]
    assert _records(text, nlp, registry, "statements")["statements"] == full["statements"]
    assert _stances(text, nlp, registry, "full", ["UA"])  # the headline carries a stance to test
    _assert_stances_equal(text, nlp, registry)
    for parties in (["UA"], ["UA", "RU"]):
        assert _stances(text, nlp, registry, "stance", parties) == _stances(text, nlp, registry, "full", parties)


@pytest.mark.parametrize("headline", [
    "Macron Says Russia Must Withdraw Its Troops From Ukraine",
    "Hillary Clinton Slams Russia Over Syria Bombing Campaign",
])
def test_selective_equals_full_on_a_headline_verb_statement(headline, nlp, registry):
    """A first line "Name Says …" has no lower-case reporting word: the stance selection reads it as the
    statement selection does (extract.context.opens_with_headline)."""
    text = f"{headline}\n\nThe meeting lasted two hours in the capital.\n"
    full = _stances(text, nlp, registry, "full", ["RU"])
    assert full and full[0]["cue"]["start"] < text.index("\n")  # the headline carries a stance to test
    assert _stances(text, nlp, registry, "stance", ["RU"]) == full
    _assert_stances_equal(text, nlp, registry)


def test_selective_equals_full_on_a_side_taken(nlp, registry):
    # "a fierce supporter of Israel" is a statement with no verb of saying (extract.parts._side_taken):
    # the statement selection reads the side nouns too
    text = ("The weather was cold in the capital.\n\nAdelson, a fierce supporter of Israel, arrived on Monday.\n\n"
            "The delegates ate lunch at noon.\n")
    full = _records(text, nlp, registry, "full")
    assert [s["cue"]["text"] for s in full["statements"]] == ["supporter"]
    assert _records(text, nlp, registry, "statements")["statements"] == full["statements"]


def test_stance_mode_parses_only_paragraphs_that_mention_the_party(nlp, registry):
    filler = "".join(f"delegates said that item {i} on development goals was adopted.\n" for i in range(12))
    text = filler + "Minister Ana Lopez said that Washington had betrayed its allies.\n" + filler
    doc = selective.parse_document(text, nlp, "stance", registry,
                                      scope=selective.StanceScope(frozenset({"US"}))).doc
    parsed = {token.sent.start_char for token in doc if token.pos_}
    assert parsed == {text.index("Minister Ana")}
    stances = _stances(text, nlp, registry, "stance", ["US"])
    assert [(s["party"], s["target"]["text"]) for s in stances] == [("US", "Washington")]
    assert stances == _stances(text, nlp, registry, "full", ["US"])


FILLER = "".join(f"Item {i} on the agenda concerned development finance and was adopted without a vote.\n"
                 for i in range(3))
# Stances toward the US that depend on a quotation which mentions no party (selective.Selector.
# scoped_quote_paragraphs keeps such quotations): a later quotation's speaker marks Macron as having
# spoken, which makes him the "He" before it; a quotation continued in the next paragraph lends it its
# speaker; an earlier quotation cites the statement the last sentence reports.
SCOPED_QUOTES = {
    "speaker-state": FILLER + "The delegation met Emmanuel Macron in Paris. It later met John Smith.\n"
    + "He said that Washington had betrayed its allies.\n" + FILLER
    + "“We will never give up,” the French president said.\n",
    "continued": FILLER + "“The United States betrayed us and our partners in every negotiation of the last decade.\n"
    + "“We will not forget it,” the minister, Ana Lopez, said.\n" + FILLER,
    "document": FILLER + "The joint statement was issued on Monday.\n" + "“We reject all sanctions,” the statement said.\n"
    + FILLER + "The statement also said that Washington must end its blockade.\n",
}


@pytest.mark.parametrize("name", SCOPED_QUOTES)
def test_stance_for_a_party_keeps_the_quotations_it_depends_on(name, nlp, registry):
    text = SCOPED_QUOTES[name]
    full = _stances(text, nlp, registry, "full", ["US"])
    assert [s["party"] for s in full] == ["US"]
    assert _stances(text, nlp, registry, "stance", ["US"]) == full


def test_the_scoped_texts_exercise_both_safeguards(nlp, registry, monkeypatch):
    """Without returning to every quotation when a speaker is read from the index's state, or without
    keeping the quotations that may join a kept one, the selection would change these records."""
    full = {name: _stances(text, nlp, registry, "full", ["US"]) for name, text in SCOPED_QUOTES.items()}
    with monkeypatch.context() as patch:
        patch.setattr(selective.Selector, "all_quote_paragraphs", lambda self: set())
        text = SCOPED_QUOTES["speaker-state"]
        assert _stances(text, nlp, registry, "stance", ["US"]) != full["speaker-state"]
    with monkeypatch.context() as patch:
        patch.setattr(selective, "may_join", lambda text, previous, current: False)
        text = SCOPED_QUOTES["continued"]
        assert _stances(text, nlp, registry, "stance", ["US"]) != full["continued"]


def test_dense_text_is_parsed_whole(nlp, registry, monkeypatch, seed_text):
    monkeypatch.setattr(selective, "DENSE", 0.6)
    doc = selective.parse(seed_text, nlp, "stance", registry)
    assert all(token.tag_ for token in doc)
    assert _stances(seed_text, nlp, registry, "stance") == _stances(seed_text, nlp, registry, "full")


def test_quote_free_text_is_not_parsed(nlp, registry):
    text = "The Assembly met today.\nMembers discussed the budget at length.\n"
    doc = selective.parse(text, nlp, "quotes", registry)
    assert doc.text == text
    assert not any(token.pos_ for token in doc)
    assert len(list(doc.sents)) == 2  # one flat tree per line


def test_selective_parses_only_around_quotes(nlp, registry):
    filler = "".join(f"the {i}th paragraph talks about development goals and climate finance.\n" for i in range(12))
    text = filler + "The minister said: “We will not give up.”\n" + filler
    doc = selective.parse(text, nlp, "quotes", registry)
    parsed = [token for token in doc if token.pos_]
    assert doc.text == text
    assert 0 < len(parsed) < len(doc) / 2


@pytest.mark.parametrize("text", ["", "one line", "a\n\nb\r\n\r\nc\n  d  \n", "\n\nstarts with breaks", "x.\n"])
def test_paragraph_bounds_tile_the_text(text):
    bounds = paragraphs.paragraph_bounds(text)
    assert "".join(text[start:end] for start, end in bounds) == text
    assert all(start < end for start, end in bounds) or text == ""


def test_paragraphs_end_at_sentence_ends_blank_lines_and_short_lines():
    wrapped = "The minister said that the talks, which began in Geneva last week, would\ncontinue in Vienna.\n"
    assert paragraphs.paragraph_bounds(wrapped) == [(0, len(wrapped))]  # a wrapped line runs on
    text = "Heading\nFirst sentence ends here.\nA line that stops without any punctuation at all\n\nNext one.\n"
    pieces = [text[start:end] for start, end in paragraphs.paragraph_bounds(text)]
    assert pieces == ["Heading\n", "First sentence ends here.\n",
                      "A line that stops without any punctuation at all\n\n", "Next one.\n"]


def test_long_paragraphs_are_parsed_in_pieces_with_exact_offsets(nlp, registry, monkeypatch, seed_text):
    whole = nlp(seed_text)
    monkeypatch.setattr(paragraphs, "LONG_LINE_PIECE", 300)
    assert max(end - start for start, end in paragraphs.paragraph_bounds(seed_text)) <= 300
    pieces = selective.parse(seed_text, nlp, "full", registry)
    assert pieces.text == seed_text
    assert [(t.idx, t.text) for t in pieces] == [(t.idx, t.text) for t in whole]
    assert len(list(pieces.sents)) > 10
    full = analyze(seed_text, parties=registry, nlp=nlp).to_dict()["quotes"]
    for quote in full:
        assert seed_text[quote["start"]:quote["end"]] == quote["text"]


def test_unknown_mode_is_refused(nlp):
    with pytest.raises(ValueError):
        selective.parse("text", nlp, "everything")


# Without a document holder, "we" speaks for nobody: the paragraphs whose only reported speech is the
# writer's own are tagged and parsed to see that (pipeline.screening), but get no entities and stay
# unparsed, unless a look-back needs them ("He" below reads the person the first paragraph names).
OWN_WORDS = ("We agree with John Smith that Russia must leave the occupied territories.\n"
             + FILLER + "He said that Russia had betrayed its allies.\n"
             + "We believe that Russia must end the war at once.\n")


def test_stance_without_a_holder_leaves_the_writer_s_own_statements_unparsed(nlp, registry, monkeypatch):
    from statemint.pipeline import assembly

    completed: list[str] = []
    recognize = assembly.recognize
    monkeypatch.setattr(assembly, "recognize", lambda nlp, docs: (completed.extend(d.text for d in docs),
                                                                  recognize(nlp, docs)))
    doc = selective.parse_document(OWN_WORDS, nlp, "stance", registry, scope=selective.StanceScope()).doc
    parsed = {token.sent.start_char for token in doc if token.pos_}
    assert OWN_WORDS.index("He said") in parsed and OWN_WORDS.index("We agree") in parsed
    assert OWN_WORDS.index("We believe") not in parsed
    assert completed == [OWN_WORDS[:OWN_WORDS.index("\n") + 1]]  # parsed once, its entities added later
    stances = _stances(OWN_WORDS, nlp, registry, "stance")
    assert [(s["holder"]["name"], s["party"]) for s in stances] == [("John Smith", "RU")]
    assert stances == _stances(OWN_WORDS, nlp, registry, "full")


def test_with_a_holder_the_writer_s_own_statements_are_parsed(nlp, registry):
    doc = selective.parse_document(OWN_WORDS, nlp, "stance", registry,
                                   scope=selective.StanceScope(narrative=True)).doc
    assert OWN_WORDS.index("We believe") in {token.sent.start_char for token in doc if token.pos_}
    assert _stances(OWN_WORDS, nlp, registry, "stance", holder="Writer") == \
        _stances(OWN_WORDS, nlp, registry, "full", holder="Writer")
