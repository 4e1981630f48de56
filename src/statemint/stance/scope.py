"""Stance of each statement's holder toward each party it mentions, with the words that justify it.

The stance is about the *target*, not the sentence: only evaluative words in the dependency scope of
the party mention count — the words on its path to the clause root, the modifiers of the nouns on
that path, the verb it is subject or object of, and that verb's complements when the party is its
subject. Negation flips a word's weight, hedges and questions soften it, scare quotes near the target
count as distancing. First-person mentions ("we", "our country") are the holder, never a target.
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Span, Token

from statemint.extract.syntax import denied_above, is_root, negated
from statemint.stance.lexicon import StanceLexicon

MODIFIER_DEPS = {"amod", "advmod", "acomp", "compound", "nmod", "npadvmod", "appos"}


COMPLEMENT_DEPS = {"dobj", "attr", "acomp", "oprd", "xcomp"}


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}


OBJECT_DEPS = {"dobj", "pobj", "dative", "obj", "iobj"}


CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "pcomp", "acl", "csubj"}


FIRST_PERSON = {"i", "we", "me", "us", "our", "my", "ours"}


CLAUSE_TONE = 0.6    # the tone of the target's clause when nothing in its scope speaks; 0.3 and 0.6 tried


# Nouns that name a topic rather than an actor's conduct: a party that only qualifies them ("the
# Ukrainian crisis", "Israel's war in Gaza") is what is talked about, not who is judged.
TOPIC_NOUNS = {"crisis", "conflict", "war", "issue", "question", "situation", "problem", "side", "territory",
               "border", "people", "economy", "market", "region", "peninsula", "sea", "capital", "city", "flag",
               "anthem", "delegation", "version", "language", "journalists", "companies", "exports", "imports",
               "president", "leader", "minister", "government", "counterpart", "ministry", "official", "officials",
               "troops", "forces", "army", "military", "trip", "visit", "tour", "summit", "meeting", "talks"}


# Harm done *to* someone: the party after "on"/"against"/"into" is the victim, not the culprit; after
# "of" only for nouns whose "of" names the one who suffers ("the invasion of Ukraine", but "the
# aggression of Russia" names the aggressor).
HARM_PREPOSITIONS = {"on", "against", "to", "toward", "towards", "into", "in"}


PATIENT_OF = {"invasion", "occupation", "annexation", "blockade", "bombing", "shelling", "destruction",
              "partition", "dismemberment", "isolation", "encirclement", "containment", "colonization",
              "colonisation", "subjugation", "oppression", "siege", "starvation", "killing", "murder",
              "massacre", "persecution", "deportation", "exploitation", "plunder", "looting"}


# Prepositions that attach time, place or circumstance to a verb: the verb says nothing about their object.
ADJUNCT_PREPOSITIONS = {"during", "after", "before", "in", "at", "since", "while", "despite", "amid", "following",
                        "until", "within", "throughout", "by", "from", "like", "as", "among", "beyond"}


# "work with X", "cooperate with X": acting together is a friendly stance toward X.
JOINT_ACTION = {"work", "cooperate", "partner", "collaborate", "coordinate", "engage", "join", "team", "unite", "ally"}


JOINT_WEIGHT = 0.4


COPULAR = {"be", "have", "remain", "become", "seem", "lack", "show", "deserve", "enjoy", "stay", "prove"}


def _weight(token: Token, lexicon: StanceLexicon) -> float | None:
    table = lexicon.verbs if token.pos_ in {"VERB", "AUX"} else lexicon.words
    for key in (token.lemma_.lower(), token.lower_):
        weight = table.get(key) or (lexicon.words.get(key) if token.pos_ in {"VERB", "AUX"} else None)
        if weight:
            return weight
    if token.pos_ in {"PROPN", "PUNCT", "NUM"}:
        return None
    return lexicon.general.get(token.lower_) or lexicon.general.get(token.lemma_.lower())


def _has_negation(token: Token, lexicon: StanceLexicon) -> bool:
    """syntax.negated with the lexicon's negation words, or "at no time supported"."""
    return negated(token, lexicon.negations) or any(
        child.dep_ == "prep" and any(g.dep_ == "pobj" and any(d.lower_ == "no" for d in g.children)
                                     for g in child.children) for child in token.children)


def _negated(token: Token, lexicon: StanceLexicon) -> bool:
    """A negation on the word itself, or on the copula or "have" that carries it ("does not have credibility")."""
    if _has_negation(token, lexicon):
        return True
    head = token.head
    if token.dep_ in COMPLEMENT_DEPS | {"amod"} and head.lemma_.lower() in COPULAR:
        return _has_negation(head, lexicon)
    if token.dep_ == "amod" and head.dep_ in COMPLEMENT_DEPS and head.head.lemma_.lower() in COPULAR:
        return _has_negation(head.head, lexicon)
    return False


def _hedged(token: Token, lexicon: StanceLexicon) -> bool:
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return any(child.lower_ in lexicon.hedges for child in verb.children)


def _clause_verbs(token: Token) -> list[Token]:
    """Verbs from the token's clause up to the sentence root, nearest first."""
    verbs: list[Token] = []
    current = token
    for _ in range(12):
        if current.pos_ in {"VERB", "AUX"} and current not in verbs:
            verbs.append(current)
        if is_root(current):
            break
        current = current.head
    return verbs


def _subject_is_holder(verb: Token, target_tokens: set[int],
                       holder_spans: Sequence[tuple[int, int]] | None = None) -> bool:
    """Does the verb's act belong to the holder? Yes with no overt subject (infinitive, imperative,
    passive), a first-person subject, or a subject that names the holder; no when the subject is the
    target or, when the holder's mentions are known, a third party ("Russia is violating the Charter of
    the United Nations" says nothing of the speaker's stance toward the UN)."""
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    if not subjects:
        return True
    for subject in subjects:
        if subject.i in target_tokens:
            return False
        if subject.lower_ in FIRST_PERSON:
            return True
        if holder_spans is not None and any(start <= subject.idx < end for start, end in holder_spans):
            return True
    return holder_spans is None


# long: one walk up from the target whose rules share the add() and add_modifiers() closures over the
# words found so far (issue 12 replaces it with role-aware evidence)
def scope_evidence(target: Span, lexicon: StanceLexicon, quoted: Sequence[tuple[int, int]] = (),
                   holder_spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, float]]:
    """(start, end, weight) of the words in the target's dependency scope, with negation, hedges and distance applied."""
    target_ids = {token.i for token in target}
    head = target.root
    found: dict[int, tuple[Token, float]] = {}
    joint: list[tuple[int, int, float]] = []
    ruled_out = False  # a rule decided the words around the target say nothing about it

    def add(token: Token, factor: float) -> None:
        if token.i in target_ids or token.i in found:
            return
        weight = _weight(token, lexicon)
        if weight is None:
            return
        if _negated(token, lexicon):
            weight = -weight * 0.8
        elif denied_above(token, lambda verb: _has_negation(verb, lexicon)):
            return  # "Cuba has not engaged in any action to threaten the United States": nothing asserted
        if _hedged(token, lexicon):
            weight *= 0.6
        found[token.i] = (token, weight * factor)

    def add_modifiers(noun: Token, factor: float, compounds: bool = False) -> None:
        # A compound names a thing ("the peace plan"), it does not judge it; only the target's own count.
        for child in noun.children:
            if child.dep_ in MODIFIER_DEPS and child.i not in target_ids and (compounds or child.dep_ != "compound"):
                add(child, factor)
                for joined in child.children:  # "destructive and hostile American pressure"
                    if joined.dep_ == "conj" and joined.i not in target_ids:
                        add(joined, factor)

    # The target itself may carry evaluative modifiers: "the aggressor Russia", "hostile American pressure".
    add_modifiers(head, 1.0, compounds=True)
    current = head
    factor = 1.0
    role = head.dep_
    for _ in range(10):
        parent = current.head
        if parent is current:
            break
        if parent.pos_ in {"VERB", "AUX"}:
            if role == "agent" and parent.dep_ == "acl":
                # "coercion applied by the United States": the agent owns the deed it applies.
                add(parent.head, factor)
                add_modifiers(parent.head, factor)
                break
            if role in SUBJECT_DEPS:
                # What the target does: hostile acts count fully, friendly ones by half; with a copula
                # or "have", what it is or has ("is a reliable partner", "does not have credibility").
                # A friendly act says something of the actor only when partners act together
                # ("Moscow and Beijing will strengthen their coordination").
                weight = _weight(parent, lexicon)
                together = any(child.dep_ == "conj" for child in current.children) or current.dep_ == "conj"
                if weight is not None and (weight < 0 or together):
                    add(parent, factor)
                elif weight is not None:
                    ruled_out = True
                if parent.lemma_.lower() in COPULAR:
                    for child in parent.children:
                        if child.dep_ in COMPLEMENT_DEPS - {"xcomp"}:
                            add(child, factor)
                            add_modifiers(child, factor)
            elif _subject_is_holder(parent, target_ids, holder_spans):
                add(parent, factor)
                add_modifiers(parent, factor)
                if role == "prep" and current.lower_ == "with" and parent.lemma_.lower() in JOINT_ACTION:
                    joint.append((parent.idx, parent.idx + len(parent), JOINT_WEIGHT * factor))
            factor *= 0.6
            # Only complement clauses carry the judgement upward ("condemn what they call X").
            if parent.dep_ not in {"ccomp", "pcomp"} or factor < 0.3:
                break
        elif parent.dep_ == "prep" and parent.lower_ in ADJUNCT_PREPOSITIONS and parent.head.pos_ in {"VERB", "AUX"}:
            ruled_out = True
            break  # "During the meeting with X, Y pledged …": circumstance, not stance
        else:
            if role in {"amod", "compound", "poss", "nmod"} and parent.lemma_.lower() in TOPIC_NOUNS:
                add_modifiers(parent, factor)
                ruled_out = True
                break
            victim = current.lower_ in HARM_PREPOSITIONS or (
                current.lower_ == "of" and parent.lemma_.lower() in PATIENT_OF)
            if role == "prep" and victim and (_weight(parent, lexicon) or 0) < 0:
                ruled_out = True
                break  # "the invasion of Ukraine": Ukraine suffers it
            add(parent, factor)
            add_modifiers(parent, factor)
            if parent.dep_ == "prep" and parent.head.pos_ == "ADJ":
                add(parent.head, factor)  # "grateful to China"
        role = parent.dep_
        current = parent
    if not found and not joint and not ruled_out:
        # Nothing in the scope speaks: the tone of the target's own clause, weakly.
        clause = _clause_verbs(head)
        if clause:
            for token in clause[0].subtree:
                if token.i not in target_ids and token.sent == head.sent:
                    add(token, CLAUSE_TONE)
    question = 0.5 if target.sent.text.rstrip().endswith("?") else 1.0
    evidence = [(token.idx, token.idx + len(token), weight * question) for token, weight in found.values()]
    evidence += [item for item in joint if not any(item[0] == other[0] for other in evidence)]
    for start, end in quoted:  # a scare-quoted term next to the target keeps its distance
        if abs(start - target.end_char) <= 3 or abs(target.start_char - end) <= 3 or (
                start <= target.start_char and target.end_char <= end):
            evidence.append((start, end, -0.3))
    return evidence


