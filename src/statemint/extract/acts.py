"""Evaluative acts: narrative clauses in which an actor evaluates someone ("Chinese officials have blamed
Taiwan", "Britain and Spain supported the United States", "Taiwan was criticised by Beijing").

For an analyst "X condemned Y" is X's stance toward Y even when nobody is quoted, so these clauses become
stance records of their own (`source: "act"`, docs/OUTPUT.md). Sentences that are already statements
(quotations, reported speech) are left to them: "The United States has accused Beijing of ..." is
reported speech whose holder is the United States either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from statemint.extract.syntax import negated, noun_phrase, passive_agent, subject_of
from statemint.extract.speakers import SpeakerIndex
from statemint.extract.reporting import noun_by_form
from statemint.extract.statements import may_hold_verb
from statemint.nlp.doctext import doc_text
from statemint.records import Statement, mention_at

# Verbs whose subject evaluates their object, with the direction of the evaluation: condemnation and
# criticism, praise and thanks, support and opposition, and the coercive acts that are a stance in
# diplomacy (sanctioning, warning, urging).
ACT_VERBS: dict[str, int] = {
    **{verb: -1 for verb in (
        "condemn", "denounce", "criticize", "criticise", "blame", "accuse", "censure", "rebuke", "slam", "deplore",
        "reproach", "castigate", "chastise", "lambast", "berate", "vilify", "demonize", "demonise",
        "sanction", "punish", "boycott", "warn", "threaten", "urge", "pressure", "oppose", "reject")},
    **{verb: +1 for verb in (
        "praise", "commend", "applaud", "hail", "salute", "laud", "congratulate", "thank", "welcome",
        "support", "back", "endorse", "champion", "defend")},
}


# "France stands with Ukraine", "sided with Russia": taking someone's side, with its preposition.
SIDING = {"stand": {"with", "by", "behind", "alongside"}, "side": {"with"}}


ACT_LEMMAS = frozenset(ACT_VERBS) | frozenset(SIDING)


# Subjects that are no actor: "This", "all", "no one" (issue 13 lists them as false speakers too).
NOT_ACTORS = frozenset({"this", "that", "it", "all", "no one", "nobody", "none", "everyone", "something", "what",
                        "which", "who", "time", "data", "there"})


FIRST_PERSON = frozenset({"i", "we"})


ACTOR_KINDS = frozenset({"person", "country", "organization", "group"})


@dataclass(frozen=True)
class Act:
    """An evaluative verb and the phrase of the actor who performs it."""

    verb: Token
    actor: Span


def _evaluated(verb: Token) -> bool:
    """Does the verb have someone to evaluate: an object, or "of"/"for"/"against"/"on" complement?"""
    siding = SIDING.get(verb.lemma_.lower())
    if siding is not None:
        return any(child.dep_ == "prep" and child.lower_ in siding for child in verb.children)
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            return True
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "against", "on"}:
            return True
    return False


def evaluated(act: Act, target: Span) -> int | None:
    """The act verb's direction (-1, +1) when `target` is what it evaluates: its object or passive
    subject, or inside their phrase ("criticised Trump's order"); None for other parties in the sentence
    ("blamed Taiwan for its ties with Japan" says nothing of Japan by itself)."""
    verb = act.verb
    siding = SIDING.get(verb.lemma_.lower())
    for child in verb.children:
        if siding is not None:
            if child.dep_ == "prep" and child.lower_ in siding and target.root.i in {t.i for t in child.subtree}:
                return +1
            continue
        if child.dep_ in {"dobj", "nsubjpass"}:
            phrase = child.subtree
        elif child.dep_ == "prep" and child.lower_ in {"of", "against", "on"}:
            phrase = child.subtree
        else:
            continue
        tokens = {token.i for token in phrase}
        if target.root.i in tokens and not _beyond_preposition(target.root, child):
            return ACT_VERBS[verb.lemma_.lower()]
    return None


def _beyond_preposition(token: Token, top: Token) -> bool:
    """Is the token under a preposition or a clause inside the object ("the order on Russia": Russia is not
    evaluated)?
    A possessor or a compound is part of what is evaluated; an "of" complement of a role noun is too
    ("the president of Russia")."""
    current = token
    while current.i != top.i:
        if current.dep_ == "pobj" and current.head.lower_ != "of" and current.head.i != top.i:
            return True
        if current.dep_ in {"relcl", "acl", "ccomp", "advcl", "appos"}:
            return True  # "the regime that ... the withdrawal of Russian troops": a clause about it
        current = current.head
    return False


def actor_of(verb: Token) -> Span | None:
    """The one who acts: the subject, or in the passive the "by" agent ("was criticised by Beijing")."""
    agent = passive_agent(verb)
    if agent is not None:
        return noun_phrase(agent)
    if any(child.dep_ in {"agent", "nsubjpass"} for child in verb.children):
        return None  # a passive without an agent names only the one evaluated
    return subject_of(verb)


def evaluative_act(sentence: Span) -> Act | None:
    """The first evaluative act in a parsed sentence whose actor is a phrase (not "we", "this", "all")."""
    for token in sentence:
        if token.pos_ != "VERB" or token.lemma_.lower() not in ACT_LEMMAS or noun_by_form(token):
            continue
        if negated(token) or not _evaluated(token):
            continue
        actor = actor_of(token)
        if actor is None or not len(actor) or actor.text.lower() in NOT_ACTORS or actor.root.lower_ in NOT_ACTORS:
            continue
        if actor.root.lower_ in FIRST_PERSON or actor.root.pos_ == "PRON":
            continue  # pronouns would need a look-back of their own; an act rests on a named actor
        return Act(token, coordinated(actor))
    return None


def may_act(paragraph: str, nlp: Language, cache: dict[str, bool]) -> bool:
    """Could a sentence of this raw paragraph hold an evaluative act? A superset of `evaluative_act` for
    the selective parse (statemint.pipeline.selection): a lower-case word that may be a form of an act
    verb, not right after a determiner ("our support", "the welcome": nouns, as `evaluative_act` reads them)."""
    return may_hold_verb(paragraph, ACT_LEMMAS, nlp, cache)


def actors(phrase: Span) -> list[Span]:
    """The conjuncts of a coordinated actor ("Britain and Spain"), else the phrase itself."""
    conjuncts = [token for token in phrase.root.conjuncts if phrase.start <= token.i < phrase.end]
    if not conjuncts:
        return [phrase]
    return [noun_phrase(token) for token in sorted([phrase.root, *conjuncts], key=lambda t: t.i)]


def coordinated(phrase: Span) -> Span:
    """The phrase with the conjuncts of its head ("Britain" -> "Britain and Spain")."""
    conjuncts = list(phrase.root.conjuncts)
    if not conjuncts:
        return phrase
    end = max(phrase.end, *(token.right_edge.i + 1 for token in conjuncts))
    return phrase.doc[phrase.start:end]


def build_acts(doc: Doc, statements: Sequence[Statement], speakers: SpeakerIndex,
               doc_id: str | None = None) -> list[Statement]:
    """The evaluative acts of sentences that no quotation or reported speech covers, as statements of
    kind "act" (ids "a<start>-<end>"), whose holder is the actor; acts whose actor resolves to no
    person, state, organisation or group are left out."""
    covered = [(s.start, s.end) for s in statements if s.kind != "narrative"]
    text = doc_text(doc)
    found: list[Statement] = []
    for sentence in doc.sents:
        if not sentence[0].tag_ or any(start < sentence.end_char and sentence.start_char < end for start, end in covered):
            continue  # not parsed, or already a statement
        act = evaluative_act(sentence)
        if act is None:
            continue
        start, end = sentence.start_char, sentence.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        cue = mention_at(text, act.verb.idx, act.verb.idx + len(act.verb))
        for actor in actors(act.actor):  # "Britain and Spain supported ...": each of them acts
            holder = speakers.resolve(actor.start_char, actor.end_char)
            if holder is None or holder.kind not in ACTOR_KINDS:
                continue
            found.append(Statement(id=f"a{start}-{end}", kind="act", text=text[start:end], start=start, end=end,
                                   holder=holder, cue=cue, quotes=(), doc=doc_id))
    return found
