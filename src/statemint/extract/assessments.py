"""Assessments that no one in the text is named as holding: "Trump is expected to deliver a victory
speech tonight", "The race appears closer in Ohio", "Hizbollah seems unlikely to want another war".
Annotated attribution corpora mark them as attributions without a source (PolNeAR: cue "is expected",
"seemed"); the subject is what is assessed, not who assesses it, so the subject is no holder. They are
statements (parts, extract.parts) with no holder of their own (the document's holder with --holder),
whose content is the whole clause, the assessed subject with it."""

from __future__ import annotations

from spacy.tokens import Span, Token

from statemint.extract.content import heads_content
from statemint.extract.cues import cue_lemma, reporting_lemmas
from statemint.extract.reporting import noun_by_form

# "X seems/appears …": the verbs of how things look to someone the text does not name.
LOOKING_VERBS = frozenset({"seem", "appear"})
# "X is expected/believed/said to …": a passive without its agent says only that someone expects it.
ASSESSING_PASSIVES = frozenset({"expect", "believe", "think", "say", "report", "rumor", "consider", "predict",
                                "anticipate", "project"})
ASSESSMENT_LEMMAS = LOOKING_VERBS | ASSESSING_PASSIVES
# "X reportedly/allegedly did Y": someone unnamed reports it. Read in raw text too (extract.statements).
HEARSAY_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# What "seems" or "appears" takes: an infinitive, an adjective, a noun phrase, "like …", a comparative.
_LOOKS = {"xcomp", "acomp", "attr", "oprd"}
# What the verb says of its subject: the complement, with where and how ("appears closer [in Ohio]") and
# an expletive's clause ("It seems inevitable [that …]"); not the writer's clauses around it ("… seemed to
# match the mood [as the band played]").
_COMPLEMENTS = _LOOKS | {"prep", "advmod", "npadvmod", "ccomp", "dobj", "dative", "agent"}


def assessed_clause(verb: Token, sentence: Span) -> tuple[int, int] | None:
    """Character offsets of the clause an assessment verb assesses (from its subject to the end of its
    complement; for "It seems …" the complement alone), or None when the verb is no such assessment.
    "X appeared to insinuate that …" is X's insinuation (the verb inside is a reporting verb of X's), not
    an assessment of X; "is expected by analysts to …" names who expects it (the agent rules read it)."""
    if verb.lower_ in HEARSAY_ADVERBS and verb.dep_ == "advmod" and verb.head.pos_ in {"VERB", "AUX"}:
        return _clause_of(verb.head, sentence)  # "The club is reportedly spending $1.5 million on ads"
    if verb.pos_ not in {"VERB", "AUX"} or noun_by_form(verb):
        return None
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in LOOKING_VERBS:
        looks = [child for child in children if child.dep_ in _LOOKS or child.dep_ == "prep" and child.lower_ == "like"
                 or child.dep_ == "advmod" and child.tag_ in {"RBR", "JJR"}]  # "appears closer in Ohio"
        if not looks or not any(child.dep_ in {"nsubj", "expl"} for child in children):
            return None
        known = reporting_lemmas()
        if any(child.dep_ == "xcomp" and cue_lemma(child, known) in known for child in looks):
            return None
    elif lemma in ASSESSING_PASSIVES and verb.tag_ == "VBN":
        if not any(child.dep_ == "auxpass" for child in children) or any(child.dep_ == "agent" for child in children):
            return None
        if not any(child.dep_ == "xcomp" for child in children) or not any(child.dep_ == "nsubjpass" for child in children):
            return None
    else:
        return None
    return _clause_of(verb, sentence)


def _clause_of(verb: Token, sentence: Span) -> tuple[int, int] | None:
    """From the verb's subject to the end of its complement; for "It seems …" the complement alone."""
    subject = next((child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    if subject is None:
        return None
    heads = [child for child in verb.rights if child.dep_ in _COMPLEMENTS]
    stretch = heads_content(heads, sentence)
    if stretch is None or subject.lower_ == "it" and any(child.dep_ == "ccomp" for child in heads):
        return stretch  # "It now seems inevitable that …": what seems so is the clause, not the "it"
    return subject.left_edge.idx, stretch[1]  # "In New Hampshire, Sanders appears to …" is about Sanders
