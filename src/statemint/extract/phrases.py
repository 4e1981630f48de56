"""Speaker phrases and cue words read by their surface form around a quotation: where a noun phrase
ends, an appositive set off by commas, a name the tagger misread, whether a word is a reporting cue.
Used by extract.attribution's patterns ("“…,” X said", "“…,” said X", "X, a spokesman, said: …")."""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Token

from statemint.extract.context import plausible_speaker
from statemint.extract.cues import CueLexicon, cue_lemma
from statemint.vocabulary import EVIDENCE_NOUNS, PHRASAL_CUES, ROLE_NOUNS

NP_POS = {"DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"}
SENTENCE_END = {".", "!", "?", "…"}
PHRASAL_VERBS = {verb for verb, _ in PHRASAL_CUES}


def take_noun_phrase(tokens: Sequence[Token], start: int) -> int:
    """Index just past the noun phrase that starts at `start` (== start when there is none).

    Accepts determiners, adjectives, nouns, names, possessives, "of" and "and" joining noun material;
    stops at verbs and clause punctuation. Kept short: a speaker mention is rarely over 12 tokens.
    """
    end = start
    while end < len(tokens) and end - start < 14:
        token = tokens[end]
        if token.pos_ in NP_POS or token.tag_ == "POS" or token.text in {"’s", "'s", "-", "–"} and end > start:
            end += 1
            continue
        if token.lower_ in {"of", "and", "for"} and end > start and end + 1 < len(tokens) \
                and tokens[end + 1].pos_ in NP_POS and tokens[end + 1].lower_ not in {"according"}:
            end += 1
            continue
        break
    # A phrase of only determiners or adjectives is no speaker.
    if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} or t.pos_ == "ADJ" and t.text[:1].isupper()
               for t in tokens[start:end]):
        return start
    return end


def is_cue(token: Token, lexicon: CueLexicon, *, label_too: bool = True) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX", "NOUN"} and not (token.pos_ == "ADJ" and lemma in lexicon.speech):
        # The tagger sometimes calls a reporting verb a noun or adjective in broken text; check the word.
        return False
    if token.pos_ == "NOUN" and lemma not in {"read", "reads"}:
        return False
    if lemma in PHRASAL_VERBS:  # "“…,” she went on.", "As he put it, “…”", "Rubio shot back: “…”"
        return token.i + 1 < len(token.doc) and (lemma, token.doc[token.i + 1].lower_) in PHRASAL_CUES
    return lemma in lexicon.speech or (label_too and lemma in lexicon.label) or token.lower_ in {"reads", "read"}


def capitalised_name(tokens: Sequence[Token], start: int) -> int:
    """Just past one to three capitalised words at `start` that end the clause (a name the tagger
    misread), or `start` when there are none."""
    end = start
    while end < len(tokens) and end - start < 3 and tokens[end].is_alpha and tokens[end].text[:1].isupper():
        end += 1
    if end == start or (end < len(tokens) and tokens[end].text not in {",", ".", ";"}):
        return start
    return end


def appositive_end(tokens: Sequence[Token], end: int) -> int | None:
    """Just past an appositive set off by commas right after a speaker phrase (", 58," or ", a spokesman
    for the campaign,"), or None: at most 12 words of noun material, numbers and prepositions."""
    if end >= len(tokens) or tokens[end].text != ",":
        return None
    for position in range(end + 1, min(len(tokens), end + 14)):
        token = tokens[position]
        if token.text == ",":
            return position + 1 if position > end + 1 and position + 1 < len(tokens) else None
        if token.pos_ not in NP_POS | {"ADP", "PUNCT", "CCONJ"} or token.pos_ == "PRON" or token.text in SENTENCE_END:
            return None
    return None


def abbreviation_period(token: Token) -> bool:
    """A period the tokenizer split from an abbreviation inside a name ("Burlington, Vt., said"): tagged
    as part of the name and followed by a comma, it ends no sentence."""
    doc = token.doc
    return token.text == "." and token.pos_ == "PROPN" and token.i + 1 < len(doc) and doc[token.i + 1].text == ","


def long_appositive_end(tokens: Sequence[Token], end: int, lexicon: CueLexicon, limit: int = 24) -> int | None:
    """Just past a longer appositive that a comma and a cue close (", now 81 and retired in Cambridge,
    Mass., said" | ", a Ukrainian-American then working for the State Department, said"), or None: a
    clause may sit inside it, but no sentence end, and the cue must follow its last comma."""
    if end >= len(tokens) or tokens[end].text != ",":
        return None
    for position in range(end + 2, min(len(tokens) - 1, end + limit)):
        token = tokens[position]
        if token.text in SENTENCE_END and not abbreviation_period(token):
            return None
        if token.text == ",":
            verb_at = position + 1
            while verb_at < len(tokens) and tokens[verb_at].pos_ in {"ADV", "AUX", "PART"}:
                verb_at += 1
            if verb_at < len(tokens) and cue_after_phrase(tokens, verb_at, lexicon):
                return position + 1
    return None


def cue_after_phrase(tokens: Sequence[Token], position: int, lexicon: CueLexicon) -> bool:
    """A cue right after the speaker phrase, also when the tagger read a verb in -s as a plural noun
    ("“Family Medical Leave,” the document states, …") before a comma or the sentence end."""
    token = tokens[position]
    if is_cue(token, lexicon):
        return True
    return token.tag_ == "NNS" and cue_lemma(token, lexicon.speech) in lexicon.speech and (
        position + 1 == len(tokens) or tokens[position + 1].text in {",", ".", ";"})


def surface_subject(tokens: Sequence[Token], verb: Token) -> list[Token] | None:
    """The phrase right before a cue the parser left without a subject ("Col. Steven H. Warren, a military
    spokesman in Baghdad, said, …" parsed as an apposition of the date): the words before the verb, or
    before the appositive set off by commas in front of it, when they can speak."""
    position = next((index for index, token in enumerate(tokens) if token.i == verb.i), 0) - 1
    while position >= 0 and tokens[position].pos_ in {"ADV", "AUX", "PART"}:
        position -= 1
    # "Rep. Paul Ryan (R-WI) said “…”": the party tag in parentheses belongs to the name before it;
    # then an appositive set off by commas ("Warren, a military spokesman in Baghdad, said")
    for closing, opening, reach in ((")", "(", 8), (",", ",", 12)):
        if position >= 0 and tokens[position].text == closing:
            found = next((index for index in range(position - 1, max(-1, position - reach), -1)
                          if tokens[index].text == opening), None)
            if found is None:
                return None
            position = found - 1
    end = position + 1
    while position >= 0 and end - position <= 8 and (tokens[position].pos_ in NP_POS or tokens[position].tag_ == "POS"):
        position -= 1
    phrase = list(tokens[position + 1:end])
    if not phrase or not any(token.pos_ == "PROPN" or token.lemma_.lower() in ROLE_NOUNS for token in phrase):
        return None
    # read without its articles: "the House Rep. Paul Ryan" is judged by its words, not by "the"
    return phrase if plausible_speaker([token for token in phrase if token.pos_ != "DET"] or phrase) else None


# Pronouns that speak in "“…,” she retorted.": people, not things.
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def cue_by_position(tokens: Sequence[Token], phrase: Sequence[Token], position: int) -> bool:
    """Is the word at `position`, right after the phrase that follows a quotation ended by a comma, a
    question or an exclamation inside its marks, a cue by where it stands ("“France will always be
    France,” an angry Hollande retaliated.", "“Come in,” she beckoned.")? Any verb of saying is: a past or
    present verb with no object or clause after it, whose subject names someone (a name, a person
    pronoun, a role) and that ends the sentence. No lexicon lists every verb a writer puts there."""
    if position >= len(tokens) or position < 1:
        return False
    verb = tokens[position]
    # a past participle without an auxiliary is the tagger's misreading of a past tense ("Reyes beckoned")
    if verb.pos_ != "VERB" or verb.tag_ not in {"VBD", "VBZ", "VBN"} \
            or any(child.dep_ in {"aux", "auxpass"} for child in verb.children):
        return False
    if position + 1 < len(tokens) and tokens[position + 1].text not in {".", "!", ","}:
        return False
    if any(child.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp"} and child.i > verb.i for child in verb.children):
        return False  # (the quotation before it may hang on it as its clause)
    first = tokens[0].doc[tokens[0].i - 2] if tokens[0].i >= 2 else None
    if first is None or first.text not in {",", "?", "!"}:
        return False  # the quotation must end as an utterance that its sentence goes on from
    return any(token.pos_ == "PROPN" or token.lower_ in SPEAKING_PRONOUNS or token.lemma_.lower() in ROLE_NOUNS
               for token in phrase)


def according_source(tokens: Sequence[Token], start: int) -> tuple[int, int]:
    """The source after "according to": the phrase, or who the figures come from ("according to data
    from Beijing customs services" is the customs services'); (start, start) when there is none."""
    end = take_noun_phrase(tokens, start)
    if end > start and end + 1 < len(tokens) and tokens[end - 1].lemma_.lower() in EVIDENCE_NOUNS \
            and tokens[end].lower_ in {"from", "by", "of"}:
        inner = take_noun_phrase(tokens, end + 1)
        if inner > end + 1:
            return end + 1, inner
    return start, end


WORDS_OF = ("in", "the", "words", "of")


def source_phrase(tokens: Sequence[Token], position: int) -> tuple[int, int, int] | None:
    """A phrase that names a source at `position`: "according to X" and "in the words of X" ("Türkiye
    faced, in the words of the Secretary-General, “one of the biggest natural disasters …”": the
    Secretary-General's words, not Türkiye's). The end of its cue words and the source's token range."""
    if tokens[position].lower_ not in {"according", "in"}:
        return None  # (the common case, read for every word before a quotation)
    lowered = [token.lower_ for token in tokens[position:position + len(WORDS_OF)]]
    if lowered[:2] == ["according", "to"]:
        cue_end = position + 2
    elif tuple(lowered) == WORDS_OF:
        cue_end = position + len(WORDS_OF)
    else:
        return None
    start, end = according_source(tokens, cue_end)
    return (cue_end, start, end) if end > start else None
