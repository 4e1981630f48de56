"""The role a party plays in its sentence, read off the dependency parse, where the role alone decides
the direction of a stance whatever the words' tone:

- **victim**: harm done *to* the party ("the invasion of Ukraine", "aggression against Cuba", "groups
  whose aim is to destabilize Ukraine", "Ukraine was attacked") is not a stance against it;
- **topic**: the party only qualifies what is talked about ("the Ukrainian crisis");
- **addressee** of a demand ("Russia must withdraw", "we urge Turkey to lift ...", "call on Iran to"):
  a demand on a party is critical of it;
- **culprit**: the party as the subject of a clearly hostile deed ("X manipulates ...") or as the "by"
  agent of harm done to the holder ("the blockade imposed on our country by X") is criticised;
- **denied**: a hostile deed toward the party that the sentence denies ("Cuba has not engaged in any
  action to threaten the independence of the United States") is no hostility toward it;
- **judged**: the party as the doer of what the holder condemns or praises ("our condemnation of the
  statement made by President Putin") takes the side of the judgement; support the holder denies it
  ("we will not support Russia", "we cannot accept Israel's settlement policy") is **withheld**, critical;
- **qualified**: the adjectives of the noun the party qualifies ("destructive and hostile American
  pressure") or the deed that noun names ("Russian aggression") decide the side;
- **ally**: standing with it, solidarity with it, support for it ("France stands with Ukraine",
  "solidarity with the people of Ukraine"), and thanking or congratulating it, are on its side.

The learned model (stance.model) sees the same dependency paths as features, but from a few thousand
news sentences it does not learn each of these reliably (it read "the Ukrainian crisis" as hostile to
Ukraine); the rules bound its score (stance.judge). Each returns the words it rests on, which become
the record's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from statemint.extract.acts import ACT_VERBS, Act, evaluated
from statemint.extract.syntax import denied_above, is_root, negated
from statemint.stance import scope
from statemint.stance.lexicon import StanceLexicon
from statemint.vocabulary import FIRST_PERSON_WORDS



# A harmful noun whose "of" names the one who suffers: the scope lexicon's list (stance.scope) and a few
# more deeds of the kind ("the destabilization of Ukraine").
PATIENT_OF = scope.PATIENT_OF | {"destabilization", "destabilisation", "bombardment", "militarization", "sanctioning"}


# Prepositions after a harmful noun that introduce its victim ("aggression against Cuba").
HARM_PREPOSITIONS = {"against", "on", "upon", "into", "toward", "towards"}


HARM_NOUNS = {"aggression", "war", "attack", "invasion", "violence", "crime", "atrocity", "strike", "hostility",
              "terrorism", "offensive", "assault", "bombardment", "incursion", "intervention"}


# Material harm done to the verb's object (not a verbal judgement of it: "criticized", "accused").
HARM_VERBS = {"attack", "invade", "occupy", "destabilize", "destabilise", "threaten", "bomb", "shell", "kill",
              "harm", "hurt", "blockade", "annex", "besiege", "starve", "deport", "oppress", "persecute",
              "subjugate", "undermine", "weaken", "encircle", "dismember", "plunder", "devastate", "destroy"}


# Nouns that name what is talked about, or a place or people that things happen to: a party that is only
# their adjective or compound is the topic ("the Ukrainian crisis", "from Ukrainian territory").
TOPIC_NOUNS = {"crisis", "conflict", "war", "issue", "question", "situation", "problem", "file", "dossier",
               "tragedy", "case", "territory", "soil", "border", "borders", "coast", "waters", "airspace", "region",
               "city", "cities", "port", "ports", "capital", "people", "population", "civilians", "children"}


# Verbs and nouns whose object (or "with" complement) is the side the holder takes.
ALLY_WITH = {"stand", "side", "solidarity", "stands", "standing"}


SUPPORT_NOUNS = {"support", "solidarity", "assistance", "aid", "backing"}


PRAISE_VERBS = {"thank", "congratulate", "commend", "salute", "applaud", "praise", "hail", "welcome"}


# "urge X to", "call on X to", "demand that X": a demand on X.
DEMAND_VERBS = {"urge", "call", "demand", "press", "exhort", "implore", "insist", "request", "ask", "appeal",
                "encourage"}


MODALS = {"must", "should", "ought", "need"}


# Nouns of a relation with a party: to endorse, condemn or refuse "a deal with Iran" or "cooperation with
# Russia" is to take that side toward the party (not so "a war with X").
RELATION_NOUNS = {"deal", "agreement", "accord", "treaty", "cooperation", "partnership", "alliance", "relation",
                  "relationship", "tie", "dialogue", "negotiation", "talk", "trade", "friendship", "engagement"}


# Verbs whose denial withholds the holder's support from what they take ("we will not support Russia",
# "we cannot accept X's claims"): the favourable evaluative verbs, and acceptance, which is no praise
# when asserted but is a refusal when denied. A denied condemnation ("we do not condemn X") is no praise.
SUPPORTIVE_VERBS = frozenset(verb for verb, sign in ACT_VERBS.items() if sign > 0) | {"accept", "recognize",
                                                                                      "recognise"}


# Nouns by which the holder judges what follows their "of"/"for" (verbs: extract.acts.ACT_VERBS).
EVALUATIVE_NOUNS = {"condemnation": -1, "denunciation": -1, "criticism": -1, "rejection": -1,
                    "appreciation": +1, "gratitude": +1, "praise": +1, "admiration": +1, "thanks": +1,
                    "congratulations": +1, "recognition": +1, "commendation": +1}


CULPRIT_WEIGHT = -0.5   # a verb at least this hostile makes its subject the culprit


QUALIFIED_WEIGHT = 0.5  # the weight of the words qualifying the party's noun that decides its side


@dataclass(frozen=True)
class Role:
    """A role of the target and the tokens (doc indices) it rests on."""

    name: str               # a key of stance.judge.ROLE_BOUNDS: victim, topic, denied, culprit, ally, ...
    tokens: tuple[int, ...]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited through xcomp and conj chains ("Russia must stop destabilizing X")."""
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                return child
        if current.dep_ in {"xcomp", "conj", "pcomp", "advcl"} and not is_root(current):
            current = current.head
            continue
        return None
    return None


def _is_holder(token: Token | None, holder: Span | None) -> bool:
    if token is None:
        return False
    if token.lower_ in FIRST_PERSON_WORDS:
        return True
    return holder is not None and holder.start <= token.i < holder.end


def harm_form(token: Token) -> bool:
    """A participle of a harm verb ("destabilizing", "occupied"), whatever the tagger made of it."""
    word = token.lower_
    for suffix, replacement in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", "")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + replacement in HARM_VERBS:
            return True
    return False


def victim(target: Span, holder: Span | None) -> Role | None:
    """Harm done to the party by someone else: "the invasion of X", "aggression against X", "groups whose
    aim is to destabilize X", "X was attacked". Only material harm: "Trump criticized Clinton" is no
    harm done to Clinton in this sense, and "Russia's invasion" names the invader."""
    root = target.root
    if root.dep_ == "pobj" and root.head.dep_ == "prep":
        preposition, governor = root.head, root.head.head
        lemma = governor.lemma_.lower()
        if preposition.lower_ in HARM_PREPOSITIONS and governor.pos_ == "NOUN" and lemma in HARM_NOUNS:
            return Role("victim", (governor.i, preposition.i))
        if preposition.lower_ == "of" and lemma in PATIENT_OF:
            return Role("victim", (governor.i, preposition.i))
    for child in root.children:  # "stop destabilizing Ukraine", parsed with the participle as an adjective
        if child.dep_ == "amod" and child.i < root.i and harm_form(child):
            return Role("victim", (child.i,))
    if root.dep_ in {"dobj", "nsubjpass"} and root.head.pos_ == "VERB" and root.head.lemma_.lower() in HARM_VERBS:
        verb = root.head
        doer = _subject(verb) if root.dep_ == "dobj" else next(
            (c for c in verb.children if c.dep_ == "agent"), None)
        if not _is_holder(doer, holder) and not negated(verb):
            return Role("victim", (verb.i,))
    return None


def judged(target: Span, holder: Span | None) -> Role | None:
    """The party as the doer of what the holder condemns or praises: its possessor, "by" agent or "of"
    complement ("our strongest condemnation of the statement made by President Putin", "we condemn
    Russia's aggression", "we appreciate the efforts of Qatar"). The walk up stops at any other
    preposition but the "with" of a relation with the party ("a deal with Iran"), so "the attack on
    Ukraine" condemns no Ukrainian deed. A supportive verb the sentence negates withholds the support
    ("we will not support Russia", "we would not support a deal with Iran"): "withheld", critical; "we
    do not support the blockade imposed on Cuba" withholds nothing from Cuba (the walk stops at "on")."""
    current = target.root
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ == "VERB" and current.dep_ in {"dobj", "nsubjpass"} and (
                lemma in ACT_VERBS or lemma in SUPPORTIVE_VERBS and negated(head)):
            if _subject(head) is not None and not _is_holder(_subject(head), holder):
                return None
            if negated(head):
                return Role("withheld", denial_words(head)) if lemma in SUPPORTIVE_VERBS else None
            return Role("condemned" if ACT_VERBS[lemma] < 0 else "endorsed", (head.i,))
        if head.pos_ == "NOUN" and lemma in EVALUATIVE_NOUNS and current.dep_ == "prep" and current.lower_ in {
                "of", "for", "against", "to"}:
            return Role("condemned" if EVALUATIVE_NOUNS[lemma] < 0 else "endorsed", (head.i,))
        if current.dep_ == "prep" and not (current.lower_ in {"of", "by"} and lemma not in PATIENT_OF
                                           or current.lower_ == "with" and lemma in RELATION_NOUNS):
            return None
        if current.dep_ not in {"poss", "compound", "pobj", "prep", "agent", "acl", "dobj", "amod", "nmod", "appos"}:
            return None
        current = head
    return None


def denial_words(verb: Token) -> tuple[int, ...]:
    """A denied verb and the words that deny it: its own negation, or the negated verb above it."""
    negator = verb if negated(verb) else next(a for a in verb.ancestors if a.pos_ in {"VERB", "AUX"} and negated(a))
    return tuple(sorted({verb.i, negator.i} | {c.i for c in negator.children if c.dep_ == "neg"}))


def qualified(target: Span, lexicon: StanceLexicon) -> Role | None:
    """The party qualifying a noun that evaluative adjectives qualify too, or that names a deed the
    curated lexicon judges: "destructive and hostile American pressure", "Washington's destructive
    trajectory", "Russian aggression", "the constructive role of Brazil". The words that directly
    qualify what the party is or does decide the side, whatever the rest of the sentence says."""
    root = target.root
    if root.dep_ in {"amod", "compound", "poss", "nmod"}:
        noun = root.head
    elif root.dep_ == "pobj" and root.head.lower_ in {"of", "by"} and root.head.head.pos_ == "NOUN":
        noun = root.head.head
    else:
        return None
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in PATIENT_OF and root.head.lower_ == "of":
        return None
    found: list[tuple[int, float]] = []
    own = lexicon.words.get(noun.lemma_.lower())
    if own is not None and abs(own) >= QUALIFIED_WEIGHT:
        found.append((noun.i, own))
    for child in noun.children:
        if child.dep_ != "amod" or child.i in range(target.start, target.end):
            continue
        for word in (child, *(c for c in child.children if c.dep_ == "conj")):
            weight = lexicon.words.get(word.lemma_.lower()) or 0.5 * (lexicon.general.get(word.lower_) or 0.0)
            if weight and not negated(word):
                found.append((word.i, weight))
    total = sum(weight for _, weight in found)
    if abs(total) < QUALIFIED_WEIGHT:
        return None
    return Role("qualified-negative" if total < 0 else "qualified-positive", tuple(i for i, _ in found))


def topic(target: Span) -> Role | None:
    """The party as the adjective or compound of a topic noun ("the Ukrainian crisis")."""
    root = target.root
    if root.dep_ in {"amod", "compound"} and root.head.lemma_.lower() in TOPIC_NOUNS:
        return Role("topic", (root.head.i,))
    return None


def addressee(target: Span, holder: Span | None) -> Role | None:
    """A demand on the party: "X must ...", "urge X to ...", "call on X to ...", "demand that X ..."."""
    root = target.root
    if root.dep_ == "nsubj" and root.head.pos_ in {"VERB", "AUX"}:
        verb = root.head
        modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in MODALS), None)
        if modal is not None and not negated(verb):
            return Role("addressee", (modal.i, verb.i))
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in DEMAND_VERBS and _is_holder(_subject(verb.head), holder):
            return Role("addressee", (verb.head.i,))
    if root.dep_ == "dobj" and root.head.lemma_.lower() in DEMAND_VERBS:
        verb = root.head
        if any(child.dep_ in {"xcomp", "ccomp"} for child in verb.children) and _is_holder(_subject(verb), holder):
            return Role("addressee", (verb.i,))
    if root.dep_ == "pobj" and root.head.lower_ in {"on", "upon"} and root.head.head.lemma_.lower() in {"call", "appeal"}:
        verb = root.head.head
        if _is_holder(_subject(verb), holder) or _subject(verb) is None:
            return Role("addressee", (verb.i, root.head.i))
    return None


def ally(target: Span, holder: Span | None) -> Role | None:
    """Standing with, solidarity with, support for, or thanks to the party, by the holder."""
    root = target.root
    anchor = root
    while anchor.dep_ in {"pobj"} and anchor.head.dep_ == "prep" and anchor.head.head.lemma_.lower() in {
            "people", "government", "nation", "country"}:
        anchor = anchor.head.head  # "with the people of Ukraine"
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep":
        preposition, governor = anchor.head, anchor.head.head
        if preposition.lower_ in {"with", "alongside", "beside", "behind", "by"} and governor.lemma_.lower() in ALLY_WITH:
            verb = governor if governor.pos_ in {"VERB", "AUX"} else governor.head
            if not negated(verb) and (governor.pos_ != "VERB" or _is_holder(_subject(governor), holder)
                                       or _subject(governor) is None):
                return Role("ally", (governor.i, preposition.i))
        if preposition.lower_ in {"for", "to", "with"} and governor.lemma_.lower() in SUPPORT_NOUNS:
            if not negated(governor.head):
                return Role("supported", (governor.i, preposition.i))
    if root.dep_ == "dobj" and root.head.lemma_.lower() in PRAISE_VERBS:
        verb = root.head
        if not negated(verb) and (_is_holder(_subject(verb), holder) or _subject(verb) is None):
            return Role("praised", (verb.i,))
    return None


def _object_verb(target: Span) -> Token | None:
    """The verb whose object (or passive subject) phrase holds the target: "threaten the independence
    of X", "attacked X's ports"; the walk up stops at any preposition but "of"."""
    current = target.root
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in {"dobj", "nsubjpass"} and head.pos_ == "VERB":
            return head
        if current.dep_ == "prep" and current.lower_ != "of":
            return None
        if current.dep_ not in {"poss", "compound", "pobj", "prep", "amod", "nmod", "appos", "conj"}:
            return None
        current = head
    return None


def hostile_verb(verb: Token, lexicon: StanceLexicon) -> bool:
    """Harm, condemnation or a verb the stance lexicon scores as clearly hostile."""
    lemma = verb.lemma_.lower()
    return lemma in HARM_VERBS or ACT_VERBS.get(lemma, 0) < 0 or lexicon.verbs.get(lemma, 0.0) <= CULPRIT_WEIGHT


def denied(target: Span, lexicon: StanceLexicon) -> Role | None:
    """A hostile deed toward the party that the sentence denies: the verb is negated, or a negated verb
    governs it ("Cuba has not engaged in any action to threaten the independence of the United States",
    "we never attacked X"). Denying hostility is not hostile (stance.judge.ROLE_BOUNDS)."""
    verb = _object_verb(target)
    if verb is None or not hostile_verb(verb, lexicon):
        return None
    if not (negated(verb) or denied_above(verb)):
        return None
    return Role("denied", denial_words(verb))


# Verbs of harm done through a thing ("sanctions imposed on ...", "crimes committed against ...").
IMPOSING_VERBS = {"impose", "inflict", "commit", "wage", "perpetrate", "unleash", "launch", "apply", "kidnap",
                  "seize", "confiscate", "freeze"}


def _holders_own(token: Token, holder: Span | None) -> bool:
    """The holder or what the holder calls its own ("our country", "our diplomat")."""
    return _is_holder(token, holder) or any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON_WORDS for c in token.children)


def harmer(target: Span, holder: Span | None) -> Role | None:
    """The party as the "by" agent of harm done to the holder: "the blockade imposed on our country by
    the Government of the United States", "our diplomat, who was kidnapped by X", "we were attacked by X"."""
    current = target.root
    for _ in range(6):  # up from "the United States" through "the Government of" to the "by" agent
        if current.dep_ == "pobj" and current.head.dep_ == "agent":
            break
        if current.dep_ not in {"pobj", "prep", "compound", "poss", "conj", "appos"} or current.head is current or (
                current.dep_ == "prep" and current.lower_ != "of"):
            return None
        current = current.head
    else:
        return None
    agent, verb = current.head, current.head.head
    if verb.lemma_.lower() not in HARM_VERBS | IMPOSING_VERBS or negated(verb):
        return None
    if verb.dep_ != "acl" and denied_above(verb):
        return None  # "we were not attacked by X"; but "the blockade imposed by X has not stopped us" stands
    victims = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in HARM_PREPOSITIONS | {"to"}
               for g in c.children if g.dep_ == "pobj"]
    for child in verb.children:
        if child.dep_ == "nsubjpass":  # "who was kidnapped": the one the relative clause is about
            victims.append(verb.head if child.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl" else child)
    if not any(_holders_own(victim, holder) for victim in victims):
        return None
    return Role("culprit", (verb.i, agent.i))


def culprit(target: Span, lexicon: StanceLexicon) -> Role | None:
    """The party as the one who does harm ("X manipulates the concept of security", "Russia attacked"):
    the subject of a verb the stance lexicon scores as clearly hostile, asserted (not negated, not asked)."""
    root = target.root
    if root.dep_ != "nsubj" or root.head.pos_ != "VERB" or target.sent.text.rstrip().endswith("?"):
        return None
    verb = root.head
    weight = lexicon.verbs.get(verb.lemma_.lower())
    if weight is None or weight > CULPRIT_WEIGHT or negated(verb):
        return None
    if any(child.dep_ == "aux" and child.lower_ in MODALS | {"could", "would", "might", "may", "will"}
           for child in verb.children):
        return None  # "X could attack": a possibility, not a deed
    return Role("culprit", (verb.i,))


def role_of(target: Span, lexicon: StanceLexicon, holder: Span | None) -> Role | None:
    """The first role that decides the target's stance, if any (a demand outranks harm done to it:
    "Russia must stop attacking ..." is about Russia's conduct). The model's rule features
    (stance.features) and the judge's bounds (stance.judge) read the same role."""
    return (addressee(target, holder) or ally(target, holder) or victim(target, holder) or harmer(target, holder)
            or denied(target, lexicon) or judged(target, holder) or topic(target) or qualified(target, lexicon)
            or culprit(target, lexicon))


def act_role(act: Act | None, target: Span) -> Role | None:
    """The target as what an evaluative act judges ("blamed Taiwan": condemned; "praised Germany": endorsed)."""
    direction = evaluated(act, target) if act is not None else None
    if direction is None:
        return None
    return Role("condemned" if direction < 0 else "endorsed", (act.verb.i,))
