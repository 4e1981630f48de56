"""Run the statistical pipeline over paragraphs, cheaper than `nlp.pipe` and with the same annotations
statemint reads.

Profiling the packaged en_core_web_sm on UN speeches showed where a parse goes: about half in the
entity recogniser, a fifth in the attribute ruler and the rule lemmatizer, which run a matcher of 179
patterns and a Python function over every token although their result depends on a handful of the
token's own attributes. `annotate()` therefore runs spaCy's tok2vec, tagger and parser as they are and
then, when the pipeline has the standard layout (…, attribute_ruler, lemmatizer, ner):

- the attribute ruler and the lemmatizer through exact caches (`CachedAttributeRuler`,
  `CachedLemmatizer`): the same values spaCy's components give, looked up by the attributes those
  values are a function of, and computed by the components themselves on a miss;
- the entity recogniser only on runs of sentences that hold a proper noun. statemint reads entities for
  one thing, PERSON names (extract.speakers.names). On a quarter of the UNGDC 2023 speeches, sentences
  without a proper noun held 40% of the tokens and four PERSON entities, all false ("COVID-19"); on
  1,547 paragraphs (a third of the speeches, the test texts, the seed) the change touched 27 PERSON
  entities, none of them a person ("Azerbaijan", "Goals" dropped; "Antigua" added).
  This is a choice about what the pipeline computes, made in every parse mode, so `--full-parse` and
  the selective modes still agree record for record.

Any other pipeline (`--model`) runs through `nlp.pipe` unchanged.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

CACHE_LIMIT = 500_000   # entries per cache; cleared when full so a huge corpus stays in bounded memory
SUFFIX = ("attribute_ruler", "lemmatizer", "ner")  # the components annotate() runs itself, in this order


Keep = Callable[[int, "Doc"], bool]  # annotate(keep=...): does the text at this position get its entities?


class CachedAttributeRuler:
    """spaCy's AttributeRuler, answered from a cache where its result is a function of the token alone.

    A single-token pattern matches on the token's own attributes (the ones its patterns test), so what
    the ruler writes on a token is a function of those attributes and of what the token held before.
    The cache key is exactly that, with the token's text reduced to "one of the words a pattern names,
    or none of them" (all other words behave alike). A token that a multi-token pattern writes to ("is"
    in "there is") gets the ruler's own matches applied by the ruler; a document with a key not seen
    yet goes through the ruler whole.
    """

    TEXT_ATTRS = {"LOWER", "ORTH", "NORM"}
    OUTPUT = ("TAG", "POS", "MORPH", "LEMMA", "DEP")  # what the ruler may write

    def __init__(self, ruler: Any, nlp: "Language"):
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.cache: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.multi = Matcher(nlp.vocab)
        tested: set[str] = set()
        words: dict[str, set[str]] = {}
        self.patterns: dict[str, list[re.Pattern[str]]] = {}  # regexes over a text attribute
        self.distinct: dict[tuple[str, int], bool] = {}
        self.usable = True
        need_names: list[str] = []  # attributes the multi-token patterns test with literal values
        self.needs: list[list[tuple[int, Any]]] = []  # per multi-token pattern: (column, accepted values)
        for number, entry in enumerate(ruler.patterns):
            if not set(entry["attrs"]) <= set(self.OUTPUT):
                self.usable = False  # it writes something the cache does not carry
            for pattern in entry["patterns"]:
                if len(pattern) > 1:
                    self.multi.add(str(number), [pattern])  # the ruler's own key for the entry
                    self.needs.append(_literal_needs(pattern, need_names, nlp))
                    continue
                for attr, value in pattern[0].items():
                    attr = _attr_name(attr)
                    tested.add(attr)
                    if attr not in IDS or attr == "OP" or attr.startswith("_"):
                        self.usable = False  # a test the key cannot see
                    elif attr in self.TEXT_ATTRS:
                        if not _literal(value) and not _regex(value):
                            self.usable = False  # a test the reduced text cannot answer
                        words.setdefault(attr, set()).update(_literal_words(value))
                        if _regex(value):
                            self.patterns.setdefault(attr, []).append(re.compile(value["REGEX"]))
        self.text_attrs = sorted(tested & self.TEXT_ATTRS)
        self.other_attrs = sorted(tested - self.TEXT_ATTRS - set(self.OUTPUT))
        self.words = {attr: {nlp.vocab.strings.add(word) for word in found} for attr, found in words.items()}
        self.key_ids = [IDS[name] for name in (*self.OUTPUT, *self.other_attrs, *self.text_attrs)]
        self.output_ids = [IDS[name] for name in self.OUTPUT]
        self.need_attrs = [IDS[name] for name in need_names]

    def _distinct(self, attr: str, value: int, strings: Any) -> bool:
        """Is this text one a pattern can tell apart (a word it names, or one its regex matches)?"""
        known = self.distinct.get((attr, value))
        if known is None:
            known = value in self.words.get(attr, ()) or any(
                pattern.search(strings[value]) for pattern in self.patterns.get(attr, ()))
            if len(self.distinct) > CACHE_LIMIT:
                self.distinct.clear()
            self.distinct[(attr, value)] = known
        return known

    def _multi_possible(self, doc: "Doc") -> bool:
        """Can a multi-token pattern match here? Each needs, at every position with a literal test
        ({"LOWER": "gon"}, {"DEP": "expl"}), some token of the document that passes it."""
        if not self.needs:
            return False
        columns = doc.to_array(self.need_attrs).astype("uint64").reshape(len(doc), -1) if self.need_attrs else None
        for needs in self.needs:
            if all(numpy.isin(columns[:, column], values).any() for column, values in needs):  # type: ignore[index]
                return True
        return False

    def __call__(self, doc: "Doc") -> "Doc":
        if not self.usable or not len(doc):
            return self.ruler(doc)
        keys = doc.to_array(self.key_ids).astype("uint64")
        first_text = len(self.OUTPUT) + len(self.other_attrs)
        for column, attr in enumerate(self.text_attrs, start=first_text):
            values, inverse = numpy.unique(keys[:, column], return_inverse=True)
            kept = numpy.array([self._distinct(attr, int(value), doc.vocab.strings) for value in values.tolist()])
            keys[~kept[inverse.reshape(-1)], column] = 0
        rows = [tuple(row) for row in keys.tolist()]
        strings = doc.vocab.strings
        # (attribute id, key, start, end) as AttributeRuler.match gives them, for multi-token matches.
        multi = [(int(strings[key]), key, start, end) for key, start, end in self.multi(doc, allow_missing=True)] \
            if self._multi_possible(doc) else []
        targets = {self._target(start, end, attr_id) for attr_id, _, start, end in multi}
        cache = self.cache
        if any(row not in cache for position, row in enumerate(rows) if position not in targets):
            self.ruler(doc)
            if len(cache) > CACHE_LIMIT:
                cache.clear()
            for position, (row, value) in enumerate(zip(rows, doc.to_array(self.output_ids).tolist())):
                if position not in targets:
                    cache[row] = tuple(value)
            return doc
        if targets:
            # A token a multi-token pattern writes to: the ruler's own matches on it, applied by the ruler
            # in its order (the single-token ones are found on the token alone; spans count from it).
            matches = list(multi)
            for position in targets:
                matches.extend((int(strings[key]), key, position + start, position + end)
                               for key, start, end in self.ruler.matcher(doc[position:position + 1], allow_missing=True))
            matches.sort()
            self.ruler.set_annotations(doc, matches)
        values = doc.to_array(self.output_ids).astype("uint64")
        for position, row in enumerate(rows):
            if position not in targets:
                values[position] = cache[row]
        doc.from_array(self.output_ids, values)
        return doc

    def _target(self, start: int, end: int, attr_id: int) -> int:
        """The token a match writes to: `index` counts from the start, or from the end when negative."""
        index = self.ruler.indices[attr_id]
        return start + index if index >= 0 else end + index


def _attr_name(attr: str) -> str:
    """A pattern key as spaCy's attribute name ("TEXT" is ORTH)."""
    return "ORTH" if attr.upper() == "TEXT" else attr.upper()


def _literal_needs(pattern: list[dict], names: list[str], nlp: "Language") -> list[tuple[int, Any]]:
    """The literal tests a document must pass somewhere for a multi-token pattern to match: (column in
    the array of the attributes `names`, which grows as new ones appear; accepted values). Other tests
    (regexes, NOT_IN, flags) are left to the matcher."""
    from spacy.attrs import IDS

    needs = []
    for token in pattern:
        for attr, value in token.items():
            attr = _attr_name(attr)
            words = _literal_words(value) if (isinstance(value, str) or (
                isinstance(value, dict) and set(value) == {"IN"})) else set()
            if not words or attr not in IDS or attr == "OP":
                continue
            if attr not in names:
                names.append(attr)
            values = numpy.array([nlp.vocab.strings.add(word) for word in words], dtype="uint64")
            needs.append((names.index(attr), values))
    return needs


def _literal_words(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {word for key in ("IN", "NOT_IN") for word in value.get(key, ()) if isinstance(word, str)}
    return set()


def _regex(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str)


def _literal(value: Any) -> bool:
    """A test against literal words only: "word", {"IN": [...]}, {"NOT_IN": [...]}."""
    return isinstance(value, str) or (isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"})


class CachedLemmatizer:
    """spaCy's rule or lookup Lemmatizer, its answers cached by (text, POS, morphology).

    The lemma it gives a token is a function of exactly those (`rule_lemmatize` reads the text, the
    POS and, through `is_base_form`, the morphology), but spaCy caches only some of its paths and walks
    every token in Python. Tokens that already have a lemma (set by the attribute ruler) keep it, as
    with spaCy's `overwrite=False`.
    """

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        # `rule_lemmatize` asks `form in index` of word lists up to 57,528 long (0.7 ms a token);
        # the same words as a set answer the same membership question at once.
        try:
            index = lemmatizer.lookups.get_table("lemma_index")
        except (AttributeError, KeyError):
            index = None
        if index is not None:
            for key, words in list(index.items()):
                if isinstance(words, list):
                    index[key] = frozenset(words)

    def __call__(self, doc: "Doc") -> "Doc":
        if getattr(self.lemmatizer, "overwrite", False) or not len(doc):
            return self.lemmatizer(doc)
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        strings = doc.vocab.strings
        cache = self.cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        lemmas = []
        for position, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = cache.get(key, 0)
                if lemma == 0:
                    lemma = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[position])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


class ProperNounRecognizer:
    """spaCy's EntityRecognizer run only on the runs of consecutive sentences that hold a proper noun;
    every other token is outside any entity (see the module docstring for why)."""

    def __init__(self, ner: Any):
        self.ner = ner

    def annotate(self, docs: list["Doc"]) -> None:
        from spacy.tokens import Span

        whole: list["Doc"] = []
        pieces: list[tuple["Doc", int, "Doc"]] = []
        for doc in docs:
            runs = _proper_noun_runs(doc)
            if runs == [(0, len(doc))]:
                whole.append(doc)
            else:
                pieces.extend((doc, start, doc[start:end].as_doc()) for start, end in runs)
        for _ in self.ner.pipe(whole + [piece for _, _, piece in pieces], batch_size=max(1, len(docs))):
            pass
        complete = {id(doc) for doc in whole}
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs if id(doc) not in complete}
        for doc, start, piece in pieces:
            found[id(doc)].extend(Span(doc, start + ent.start, start + ent.end, label=ent.label) for ent in piece.ents)
        for doc in docs:
            if id(doc) in found:
                doc.set_ents(found[id(doc)], default="outside")


def _proper_noun_runs(doc: "Doc") -> list[tuple[int, int]]:
    """Token ranges of the maximal runs of consecutive sentences with a PROPN token."""
    from spacy.attrs import POS, SENT_START
    from spacy.symbols import PROPN

    if not len(doc):
        return []
    columns = doc.to_array([POS, SENT_START]).astype("int64")
    starts = numpy.flatnonzero(columns[:, 1] == 1)
    if not len(starts) or starts[0] != 0:
        starts = numpy.concatenate(([0], starts))
    bounds = numpy.append(starts, len(doc))
    proper = numpy.add.reduceat(columns[:, 0] == PROPN, starts) > 0
    runs: list[tuple[int, int]] = []
    for number in numpy.flatnonzero(proper).tolist():
        start, end = int(bounds[number]), int(bounds[number + 1])
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


class Annotator:
    """The pipeline's components in the order annotate() runs them (see the module docstring)."""

    def __init__(self, nlp: "Language"):
        from spacy.pipeline import AttributeRuler, EntityRecognizer, Lemmatizer

        self.nlp = nlp
        names = list(nlp.pipe_names)
        components = dict(nlp.pipeline)
        standard = (tuple(names[-3:]) == SUFFIX
                    and isinstance(components["attribute_ruler"], AttributeRuler)
                    and isinstance(components["lemmatizer"], Lemmatizer)
                    and isinstance(components["ner"], EntityRecognizer)
                    and "parser" in names
                    and not _listens(nlp, "ner"))
        self.disabled = list(SUFFIX) if standard else []
        if standard:
            self.ruler = CachedAttributeRuler(components["attribute_ruler"], nlp)
            self.lemmatizer = CachedLemmatizer(components["lemmatizer"])
            self.recognizer = ProperNounRecognizer(components["ner"])

    def pipe(self, texts: Iterable[str], batch_size: int = 32, keep: Keep | None = None) -> Iterator["Doc | None"]:
        """Each text's Doc; with `keep`, None for the texts it refuses (see `annotate`)."""
        docs = self.nlp.pipe(texts, batch_size=batch_size, disable=self.disabled)
        if not self.disabled:
            for position, doc in enumerate(docs):
                yield doc if keep is None or keep(position, doc) else None
            return
        from spacy.util import minibatch

        position = 0
        for batch in minibatch(docs, batch_size):
            for doc in batch:
                self.ruler(doc)
                self.lemmatizer(doc)
            kept = [keep is None or keep(position + offset, doc) for offset, doc in enumerate(batch)]
            position += len(batch)
            self.recognizer.annotate([doc for doc, wanted in zip(batch, kept) if wanted])
            yield from (doc if wanted else None for doc, wanted in zip(batch, kept))

    def recognize(self, docs: list["Doc"], batch_size: int = 32) -> None:
        """The entities of Docs that `pipe`'s `keep` refused, in place (the other pipelines' Docs have theirs)."""
        if not self.disabled:
            return
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            self.recognizer.annotate(batch)


def _listens(nlp: "Language", name: str) -> bool:
    """Does component `name` read a shared tok2vec? Then it must see the documents tok2vec saw."""
    for _, component in nlp.pipeline:
        if name in getattr(component, "listening_components", ()):
            return True
    return False


@functools.lru_cache(maxsize=4)
def annotator(nlp: "Language") -> Annotator:
    return Annotator(nlp)


def annotate(nlp: "Language", texts: Iterable[str], batch_size: int = 32, keep: Keep | None = None) -> Iterator["Doc | None"]:
    """The pipeline's annotations of each text, in order (see the module docstring).

    `keep(position, doc)` is asked about each text (its position in `texts`) once it is tagged, parsed and
    lemmatised but before the entity recogniser, about half of the cost, runs on it: a text it refuses
    comes back as None. The entities of the texts it keeps are those of a run without it."""
    return annotator(nlp).pipe(texts, batch_size, keep)


def recognize(nlp: "Language", docs: list["Doc"]) -> None:
    """Complete, in place, Docs that `annotate`'s `keep` refused: their entities as `annotate` gives them."""
    annotator(nlp).recognize(docs)
