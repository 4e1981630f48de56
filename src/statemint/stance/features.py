"""Features of the learned stance model (stance.model): who does what to whom around a target mention in
one parsed sentence, as hashed sparse features that keep the tokens they came from, and tok2vec
averages as dense features. The training script (tools/train_stance_model.py) and the runtime share
this one extraction, so what was learned is what is read.
"""

from __future__ import annotations

import functools
import json
import zlib
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

import numpy as np
from spacy.tokens import Span, Token

from statemint.extract.syntax import negated

N_HASH = 1 << 18            # hashed sparse feature space (its collisions: tools/train_stance_model.py, session 11)


TENSOR_WIDTH = 96           # en_core_web_sm's tok2vec width; other pipelines get zero dense features


DENSE_GROUPS = ("target", "head", "verb", "sentence")


DENSE_WIDTH = TENSOR_WIDTH * len(DENSE_GROUPS)


MAX_PATH = 8                # ancestors walked from the target to the root; real parses are shallower


ENTITY_TYPES = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}


FIRST_PERSON = {"i", "we", "me", "us", "our", "my", "ours", "ourselves"}


SUBJECTS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}


OBJECTS = {"dobj", "dative", "attr", "oprd", "obj", "iobj"}


MODALS = {"must", "should", "need", "ought", "have", "shall"}


ARGUMENT_DEPS = {"dobj", "xcomp", "ccomp", "acomp", "attr", "prep", "dative", "oprd", "advcl", "nsubj",
                 "nsubjpass", "agent"}


@dataclass(frozen=True)
class Feature:
    """One named feature of a (sentence, target, holder) item and the tokens (doc indices) it came from."""

    name: str
    value: float
    tokens: tuple[int, ...]


@dataclass(frozen=True)
class Lexicons:
    stance: dict[str, float]    # CAMEO verbs and curated words, lemma -> weight in [-1, 1]
    general: dict[str, float]   # VADER's words, weaker and noisier


@functools.lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """statemint's packaged lexicons, as plain lemma -> weight tables (the scope lexicon's data files)."""
    package = resources.files("statemint")
    stance = json.loads(package.joinpath("data/stance_lexicon.json").read_text(encoding="utf-8"))
    general = json.loads(package.joinpath("data/general_lexicon.json").read_text(encoding="utf-8"))
    return Lexicons({lemma: float(entry["weight"]) for lemma, entry in stance["entries"].items()},
                    {word: float(weight) for word, weight in general["words"].items()})


def feature_index(name: str) -> int:
    """A stable hash of a feature name (crc32: Python's hash() changes between processes)."""
    return zlib.crc32(name.encode("utf-8")) % N_HASH


def token_form(token: Token, target: set[int], holder: set[int]) -> str:
    """The word as the model sees it: masks for the target, the holder, other named entities and numbers,
    so that what is learnt is about roles and words, not about which countries the data talked about."""
    if token.i in target:
        return "<T>"
    if token.i in holder:
        return "<H>"
    if token.lower_ in FIRST_PERSON:
        return "<WE>"
    if token.ent_type_ in ENTITY_TYPES:
        return "<E>"
    if token.like_num:
        return "<NUM>"
    return token.lemma_.lower()


def sentence_features(sentence: Span, target: set[int], holder: set[int]) -> list[Feature]:
    """Masked words and bigrams of the sentence (punctuation dropped)."""
    features: list[Feature] = []
    previous: Token | None = None
    for token in sentence:
        if token.is_punct or token.is_space:
            previous = None
            continue
        form = token_form(token, target, holder)
        features.append(Feature("u:" + form, 1.0, (token.i,)))
        if previous is not None:
            features.append(Feature("b:" + token_form(previous, target, holder) + "_" + form, 1.0,
                                    (previous.i, token.i)))
        previous = token
    return features


def relation(child: Token) -> str:
    """The dependency of a token on its head, with the preposition folded in ("pobj" under "with" -> "with")."""
    if child.dep_ == "pobj" and child.head.dep_ in {"prep", "agent"}:
        return "p_" + child.head.lower_
    return child.dep_


def path_to_root(root: Token) -> list[Token]:
    """The target's ancestors, nearest first, skipping prepositions (they are folded into relation())."""
    path: list[Token] = []
    current = root
    for _ in range(MAX_PATH):
        if current.head.i == current.i:
            break
        current = current.head
        if current.dep_ in {"prep", "agent"} and current.head.i != current.i:
            continue
        path.append(current)
    return path


def clause_verb(root: Token) -> tuple[Token | None, str]:
    """The verb whose clause holds the target, and the target's role in it (its relation on the way up)."""
    current = root
    role = ""
    for _ in range(MAX_PATH):
        if current.head.i == current.i:
            return (current if current.pos_ in {"VERB", "AUX"} else None), (role or "root")
        role = relation(current) if not role else role
        if current.dep_ in {"prep", "agent"}:
            current = current.head
            continue
        head = current.head
        if head.pos_ in {"VERB", "AUX"}:
            return head, role
        current = head
        role = role if role.startswith("in_") else "in_" + role
    return None, role


def role_features(root: Token, target: set[int], holder: set[int]) -> list[Feature]:
    """Who does what to whom: the target's head, path, clause verb and role, negation, modals, the verb's
    other arguments, and the target's own modifiers."""
    features: list[Feature] = []
    head = root.head if root.dep_ not in {"pobj"} or root.head.head.i == root.head.i else root.head.head
    rel = relation(root)
    features.append(Feature("rel:" + rel, 1.0, (root.i,)))
    if head.i != root.i:
        features.append(Feature("head:" + rel + ":" + token_form(head, target, holder), 1.0, (head.i,)))
    for distance, ancestor in enumerate(path_to_root(root)):
        form = token_form(ancestor, target, holder)
        features.append(Feature("anc:" + form, 1.0, (ancestor.i,)))
        if distance < 2:
            features.append(Feature(f"anc{distance}:{form}", 1.0, (ancestor.i,)))
    verb, role = clause_verb(root)
    features.append(Feature("role:" + role, 1.0, (root.i,)))
    if verb is not None:
        lemma = token_form(verb, target, holder)
        features.append(Feature("verb:" + role + ":" + lemma, 1.0, (verb.i,)))
        if negated(verb):
            features.append(Feature("neg:" + role, 1.0, (verb.i,)))
            features.append(Feature("neg:" + role + ":" + lemma, 1.0, (verb.i,)))
        for child in verb.children:
            if child.dep_ in {"aux", "auxpass"} and child.lemma_.lower() in MODALS:
                features.append(Feature("modal:" + role + ":" + child.lemma_.lower(), 1.0, (child.i, verb.i)))
            if child.dep_ in ARGUMENT_DEPS and child.i not in target and not any(t.i in target for t in child.subtree):
                word = child
                if child.dep_ == "prep":
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    if not objects:
                        continue
                    word = objects[0]
                features.append(Feature("arg:" + role + ":" + relation(word) + ":" + token_form(word, target, holder),
                                        1.0, (word.i,)))
    for child in root.children:
        if child.i in target or child.is_punct:
            continue
        features.append(Feature("mod:" + child.dep_ + ":" + token_form(child, target, holder), 1.0, (child.i,)))
    return features


def holder_features(root: Token, target: set[int], holder_span: Span | None) -> list[Feature]:
    """The holder's place relative to the target: in the same clause as subject of the target's verb
    ("France stands with Ukraine"), elsewhere, or absent (the speaker or author)."""
    if holder_span is None:
        return [Feature("h:none", 1.0, ())]
    holder = {token.i for token in holder_span}
    features = [Feature("h:present", 1.0, (holder_span.root.i,)),
                Feature("h:order:" + ("HT" if holder_span.start < root.i else "TH"), 1.0, ())]
    target_verb, target_role = clause_verb(root)
    holder_verb, holder_role = clause_verb(holder_span.root)
    if target_verb is not None and holder_verb is not None and target_verb.i == holder_verb.i:
        lemma = target_verb.lemma_.lower()
        features.append(Feature("h:same:" + holder_role + ":" + target_role, 1.0, (target_verb.i,)))
        features.append(Feature("h:same:" + holder_role + ":" + target_role + ":" + lemma, 1.0, (target_verb.i,)))
    elif holder_verb is not None:
        # The holder's verb governs the target's clause: "X accused Y of ...", "X said Y must ..."
        governs = target_verb is not None and any(a.i == holder_verb.i for a in target_verb.ancestors)
        kind = "gov" if governs else "apart"
        features.append(Feature("h:" + kind + ":" + holder_role, 1.0, (holder_verb.i,)))
        features.append(Feature("h:" + kind + ":" + holder_role + ":" + holder_verb.lemma_.lower(), 1.0,
                                (holder_verb.i,)))
    if any(t.i in holder for t in root.children) or root.head.i in holder:
        features.append(Feature("h:adjacent", 1.0, ()))
    features += pair_path_features(holder_span.root, root, target, holder)
    return features


def chain(token: Token) -> list[Token]:
    """The token and its ancestors up to the root, nearest first (bounded: real parses are shallow)."""
    found = [token]
    for _ in range(3 * MAX_PATH):
        if found[-1].head.i == found[-1].i:
            break
        found.append(found[-1].head)
    return found


def pair_path_features(holder_root: Token, root: Token, target: set[int], holder: set[int]) -> list[Feature]:
    """The dependency path from the holder up to the lowest common ancestor and down to the target
    ("<H> nsubj^ blame v dobj <T>"): DSE is directional, and who blames whom is read off this path.
    Four grains: the relations only, the relations with the meeting word, the meeting word alone, and the
    words on the way. Measured on DSE dev: +1 to +2 points of 5-class macro-F1 at every read-off weight."""
    up, down = chain(holder_root), chain(root)
    down_ids = {token.i: number for number, token in enumerate(down)}
    meeting = next(((number, down_ids[token.i]) for number, token in enumerate(up) if token.i in down_ids), None)
    if meeting is None:
        return [Feature("hp:none", 1.0, ())]
    up_steps, down_steps = meeting
    if up_steps + down_steps > 6:
        return [Feature("hp:long", 1.0, ())]
    top = up[up_steps]
    up_path = [relation(token) for token in up[:up_steps]]
    down_path = [relation(token) for token in reversed(down[:down_steps])]
    shape = "^".join(up_path) + "|" + "v".join(down_path)
    lemma = token_form(top, target, holder)
    middle = [token_form(token, target, holder) for token in up[1:up_steps] + down[1:down_steps]]
    tokens = tuple(sorted({top.i} | {token.i for token in up[1:up_steps] + down[1:down_steps]}))
    features = [Feature("hp:" + shape, 1.0, ()), Feature("hp:" + shape + ":" + lemma, 1.0, (top.i,)),
                Feature("hpl:" + lemma, 1.0, (top.i,))]
    if middle:
        features.append(Feature("hpw:" + lemma + ":" + "_".join(sorted(middle)), 1.0, tokens))
    return features


def scope_tokens(root: Token, target: set[int]) -> list[Token]:
    """The words that can speak about the target: its ancestors, their direct dependents, and its own subtree."""
    seen: dict[int, Token] = {}
    for token in root.subtree:
        seen[token.i] = token
    for ancestor in path_to_root(root):
        seen[ancestor.i] = ancestor
        for child in ancestor.children:
            seen.setdefault(child.i, child)
    return [seen[i] for i in sorted(seen) if i not in target]


def lexicon_features(sentence: Span, root: Token, target: set[int], lexicons: Lexicons) -> list[Feature]:
    """Sums of lexicon weights in the target's scope and in the sentence, positive and negative apart,
    with negation flipping a word; each sum keeps the words it counts so the evidence can cite them."""
    features: list[Feature] = []
    groups = (("scope", scope_tokens(root, target)), ("sent", [t for t in sentence if t.i not in target]))
    for group, tokens in groups:
        for name, table in (("stance", lexicons.stance), ("vader", lexicons.general)):
            positive: list[tuple[int, float]] = []
            negative: list[tuple[int, float]] = []
            for token in tokens:
                if token.pos_ in {"PROPN", "PUNCT", "NUM"}:
                    continue
                weight = table.get(token.lemma_.lower()) or table.get(token.lower_)
                if not weight:
                    continue
                if negated(token) or negated(token.head) and token.dep_ in {"acomp", "dobj", "attr", "xcomp"}:
                    weight = -weight
                (positive if weight > 0 else negative).append((token.i, weight))
            for sign, found in (("pos", positive), ("neg", negative)):
                if found:
                    value = sum(abs(weight) for _, weight in found)
                    features.append(Feature(f"lx:{group}:{name}:{sign}", value, tuple(i for i, _ in found)))
    return features


def act_tokens(verb: Token, target: set[int]) -> list[Token]:
    """The words that say what the target's clause does: the verb, its verbal complements ("must stop
    destabilizing"), its objects and their adjectives, outside the target."""
    found: dict[int, Token] = {verb.i: verb}
    for child in verb.children:
        if child.dep_ in {"xcomp", "ccomp", "dobj", "acomp", "attr", "oprd", "advcl"}:
            found.setdefault(child.i, child)
            for grandchild in child.children:
                if grandchild.dep_ in {"amod", "dobj", "xcomp", "acomp", "compound"}:
                    found.setdefault(grandchild.i, grandchild)
    return [found[i] for i in sorted(found) if i not in target]


def act_features(root: Token, target: set[int], lexicons: Lexicons) -> list[Feature]:
    """Lexicon weight of the target's clause act, by the target's role in it: the agent of a harmful act
    ("Russia must stop destabilizing ...") is judged, its patient ("... destabilize Ukraine") is not."""
    verb, role = clause_verb(root)
    if verb is None:
        return []
    features: list[Feature] = []
    coarse = "agent" if role in {"nsubj", "csubj", "p_by"} else "patient" if role in {"dobj", "nsubjpass", "dative"} \
        else "with" if role in {"p_with", "p_alongside"} else "other"
    for name, table in (("stance", lexicons.stance), ("vader", lexicons.general)):
        for token in act_tokens(verb, target):
            weight = table.get(token.lemma_.lower()) or table.get(token.lower_)
            if not weight or token.pos_ in {"PROPN", "NUM"}:
                continue
            if negated(token) or token.i != verb.i and negated(verb):
                weight = -weight
            sign = "pos" if weight > 0 else "neg"
            features.append(Feature(f"act:{coarse}:{name}:{sign}", abs(weight), (token.i,)))
            features.append(Feature(f"act:{role}:{name}:{sign}", abs(weight), (token.i,)))
    if any(child.dep_ == "aux" and child.lemma_.lower() in MODALS for child in verb.children):
        features.append(Feature("demand:" + coarse, 1.0, (verb.i,)))
    return features


def dense_features(sentence: Span, root: Token, target: Span) -> np.ndarray:
    """tok2vec vectors averaged over the target, its head, its clause verb and the sentence (zeros when the
    pipeline keeps no tensor of that width)."""
    doc = sentence.doc
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(doc) or tensor.shape[1] != TENSOR_WIDTH:
        return np.zeros(DENSE_WIDTH, dtype=np.float32)
    verb, _ = clause_verb(root)
    verb_index = verb.i if verb is not None else root.head.i
    parts = (tensor[target.start:target.end].mean(axis=0), tensor[root.head.i], tensor[verb_index],
             tensor[sentence.start:sentence.end].mean(axis=0))
    return np.concatenate(parts).astype(np.float32)


def extract(sentence: Span, target: Span, holder: Span | None = None) -> tuple[list[Feature], np.ndarray]:
    """All features of one item: (sparse features with their tokens, dense vector)."""
    target_ids = {token.i for token in target}
    holder_ids = {token.i for token in holder} if holder is not None else set()
    root = target.root
    features = [Feature("bias", 1.0, ())]
    features += sentence_features(sentence, target_ids, holder_ids)
    features += role_features(root, target_ids, holder_ids)
    features += holder_features(root, target_ids, holder)
    features += lexicon_features(sentence, root, target_ids, load_lexicons())
    features += act_features(root, target_ids, load_lexicons())
    features += rule_features(target, holder)
    return features, dense_features(sentence, root, target)


def rule_features(target: Span, holder: Span | None) -> list[Feature]:
    """The role stance.roles reads for the target (victim, addressee of a demand, ally, ...), so the model
    weighs it with the rest; stance.judge also bounds the score by it."""
    from statemint.stance.lexicon import load_lexicon
    from statemint.stance.roles import role_of

    role = role_of(target, load_lexicon(), holder)
    return [Feature("rule:" + role.name, 1.0, role.tokens)] if role is not None else []


def sparse_vector(features: Iterable[Feature]) -> dict[int, float]:
    """Hashed feature values (colliding names add up, as they did in training)."""
    vector: dict[int, float] = {}
    for feature in features:
        index = feature_index(feature.name)
        vector[index] = vector.get(index, 0.0) + feature.value
    return vector


