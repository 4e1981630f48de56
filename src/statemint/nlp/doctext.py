"""The text of a spaCy Doc, computed once.

`Doc.text` joins every token on each access, which made per-quote code quadratic on long speeches.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "statemint.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text
