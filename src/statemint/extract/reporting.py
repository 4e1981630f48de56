"""Is this word a reporting cue of reported speech? The dependency-tree test that the sentence's own
statement (extract.statements) and its parts (extract.parts) share, with the word lists it needs."""

from __future__ import annotations

from spacy.tokens import Token

from statemint.extract.cues import CueLexicon, cue_lemma
from statemint.extract.syntax import FINITE_TAGS, as_clause, governs, passive_agent
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
    if lemma == "call" and (any(child.dep_ == "prep" and child.lower_ == "for" for child in verb.children)
                            or for_clause(verb) is not None):
        return True  # "The document calls for respect for …", "She called for all candidates to lay out …"
    if lemma == "ask":
        return _asks(verb)
    if lemma not in lexicon.indirect or lemma in COGNITION_EXCLUDED:
        return False
    if hearer_infinitive(verb):
        return False
    if verb.dep_ == "parataxis" and any(child.dep_ == "nsubj" for child in verb.children):
        return True  # "Many of the closures, he said, have involved …": a parenthetical cue
    if as_report(verb, lexicon):
        return True
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
    if lemma == "say" and said_words(verb):
        return True  # "75 percent of Democrats said yes", "half said so", "26 percent said the same"
    return trailing_report(verb) is not None


def for_clause(verb: Token) -> Token | None:
    """"called for all candidates to lay out specifics": the parser reads "for X to …" as a clause of the
    verb with "for" as its mark; its verb, or None."""
    return next((child for child in verb.children if child.dep_ in {"advcl", "ccomp"} and child.i > verb.i
                 and any(grandchild.dep_ == "mark" and grandchild.lower_ == "for" for grandchild in child.children)), None)


def as_report(verb: Token, lexicon: CueLexicon) -> bool:
    """"As Menendez pointed out, SCOTUS rulings have …", "…, as POLITICO revealed", "As reported by
    Western Journalism, …", "as Trump put it": an "as" clause of a verb of saying that has no content of
    its own reports the clause it hangs on; its subject, or the agent of the passive, says it. Not "as he
    said goodbye" (an object), "as expected" (no one named), nor a judging or wishing verb ("as they
    celebrated", "as many had hoped", "as its emissions declined": when, not what was said)."""
    if verb.dep_ != "advcl" or not as_clause(verb):
        return False
    if verb.head.pos_ not in {"VERB", "AUX"} or any(child.lower_ == "as" for child in verb.head.lefts):
        return False  # "he is not as isolated as they claim": a comparison, not a report
    lemma = cue_lemma(verb, lexicon.speech)
    if lemma not in lexicon.speech or lemma in lexicon.judge or lemma in INTENT_VERBS:
        return False
    if any(child.dep_ in {"ccomp", "xcomp", "dobj"} and not (child.dep_ == "dobj" and child.lower_ == "it")
           for child in verb.children):
        return False
    return any(child.dep_ == "nsubj" and child.lower_ != "it" for child in verb.children) or bool(passive_agent(verb))


def said_words(verb: Token) -> list[Token]:
    """What "say" takes as its object when it is no clause: "said yes", "said so", "said the same",
    "said it" (the parser may read "the same" as a subject after the verb)."""
    return [child for child in verb.rights if child.dep_ in {"dobj", "intj"} and child.lower_ not in {"nothing", "little", "none"}
            or child.dep_ == "advmod" and child.lower_ == "so"
            or child.dep_ == "nsubj" and any(subject.i < verb.i for subject in verb.lefts if subject.dep_ == "nsubj")][:1]


# Between a trailing reporting clause's subject and its verb: "she also said", "he has said".
_BETWEEN_SUBJECT_AND_VERB = {"aux", "advmod", "neg"}
_CLAUSE_WORDS = {"VERB", "AUX"}
# What may follow the verb of a trailing reporting clause: when, where, how and to whom it was said.
_AFTER_THE_VERB = {"punct", "npadvmod", "advmod", "advcl", "agent", "dative"}
# Prepositions of when, where and how ("said in an interview", "told reporters after the vote"); not those
# whose object is what is said ("calling for …", "wrote about …", "believe in …").
_CIRCUMSTANCE_PREPOSITIONS = {"at", "after", "before", "during", "to", "from", "with", "via", "through", "while",
                              "outside", "inside", "near", "upon", "following", "ahead", "in"}
_RELATIVE_SUBJECTS = {"who", "which", "that", "whom", "whose"}
# Verbs whose object is who hears, not what is said ("…, Carter told a Senate panel").
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "brief", "advise", "reassure", "notify", "warn", "caution"})


def trailing_report(verb: Token) -> int | None:
    """The comma before a reporting clause that ends its sentence ("The Internet has also made it
    possible …, she said.", "This includes a special force …, Defense Secretary Ash Carter told a Senate
    panel Wednesday.", "…, said the company's chief executive."): the clause before the comma is what is
    reported, whatever the small parser hung the reporting clause on (it often reads "she said" as an
    adverbial clause of the content, or "told" as its conjunct). The reporting clause is the verb and
    its own subject right after the comma, in either order, then only when, where and to whom it was
    said up to the sentence's end ("…, he promised, was one of …" and "…, few are calling for X" are
    not one). None when the verb does not stand so."""
    doc, sentence = verb.doc, verb.sent
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if not subjects or verb.dep_ == "relcl":
        return None
    subject = min(subjects, key=lambda token: abs(token.i - verb.i))  # the parser may hang the content's on it too
    if subject.lower_ in _RELATIVE_SUBJECTS:
        return None  # "…, said Murphy, who thinks often about …"
    addressed = cue_lemma(verb, ADDRESSEE_VERBS) in ADDRESSEE_VERBS
    if any(not (child.dep_ in _AFTER_THE_VERB or child.dep_ == "dobj" and addressed
                or child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCE_PREPOSITIONS)
           for child in verb.rights if child.i != subject.i):
        return None  # "…, the candidate said no", "…, 26 percent said the same": what follows is what is said
    if subject.i < verb.i:
        if any(doc[index].dep_ not in _BETWEEN_SUBJECT_AND_VERB for index in range(subject.right_edge.i + 1, verb.i)):
            return None
        first, last = subject.left_edge.i, verb.i
    else:
        if subject.left_edge.i != verb.i + 1:
            return None
        first, last = verb.i, subject.right_edge.i
    comma = first - 1
    if comma <= sentence.start or doc[comma].text != ",":
        return None
    if any(not (token.is_punct or token.is_space) and not governs(verb, token) for token in doc[last + 1:sentence.end]):
        return None  # the clause must end the sentence
    if not any(token.tag_ in FINITE_TAGS for token in doc[sentence.start:comma]):
        return None  # "In a changing economy, Millennials still believe in …": no clause before the comma
    return comma


def _asks(verb: Token) -> bool:
    """"X asked (Y) whether …", "X asked Y to …": a reported question or request. Not the passive
    ("Rubio was asked whether …"): its subject is who was asked, not who asks."""
    if any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children) or verb.tag_ == "VBN" and verb.dep_ != "ROOT":
        return False
    return any(child.dep_ in {"ccomp", "xcomp"} for child in verb.children)
