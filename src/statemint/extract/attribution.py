"""Find, for each quotation, its reporting cue and the mention of who said it.

Surface patterns around the closing and opening marks come first ("…,” X said", "…,” said X",
"X said: “…"), because machine-translated news often defeats the parser there; dependency rules
(subject of the governing reporting verb) handle partial quotes inside the reporter's sentence.
The result names *mentions* only; `extract.speakers` turns them into canonical speakers. Phrases and
cue words by their surface form are extract.phrases'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy
from spacy.tokens import Doc, Token

from statemint.nlp.doctext import doc_layout, doc_text

from statemint.extract.context import (governing_subject, headline_speaker, introducing_subject, labelled_speaker,
                                      never_speaks, person_before_colon, previous_sentence_subject)
from statemint.extract.cues import CueLexicon
from statemint.extract.dialogue import stands_alone
from statemint.extract.phrases import (SENTENCE_END, abbreviation_period, appositive_end, capitalised_name,
                                       according_source, cue_after_phrase, cue_by_position, is_cue, long_appositive_end,
                                       source_phrase, surface_subject, take_noun_phrase)
from statemint.extract.nesting import outer_reporter, own_nearest_cue, share_closing_report
from statemint.extract.syntax import addressed_passive, governs, is_root, noun_phrase, subject_of
from statemint.vocabulary import CITED_DOCUMENT_NOUNS, ROLE_NOUNS
from statemint.text.quotemarks import QuoteSpan
from statemint.text.dashes import DASH_CHARS, DASHES

LEFT_CONTEXT_LIMIT = 200  # tokens; a reporting clause is never further back than this
INTRO_WORDS = {"that", "this", "these", "those", "it"}
PHRASE_PREPOSITIONS = {"on", "in", "at", "from", "with"}  # inside a speaker phrase: "a message on the website"
# Words that open a phrase after a quote without naming who said it ("…”, something officials deny").
NOT_SPEAKER_STARTS = {"something", "which", "what", "that", "this", "nothing", "everything", "where", "when",
                      "while", "as", "but", "and", "so", "then", "who"}


# Marks that end a quoted clause ("“…,” X said"): a fragment without one sits inside the sentence.
CLAUSE_END_MARKS = frozenset({",", ".", "!", "?", "…", ";", ":"})
GOVERNED_CONFIDENCE = 0.9  # `_before` with a cue that governs the quotation


@dataclass(frozen=True)
class Attribution:
    """Where a quote's attribution rests: character offsets, or None when nothing was found."""

    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None       # the speaker mention as written (may cross a bad sentence break)
    name: tuple[int, int] | None          # a proper name that completes a role mention ("… the American. Joe Biden.")
    method: str                           # after | after-inverted | before | according-to | context |
                                          # after-dash | headline | governing | introduced | previous-sentence |
                                          # previous-paragraph | alternation | none
    confidence: float
    label_cue: bool = False               # the cue names a term ("what they call"), a sign of scare quotes


NO_ATTRIBUTION = Attribution(None, None, None, "none", 0.0)


def _is_space(token: Token) -> bool:
    return token.is_space or not token.text.strip()


def _paragraph_break(token: Token) -> bool:
    return token.is_space and "\n" in token.text


def token_quote_index(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[int]:
    """For every token, the index of the quote whose marks or content it lies in, else -1.

    A token belongs to a quote when it overlaps the range from its opening mark (or start) to its
    closing mark (or end); quotes come in text order and do not overlap, so a later quote claims
    the tokens it shares with an earlier one."""
    from spacy.attrs import IDX, LENGTH

    owner = numpy.full(len(doc), -1, dtype="int64")
    if not quotes or not len(doc):
        return owner.tolist()
    columns = doc.to_array([IDX, LENGTH]).astype("int64")
    token_starts, token_ends = columns[:, 0], columns[:, 0] + columns[:, 1]
    for index, quote in enumerate(quotes):
        first, last = quote.with_marks()
        low = int(numpy.searchsorted(token_ends, first, side="right"))  # the first token ending after `first`
        high = int(numpy.searchsorted(token_starts, last, side="left"))  # tokens starting before `last`
        owner[low:high] = index
    return owner.tolist()


def right_context(doc: Doc, owner: list[int], index: int, after: int) -> list[Token]:
    """Tokens from `after` to the end of the sentence, stopping at another quote or a paragraph break."""
    tokens: list[Token] = []
    for token in doc[after:]:
        if owner[token.i] not in (-1, index) or _paragraph_break(token):
            break
        if owner[token.i] == index:
            continue
        if _is_space(token):
            continue
        tokens.append(token)
        if token.text in SENTENCE_END and not abbreviation_period(token):
            break
    return tokens


def left_context(doc: Doc, owner: list[int], index: int, before: int) -> list[Token]:
    """Tokens before `before` back to the sentence start or a paragraph break, in text order.

    Other quotes in the same sentence are stepped over (their words are not context, and a full stop
    inside them ends nothing), so "saying it is “…” and that the “…” is" still reaches "saying".
    """
    tokens: list[Token] = []
    cursor = before - 1
    while cursor >= 0 and before - cursor <= LEFT_CONTEXT_LIMIT:  # bounded: thousands of quotes stay linear
        token = doc[cursor]
        if _paragraph_break(token):
            break
        if owner[cursor] == -1 and token.text in SENTENCE_END:
            break
        if owner[cursor] == -1 and not _is_space(token):
            tokens.append(token)
        cursor -= 1
    tokens.reverse()
    return tokens


def _skip_adverbs(tokens: Sequence[Token], position: int) -> int:
    while position < len(tokens) and (tokens[position].pos_ in {"ADV", "AUX", "PART"}
                                      and tokens[position].lower_ not in {"according"}):
        position += 1
    return position


def _span(tokens: Sequence[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _name_after_break(doc: Doc, last: Token) -> tuple[int, int] | None:
    """A bare proper name standing as its own sentence right after `last` ("… the American. Joe Biden.")."""
    cursor = last.i + 1
    if cursor < len(doc) and doc[cursor].text == ".":
        cursor += 1
    while cursor < len(doc) and doc[cursor].is_space and "\n" not in doc[cursor].text:
        cursor += 1
    names: list[Token] = []
    while cursor < len(doc) and doc[cursor].pos_ == "PROPN" or (
            cursor < len(doc) and names and doc[cursor].text in {"-", "von", "der", "de", "al", "bin"}):
        names.append(doc[cursor])
        cursor += 1
    if not names or len(names) > 4 or not names[0].text[:1].isupper():
        return None
    if cursor < len(doc) and doc[cursor].text not in {".", "\n", "\n\n"} and not doc[cursor].is_space:
        return None
    return _span(names)


def _after(doc: Doc, tokens: list[Token], lexicon: CueLexicon) -> Attribution | None:
    """Attribution after the closing mark: “…,” X said | “…,” said X | “…,” according to X."""
    position = 0
    while position < len(tokens) and tokens[position].pos_ == "PUNCT":
        position += 1
    if position >= len(tokens):
        return None
    verb_at = _skip_adverbs(tokens, position)
    # not a participle: in "“…,” citing an instance" or "“…,” telling reporters" the phrase is no speaker
    if verb_at < len(tokens) and is_cue(tokens[verb_at], lexicon) and tokens[verb_at].tag_ != "VBG":
        end = take_noun_phrase(tokens, verb_at + 1)
        if end == verb_at + 1:
            end = capitalised_name(tokens, verb_at + 1)  # "said Skelly," with "Skelly" tagged an adverb
        # not the object of a verb that judges ("“terrible,” denounced her record"): judging verbs are not inverted
        judged = tokens[verb_at].lemma_.lower() in lexicon.judge and any(
            token.dep_ == "dobj" and token.head.i == tokens[verb_at].i for token in tokens[verb_at + 1:end])
        if end > verb_at + 1 and not judged:
            speaker = tokens[verb_at + 1:end]
            name = _name_after_break(doc, speaker[-1]) if end >= len(tokens) - 1 else None
            return Attribution(_span([tokens[verb_at]]), _span(speaker), name, "after-inverted", 0.9,
                               tokens[verb_at].lemma_.lower() in lexicon.label)
    if tokens[position].lower_ == "according" and position + 1 < len(tokens) and tokens[position + 1].lower_ == "to":
        start, end = according_source(tokens, position + 2)
        if end > start:
            return Attribution(_span(tokens[position:position + 2]), _span(tokens[start:end]), None,
                               "according-to", 0.85)
    end = take_noun_phrase(tokens, position)
    if end > position and tokens[position].lower_ not in NOT_SPEAKER_STARTS:
        if end + 1 < len(tokens) and tokens[end].lower_ in PHRASE_PREPOSITIONS and not is_cue(tokens[end], lexicon):
            # "“Hi Americans!” a welcome message on the website reads."
            longer = take_noun_phrase(tokens, end + 1)
            verb_at = _skip_adverbs(tokens, longer)
            if longer > end + 1 and verb_at < len(tokens) and cue_after_phrase(tokens, verb_at, lexicon):
                end = longer
        appositive = appositive_end(tokens, end)
        if (appositive is None or not cue_after_phrase(tokens, _skip_adverbs(tokens, appositive), lexicon)) \
                and any(token.pos_ == "PROPN" for token in tokens[position:end]):
            appositive = long_appositive_end(tokens, end, lexicon)  # a named speaker's longer description
        if appositive is not None and cue_after_phrase(tokens, _skip_adverbs(tokens, appositive), lexicon):
            # "“…,” Ramos, 58, told AFP" | "“…,” Bill Skelly, a longtime RNC data operative, said"
            verb_at = _skip_adverbs(tokens, appositive)
            return Attribution(_span([tokens[verb_at]]), _span(tokens[position:end]), None, "after", 0.9,
                               tokens[verb_at].lemma_.lower() in lexicon.label)
        verb_at = _skip_adverbs(tokens, end)
        if not (verb_at < len(tokens) and cue_after_phrase(tokens, verb_at, lexicon)) and end - position >= 2 \
                and (tokens[end - 1].tag_ == "NNS" or tokens[end - 1].lower_ in {"read", "reads"}) \
                and cue_after_phrase(tokens, end - 1, lexicon):
            end = verb_at = end - 1  # the phrase took the misread verb in: "the document states", "the editorial read"
        if verb_at < len(tokens) and cue_after_phrase(tokens, verb_at, lexicon):
            return Attribution(_span([tokens[verb_at]]), _span(tokens[position:end]), None, "after", 0.95,
                               tokens[verb_at].lemma_.lower() in lexicon.label)
        if cue_by_position(tokens, tokens[position:end], verb_at):  # "“…,” an angry Hollande retaliated."
            return Attribution(_span([tokens[verb_at]]), _span(tokens[position:end]), None, "after", 0.8)
    return _dash_signature(tokens)


def _dash_signature(tokens: Sequence[Token]) -> Attribution | None:
    """“…” -President Obama, tweeting after the speech. | “…” — Michelle Marks, Philadelphia.: a dash
    right after the closing mark, then a name or role that ends the sentence or a comma, signs the quote."""
    if not tokens:
        return None
    first = tokens[0]
    glued = first.text[:1] in DASHES and first.text[1:2].isupper()  # "-President" is one token
    if first.text not in DASHES and not glued:
        return None
    start = 0 if glued else 1
    end = take_noun_phrase(tokens, start)
    phrase = tokens[start:end]
    if not phrase or not any(token.pos_ == "PROPN" or token.lemma_.lower() in ROLE_NOUNS for token in phrase):
        return None
    if end < len(tokens) and tokens[end].text not in {",", ".", ";"}:
        return None
    phrase_start, phrase_end = _span(phrase)
    return Attribution((first.idx, first.idx + 1) if glued else _span([first]),
                       (phrase_start + 1 if glued else phrase_start, phrase_end), None, "after-dash", 0.7)


def _before(doc: Doc, tokens: list[Token], content: list[Token], lexicon: CueLexicon) -> Attribution | None:
    """Attribution before the opening mark: X said: “…” | X called the plan “…” | According to X, “…”."""
    candidates = [token for token in tokens if is_cue(token, lexicon)]
    if candidates:
        anchor = content[0] if content else None
        governing = [verb for verb in candidates if anchor is not None and governs(verb, anchor)]
        # The verb nearest the quote speaks, unless it only judges and a saying verb governs it too.
        saying = [verb for verb in governing or candidates if verb.lemma_.lower() not in lexicon.judge]
        # A nearest verb without a subject hands over to the next one out: in "Yepez said Perez was right
        # to urge leaders “to stand up”", "urge" has none and "said" is the reporting clause.
        quoted = {token.i for token in content}
        first = outer_reporter(governing, lexicon) or (saying or governing or candidates)[-1]
        for verb in [first] + [verb for verb in reversed(governing) if verb.i != first.i]:
            subject = subject_of(verb)
            if subject is not None and len(subject) > 0 and subject.root.i not in quoted:
                # (a subject inside the quotation is the parse climbing into it: "X said “they've got …”")
                confidence = 0.9 if governing else 0.75
                cue = own_nearest_cue(verb, governing)
                return Attribution(_span([cue]), (subject.start_char, subject.end_char), None, "before", confidence,
                                   verb.lemma_.lower() in lexicon.label)
            surface = None if addressed_passive(verb) else surface_subject(tokens, verb)
            if surface is not None:
                return Attribution(_span([verb]), _span(surface), None, "before", 0.7,
                                   verb.lemma_.lower() in lexicon.label)
    for position in range(len(tokens) - 1):
        if (found := source_phrase(tokens, position)) is not None:  # "According to X, “…”", "in the words of X"
            cue_end, start, end = found
            return Attribution(_span(tokens[position:cue_end]), _span(tokens[start:end]), None, "according-to", 0.8)
    return None


def _document_in_next_sentence(doc: Doc, tokens_after: list[Token], quote_closed_sentence: bool) -> Attribution | None:
    """“…” followed by "That's the conclusion of a joint statement …": the document is the source."""
    if not tokens_after:
        return None
    if quote_closed_sentence:
        cursor = tokens_after[0].i
    elif tokens_after[-1].text in SENTENCE_END:
        cursor = tokens_after[-1].i + 1
    else:
        return None
    while cursor < len(doc) and doc[cursor].is_space and "\n" not in doc[cursor].text:
        cursor += 1
    if cursor >= len(doc) or doc[cursor].lower_ not in INTRO_WORDS:
        return None
    sentence_end = cursor
    while sentence_end < len(doc) and doc[sentence_end].text not in SENTENCE_END and not _paragraph_break(doc[sentence_end]):
        sentence_end += 1
    for token in doc[cursor:sentence_end]:
        if token.pos_ == "NOUN" and token.lemma_.lower() in CITED_DOCUMENT_NOUNS:
            phrase = noun_phrase(token)
            return Attribution(None, (phrase.start_char, phrase.end_char), None, "context", 0.6)
    return None


def _colon_paragraph_before(doc: Doc, owner: list[int], index: int, first: int) -> list[Token]:
    """A quote opening a paragraph after one that ends with a colon ("… read a statement:¶“We …")."""
    cursor = first - 1
    while cursor >= 0 and doc[cursor].is_space:
        cursor -= 1
    if cursor < 0 or doc[cursor].text != ":" or owner[cursor] != -1:
        return []
    return left_context(doc, owner, index, cursor + 1)


def _labelled(before_tokens: list[Token]) -> Attribution | None:
    """"… - Carl Bialik: “…”": the name a dash sets off before the quote's colon (extract.context)."""
    label = labelled_speaker(before_tokens)
    if label is None:
        return None
    return Attribution(None, (label.start_char, label.end_char), None, "headline", 0.7)


def _without_cue(doc: Doc, before_tokens: list[Token], content: list[Token], first: int,
                 alone: bool) -> Attribution | None:
    """The rules of extract.context, weakest last: a headline "Name: ‘…’", the subject of the verb that
    governs a quote inside a sentence, the subject of the sentence before a quote that stands alone, and
    for a quote `alone` in its paragraph (extract.dialogue), of the narrative paragraph's last sentence."""
    headline = headline_speaker(before_tokens)
    if headline is not None:
        return Attribution(None, (headline.start_char, headline.end_char), None, "headline", 0.7)
    if before_tokens:
        governed = governing_subject(content)
        if governed is not None:
            verb, subject = governed
            return Attribution(_span([verb]), (subject.start_char, subject.end_char), None, "governing", 0.6)
        introduced = introducing_subject(before_tokens)
        if introduced is not None:
            verb, subject = introduced
            return Attribution(None, (subject.start_char, subject.end_char), None, "introduced", 0.6)
        named = person_before_colon(before_tokens)
        if named is not None:
            return Attribution(None, (named.start_char, named.end_char), None, "introduced", 0.55)
        return None
    previous = previous_sentence_subject(doc, first)
    if previous is not None:
        verb, subject = previous
        return Attribution(None, (subject.start_char, subject.end_char), None, "previous-sentence", 0.55)
    narrative = previous_sentence_subject(doc, first, across_paragraph=True) \
        if alone and _spoken_sentence(content) else None
    if narrative is not None:
        verb, subject = narrative
        return Attribution(None, (subject.start_char, subject.end_char), None, "previous-paragraph", 0.5)
    return None


def _spoken_sentence(content: Sequence[Token]) -> bool:
    """A quotation that reads as someone's sentence: verbs make it and it is not in capitals (a quoted
    subheading after narrative, "‘A change warrior.’", "“EVENTUALLY VOTERS MAKE GOOD DECISIONS”", is no one's turn)."""
    inside = {token.i for token in content}
    if not any(character.islower() for token in content for character in token.text):
        return False
    verbs = [token for token in content if token.pos_ in {"VERB", "AUX"}]
    # headed by a verb, or two verbs where the tagger missed the head ("That’s because …, remains …")
    return len(verbs) >= 2 or any(is_root(token) or token.head.i not in inside for token in verbs)


def _signature_below(doc: Doc, last: int) -> Attribution | None:
    """A standalone quotation signed on the next line: "“I will look into it.”¶- Hillary Clinton."."""
    cursor = last + 1
    while cursor < len(doc) and _is_space(doc[cursor]):
        cursor += 1
    line: list[Token] = []
    while cursor < len(doc) and not _paragraph_break(doc[cursor]):
        if not _is_space(doc[cursor]):
            line.append(doc[cursor])
        cursor += 1
    return _dash_signature(line) if line and line[0].text[:1] in DASH_CHARS else None


def attribute_quotes(doc: Doc, quotes: Sequence[QuoteSpan], lexicon: CueLexicon) -> list[Attribution]:
    """One Attribution per quote, in order; continuation across quotes is decided by the caller."""
    owner = token_quote_index(doc, quotes)
    first_token: dict[int, int] = {}
    last_token: dict[int, int] = {}
    for token_index, quote_index in enumerate(owner):
        if quote_index >= 0:
            first_token.setdefault(quote_index, token_index)
            last_token[quote_index] = token_index
    results: list[Attribution] = []
    for index, quote in enumerate(quotes):
        if index not in first_token:
            results.append(NO_ATTRIBUTION)
            continue
        after_tokens = right_context(doc, owner, index, last_token[index] + 1)
        before_tokens = left_context(doc, owner, index, first_token[index])
        content = [doc[i] for i in range(first_token[index], last_token[index] + 1)
                   if quote.start <= doc[i].idx < quote.end and not doc[i].is_punct]
        if not before_tokens:
            before_tokens = _colon_paragraph_before(doc, owner, index, first_token[index])
        text = doc_text(doc)
        alone = stands_alone(doc_layout(doc), quote)
        closes_sentence = text[quote.start:quote.end].rstrip()[-1:] in SENTENCE_END
        # A quote that ends its sentence inside the marks ("… because “the world’s in tough shape.” Clinton
        # said, …") leaves the words after it to the next sentence: a cue there is the next quote's,
        # unless the quote opened its sentence ("“Get out!” cried Martha.").
        after_is_next_sentence = closes_sentence and bool(before_tokens)
        # A fragment inside a clause that a reporting verb before it governs ("Gingrich said the mogul
        # should “ignore” the rush of critics who …", "said the convention was the “perfect opportunity” to
        # call attention …"): that verb's subject says it, not a phrase and verb after it.
        inside_clause = bool(before_tokens) and not closes_sentence \
            and text[quote.start:quote.end].rstrip()[-1:] not in CLAUSE_END_MARKS \
            and not (after_tokens and (after_tokens[0].text in CLAUSE_END_MARKS or after_tokens[0].text in DASHES))
        before = _before(doc, before_tokens, content, lexicon) if inside_clause else None
        governed = before if before is not None and before.confidence >= GOVERNED_CONFIDENCE else None
        candidates = (lambda: governed,
                      lambda: None if after_is_next_sentence else _after(doc, after_tokens, lexicon),
                      lambda: _labelled(before_tokens),
                      lambda: before if inside_clause else _before(doc, before_tokens, content, lexicon),
                      lambda: None if closes_sentence else _before(doc, after_tokens, [], lexicon),
                      lambda: _document_in_next_sentence(doc, after_tokens, closes_sentence),
                      lambda: _signature_below(doc, last_token[index]) if alone else None,
                      lambda: _without_cue(doc, before_tokens, content, first_token[index], alone))
        found = None
        for rule in candidates:  # the first rule that finds a mention that can speak
            found = rule()
            if found is not None and found.speaker is not None and (
                    never_speaks(text[found.speaker[0]:found.speaker[1]])
                    or quote.start <= found.speaker[0] < quote.end):  # the parse took a quoted word ("We")
                found = None
            if found is not None:
                break
        results.append(found or NO_ATTRIBUTION)
    return share_closing_report(doc, [first_token.get(index) for index in range(len(quotes))], results)


def preceding_token(doc: Doc, quote: QuoteSpan) -> Token | None:
    """The last word before the opening mark in the same sentence, or None at a sentence start."""
    position = quote.open_mark if quote.open_mark is not None else quote.start
    span = doc.char_span(0, position, alignment_mode="contract") if position > 0 else None
    if span is None or len(span) == 0:
        return None
    for token in reversed(span):
        if _is_space(token):
            if "\n" in token.text:
                return None
            continue
        if token.text in SENTENCE_END or token.text in {"“", "”", "\"", "«", "»"}:
            return None
        return token
    return None
