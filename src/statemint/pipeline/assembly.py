"""Assembly: one Doc over the whole text, with the annotations of the paragraphs parsed so far (each
parsed on its own, exactly as a full parse parses it) and one flat tree per line elsewhere, so the
consumers find nothing in unparsed paragraphs.

A document of COMPACT_FROM characters or more is not tokenised outside the parsed paragraphs: there
each line becomes a few placeholder tokens of the line's length (`filler_words`), so memory follows the
parsed paragraphs rather than the text (a whole-text tokenisation of 25 MB held 2 GB), except in the
paragraphs `tokenised` names, which get the tokenizer's tokens without annotations (a quotation's kind
and attribution read the words around it even where nothing is parsed). Offsets, lines
and so sentences are the same as with real tokens; `doc.text` is not the text there, which is why
record texts come from `statemint.nlp.doctext.doc_text` (the text is kept in `user_data`)."""

from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

import numpy
from spacy.attrs import IDS, IDX
from spacy.language import Language
from spacy.tokens import Doc

from statemint.errors import StatemintError
from statemint.nlp.annotate import annotate, recognize
from statemint.nlp.doctext import LAYOUT_KEY, TEXT_KEY

_ATTRS: tuple[str, ...] = ("TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID")


COMPACT_FROM = 2_000_000  # characters: from this size unparsed paragraphs get placeholder tokens


REFUSED_TOKENS = 200_000  # tokens of refused paragraphs kept for a later add (with tok2vec rows, ~80 MB at most)


_NEWLINE_RUN = re.compile(r"\s*\n\s*")


_FILL_BITS = 12  # placeholder words are up to 4096 characters: one or two a line, at most 4096 strings in the vocab


@functools.lru_cache(maxsize=None)
def _run(char: str, length: int) -> str:
    return char * length


def _fill(char: str, length: int) -> list[str]:
    """Placeholder words of `length` characters in all, from a bounded set of strings (the vocab interns
    every word a Doc is built from; line texts would stay there for the life of the process)."""
    limit = 1 << _FILL_BITS
    words = [_run(char, limit)] * (length // limit)
    if length % limit:
        words.append(_run(char, length % limit))
    return words


def filler_words(text: str, start: int, end: int) -> list[str]:
    """Placeholder words for text[start:end]: each whitespace run holding a line break stays itself (a
    long one becomes spaces and one closing "\n": one token a line holds a break, as the tokenizer's one
    whitespace token, so lines and the flat trees built per line are the same), the rest is "x"."""
    words: list[str] = []
    position = start
    for match in _NEWLINE_RUN.finditer(text, start, end):
        if match.start() > position:
            words.extend(_fill("x", match.start() - position))
        run = match.group()
        words.extend([run] if len(run) <= 16 else [*_fill(" ", len(run) - 1), "\n"])
        position = match.end()
    if position < end:
        words.extend(_fill("x", end - position))
    return words


class Assembly:
    """The document's tokens with annotations copied from paragraph parses, built up in rounds."""

    def __init__(self, text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], original: str | None = None,
                 layout: str | None = None, tensor: bool = False, tokenised: set[int] | None = None):
        self.text, self.nlp, self.bounds, self.original = text, nlp, bounds, original
        self.layout = layout  # the original's layout (text.wrapping), which doc_layout reads
        # The tok2vec rows of parsed paragraphs (the stance model's dense features), kept only when asked:
        # 96 floats a token is 5 times what the annotations take.
        self.keep_tensor = tensor
        self.tensor: numpy.ndarray | None = None
        self.tokenised = tokenised or set()
        self.attrs = [IDS[name] for name in _ATTRS]
        self.column = {name: position for position, name in enumerate(_ATTRS)}
        self.parsed: set[int] = set()
        self.refused: dict[int, Doc] = {}  # paragraphs `keep` refused: parsed without entities (add)
        self.refused_tokens = 0
        self.compact = len(text) >= COMPACT_FROM
        # compact: paragraph -> (words, spaces, annotations, tok2vec rows or None) of its parse
        self.pieces: dict[int, tuple[list[str], list[bool], numpy.ndarray, numpy.ndarray | None]] = {}
        if self.compact:
            return
        self.base = nlp.tokenizer(text)  # not make_doc: its max_length guard is for the parser, not the tokenizer
        self.count = len(self.base)
        self.token_starts = self.base.to_array([IDX]).astype("int64")
        self.array = numpy.zeros((self.count, len(self.attrs)), dtype="uint64")
        self.kept = numpy.zeros(self.count, dtype=bool)

    def add(self, chosen: set[int], keep: Callable[[int, Doc], bool] | None = None) -> set[int]:
        """Parse the chosen paragraphs not parsed yet, each on its own, and keep their annotations.
        `keep(paragraph, piece)`, asked before entities are recognised (nlp.annotate), may refuse a
        paragraph: it stays unparsed, and its piece is kept (up to REFUSED_TOKENS) so that a later
        `add` only recognises its entities. Returns the paragraphs parsed now."""
        new = sorted(set(chosen) - self.parsed)
        fresh = [index for index in new if index not in self.refused]
        reused = [(index, self.refused[index]) for index in new if index in self.refused
                  and (keep is None or keep(index, self.refused[index]))]

        def wanted(position: int, piece: Doc) -> bool:
            if keep is None or keep(fresh[position], piece):
                return True
            if self.refused_tokens + len(piece) <= REFUSED_TOKENS:
                self.refused[fresh[position]] = piece
                self.refused_tokens += len(piece)
            return False

        for index, _ in reused:
            self.refused_tokens -= len(self.refused.pop(index))
        recognize(self.nlp, [piece for _, piece in reused])
        texts = (self.text[self.bounds[index][0]:self.bounds[index][1]] for index in fresh)
        parsed = zip(fresh, annotate(self.nlp, texts, batch_size=32, keep=wanted))
        done: set[int] = set()
        for index, piece in [*reused, *parsed]:
            if piece is not None:
                done.add(index)
                self.store(index, piece)
        return done

    def store(self, index: int, piece: Doc) -> None:
        """Keep the annotations (and tok2vec rows) of paragraph `index`, parsed on its own as `piece`."""
        self.parsed.add(index)
        if not len(piece):
            return
        bounds, text = self.bounds, self.text
        if self.compact:
            if piece.text != text[bounds[index][0]:bounds[index][1]]:
                raise StatemintError("internal error: a parsed paragraph does not hold the paragraph's text")
            rows = piece.tensor if self.keep_tensor and piece.tensor.ndim == 2 and len(piece.tensor) else None
            self.pieces[index] = ([t.text for t in piece], [bool(t.whitespace_) for t in piece],
                                  piece.to_array(self.attrs), rows)
            return
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
        if self.compact:
            base, array, kept, tensor = self._compact_layout()
        else:
            base, array, kept, tensor = self.base.copy(), self.array.copy(), self.kept, self.tensor
        self._flat_trees(array, kept, self._newline_tokens(base))
        base.from_array(self.attrs, array)
        if tensor is not None:
            base.tensor = tensor
        if self.original is not None or self.compact:
            # record texts come from it (statemint.nlp.doctext); compact Docs hold placeholders
            base.user_data[TEXT_KEY] = self.original if self.original is not None else self.text
        if self.layout is not None:
            base.user_data[LAYOUT_KEY] = self.layout
        return base

    def _newline_tokens(self, base: "Doc") -> numpy.ndarray:
        """Which tokens hold a line break (white space runs). Placeholders hold theirs in their words."""
        if self.compact:
            return numpy.fromiter(("\n" in token.text for token in base), dtype=bool, count=len(base))
        newline = numpy.zeros(len(base), dtype=bool)
        breaks = numpy.array([match.start() for match in re.finditer("\n", self.text)], dtype="int64")
        if len(breaks) and len(base):
            newline[self.token_starts.searchsorted(breaks, side="right") - 1] = True
        return newline

    def _compact_layout(self) -> tuple["Doc", numpy.ndarray, numpy.ndarray, numpy.ndarray | None]:
        """The parsed paragraphs' tokens, annotations (and tok2vec rows), placeholder words between them."""
        words: list[str] = []
        spaces: list[bool] = []
        parsed: list[tuple[int, numpy.ndarray, numpy.ndarray | None]] = []  # (first token, annotations, rows)
        for index, (start, end) in enumerate(self.bounds):
            piece = self.pieces.get(index)
            if piece is not None:
                parsed.append((len(words), piece[2], piece[3]))
                words.extend(piece[0])
                spaces.extend(piece[1])
            elif index in self.tokenised:
                tokens = self.nlp.tokenizer(self.text[start:end])
                words.extend(t.text for t in tokens)
                spaces.extend(bool(t.whitespace_) for t in tokens)
            else:
                found = filler_words(self.text, start, end)
                words.extend(found)
                spaces.extend([False] * len(found))
        base = Doc(self.nlp.vocab, words=words, spaces=spaces)
        array = numpy.zeros((len(words), len(self.attrs)), dtype="uint64")
        kept = numpy.zeros(len(words), dtype=bool)
        widths = {rows.shape[1] for _, _, rows in parsed if rows is not None}
        tensor = numpy.zeros((len(words), widths.pop()), dtype="float32") if len(widths) == 1 else None
        for offset, values, rows in parsed:
            array[offset:offset + len(values)] = values
            kept[offset:offset + len(values)] = True
            if tensor is not None and rows is not None:
                tensor[offset:offset + len(rows)] = rows
        return base, array, kept, tensor

    def _flat_trees(self, array: numpy.ndarray, kept: numpy.ndarray, newline: numpy.ndarray) -> None:
        """One flat tree per line over the tokens not kept (written into `array`)."""
        loose = ~kept
        if not loose.any():
            return
        positions = numpy.arange(len(kept))
        # A flat tree starts at a loose token after a kept one, after a line break, or at the start.
        previous_kept = numpy.concatenate(([True], kept[:-1]))
        previous_newline = numpy.concatenate(([True], newline[:-1]))
        starts = loose & (previous_kept | previous_newline)
        roots = numpy.maximum.accumulate(numpy.where(starts, positions, 0))
        signed = array.view("int64")  # HEAD holds signed offsets, stored as uint64
        signed[loose, self.column["HEAD"]] = (roots - positions)[loose]
        array[loose, self.column["DEP"]] = self.nlp.vocab.strings.add("dep")
        array[starts, self.column["DEP"]] = self.nlp.vocab.strings.add("ROOT")
        array[loose, self.column["ENT_IOB"]] = 2  # O: outside any entity


def assemble(text: str, nlp: "Language", bounds: Sequence[tuple[int, int]], chosen: set[int],
              original: str | None = None, layout: str | None = None, tensor: bool = False) -> "Doc":
    assembly = Assembly(text, nlp, bounds, original, layout=layout, tensor=tensor)
    assembly.add(chosen)
    return assembly.doc()
