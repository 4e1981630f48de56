"""Assembly: one Doc over the whole text, with the annotations of the paragraphs parsed so far (each
parsed on its own, exactly as a full parse parses it) and one flat tree per line elsewhere, so the
consumers find nothing in unparsed paragraphs."""

from __future__ import annotations

import re
from typing import Sequence

import numpy
from spacy.attrs import IDS, IDX
from spacy.language import Language
from spacy.tokens import Doc

from statemint.errors import StatemintError
from statemint.nlp.annotate import annotate
from statemint.nlp.doctext import LAYOUT_KEY, TEXT_KEY

_ATTRS: tuple[str, ...] = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID")


class Assembly:
    """The document's tokens with annotations copied from paragraph parses, built up in rounds."""

    def __init__(self, text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], original: str | None = None,
                 layout: str | None = None, tensor: bool = False):
        self.text, self.nlp, self.bounds, self.original = text, nlp, bounds, original
        self.layout = layout  # the original's layout (text.wrapping), which doc_layout reads
        # The tok2vec rows of parsed paragraphs (the stance model's dense features), kept only when asked:
        # 96 floats a token is 5 times what the annotations take.
        self.keep_tensor = tensor
        self.tensor: numpy.ndarray | None = None
        self.base = nlp.tokenizer(text)  # not make_doc: its max_length guard is for the parser, not the tokenizer
        self.count = len(self.base)
        self.token_starts = self.base.to_array([IDX]).astype("int64")
        self.newline = numpy.zeros(self.count, dtype=bool)  # tokens holding a line break (white space runs)
        breaks = numpy.array([match.start() for match in re.finditer("\n", text)], dtype="int64")
        if len(breaks):
            self.newline[self.token_starts.searchsorted(breaks, side="right") - 1] = True
        self.attrs = [IDS[name] for name in _ATTRS]
        self.column = {name: position for position, name in enumerate(_ATTRS)}
        self.array = numpy.zeros((self.count, len(self.attrs)), dtype="uint64")
        self.kept = numpy.zeros(self.count, dtype=bool)
        self.parsed: set[int] = set()

    def add(self, chosen: set[int]) -> None:
        """Parse the chosen paragraphs not parsed yet, each on its own, and keep their annotations."""
        new = sorted(set(chosen) - self.parsed)
        if not new:
            return
        self.parsed.update(new)
        bounds, text = self.bounds, self.text
        texts = (text[bounds[index][0]:bounds[index][1]] for index in new)
        for index, piece in zip(new, annotate(self.nlp, texts, batch_size=32)):
            if not len(piece):
                continue
            offset = int(self.token_starts.searchsorted(bounds[index][0]))
            end = offset + len(piece)
            if (end > self.count or self.token_starts[offset] != bounds[index][0]
                    or self.base[end - 1].text != piece[-1].text):
                raise StatemintError("internal error: a parsed paragraph does not align with the document's tokens")
            self.array[offset:end] = piece.to_array(self.attrs)
            self.kept[offset:end] = True
            if self.keep_tensor:
                self.keep_rows(offset, piece.tensor)

    def keep_rows(self, offset: int, rows: numpy.ndarray) -> None:
        """A paragraph's tok2vec rows at its tokens' place (a pipeline without a per-token tensor keeps none)."""
        if rows.ndim != 2 or not len(rows):
            return
        if self.tensor is None:
            self.tensor = numpy.zeros((self.count, rows.shape[1]), dtype=rows.dtype)
        if rows.shape[1] == self.tensor.shape[1]:
            self.tensor[offset:offset + len(rows)] = rows

    def doc(self) -> "Doc":
        """A Doc over the whole text: kept annotations, and one flat tree per line elsewhere."""
        nlp = self.nlp
        array = self.array.copy()
        loose = ~self.kept
        if loose.any():
            positions = numpy.arange(self.count)
            # A flat tree starts at a loose token after a kept one, after a line break, or at the start.
            previous_kept = numpy.concatenate(([True], self.kept[:-1]))
            previous_newline = numpy.concatenate(([True], self.newline[:-1]))
            starts = loose & (previous_kept | previous_newline)
            roots = numpy.maximum.accumulate(numpy.where(starts, positions, 0))
            signed = array.view("int64")  # HEAD holds signed offsets, stored as uint64
            signed[loose, self.column["HEAD"]] = (roots - positions)[loose]
            array[loose, self.column["DEP"]] = nlp.vocab.strings.add("dep")
            array[starts, self.column["DEP"]] = nlp.vocab.strings.add("ROOT")
            array[loose, self.column["ENT_IOB"]] = 2  # O: outside any entity
        base = self.base.copy()
        base.from_array(self.attrs, array)
        if self.tensor is not None:
            base.tensor = self.tensor
        if self.original is not None:
            base.user_data[TEXT_KEY] = self.original  # record texts come from it (statemint.nlp.doctext)
        if self.layout is not None:
            base.user_data[LAYOUT_KEY] = self.layout
        return base


def assemble(text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], chosen: set[int],
              original: str | None = None, layout: str | None = None, tensor: bool = False) -> "Doc":
    assembly = Assembly(text, nlp, bounds, original, layout, tensor)
    assembly.add(chosen)
    return assembly.doc()


