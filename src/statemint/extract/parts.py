"""Reported speech inside a sentence: every cue of a sentence beside the one that makes it a statement.

A sentence often reports more than one thing: "X said A, adding that B", "Cruz knocked Rubio on trade and
called him a “moderate”", "polls show Clinton with a lead", "his claim that …", "support for Clinton".
The sentence's own statement (extract.statements) keeps one cue, the highest in the tree; each other cue
with its holder and content becomes a *part*: a statement of its own over the stretch from its holder
to its content, inside the sentence (so its id `s<start>-<end>` differs from the sentence's).

Which words are cues here: the reporting verbs of data/reporting_verbs.txt (as extract.statements
reads them) and the (lemma, frame) pairs of data/learned_cues.tsv, which tools/polnear_cue_frames.py
learns from PolNeAR train: a frame is what holds the content (`frame_of`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Span, Token

from statemint.extract.syntax import noun_phrase, subject_of

# Nouns' holders: "his claim", "Obama's endorsement of Clinton".
POSSESSIVE_DEPS = {"poss"}
# Verbs whose object a noun cue is, so that their subject holds it ("X voiced support for", "X raised concerns about").
CONTENT_DEPS = {"ccomp", "xcomp"}


@dataclass(frozen=True)
class CueFrames:
    """Learned cue frames: lemma -> the frames in which PolNeAR train annotates it as a cue."""

    verbs: dict[str, frozenset[str]]
    nouns: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=1)
def load_frames() -> CueFrames:
    verbs: dict[str, set[str]] = {}
    nouns: dict[str, set[str]] = {}
    text = resources.files("statemint").joinpath("data/learned_cues.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pos, frame, lemma, *_ = line.split("\t")
        (verbs if pos == "VERB" else nouns).setdefault(lemma, set()).add(frame)
    return CueFrames({k: frozenset(v) for k, v in verbs.items()}, {k: frozenset(v) for k, v in nouns.items()})


def frame_of(token: Token) -> str | None:
    """What holds the content of a verb or noun: "clause" (a clausal complement, an infinitive, or for a
    noun a that-clause), else "object" (a direct object), else "prep:X" (the object of the first
    preposition after it). tools/polnear_cue_frames.py learns the frames with this same function."""
    children = list(token.children)
    if any(_is_clause(token, child) for child in children):
        return "clause"
    if any(child.dep_ == "dobj" for child in children):
        return "object"
    for child in children:
        if child.dep_ == "prep" and child.i > token.i and any(g.dep_ in {"pobj", "pcomp"} for g in child.children):
            return f"prep:{child.lower_}"
    return None


def _is_clause(token: Token, child: Token) -> bool:
    if child.dep_ in CONTENT_DEPS:
        return True
    # "his claim that …", "calls to …": a noun's clause hangs as acl
    return token.pos_ == "NOUN" and child.dep_ == "acl" and child.i > token.i and any(
        grandchild.dep_ in {"mark", "aux"} for grandchild in child.children)


# What follows a cue's object and still belongs to what it says ("describing the plan as a buzz",
# "crediting her with convening", "called for the suspension of the deal in response to tests").
AFTER_OBJECT = {"prep", "oprd", "dative"}


def frame_content(token: Token, frame: str) -> list[Token]:
    """The heads of what the cue's frame says: the clause, the object (with the prepositions and
    predicates after it, up to a comma or a conjunction), or the preposition's object."""
    if frame == "clause":
        return [child for child in token.children if _is_clause(token, child)]
    if frame == "object":
        objects = [child for child in token.children if child.dep_ == "dobj"]
        return objects + _after(token, objects[0]) if objects else []
    preposition = frame.partition(":")[2]
    for child in token.children:
        if child.dep_ == "prep" and child.i > token.i and child.lower_ == preposition:
            objects = [grandchild for grandchild in child.children if grandchild.dep_ in {"pobj", "pcomp"}]
            return objects + _after(token, child) if objects else []
    return []


def _after(token: Token, last: Token) -> list[Token]:
    """The token's right children after `last` that still belong to what it says (AFTER_OBJECT), up to
    the first that does not (a comma, a conjunction, a clause of the reporter's)."""
    after = []
    for child in token.rights:
        if child.i <= last.i:
            continue
        if child.dep_ not in AFTER_OBJECT:
            break
        after.append(child)
    return after


def is_learned_cue(token: Token, frames: CueFrames) -> str | None:
    """The token's frame when the learned lexicon lists it for the token's lemma, else None."""
    table = frames.verbs if token.pos_ == "VERB" else frames.nouns if token.pos_ == "NOUN" else None
    if table is None:
        return None
    known = table.get(token.lemma_.lower())
    frame = frame_of(token) if known else None
    return frame if frame is not None and frame in known else None  # type: ignore[operator]


# Verbs whose subject holds the noun cue they take as object ("X voiced support for", "renewed calls
# for", "made the claim that"); not "rejected the accusation that …", which is someone else's.
HOLDING_VERBS = frozenset({"express", "voice", "renew", "raise", "make", "issue", "offer", "reiterate", "repeat",
                           "signal", "lodge", "register", "give", "pledge", "declare", "announce", "show", "have",
                           "level", "air", "state", "press", "step"})


def noun_holder(noun: Token) -> Span | None:
    """Who holds a noun cue: its possessor ("his claim", "Obama's endorsement", without the "'s"), else
    the subject of the verb of holding it is the object of ("X voiced support for …")."""
    for child in noun.children:
        if child.dep_ in POSSESSIVE_DEPS:
            phrase = noun_phrase(child)
            if len(phrase) > 1 and phrase[-1].dep_ == "case":
                phrase = phrase[:-1]
            return phrase
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"} and noun.head.lemma_.lower() in HOLDING_VERBS:
        return subject_of(noun.head)
    return None


def copula_clause(noun: Token) -> list[Token]:
    """"The union's view is that the contract has expired": the clause a noun cue is the subject of."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return []
    return [child for child in head.children if child.dep_ in {"ccomp", "attr"} and child.i > head.i
            and (child.dep_ == "ccomp" or any(g.dep_ in {"mark", "relcl", "acl"} for g in child.children))][:1]
