"""Attribution without a reporting verb next to the quote: the sentence's own subject, the subject of
the sentence before, and the headline convention "Name: … ‘quote’".

News attributes a quoted fragment to whoever the sentence is about ("Clinton decried the GOP for
“turning its back”", "Cruz is praising Bush as “a man who …”"), whatever the verb; a quotation that
stands as its own sentence with no cue continues the narrative sentence before it ("Clinton touted her
credentials. “We need …”"). These rules run only when the cue rules of extract.attribution found
nothing, and read only the quote's own paragraph (the one the selective parse has parsed), so
selective and full parses agree. Each prefers no speaker to a non-person ("It is time to …").
"""

from __future__ import annotations

import itertools
import re
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from statemint.nlp.doctext import doc_text
from statemint.text.dashes import DASHES, LONG_DASHES

from statemint.extract.holders import PERSON_PRONOUNS, PERSONISH_ENTITIES
from statemint.extract.syntax import is_root, noun_phrase, subject_of
from statemint.extract.cues import cue_lemma, reporting_lemmas
from statemint.extract.reporting import trailing_report
from statemint.vocabulary import (FIRST_PERSON_WORDS, HEADLINE_LABELS, NEVER_SPEAKER_WORDS, NOT_SPEAKER_WORDS,
                                  ROLE_NOUNS, SPEAKING_DOCUMENT_NOUNS)

# '' and `` : the doubled marks of some newspapers; « » and „ : French and German marks
QUOTE_MARK_TOKENS = {"“", "”", "\"", "‘", "’", "''", "``", "«", "»", "„"}


def never_speaks(text: str) -> bool:
    """A mention that cannot be anyone's, read from its words alone ("This", "all he", "no one")."""
    words = " ".join(text.lower().split())
    return words in NEVER_SPEAKER_WORDS or words.startswith(("no one ", "nothing ", "all he ", "all she "))


def plausible_speaker(span: Span | Sequence[Token]) -> bool:
    """Could this phrase say something? A name, a personal pronoun, or a noun phrase headed by a noun
    that is no pronoun of things, quantifier or abstraction ("This", "all he", "time", "no one")."""
    tokens = [token for token in span if not token.is_punct and not token.is_space]
    if not tokens:
        return False
    words = " ".join(token.lower_ for token in tokens)
    if words in NOT_SPEAKER_WORDS or tokens[0].lower_ in {"all", "no", "nothing", "what", "which", "there"}:
        return False
    head = min(tokens, key=lambda token: _depth(token, tokens))
    if head.pos_ == "PRON":
        return head.lower_ in PERSON_PRONOUNS
    if head.pos_ == "PROPN" or head.ent_type_ in PERSONISH_ENTITIES:
        return True
    return head.pos_ == "NOUN" and head.lower_ not in NOT_SPEAKER_WORDS and head.lemma_.lower() not in NOT_SPEAKER_WORDS


def _depth(token: Token, tokens: Sequence[Token]) -> int:
    """How many heads above `token` stay inside the phrase (the phrase's head has the fewest)."""
    inside = {t.i for t in tokens}
    depth, current = 0, token
    while current.head.i in inside and not is_root(current) and depth < 20:
        current = current.head
        depth += 1
    return depth


def _quote_root(content: Sequence[Token]) -> Token | None:
    """The quoted token whose head lies outside the quotation: where the quote hangs in the sentence."""
    inside = {token.i for token in content}
    for token in content:
        if token.head.i not in inside and not is_root(token):
            return token
    return None


def governing_verb(content: Sequence[Token]) -> Token | None:
    """The nearest verb above the quotation in its sentence's tree ("decried the GOP for “…”")."""
    root = _quote_root(content)
    if root is None:
        return None
    current = root.head
    for _ in range(8):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if is_root(current):
            return None
        current = current.head
    return None


def governing_subject(content: Sequence[Token]) -> tuple[Token, Span] | None:
    """The verb that governs a quotation inside a sentence and its subject, when that can speak."""
    verb = governing_verb(content)
    if verb is None:
        return None
    subject = subject_of(verb)
    if subject is None or not len(subject) or not plausible_speaker(subject):
        return None
    head = subject.root
    if head.pos_ == "NOUN" and head.ent_type_ not in PERSONISH_ENTITIES and not (
            head.lemma_.lower() in ROLE_NOUNS or head.lemma_.lower() in SPEAKING_DOCUMENT_NOUNS):
        return None  # whatever verb governs it, a thing ("the music", "the concerns") quotes no one
    quoted = {token.i for token in content}
    if any(token.i in quoted for token in subject):
        return None
    return verb, subject


def previous_sentence_subject(doc: Doc, first: int, across_paragraph: bool = False) -> tuple[Token, Span] | None:
    """For a quotation that opens a sentence with no cue: the root verb and subject of the sentence
    before it in the same paragraph (or, `across_paragraph`, the last sentence of the paragraph before:
    a quotation alone in its paragraph after narrative, extract.dialogue), when that subject can speak."""
    cursor = first - 1
    while cursor >= 0 and doc[cursor].is_space:
        if "\n" in doc[cursor].text and not across_paragraph:
            return None
        cursor -= 1
    if cursor < 0 or not doc[cursor].tag_ or doc[cursor].text not in {".", "!", "?", ":", ";"}:
        return None
    sentence = doc[cursor].sent
    if any("\n" in token.text for token in doc[sentence.start:cursor] if token.is_space):
        return None  # a sentence across a paragraph break: the parser ran two paragraphs together
    verb = _trailing_reporter(sentence) or sentence.root
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    if any(token.text in QUOTE_MARK_TOKENS and token.i > sentence.start for token in sentence):
        return None  # a sentence holding its own quotation: the quote rules of the caller decide
    subject = _speaking_subject(verb)
    return (verb, subject) if subject is not None else None


def _trailing_reporter(sentence: Span) -> Token | None:
    """The reporting verb of a clause that ends the sentence ("…, if bogus, ideas …, she said."), which the
    parser may not have made the root: the speaker of the quotation that follows is its subject."""
    known = reporting_lemmas()
    for token in reversed(sentence):
        if token.pos_ == "VERB" and cue_lemma(token, known) in known and trailing_report(token) is not None:
            return token
    return None


def _speaking_subject(verb: Token) -> Span | None:
    """The verb's subject when it can speak: a name, a personal pronoun, a role, an organisation."""
    subject = subject_of(verb)
    if subject is None or not len(subject) or not plausible_speaker(subject):
        return None
    head = subject.root
    if head.pos_ == "NOUN" and head.lemma_.lower() not in ROLE_NOUNS and head.ent_type_ not in PERSONISH_ENTITIES:
        return None  # "The vote this time was more partisan. “…”": a thing is no speaker
    return subject


INTRODUCING_MARKS = LONG_DASHES | {":"}


def introducing_subject(tokens: Sequence[Token]) -> tuple[Token, Span] | None:
    """A quotation that a clause introduces with a colon or a dash and no reporting verb ("In a Fox
    interview, Trump went even further: “If he …”", "Trump also embraced enhanced interrogation -- “I
    think …”"): the clause's verb and its subject, when that can speak."""
    if not tokens or tokens[-1].text not in INTRODUCING_MARKS:
        return None
    inside = {token.i for token in tokens}
    for token in tokens:
        if token.pos_ in {"VERB", "AUX"} and (is_root(token) or token.head.i not in inside):
            subject = _speaking_subject(token)
            if subject is None and tokens[-1].text == ":" and person_before_colon(tokens) is None:
                subject = _introducing(token)  # not "The timing doesn't surprise pollster Daron Shaw: “…”"
            return (token, subject) if subject is not None else None
    return None


def _introducing(verb: Token) -> Span | None:
    """The subject of a clause that a colon ends, when no person is named before the colon: a thing
    too, as PolNeAR gives it the quotation
    ("Obama's first five questioners ranged from skeptical to hostile: “…”", "Clinton's response was:
    “…”", "A footnote in the report makes that clear: “…”"); an expletive "there" is none, and so is
    a thing that a copula describes ("The vote this time was more partisan: “…”": what follows explains
    the description). A dash sets off an aside as often as a quotation, so there the subject must be
    able to speak."""
    subject = subject_of(verb)
    if subject is None or not len(subject) or subject.root.lower_ == "there" or not plausible_speaker(subject):
        return None
    if verb.lemma_ == "be" and any(child.dep_ in {"acomp", "attr"} for child in verb.children):
        return None
    if any(token.lower_ in FIRST_PERSON_WORDS for token in subject):
        return None  # a speaker's own "Our task may be daunting, but remember: “…”" cites, it is not the task's
    return subject


def person_before_colon(tokens: Sequence[Token]) -> Span | None:
    """"The timing doesn't surprise Republican pollster Daron Shaw: “…”", "Here's Clinton in December
    1992: “…”": a person named right before the colon that opens the quotation (past a date) says it,
    when the clause's own subject cannot (`introducing_subject` found none)."""
    if len(tokens) < 2 or tokens[-1].text != ":":
        return None
    position = len(tokens) - 2
    while position >= 0 and (tokens[position].ent_type_ in {"DATE", "TIME"}
                             or tokens[position].lower_ in {"in", "on", "at"}):
        position -= 1
    if position < 0 or tokens[position].ent_type_ != "PERSON":
        return None
    head = tokens[position].head if tokens[position].dep_ == "compound" else tokens[position]
    phrase = noun_phrase(head)
    return phrase if len(phrase) and tokens[0].i <= phrase.start and phrase.end <= tokens[-1].i else None


# The lower-case words for a name's people in a headline ("Clinton camp: …", "Trump aides: …").
CAMP_WORDS = frozenset({"camp", "campaign", "aides", "aide", "allies", "advisers", "team", "spokesman", "spokeswoman"})


def headline_speaker(tokens: Sequence[Token]) -> Span | None:
    """“Trump: Cruz Has ‘To Come a Long Way’ …”: a name then a colon opening the sentence speaks. Read by
    the words' form, not their tags: the tagger often takes a headline's lone surname for a noun or an
    adjective ("Milbank: Republicans ‘Waving …’", "Issa: … ‘Honesty Is In Question.’")."""
    for position, token in enumerate(tokens[:14]):
        if token.text == ":":
            names = tokens[:position]
            # "EXCLUSIVE – Roger Stone: …": a label set off by a dash is no part of the name
            dash = next((i for i, t in enumerate(names[:3]) if t.text in DASHES and i > 0), None)
            if dash is not None and all(t.lower_ in HEADLINE_LABELS for t in names[:dash]):
                names = names[dash + 1:]
            # "Gillibrand on Hillary Releasing Her Speech Transcripts: ‘I Think She Will.’", "Clinton to
            # Planned Parenthood: …", "Former AG Mukasey at RNC: …": the names before "on", "to" or "at"
            # speak (about the topic, to the hearer, at the place after it)
            about = next((i for i, t in enumerate(names) if t.lower_ in {"on", "to", "at"} and i > 0), None)
            if about is not None:
                names = names[:about]
            elif len(names) > 5:
                return None
            # "Clinton camp: …": a name with the lower-case word for its people
            while len(names) > 1 and names[-1].lower_ in CAMP_WORDS:
                names = names[:-1]
            if names and names[0].text[:1].isupper() and all(_name_word(t) for t in names) \
                    and not any(t.lower_ in HEADLINE_LABELS for t in names):
                doc = names[0].doc
                return doc[names[0].i:names[-1].i + 1]
            return None
    return None


# A document whose first line is "Name: what they say" or "Name Says what they say" (headline
# conventions). Raw text, so that the selective parse (statemint.pipeline.selection) reads such a first
# line too.
HEADLINE_REPORT = re.compile(r"\A\s*[A-Z][^\n:“”\"‘’]{0,80}:[ \t]+[‘“\"']?[^\s“”\"‘’']")
# The reporting and judging verbs of a title-case headline, whose object is what the name says or
# judges ("Trump Says He Never Pledged To …", "Former Clinton Pollster Says Clinton Is In Trouble",
# "Conservative Icon Morton Blackwell Endorses Ted Cruz", "Clinton Slams Trump On Abortion"): the
# frequent headline forms of the cue lexicon's verbs, present and past. Not "Calls" alone: "Obama
# Calls Off …" has a particle; "Calls For" is listed.
HEADLINE_VERBS = ("Says", "Said", "Claims", "Insists", "Admits", "Warns", "Predicts", "Thinks", "Believes",
                  "Argues", "Suggests", "Concedes", "Vows", "Promises", "Pledges", "Hints", "Confirms", "Denies",
                  "Praises", "Praised", "Endorses", "Endorsed", "Urges", "Urged", "Slams", "Slammed", "Blasts",
                  "Blasted", "Backs", "Denounces", "Condemns", "Criticizes", "Accuses", "Blames", "Attacks",
                  "Mocks", "Mocked", "Dismisses", "Dismissed", "Rejects", "Defends", "Questions", "Questioned",
                  "Demands", "Announces", "Reveals", "Tells", "Asks", "Asked", "Explains", "Describes",
                  "Described", "Touts", "Thanks", "Welcomes", "Hails", "Reassures", "Tweets", "Wants")
# Words between the name and the verb that are no part of the name ("Donald Trump Finally Endorses …")
HEADLINE_ADVERBS = ("Just", "Finally", "Now", "Again", "Also", "Still", "Fully", "Openly", "Quietly", "Publicly")
HEADLINE_SAYS = re.compile(r"\A\s*(?:[A-Z][\w.’'&-]*[ \t]+){1,6}(?:" + "|".join(HEADLINE_VERBS)
                           + r"|Calls[ \t]+[Ff]or)[ \t]+[A-Z\d‘“\"']")


def opens_with_headline(text: str) -> bool:
    """Could the text's first line be a headline statement, "Name: …" or "Name Says …" (`headline_report`)?
    Read on the raw text, so that the selective parse (statemint.pipeline) parses that line for
    statements and stances alike."""
    return bool(HEADLINE_REPORT.match(text) or HEADLINE_SAYS.match(text))


def headline_report(sentence: Span) -> tuple[Span, Token, tuple[int, int]] | None:
    """"Lynch: No outside influence on FBI probe into Clinton emails" or "Trump Says He Never Pledged To
    Kill …" as a document's first line: the name before the colon or the verb says what follows it on
    the line, as it says a quotation there (`headline_speaker`). The name, the cue (the colon or the
    verb) and the character range of what is said. Read by the words' form: the tagger takes a title-case
    line's words for names."""
    text = doc_text(sentence.doc)
    first = re.match(r"\s*", text).end()  # type: ignore[union-attr]  (the first line's first character)
    if not sentence.start_char <= first < sentence.end_char:
        return None
    line_end = text.find("\n", first)
    line_end = len(text) if line_end < 0 else line_end
    # the line's words, past the sentence's end: the parser may end a sentence at the colon
    tokens = list(itertools.takewhile(lambda token: token.idx < line_end, sentence.doc[sentence.start:]))
    if HEADLINE_REPORT.match(text):
        colon = text.index(":", first)  # the pattern allows no colon before it
        name = headline_speaker(tokens)
        cues = [token for token in tokens if token.text == ":" and token.idx == colon]
    elif HEADLINE_SAYS.match(text):
        cues = [token for position, token in enumerate(tokens) if token.text in HEADLINE_VERBS or (
            token.text == "Calls" and position + 1 < len(tokens) and tokens[position + 1].lower_ == "for")][:1]
        names = tokens[:cues[0].i - tokens[0].i] if cues else []
        while names and names[-1].text in HEADLINE_ADVERBS:
            names = names[:-1]
        name = sentence.doc[names[0].i:names[-1].i + 1] if names and all(
            _name_word(token) or token.tag_ == "POS" for token in names) else None
    else:
        return None
    if name is None or not cues:
        return None
    words = [token for token in tokens if token.idx > cues[0].idx and token.is_alpha]
    if len(words) < 2:
        return None
    end = line_end
    while end > cues[0].idx and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return name, cues[0], (words[0].idx, end)


def labelled_speaker(tokens: Sequence[Token]) -> Span | None:
    """"… TOO EARLY - Mark Blumenthal and Jon Cohen: “…”", "-More from Jones: “…”": a name set off by a
    dash (or after "from") right before the colon that opens the quote labels who is quoted, whatever
    verb the words before the dash have ("Pollsters agree - Carl Bialik: “…”" is Bialik's)."""
    if len(tokens) < 3 or tokens[-1].text != ":":
        return None
    position = len(tokens) - 1
    while position > 0 and tokens[position - 1].text != "-" and (
            _name_word(tokens[position - 1]) or tokens[position - 1].lower_ == "and"):
        position -= 1
    names = tokens[position:-1]
    if not names or not names[0].text[:1].isupper() or names[-1].lower_ == "and" or position == 0:
        return None
    marker = tokens[position - 1]
    if marker.text not in DASHES and marker.lower_ != "from":
        return None
    if not any(token.pos_ == "PROPN" for token in names) or any(t.lower_ in HEADLINE_LABELS for t in names):
        return None
    doc = names[0].doc
    return doc[names[0].i:names[-1].i + 1]


def _name_word(token: Token) -> bool:
    """A word that can be part of a name in a headline: a proper noun, or any capitalised word that is
    no pronoun, determiner or function word (tagged as a noun or adjective by mistake)."""
    if token.pos_ == "PROPN" or token.text in {".", "-"}:
        return True
    return token.is_alpha and token.text[:1].isupper() and token.pos_ in {"NOUN", "ADJ", "X"}
