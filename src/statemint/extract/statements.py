"""Segment a document into statements: direct and partial quotations with their reporting clause,
reported (indirect) speech, and, on request, narrative sentences nobody is reported to say.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Callable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from statemint.nlp.doctext import doc_layout, doc_text
from statemint.extract.syntax import is_question, is_root, noun_phrase, subject_of
from statemint.extract.content import quoted_phrases, reported_content
from statemint.extract.context import headline_report, opens_with_headline
from statemint.extract.cues import CueLexicon, load_cues
from statemint.extract.assessments import ASSESSMENT_LEMMAS, HEARSAY_ADVERBS
from statemint.extract.parts import SIDE_NOUNS, load_frames, part_drafts, token_at
from statemint.extract.reporting import HOLDER_WORDS, reported_clause
from statemint.records import Mention, Quote, Speaker, Statement, mention_at
from statemint.extract.speakers import SpeakerIndex
from statemint.vocabulary import EVIDENCE_NOUNS, NOUN_DETERMINERS
from statemint.text.quotemarks import QUOTE_CHARS

LETTER_WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word of raw text that may be a reporting verb
WORD = re.compile(r"\w")


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The stretch without surrounding white space, judged on the parsed tokens (a blanked date stamp is
    white space to the parser, though the record's text comes from the original)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    words = [token for token in span if not token.is_space] if span is not None else []
    if not words:
        return start, start
    text = doc_text(doc)
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def indirect_cue(sentence: Span, lexicon: CueLexicon) -> tuple[Token, Span | None] | None:
    """The reporting verb of a sentence of reported speech and its subject, if it is one. A sentence
    that opens with "According to X," is X's, whatever verbs its clauses have ("…, a decision which
    shows that …")."""
    opening = [token for token in sentence[:3] if not token.is_space and not token.is_punct]
    if len(opening) >= 2 and opening[0].lower_ == "according" and opening[1].lower_ == "to":
        found = _according_to(sentence)
        if found is not None:
            return found
    found: list[tuple[int, int, Token, Span]] = []
    for token in sentence:
        if reported_clause(token, lexicon):
            subject = subject_of(token)
            if subject is not None and len(subject):
                found.append((_depth(token), token.i, token, subject))
    according = _according_to(sentence) or _in_poll(sentence)
    if found:  # the cue highest in the tree: "X hopes [voters will see she wants …]" is X's
        depth, _, verb, subject = min(found, key=lambda item: item[:2])
        # "Clinton did well among voters who believe …, according to exit polls": the polls' sentence
        if according is None or depth <= _depth(according[0]):
            return verb, subject
    return according


def _depth(token: Token) -> int:
    """How many heads lie between the token and its sentence's root."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _according_to(sentence: Span) -> tuple[Token, Span | None] | None:
    for position, token in enumerate(sentence[:-2]):
        if token.lower_ == "according" and sentence[position + 1].lower_ == "to":
            target = sentence[position + 2]
            head = target.head if target.dep_ != "pobj" and target.head.dep_ == "pobj" else target
            if head.lemma_.lower() in EVIDENCE_NOUNS:  # "according to data from Beijing customs services"
                producer = [grandchild for child in head.children if child.dep_ == "prep" and child.lower_ in {"from", "by"}
                            for grandchild in child.children if grandchild.dep_ == "pobj"]
                if producer:
                    head = producer[0]
            return token, noun_phrase(head)
    return None


POLL_NOUNS = frozenset({"poll", "survey"})


def _in_poll(sentence: Span) -> tuple[Token, Span] | None:
    """"In a Des Moines Register poll last month, Mr. Cruz had a 10-point lead", "Trump has a decisive
    lead in the polls": what a poll finds is the poll's statement, its cue the "in" (as PolNeAR marks it)."""
    for token in sentence:
        if token.lower_ == "in" and token.dep_ == "prep" and token.head.pos_ in {"VERB", "AUX"} \
                and not any(word.is_alpha for word in sentence.doc[sentence.start:token.i]):
            polls = [child for child in token.children if child.dep_ == "pobj" and child.lemma_.lower() in POLL_NOUNS]
            if polls:
                return token, noun_phrase(polls[0])
    return None


# The raw-text side of the reporting-cue rules (`may_report`): "according to", "in … poll(s)", "reportedly".
PHRASE_CUES = re.compile(r"\baccording\s+to\b|\bin\s+(?:\S+\s+){0,8}?(?:polls?|surveys?)\b|\b(?:"
                          + "|".join(sorted(HEARSAY_ADVERBS)) + r")\b", re.IGNORECASE)
PREVIOUS_WORD = re.compile(r"(?<![\w’'-])([^\W\d_][\w’'-]*)\s+$")


@functools.lru_cache(maxsize=1)
def _indirect_lemmas() -> frozenset[str]:
    return frozenset(load_cues().indirect)


@functools.lru_cache(maxsize=8)
def _verb_tables(nlp: Language, pos: str = "verb") -> tuple[dict, list]:
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        exceptions = dict(lookups.get_table("lemma_exc").get(pos, {}))
        rules = list(lookups.get_table("lemma_rules").get(pos, []))
    except KeyError:  # a pipeline without a rule lemmatizer (or its tables): English suffix rules
        exceptions = {}
        rules = [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]]
    return exceptions, rules


def could_be_form_of(word: str, lemmas: frozenset[str], nlp: Language, cache: dict[str, bool], pos: str = "verb") -> bool:
    """Could the lemmatizer give this word one of `lemmas` as a `pos` ("verb", "noun")? A superset of its
    rules for that part of speech. `cache` remembers words, so it must serve one set of lemmas only."""
    known = cache.get(word)
    if known is not None:
        return known
    exceptions, rules = _verb_tables(nlp, pos)
    found = word in lemmas or any(lemma in lemmas for lemma in exceptions.get(word, ()))
    if not found:
        for old, new in rules:
            if word.endswith(old) and word[: len(word) - len(old)] + new in lemmas:
                found = True
                break
    cache[word] = found
    return found


def may_report(paragraph: str, nlp: Language, cache: dict[str, bool]) -> bool:
    """Could a sentence of this raw, unparsed paragraph be reported speech? A superset of `indirect_cue`
    for the selective parse (statemint.pipeline): a lower-case word that may be a form of a reporting
    verb and does not follow a determiner (`noun_by_form`), or "according to". `cache` remembers
    words across paragraphs."""
    return bool(PHRASE_CUES.search(paragraph)) or may_hold_verb(paragraph, _indirect_lemmas(), nlp, cache)


def may_state(paragraph: str, nlp: Language, *caches: dict[str, bool]) -> bool:
    """Could a sentence of this raw paragraph be a statement or hold a part (`may_report`, `may_hold_part`)?
    `may_hold_part` reads every reporting verb `may_report` reads, so only "according to" is added here."""
    return bool(PHRASE_CUES.search(paragraph)) or may_hold_part(paragraph, nlp, *caches)


def statement_paragraphs(text: str, paragraphs: list[str], chosen: set[int], nlp: Language) -> set[int]:
    """The paragraphs beside `chosen` that may hold a statement: a reporting word (`may_state`), and the
    first when the text opens with "Lynch: No outside influence on …" (extract.context.headline_report)."""
    caches: tuple[dict[str, bool], ...] = ({}, {}, {})
    found = {index for index, paragraph in enumerate(paragraphs)
             if index not in chosen and may_state(paragraph, nlp, *caches)}
    return found | ({0} if paragraphs and opens_with_headline(text) else set())


@functools.lru_cache(maxsize=1)
def _part_lemmas() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    f = load_frames()
    return frozenset(f.verbs) | _indirect_lemmas() | ASSESSMENT_LEMMAS, frozenset(f.nouns) | SIDE_NOUNS, frozenset(f.adjectives)


def may_hold_part(paragraph: str, nlp: Language, verbs: dict[str, bool], nouns: dict[str, bool],
                  adjectives: dict[str, bool]) -> bool:
    """Could a sentence of this raw paragraph hold a part (`sentence_parts`)? A superset for the selective parse:
    a word that may be a form of a reporting or learned verb (`may_hold_verb`), noun or adjective (lower-cased)."""
    verb_lemmas, noun_lemmas, adjective_lemmas = _part_lemmas()
    if may_hold_verb(paragraph, verb_lemmas, nlp, verbs):
        return True
    for match in LETTER_WORD.finditer(paragraph):
        word = match.group().lower()
        if any(could_be_form_of(part, noun_lemmas, nlp, nouns, "noun") or
               could_be_form_of(part, adjective_lemmas, nlp, adjectives, "adj") for part in {word, *re.split(r"[-’']", word)}):
            return True
    return False


def may_hold_verb(paragraph: str, lemmas: frozenset[str], nlp: Language, cache: dict[str, bool]) -> bool:
    """Could this raw paragraph hold a verb of `lemmas` that `noun_by_form` lets through: a lower-case word
    that may be one of their forms, not right after a determiner? `cache` serves these lemmas only."""
    for match in LETTER_WORD.finditer(paragraph):
        word = match.group()
        # Tokens split at hyphens and apostrophes ("re-affirmed"), so each part is checked too.
        for part in {word, *re.split(r"[-’']", word)}:
            if not part.islower() or not could_be_form_of(part, lemmas, nlp, cache):
                continue
            if part == word:
                previous = PREVIOUS_WORD.search(paragraph, max(0, match.start() - 40), match.start())
                if previous is not None and previous.group(1).lower() in NOUN_DETERMINERS:
                    continue
            return True
    return False


def _own_clause(doc: Doc, verb: Token, sentence: Span) -> tuple[int, int] | None:
    """The stretch of a reporting verb's own clause when the sentence's main clause is the narrator's
    ("In his speeches, Xi does not mention …, while Putin revealed that …": Putin's statement is the
    'while' clause, not what the narrator says of Xi); None when the cue's clause is the sentence's."""
    head = verb.head
    if verb.dep_ not in {"advcl", "conj"} or head.i == verb.i or not any(
            child.dep_ in {"nsubj", "nsubjpass"} for child in head.children):
        return None
    if not any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None  # "X said A and added B": the same subject holds both
    first = verb.left_edge.i
    while first < verb.i and (doc[first].dep_ in {"mark", "cc", "punct"} or doc[first].is_space):
        first += 1
    return _trimmed(doc, doc[first].idx, doc[verb.right_edge.i].idx + len(doc[verb.right_edge.i]))


def _union(first: tuple[int, int] | None, second: tuple[int, int] | None) -> tuple[int, int] | None:
    if first is None or second is None:
        return first or second
    return min(first[0], second[0]), max(first[1], second[1])


def quoted_content(doc: Doc, quotes: Sequence[Quote], cue: Mention | None, kind: str) -> tuple[int, int] | None:
    """What a quoted statement reports: its quotations, first to last ("“X,” he said, “Y.”" is one
    content); for a partial quotation, also the rest of the clause its cue verb governs ("described
    the demonstrations as “very peaceful”"), else each quotation with the noun phrase it heads."""
    content = (min(q.start for q in quotes), max(q.end for q in quotes))
    spans = [(quote.start, quote.end) for quote in quotes]
    if kind != "partial":
        return content
    if cue is None:
        return quoted_phrases(doc, spans)
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return quoted_phrases(doc, spans)
    verb = span[0]
    clause = reported_content(verb, verb.sent)
    if clause is None:
        return quoted_phrases(doc, spans)
    if clause[0] <= content[0] < clause[1]:
        # the quotations of the clause only: a later one in a report of its own ("said that Trump
        # represents “New York values,” stating that they are “socially liberal”") is that report's
        inside = [quote for quote in quotes if quote.start < clause[1]]
        return _union(clause, (content[0], max(quote.end for quote in inside)))
    quoted = doc.char_span(content[0], content[1], alignment_mode="expand")
    if clause[1] <= content[0] and quoted is not None and len(quoted) and _as_phrase_of(verb, quoted[0]):
        return _union(clause, content)  # "described the demonstrations as largely “very peaceful”"
    return quoted_phrases(doc, spans)


def _as_phrase_of(verb: Token, token: Token) -> bool:
    """Is `token` in an "as" phrase of the verb ("described the demonstrations as largely “…”"), where
    the object and the phrase are one content? (Not the hearer of "told the crowd “…”".)"""
    current = token
    for _ in range(6):
        if is_root(current) or current.head.i == verb.i:
            return current.dep_ == "prep" and current.lower_ == "as"
        current = current.head
    return False


def _second_report(doc: Doc, first: tuple, second: tuple) -> int | None:
    """Where a second utterance of one sentence with a cue of its own begins ("said the system was
    “corrupt,” [noting that it is “very strange …”]", "said Weaver, [who said there are “no secrets”]"):
    the first token of its cue's clause, after the first utterance's content; None when the two share
    a cue or the clause does not come after the first's words (then they are one statement)."""
    first_cue, second_cue = first[4], second[4]
    if not (first[5] and second[5] and first[6] and second[6]) or first_cue is None or second_cue is None \
            or first_cue.start == second_cue.start:
        return None
    span = doc.char_span(second_cue.start, second_cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    boundary = doc[span[0].left_edge.i].idx
    # The first's content may run over the second cue when the parse hangs it on the wrong verb ("said
    # there were “no grounds” …, and dismissed …", `dismissed` a conjunct of `were`); one holder says both.
    misparsed = first[6][0] < boundary < first[6][1] and first[3] is not None and first[3] == second[3]
    if not (first[6][1] <= boundary or misparsed) or boundary > second[6][0] or boundary <= first[0]:
        return None
    return boundary


def _before_boundary(doc: Doc, start: int, boundary: int) -> tuple[int, int]:
    """The stretch from `start` to `boundary` without the conjunction and punctuation that join it to
    what follows ("… “a bright, charismatic leader” [but] described …")."""
    span = doc.char_span(start, boundary, alignment_mode="contract")
    tokens = list(span) if span is not None else []
    while tokens and (tokens[-1].is_punct and not any(char in QUOTE_CHARS for char in tokens[-1].text)
                      or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens.pop()
    return _trimmed(doc, start, tokens[-1].idx + len(tokens[-1])) if tokens else _trimmed(doc, start, boundary)


def _merged(doc: Doc, drafts: list) -> list:
    """Drafts in text order with those of one stretch merged: two utterances of one sentence ("noted
    that “…,” adding “…”") are one statement, unless the second has a cue of its own after the first's
    words (`_second_report`): then each is the part of the sentence up to the other."""
    merged: list = []
    stretches: list[tuple[int, int]] = []  # the stretch each merged draft had before a split
    for draft in drafts:
        same = bool(merged) and stretches[-1] == draft[:2]
        if same and (boundary := _second_report(doc, merged[-1], draft)) is not None:
            previous = merged[-1]
            stretch = _before_boundary(doc, previous[0], boundary)
            content = (previous[6][0], min(previous[6][1], stretch[1]))
            merged[-1] = stretch + previous[2:6] + (content,) + previous[7:]
            merged.append(_trimmed(doc, boundary, draft[1]) + draft[2:])
            stretches.append(draft[:2])
        elif same:
            previous = merged[-1]
            merged[-1] = previous[:5] + (previous[5] + draft[5], _union(previous[6], draft[6])) + previous[7:]
        else:
            merged.append(draft)
            stretches.append(draft[:2])
    return merged


def _turn_at(pieces: Sequence[Quote], piece_starts: list[int], offset: int) -> Quote | None:
    """The transcript turn paragraph that holds `offset`, if any (pieces in text order, with their starts)."""
    position = bisect.bisect_right(piece_starts, offset) - 1
    return pieces[position] if position >= 0 and offset < pieces[position].end else None


def _paragraphs_apart(doc: Doc, earlier: int, later: int) -> bool:
    """Does a paragraph break lie between these offsets (in the layout: a wrap break is none), other
    than after a colon that introduces what follows ("Benito Juarez:¶“Among individuals …”")?"""
    gap = doc_layout(doc)[earlier:later]
    return "\n" in gap and not gap.rstrip(" \n“\"‘'«").endswith(":")


def _headline_draft(sentence: Span, start: int, speakers: SpeakerIndex) -> tuple | None:
    """The draft, from `start`, of "Lynch: No outside influence on FBI probe" opening a document
    (extract.context.headline_report)."""
    headline = headline_report(sentence)
    if headline is None:
        return None
    name, said, content = headline
    cue = mention_at(doc_text(sentence.doc), said.idx, said.idx + len(said))
    return (start, content[1], "indirect", speakers.resolve(name.start_char, name.end_char), cue, (), content, False)


def _utterance_draft(doc: Doc, sentences: list[Span], sentence_index: Callable[[int], int], group: list[Quote],
                     spoken: list[Quote]) -> tuple[int, int, tuple]:
    """The draft of one utterance's statement, with the first and last sentence it covers: the sentences
    of its quotations, of its cue and of the speaker's mention (not a turn's speaker named paragraphs
    before: extract.dialogue)."""
    offsets = [q.start for q in spoken] + [q.end - 1 if q.end > q.start else q.start for q in spoken]
    first = next((q for q in spoken if q.cue), spoken[0])
    if first.cue:
        offsets += [first.cue.start]
    if first.speaker and first.speaker.mention and (first.cue or not _paragraphs_apart(
            doc, first.speaker.mention.end, min(q.start for q in spoken))):
        offsets += [first.speaker.mention.start]
    low = min(sentence_index(o) for o in offsets)
    high = max(sentence_index(o) for o in offsets)
    start, end = _trimmed(doc, sentences[low].start_char, sentences[high].end_char)
    kind = "direct" if any(q.kind == "direct" for q in spoken) else "partial"
    content = quoted_content(doc, spoken, first.cue, kind)
    cue = first.cue
    if low == 0 and (headline := headline_report(sentences[0])) is not None \
            and (cue is None or cue.start == headline[1].idx) \
            and all(headline[2][0] <= q.start and q.end <= headline[2][1] for q in spoken):
        # "Joe Scarborough: Donald Trump Playing Dumb About The KKK Is ‘Disqualifying.’", "Glenn Beck Says
        # Trump, ‘Alt Right’ Pose A Threat …": the name says all of the line after the cue, its quoted
        # words among them
        _, said, content = headline
        cue = mention_at(doc_text(doc), said.idx, said.idx + len(said))
    return low, high, (start, end, kind, first.speaker, cue, tuple(q.id for q in group), content, False)


def build_statements(doc: Doc, quotes: Sequence[Quote], speakers: SpeakerIndex, lexicon: CueLexicon,
                     holder: Speaker | None = None, include_narrative: bool = False,
                     doc_id: str | None = None) -> list[Statement]:
    """Statements in text order, each with the id "s<start>-<end>": unique in the document (statements
    with the same stretch are merged) and the same in every command and with every option (ordinal
    numbers would shift when --all adds narrative statements or a stance run looks at fewer)."""
    sentences = list(doc.sents)
    starts = [sentence.start_char for sentence in sentences]

    def sentence_index(offset: int) -> int:  # the last sentence starting at or before `offset`
        return max(0, bisect.bisect_right(starts, offset) - 1)

    drafts: list[tuple[int, int, str, Speaker | None, object, tuple[str, ...], tuple[int, int] | None, bool]] = []
    covered: set[int] = set()
    taken: set[int] = set()  # tokens of the cues the sentences' statements keep: no part of their own
    quote_cues: dict[int, list[tuple[int, int]]] = {}  # the cue tokens of quotations -> their utterance's quotes
    utterances: dict[str, list[Quote]] = {}
    pieces = [quote for quote in quotes if quote.kind == "turn"]  # a transcript's turns (text.transcripts)
    piece_starts = [piece.start for piece in pieces]
    for quote in quotes:
        if quote.kind != "turn":
            utterances.setdefault(quote.utterance, []).append(quote)
    for group in utterances.values():
        spoken = [q for q in group if q.kind != "scare" or q.speaker is not None]
        if not spoken:
            continue
        low, high, draft = _utterance_draft(doc, sentences, sentence_index, group, spoken)
        covered.update(range(low, high + 1))
        drafts.append(draft)
        for quote in spoken:
            if quote.cue:
                quote_cues.setdefault(token_at(doc, quote.cue), []).extend((q.start, q.end) for q in spoken)
    for index, sentence in enumerate(sentences):
        if index in covered:
            continue
        start, end = _trimmed(doc, sentence.start_char, sentence.end_char)
        if start == end:
            continue
        turn = _turn_at(pieces, piece_starts, end - 1)  # a transcript turn's speaker says its sentences
        if turn is not None and start < turn.start:
            start = turn.start  # the label is no part of what is said ("MR MILLER: Good afternoon.")
        speaking = turn.speaker if turn is not None else holder
        # A line statemint.pipeline.selection did not parse has no tags: no reporting verb to find there.
        found = indirect_cue(sentence, lexicon) if sentence[0].tag_ else None
        if found is not None:
            verb, subject = found
            start, end = _own_clause(doc, verb, sentence) or (start, end)
            speaker = speakers.resolve(subject.start_char, subject.end_char) if subject is not None else None
            if speaker is not None and speaker.mention is not None and (
                    speaker.mention.text.lower() in HOLDER_WORDS
                    or speaker.mention.text.lower() == "you" and is_question(sentence)):
                speaker = speaking  # "Do you think …?" is the asker's question, not the hearer's view
            cue = mention_at(doc_text(doc), verb.idx, verb.idx + len(verb))
            if verb.lower_ == "according" and verb.i + 1 < len(doc):
                cue = mention_at(doc_text(doc), verb.idx, doc[verb.i + 1].idx + len(doc[verb.i + 1]))
            drafts.append((start, end, "indirect", speaker or speaking, cue, (), reported_content(verb, sentence), False))
            taken.add(verb.i)
        elif turn is None and sentence[0].tag_ and (headline := _headline_draft(sentence, start, speakers)):
            drafts.append(headline)
        elif turn is not None and WORD.search(doc_text(doc), start, end):  # not a stray closing mark
            drafts.append((start, end, "direct", turn.speaker, None, (turn.id,), (start, end), False))
        elif include_narrative:
            drafts.append((start, end, "narrative", holder, None, (), None, False))
    drafts += part_drafts(doc, sentences, quotes, speakers, lexicon, holder, taken, quote_cues, drafts)
    drafts = _merged(doc, sorted(drafts, key=lambda draft: (draft[0], draft[1])))
    return [
        Statement(id=f"s{start}-{end}", kind=kind, text=doc_text(doc)[start:end], start=start, end=end,
                  holder=speaker, cue=cue, quotes=quote_ids, doc=doc_id,  # type: ignore[arg-type]
                  content=mention_at(doc_text(doc), *content) if content else None, part=part)
        for start, end, kind, speaker, cue, quote_ids, content, part in drafts
    ]
