"""Is this word a reporting cue of reported speech? The dependency-tree test that the sentence's own
statement (extract.statements) and its parts (extract.parts) share, with the word lists it needs."""

from __future__ import annotations

from spacy.tokens import Token

from statemint.extract.cues import CueLexicon, cue_lemma
from statemint.vocabulary import NOUN_DETERMINERS

# Verbs whose infinitive is what the subject says it will do or wants ("pledged to …", "refused to …").
INTENT_VERBS = {"pledge", "vow", "promise", "urge", "agree", "propose", "demand", "threaten", "want", "plan",
                "refuse", "decline", "seek", "hope", "expect", "intend", "offer", "decide", "aim"}
COGNITION_EXCLUDED = {"call", "describe", "term", "dub", "label", "brand", "refer", "read", "post", "continue", "ask"}
# Speaker mentions that stand for the document's own holder ("we believe that ..."): without one, no holder.
HOLDER_WORDS = frozenset({"i", "we", "my", "our"})


def noun_by_form(verb: Token) -> bool:
    """A reporting word that cannot be the verb of reported speech, by its form alone: capitalised
    ("Member States", "the Report") or right after a determiner ("the state of", "our point").
    statemint.pipeline.selection applies the same test to raw text, so it must stay a test of form."""
    if not verb.text.islower():
        return True
    previous = verb.i - 1
    while previous >= 0 and verb.doc[previous].is_space:
        previous -= 1
    return previous >= 0 and verb.doc[previous].lower_ in NOUN_DETERMINERS


def hearer_infinitive(verb: Token) -> bool:
    """"The Bahamas wants the world to know that …": an infinitive with a subject of its own is what the
    verb above wants of that subject; the wanting speaks, not the world."""
    infinitive = verb.dep_ == "xcomp" or any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)
    return infinitive and any(child.dep_ == "nsubj" for child in verb.children)


def reported_clause(verb: Token, lexicon: CueLexicon) -> bool:
    """Does this reporting verb govern reported content ("said that …", "accused X of …", "pledged to …")?"""
    if verb.pos_ not in {"VERB", "AUX"} or noun_by_form(verb):
        return False
    lemma = cue_lemma(verb, lexicon.indirect)
    if lemma == "call" and any(child.dep_ == "prep" and child.lower_ == "for" for child in verb.children):
        return True  # "The document calls for respect for …"
    if lemma == "ask":
        return _asks(verb)
    if lemma not in lexicon.indirect or lemma in COGNITION_EXCLUDED:
        return False
    if hearer_infinitive(verb):
        return False
    if verb.dep_ == "parataxis" and any(child.dep_ == "nsubj" for child in verb.children):
        return True  # "Many of the closures, he said, have involved …": a parenthetical cue
    for child in verb.children:
        if child.dep_ == "ccomp":
            return True
        if child.dep_ == "xcomp" and lemma in INTENT_VERBS and not any(c.dep_ == "auxpass" for c in verb.children):
            return True  # not "the allies are expected to discuss …": others expect it
        if child.dep_ == "dobj" and lemma in lexicon.judge:  # "Western allies criticized the Chinese regime"
            return True
        if child.dep_ == "prep" and lemma in {"accuse", "warn", "charge"} and child.lower_ in {"of", "against", "about"}:
            return True
        if child.dep_ == "dobj" and lemma in {"deny", "confirm", "announce", "propose", "demand"}:
            return True
    return False


def _asks(verb: Token) -> bool:
    """"X asked (Y) whether …", "X asked Y to …": a reported question or request. Not the passive
    ("Rubio was asked whether …"): its subject is who was asked, not who asks."""
    if any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children) or verb.tag_ == "VBN" and verb.dep_ != "ROOT":
        return False
    return any(child.dep_ in {"ccomp", "xcomp"} for child in verb.children)
