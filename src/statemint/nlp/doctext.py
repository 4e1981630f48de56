"""The text of a spaCy Doc, computed once, and its layout (hard-wrap line breaks read as spaces).

`Doc.text` joins every token on each access, which made per-quote code quadratic on long speeches.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

TEXT_KEY = "statemint.text"
LAYOUT_KEY = "statemint.layout"


def doc_text(doc: Doc) -> str:
    """The text records quote: the original document (set by pipeline.assembly), else the Doc's text."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def doc_layout(doc: Doc) -> str:
    """The original as layout decisions and names read it (`text.wrapping.layout_text`: a hard-wrap line
    break is a space there, so "Vassily\\nNebenzia" is one name and a wrapped quotation stays on its line).
    Same length as `doc_text`: offsets into one are offsets into the other."""
    layout = doc.user_data.get(LAYOUT_KEY)
    return layout if layout is not None else doc_text(doc)


def span_text(span: Span) -> str:
    """A span's text as the original writes it, for a record's `text` (`span.text` is the parser's copy,
    where a hard-wrap line break is a space and a date stamp is blanked)."""
    return doc_text(span.doc)[span.start_char:span.end_char]
