"""Where a statement's content lies: the words someone is reported to say, without who says them and the
reporting verb ("Samantha Phillips, the city's director, said [the heat could last]"). Annotated
attribution corpora mark this stretch (PolNeAR's Content), and a reader of a statement record wants it
apart from the reporting clause; the statement itself stays the whole sentence (its id and stance
depend on that)."""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc, Span, Token

from statemint.extract.cues import cue_lemma, reporting_lemmas
from statemint.extract.reporting import for_clause, said_words, trailing_report
from statemint.extract.syntax import reporters_conjunct
from statemint.text.quotemarks import QUOTE_CHARS

# Without a clause ("said that …") or an intention ("pledged to …"), the object of a judging or
# announcing verb is what it reports ("criticized the regime", "announced a review").
OBJECT_DEPS = {"dobj", "oprd"}
# Prepositions whose object is what is said after some verbs ("calls for …", "accused X of …",
# "described the plan as …").
CONTENT_PREPOSITIONS = {"for", "of", "against", "about", "on", "as"}
# Phrases that say when, where or how the act was, not what it was: "endorsed Clinton [during a conference
# call]", "may endorse Clinton [in coming weeks]", "attacked Clinton [in his stump speech]", "shared the news
# [on social media]", "criticized Trump [at a news conference]".
CIRCUMSTANCE_PREPOSITIONS = frozenset({"during", "after", "before", "since", "until", "amid"})
CIRCUMSTANCE_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})
VENUE_NOUNS = frozenset({"speech", "interview", "conference", "rally", "debate", "meeting", "event", "hall", "statement",
                         "media", "page", "show", "program", "programme", "appearance", "hearing", "session", "forum",
                         "gathering", "call", "tweet", "post", "broadcast", "podcast", "radio", "television", "stage",
                         "condition", "wake", "occasion", "occasions", "trail", "floor", "twitter", "facebook",
                         "public", "private", "person", "record", "briefing", "address", "op", "column", "remarks"})
# Marks that end one clause of a sentence and start another, where reported words may begin.
CLAUSE_BREAKS = frozenset({";", ":"})


def circumstance(preposition: Token) -> bool:
    """Does this preposition's phrase say when, where or how something was said (CIRCUMSTANCE_PREPOSITIONS,
    a date, time or place, or a venue or medium: VENUE_NOUNS), rather than what? Asked of phrases after
    a content's first words only: "commented on the meeting" says what."""
    if preposition.lower_ in CIRCUMSTANCE_PREPOSITIONS:
        return True
    return any(child.dep_ == "pobj" and (child.ent_type_ in CIRCUMSTANCE_ENTITIES or child.lemma_.lower() in VENUE_NOUNS)
               for child in preposition.children)


def _edges(tokens: list[Token]) -> tuple[int, int]:
    """Token indices of the first and past the last token of the tokens' subtrees."""
    return min(token.left_edge.i for token in tokens), max(token.right_edge.i for token in tokens) + 1


def trimmed_stretch(sentence: Span, start: int, end: int) -> tuple[int, int] | None:
    """Character offsets of tokens [start, end) without punctuation and white space at their edges."""
    doc = sentence.doc
    start, end = max(start, sentence.start), min(end, sentence.end)
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _outside(sentence: Span, start: int, end: int) -> tuple[int, int]:
    """The sentence without the tokens [start, end) when they stand at one of its edges ("…, he said",
    "According to X, …"); the whole sentence when they stand inside it ("Freeing him, he promised, was …")."""
    words = [token.i for token in sentence if not token.is_punct and not token.is_space]
    if not words:
        return sentence.start, sentence.end
    if start <= words[0]:
        return end, sentence.end
    if end > words[-1]:
        return sentence.start, start
    return sentence.start, sentence.end


def reported_content(verb: Token, sentence: Span) -> tuple[int, int] | None:
    """Character offsets of what `verb` (a reporting verb or the "according" of "according to")
    reports in `sentence`: its clause, intention or object; else the sentence without the reporting
    clause. None when nothing is left."""
    if verb.lower_ in {"according", "in"}:  # "according to X, …", "in a new poll, …" (extract.statements)
        start, end = _edges([verb])
        # "According to the Associated Press, 571 of the 714 superdelegates supported Clinton": the
        # parser may hang the content's subject on the source as an appositive; an opening "according
        # to" phrase ends at its comma
        comma = next((token.i for token in verb.doc[verb.i + 2:end] if token.text == ","), None)
        if comma is not None and not any(token.is_alpha for token in verb.doc[sentence.start:start]):
            end = comma + 1
        if verb.i - 1 > sentence.start and verb.doc[verb.i - 1].text == "," and sentence.root.i < verb.i:
            # "X is lagging behind, according to the polling average - despite …": all before its comma
            # ("Fundraising, according to the campaign, has surged" is all of it)
            return trimmed_stretch(sentence, sentence.start, verb.i - 1)
        return trimmed_stretch(sentence, *_outside(sentence, start, end))
    clauses = [child for child in verb.children if child.dep_ == "ccomp"]
    comma = trailing_report(verb) if all(clause.i < verb.i for clause in clauses) else None
    if comma is not None:  # "…, she said.": all before the comma, whatever the parser hung on the verb;
        # after the last colon or semicolon ("… the bad blood; it's a two-way street, they insist"); a
        # dash there mostly opens an aside of the content ("… since 1980 -- the highest turnout")
        breaks = [token.i for token in verb.doc[sentence.start:comma] if token.text in CLAUSE_BREAKS]
        return trimmed_stretch(sentence, breaks[-1] + 1 if breaks else sentence.start, comma)
    if verb.dep_ == "parataxis" and verb.head.i in range(sentence.start, sentence.end):
        start, end = _edges([verb])  # "The solution, the partner told them, was simple": all but the cue's clause
        return trimmed_stretch(sentence, *_outside(sentence, start, end))
    # The clause first: in "told reporters that …" the reporters hear the content, they are none of it.
    # "X, asked about it, said Y": a clause after the verb before one the parser hung before it
    parts = [child for child in clauses if child.i > verb.i] or clauses \
        or [child for child in verb.children if child.dep_ == "xcomp"]
    if not parts and (wanted := for_clause(verb)) is not None and cue_lemma(verb, {"call"}) == "call":
        # "called for all candidates to lay out …": what follows "for"
        return trimmed_stretch(sentence, wanted.left_edge.i + 1, _before_participle([wanted], wanted.right_edge.i + 1))
    if not parts:
        parts = [child for child in verb.children if child.dep_ in OBJECT_DEPS]
        if not parts and cue_lemma(verb, {"say"}) == "say":
            parts = said_words(verb)  # "said yes", "said so", "said the same"
        parts += [grandchild for child in verb.children if child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS
                  and child.i > verb.i and not (parts and circumstance(child))
                  for grandchild in child.children if grandchild.dep_ in {"pobj", "pcomp"}]
    if not parts:  # "stated in a comment that …": the clause the parser hung on the noun after the verb
        parts = [token for child in verb.rights if child.dep_ == "prep" for token in child.subtree
                 if token.dep_ in {"ccomp", "acl"} and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)][:1]
    if parts:
        # "said the U.S. needs …, but that he would not …": a second that-clause the parser hung on the verb
        parts += [child for child in verb.rights if child.i > max(part.i for part in parts) and child.dep_ in {"conj", "ccomp"}
                  and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)]
        start, end = _edges(parts)
        return trimmed_stretch(sentence, start, _before_participle(parts, end))
    if verb.head.i != verb.i and verb.head.i in range(sentence.start, sentence.end):
        start, end = _edges([verb])  # a parenthetical cue ("…, he said.") hangs from the content's verb
        return trimmed_stretch(sentence, *_outside(sentence, start, end))
    return trimmed_stretch(sentence, verb.i + 1, sentence.end)  # what follows the verb



def _before_participle(parts: list[Token], end: int) -> int:
    """The end of a clause or phrase without what the reporter adds after a comma at its end: a
    participle clause ("said the campaign is maligning his record, pointing to his rating"), a
    non-restrictive relative clause ("…, which is conducting its own probe") or an appositive ("…, the
    68-year-old former secretary of state")."""
    doc = parts[0].doc
    end = _before_next_report(parts, end)
    head = min(part.i for part in parts)
    for index in range(head + 1, end - 1):
        if doc[index - 1].text == "," and doc[index].lower_ == "according" and doc[index + 1].lower_ == "to":
            return index - 1  # "announced that it hired X, according to Politico": another attribution
    for part in parts:
        for token in part.subtree:
            comma = _comma_before(doc, token.left_edge.i) if token.i > part.i else None
            if comma is None:
                continue
            if token.dep_ in {"advcl", "conj"} and token.tag_ == "VBG" or _appositive(token) or (
                    token.dep_ == "relcl" and doc[token.left_edge.i].lower_ in {"which", "who", "whom", "whose"}):
                if token.right_edge.i + 1 >= end:  # at the end only: an aside in the middle is part of it
                    return min(end, comma)
    return end


def _comma_before(doc: Doc, index: int) -> int | None:
    """The comma right before token `index`, or before the closing quotation marks right before it
    ('represents "New York values," stating …': the comma stands inside the marks)."""
    position = index - 1
    while position >= 0 and doc[position].text and all(char in QUOTE_CHARS for char in doc[position].text):
        position -= 1
    return position if position >= 0 and doc[position].text == "," else None


def _appositive(token: Token) -> bool:
    """An appositive, not the second item of a list the parser took for one ("differ on Israel, the
    Iranian nuclear deal and the possibility of …": the "deal" has a conjunct of its own)."""
    return token.dep_ == "appos" and not any(child.dep_ == "conj" for child in token.children)


def _before_next_report(parts: list[Token], end: int) -> int:
    """The end of the content before a second report of the same reporter that the parser hung inside
    it ("said his attacks have given his campaign momentum [and said that …]", "called it "an attack"
    [, but he also noted …]"): a coordinated reporting verb ends what the first one reports."""
    known = reporting_lemmas()
    for part in parts:
        for token in part.subtree:
            if token.i <= part.i or token.i >= end or token.dep_ != "conj" or token.pos_ != "VERB":
                continue
            if cue_lemma(token, known) not in known or token.left_edge.i <= part.i:
                continue
            if any(child.dep_ == "mark" for child in token.children):
                continue  # "told reporters that A and that he intended to B": the second clause is told too
            # its own clause ("and said that …", "but he also noted …") or the same verb again; not
            # "said he has not held dinners and never called a donor"
            if any(child.dep_ in {"ccomp", "nsubj"} for child in token.children) or token.lemma_ == part.head.lemma_:
                return _before_conjunct(token, part.i)
    # "announced that he was undergoing therapy and vowed to …": the reporter's second verb
    seconds = [token for part in parts for token in part.children if token.i < end and reporters_conjunct(token)]
    return _before_conjunct(seconds[0], seconds[0].head.i) if seconds else end


def _before_conjunct(token: Token, floor: int) -> int:
    """The index where the content ends before a conjunct `token`: before its left edge and the "and"
    or comma before that, not before `floor`."""
    doc = token.doc
    cut = token.left_edge.i
    while cut > floor and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
        cut -= 1
    return cut


def heads_content(heads: list[Token], sentence: Span) -> tuple[int, int] | None:
    """Character offsets of the subtrees of `heads` (a learned cue's object or preposition's object:
    extract.parts.frame_content), trimmed."""
    if not heads:
        return None
    start, end = _edges(heads)
    return trimmed_stretch(sentence, start, _before_participle(heads, end))



PHRASE_HEADS = frozenset({"NOUN", "PROPN"})


def quoted_phrase(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """What a partial quotation that no reporting clause holds is a piece of: the noun phrase its words
    head ("in the words of a senior adviser, “the torchbearer” of his legacy", "claims of “fraud” over
    delegate selection"), which is what PolNeAR's annotators mark as the content; the quotation itself
    when its words head no noun phrase or the phrase is no longer than they are."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span.root.pos_ not in PHRASE_HEADS:
        return start, end
    root = span.root
    stretch = trimmed_stretch(root.sent, root.left_edge.i, root.right_edge.i + 1)
    if stretch is None:
        return start, end
    return min(start, stretch[0]), max(end, stretch[1])


def quoted_phrases(doc: Doc, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Quotations first to last, each with the noun phrase it heads (`quoted_phrase`)."""
    stretches = [quoted_phrase(doc, start, end) for start, end in spans]
    return min(start for start, _ in stretches), max(end for _, end in stretches)
