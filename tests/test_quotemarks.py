"""Quotation-mark scanning: pairing, apostrophes, recovery, speed and robustness (no model needed)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statemint.text.quotemarks import QUOTE_CHARS, QuoteSpan, is_apostrophe, scan_quotes

SEED_UNBALANCED = (
    "“China-Russia relations have become increasingly strong. The steady development of relations is "
    "conducive to peace, stability and prosperity in the region And in the world.” willing to work with "
    "Russia to remain a good neighbor and jointly pursue development and uphold justice in the world,” "
    "Xi said, according to the same writing."
)


def contents(text: str) -> list[str]:
    return [span.text_in(text) for span in scan_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # apostrophes and possessives are never quotes
        ("", []),
        ("“”", []),
        ("That's the conclusion of Russia's statement.", []),
        ("They don't know.", []),
        ("expanding their armies’ joint exercises", []),
        ("Xi’s first European tour", []),
        ("music of the '90s and ’80s", []),
        ("rock 'n' roll at 4 o'clock", []),
        ("the Joneses' house and the Smiths' car", []),
        ("Putin's visit, Xi's tour, NATO's expansion", []),
        ("a 21\" monitor and a 6' fence", []),
        ("Home » World » Asia", []),
        ("it is 'tis the season", []),
        # every style
        ("against “destructive and hostile American pressure.” That's it.",
         ["destructive and hostile American pressure."]),
        ('He said "yes" and then "no".', ["yes", "no"]),
        ('He said: "We will win."', ["We will win."]),
        ("Er sagte: „Wir kommen.“ Dann ging er.", ["Wir kommen."]),
        ("Powiedział „tak” wczoraj.", ["tak"]),
        ("‟Reversed” marks", ["Reversed"]),
        ("Putin hailed 'peace plan' presented by Beijing", ["peace plan"]),
        ("She said ‘no’ firmly.", ["no"]),
        ("‚Ja‘, sagte er.", ["Ja"]),
        ("Il a dit « nous sommes prêts » hier.", ["nous sommes prêts"]),
        ("Il a dit «\u00a0oui\u202f» hier.", ["oui"]),
        ("Er sagte »Ja« und ging.", ["Ja"]),
        ("Il a dit ‹ non › et ‹oui›.", ["non", "oui"]),
        ("他说「我们准备好了」。", ["我们准备好了"]),
        ("他说『好』。", ["好"]),
        ("Han sa ”ja” igår.", ["ja"]),
        # nesting: only the outermost span
        ("“He said ‘no’ to me,” she said.", ["He said ‘no’ to me,"]),
        ("“The so-called \"plan\" failed,” he said.", ["The so-called \"plan\" failed,"]),
        ("« Il a dit “non” hier », a-t-il dit.", ["Il a dit “non” hier"]),
        ("'He called it “fake” news,' she said.", ["He called it “fake” news,"]),
        ("„Er sagte ‚nein‘ dazu“, sagte sie.", ["Er sagte ‚nein‘ dazu"]),
        ("“Russia's role isn't clear,” he said.", ["Russia's role isn't clear,"]),
        ("“The armies’ drills,” he said, “are 'routine'.”", ["The armies’ drills,", "are 'routine'."]),
        # a single opener that never closes is not a quote
        ("the 'plan never came", []),
        ("It's 'the “big” one", ["big"]),
        # recovery
        (SEED_UNBALANCED, [SEED_UNBALANCED[1 : SEED_UNBALANCED.index("” Xi said")]]),
        ("He is willing to work with Russia,” Xi said.", ["He is willing to work with Russia,"]),
        ("Xi spoke. He is willing,” Xi said.", ["He is willing,"]),
        ("He said “we will never give up", ["we will never give up"]),
        ("He said “we will win  \n", ["we will win"]),
        ("He said “we will\nwin” today.", ["we will", "win"]),
        ("« Il a dit ” non », dit-il.", ["Il a dit ” non"]),
        # multi-paragraph quotes
        ("“First paragraph.\n\n“Second paragraph,” he said.", ["First paragraph.", "Second paragraph,"]),
        ("\"One.\r\n\"Two.\r\"Three,\" he said.", ["One.", "Two.", "Three,"]),
    ],
)
def test_scan_table(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_seed_unbalanced_is_one_merged_span() -> None:
    [span] = scan_quotes(SEED_UNBALANCED)
    assert span.open_mark == 0
    assert span.recovered == "merged"
    assert span.text_in(SEED_UNBALANCED).startswith("China-Russia")
    assert span.text_in(SEED_UNBALANCED).endswith("in the world,")
    assert SEED_UNBALANCED[span.close_mark] == "”"
    assert SEED_UNBALANCED[span.close_mark + 1 :].startswith(" Xi said")


def test_clean_pair_offsets() -> None:
    text = 'He said "yes".'
    assert scan_quotes(text) == [QuoteSpan(9, 12, 8, 12, None, False)]


def test_unopened_and_unclosed_are_marked() -> None:
    [unopened] = scan_quotes("Xi spoke. He is willing,” Xi said.")
    assert (unopened.open_mark, unopened.recovered) == (None, "unopened")
    [unclosed] = scan_quotes("He said “we will never give up  ")
    assert (unclosed.close_mark, unclosed.recovered) == (None, "unclosed")


def test_multi_paragraph_quote_continues() -> None:
    text = "He said:\n\n“First paragraph.\n\n“Second paragraph.\n“Third,” he said.\n\nAfter."
    first, second, third = scan_quotes(text)
    assert [first.continues, second.continues, third.continues] == [False, True, True]
    assert first.close_mark is None and second.close_mark is None
    assert first.recovered is None and second.recovered is None and third.recovered is None
    assert text[third.close_mark] == "”"


def test_is_apostrophe() -> None:
    text = "Russia's armies’ drills and 'peace plan' and the '90s; 'the plans' failed"
    assert is_apostrophe(text, text.index("'s"))
    assert is_apostrophe(text, text.index("’"))
    assert not is_apostrophe(text, text.index("'peace"))
    assert not is_apostrophe(text, text.index("' and"))
    assert is_apostrophe(text, text.index("'90s"))
    assert not is_apostrophe(text, text.index("s' failed") + 1)  # a single quote is open
    assert not is_apostrophe(text, 0)
    assert not is_apostrophe(text, -1)
    assert not is_apostrophe(text, len(text))


def test_large_inputs_stay_linear() -> None:
    # 34,000 repetitions of each pathological pattern (over 1 MB and 400,000 marks in all, 100,000 in
    # one text): a linear scan takes about a second, a quadratic one would take hours.
    size = 34_000
    inputs = [
        "“" * size,  # openers never closed
        "”" * size,  # closers never opened
        '"' * size,
        "'" * size,
        "« " * size,
        "a” " * size,  # every stray closer merges into the previous span
        "“a” b” " * size,
        "x” 5\" " * size,  # unopened spans, each searching back for its sentence start
        "'a " * size + "b'",  # single openers waiting for a closer
        "“a\n" * size,  # many paragraphs, each unclosed
        "word " * size * 4 + "word”",  # one long line, one stray closer at the end
        "Russia's armies' 'peace' " * (size // 4),
    ]
    started = time.perf_counter()
    for text in inputs:
        spans = scan_quotes(text)
        assert all(0 <= span.start <= span.end <= len(text) for span in spans)
    assert time.perf_counter() - started < 30


FRAGMENTS = [
    "a", "Z", "s", "n", "9", " ", "  ", ".", ",", "!", "?", "-", "—", "(", ")", ":",
    "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0",
    *sorted(QUOTE_CHARS),
    "Russia's", "armies’ ", "'90s", " 'n' ", "o'clock", "s' ", "«  ", "  »",
]
messy_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.characters()), max_size=80
).map("".join)


@settings(max_examples=300, deadline=None)
@given(messy_text)
def test_scan_properties(text: str) -> None:
    spans = scan_quotes(text)
    assert spans == scan_quotes(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        previous_end = span.end
        content = span.text_in(text)
        assert content == content.strip()
        assert not any(c in content for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        assert span.recovered in (None, "unopened", "unclosed", "merged")
        if span.open_mark is not None:
            assert 0 <= span.open_mark < span.start  # the content never starts with its opening mark
            assert text[span.open_mark] in QUOTE_CHARS
        if span.close_mark is not None:
            assert span.end <= span.close_mark < len(text)
            assert text[span.close_mark] in QUOTE_CHARS
    for index in range(len(text)):
        assert is_apostrophe(text, index) in (True, False)


def test_a_possessive_inside_a_two_apostrophe_quotation_does_not_close_it():
    # NYT writes quotation marks as two apostrophes; "Francis'" is a possessive, not the closing mark
    from statemint.text.quotemarks import scan_quotes
    text = "''Francis' walls are between north and south,'' Mr. Vian said. ''His reactions are moral.''"
    spans = [text[span.start:span.end] for span in scan_quotes(text)]
    assert spans == ["Francis' walls are between north and south,", "His reactions are moral."]
