"""Reports inside reports: whose words a quotation is when the reporting verb nearest to it stands
in what another reporter says ("Cruz said he's certain Rubio will continue to be “a champion …”").
extract.attribution asks `outer_reporter` before it takes the nearest cue's subject."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from spacy.tokens import Doc, Token

from statemint.extract.cues import CueLexicon
from statemint.extract.syntax import governs, is_root, subject_of

# Verbs that report speech of their own subject even inside another report ("…, while Cruz said that
# “…”", "Ross said Obama had told Jewish leaders that …"): that subject speaks, not the outer reporter.
OWN_SAYING = frozenset({"say", "tell", "add", "write", "tweet", "state", "declare", "insist", "announce", "claim"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def _speaks_on_its_own(nearest: Token, outer: Token) -> bool:
    """Does the nearest cue keep the quotation although an outer report holds it? When its subject is a
    personal pronoun ("DeSantis said …, which he called “a cartel”": the pronoun is the outer reporter
    again, and its mention is the one to give), when it is a saying verb with a subject of its own, or
    when a coordinated clause with its own subject lies between the two ("Cruz said he'd make sand
    “glow”, and Trump vowed to “bomb the hell” out of …")."""
    subject = subject_of(nearest)
    if subject is not None and len(subject) and subject.root.lower_ in PERSONAL_PRONOUNS:
        return True
    own = [child for child in nearest.children if child.dep_ in {"nsubj", "nsubjpass"}
           and child.lower_ not in {"who", "which", "that"}]
    if own and nearest.lemma_.lower() in OWN_SAYING:
        return True
    current = nearest
    for _ in range(12):
        if current.i == outer.i or is_root(current):
            return False
        if current.dep_ == "conj" and any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            return True
        current = current.head
    return False


def outer_reporter(governing: list[Token], lexicon: CueLexicon) -> Token | None:
    """The reporting verb whose clause holds every other cue governing the quotation: in "Cruz said
    he's certain Rubio will continue to be “a champion …”" and "Rep. Israel said Clinton called on
    members to be “closely coordinated”", the quoted words are part of what Cruz and Israel are
    reported to say, and attribution corpora (PolNeAR) give them to that outer reporter. Only a saying
    verb with a clause: not a verb that names or judges ("X called the plan “a sham”"). (Taking the
    outermost saying verb whose clause holds the nearest cue, even when another cue stands above it,
    gained 3 speakers on PolNeAR train and lost 19 found statements: not done.)"""
    if len(governing) < 2:
        return None
    outer = [verb for verb in governing if not any(other.i != verb.i and governs(other, verb) for other in governing)]
    if len(outer) != 1:
        return None
    verb = outer[0]
    lemma = verb.lemma_.lower()
    if lemma in lexicon.label or lemma in lexicon.judge or not any(child.dep_ == "ccomp" for child in verb.children):
        return None
    if _speaks_on_its_own(governing[-1], verb) or subject_of(verb) is None:
        return None
    return verb


def share_closing_report(doc: Doc, first_tokens: Sequence[int | None], results: list) -> list:
    """"Fundraising was “stagnant for a month” as donors waited out a “turbulent cycle”, he said.": the
    reporting clause that closes the sentence holds every quotation in it, also those before the last
    one (whose own right context stops at the next quotation). A quotation with no attribution takes
    that of a later quotation of its sentence whose cue comes after it and governs it."""
    shared = list(results)
    for index, result in enumerate(results):
        if result.method != "none" or first_tokens[index] is None:
            continue
        anchor = doc[first_tokens[index]]
        for later in range(index + 1, len(results)):
            other, first = results[later], first_tokens[later]
            if first is None or doc[first].sent.start != anchor.sent.start:
                break
            if other.cue is None or other.speaker is None:
                continue
            cue = doc.char_span(*other.cue, alignment_mode="expand")
            verb = cue.root if cue is not None and len(cue) else None
            if verb is not None and verb.idx > doc[first].idx and (
                    governs(verb, anchor) or verb.dep_ in {"parataxis", "ccomp"} and governs(verb.head, anchor)):
                shared[index] = replace(other, confidence=min(other.confidence, 0.8))
            break
    return shared


def own_nearest_cue(chosen: Token, governing: Sequence[Token]) -> Token:
    """The cue to give a quotation whose speaker is `chosen`'s subject: the reporting verb nearest the
    quotation that has that same subject ("said the system was “corrupt,” noting that it is “very
    strange …”", "said Weaver, who said there are “no secrets in politics”"). PolNeAR annotates such a
    second verb as a report of its own; the quotation's statement is then split from the first one
    (extract.statements). Any other nearer verb, with a subject of its own, leaves `chosen`."""
    subject = subject_of(chosen)
    if subject is None:
        return chosen
    for verb in reversed(governing):
        if verb.i <= chosen.i:
            break
        other = subject_of(verb)
        if other is not None and (other.start, other.end) == (subject.start, subject.end):
            return verb
    return chosen
