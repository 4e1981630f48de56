"""atheris fuzz target for the quotation-mark scanner (statemint.text.quotemarks).

Checks, on arbitrary text and on text built from quotation marks, apostrophes, line breaks and
unusual characters: no exception, spans in bounds, sorted and never overlapping, marks where the span
says they are, content trimmed, and the same answer twice. Run by hand (see the README):

    .venv/bin/python fuzz/fuzz_quotemarks.py -max_total_time=600 fuzz/corpus/quotemarks
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from statemint.text.quotemarks import QUOTE_CHARS, is_apostrophe, scan_quotes

# Characters that steer the scanner: every quote mark, apostrophe contexts, line breaks of all kinds,
# sentence ends, brackets and dashes, spaces of several widths, bidi and zero-width controls, emoji.
ALPHABET = (
    sorted(QUOTE_CHARS)
    + list("aZs n9 .!?,:;()[]-—–/")
    + ["\n", "\r", "\r\n", "\u2028", "\x0b", "\x85", "\t", "\u00a0", "\u3000", "。", "\u200b", "\u200f",
       "\u202e", "\ufeff", "😀", "Xi", "'n'", "'90s", "s'"]
)


def make_text(data: bytes) -> str:
    """The first byte picks how the rest becomes text: UTF-8, the steering alphabet, or any code points."""
    if not data:
        return ""
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        return rest.decode("utf-8", "replace")
    if mode == 1:
        return "".join(ALPHABET[byte % len(ALPHABET)] for byte in rest)
    return atheris.FuzzedDataProvider(rest).ConsumeUnicodeNoSurrogates(len(rest))


def check(text: str) -> None:
    spans = scan_quotes(text)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))
        assert span.start >= previous_end, ("overlap", span, previous_end)
        previous_end = span.end
        content = span.text_in(text)
        assert content == content.strip(), ("untrimmed", span)
        if span.open_mark is not None:
            assert span.open_mark < span.start and text[span.open_mark] in QUOTE_CHARS, span
        if span.close_mark is not None:
            assert span.close_mark >= span.end and text[span.close_mark] in QUOTE_CHARS, span
        assert span.recovered in (None, "unopened", "unclosed", "merged")
    assert scan_quotes(text) == spans, "not deterministic"
    for index in range(min(len(text), 200)):
        assert isinstance(is_apostrophe(text, index), bool)


def test_one_input(data: bytes) -> None:
    check(make_text(data))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
