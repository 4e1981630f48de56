"""A learned stance model: the probability that a holder is negative, neutral or positive toward a
target mention in one parsed sentence, with the features that weighed most mapped back to tokens.

Why a learned model: the scope lexicon (stance.py) scores at a sentence lexicon's level on open data,
because what decides stance is mostly *who does what to whom* (the target as the agent of a harmful
verb, its patient, the addressee of a demand, the partner of "stands with"), which a fixed table of
word weights cannot weigh against each other. The model is a multinomial logistic regression (two: one for a holder named in the sentence, one for
the author's or speaker's own view) over

- hashed sparse features: the sentence's words and bigrams with the target, the holder and other
  named entities masked; the target's dependency role and the lemmas on its path to the root; the
  clause verb's negation, modals and other arguments; the holder's role in the same clause; lexicon
  sums (statemint's CAMEO/curated lexicon and VADER's words) over the target's scope;
- dense features: spaCy's tok2vec vectors (doc.tensor, which statemint's pipeline keeps) averaged over
  the target, its head, its clause verb and the sentence.

It is trained by tools/train_stance_model.py on open data (DSE, NewsMTSC; see
data/LICENSE.stance_model) and shipped as data/stance_model.npz, read with numpy only: no scikit-learn,
no network at run time. Every feature keeps the tokens it came from, so a prediction can say which
words pushed it toward positive or negative, with doc character offsets a reader can check.
"""

from __future__ import annotations

import functools
import json
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from spacy.tokens import Span, Token

CLASSES = ("negative", "neutral", "positive")
MODEL_FILE = "data/stance_model.npz"
N_HASH = 1 << 18            # hashed sparse feature space; collisions are rare at our vocabulary size
TENSOR_WIDTH = 96           # en_core_web_sm's tok2vec width; other pipelines get zero dense features
DENSE_GROUPS = ("target", "head", "verb", "sentence")
DENSE_WIDTH = TENSOR_WIDTH * len(DENSE_GROUPS)
MAX_PATH = 8                # ancestors walked from the target to the root; real parses are shallower
ENTITY_TYPES = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}
FIRST_PERSON = {"i", "we", "me", "us", "our", "my", "ours", "ourselves"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
OBJECTS = {"dobj", "dative", "attr", "oprd", "obj", "iobj"}
MODALS = {"must", "should", "need", "ought", "have", "shall"}
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without", "cannot"}
ARGUMENT_DEPS = {"dobj", "xcomp", "ccomp", "acomp", "attr", "prep", "dative", "oprd", "advcl", "nsubj",
                 "nsubjpass", "agent"}


@dataclass(frozen=True)
class Feature:
    """One named feature of a (sentence, target, holder) item and the tokens (doc indices) it came from."""

    name: str
    value: float
    tokens: tuple[int, ...]


@dataclass(frozen=True)
class Cue:
    """A piece of evidence: words of the doc (char offsets) and how much they pushed the score.

    `weight` is the feature's contribution to the positive-minus-negative logit: < 0 pushes toward
    negative, > 0 toward positive.
    """

    text: str
    start: int
    end: int
    feature: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "feature": self.feature,
                "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Prediction:
    """Probabilities over CLASSES and the evidence that weighed most."""

    negative: float
    neutral: float
    positive: float
    evidence: tuple[Cue, ...]

    @property
    def score(self) -> float:
        """statemint's stance score in [-1, 1]: P(positive) - P(negative); labels come from its bands."""
        return self.positive - self.negative

    @property
    def label(self) -> str:
        """The most probable of CLASSES."""
        probabilities = (self.negative, self.neutral, self.positive)
        return CLASSES[int(np.argmax(probabilities))]


# ---------------------------------------------------------------- lexicons (read once, from the package)

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


# ---------------------------------------------------------------- features

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


def negated(token: Token) -> bool:
    """Is the word negated by a child ("not", "never", "no")?"""
    return any(child.dep_ == "neg" or child.lower_ in NEGATIONS and child.dep_ in {"det", "advmod"}
               for child in token.children)


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
    return features, dense_features(sentence, root, target)


def sparse_vector(features: Iterable[Feature]) -> dict[int, float]:
    """Hashed feature values (colliding names add up, as they did in training)."""
    vector: dict[int, float] = {}
    for feature in features:
        index = feature_index(feature.name)
        vector[index] = vector.get(index, 0.0) + feature.value
    return vector


# ---------------------------------------------------------------- the model

@dataclass(frozen=True)
class Weights:
    """One multinomial logistic regression, as exported by tools/train_stance_model.py."""

    sparse_weights: np.ndarray   # (N_HASH, 3)
    dense_weights: np.ndarray    # (DENSE_WIDTH, 3), applied to standardised dense features
    dense_mean: np.ndarray
    dense_scale: np.ndarray
    bias: np.ndarray             # (3,)

    def logits(self, features: Sequence[Feature], dense: np.ndarray) -> np.ndarray:
        vector = sparse_vector(features)
        indices = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
        values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
        scores = self.bias.astype(np.float64) + values @ self.sparse_weights[indices].astype(np.float64)
        scores += self.standardised(dense) @ self.dense_weights.astype(np.float64)
        return scores

    def standardised(self, dense: np.ndarray) -> np.ndarray:
        return (dense.astype(np.float64) - self.dense_mean) / self.dense_scale


@dataclass(frozen=True)
class StanceModel:
    """Two regressions over the same features, chosen by whether the holder is in the sentence.

    Measured on the dev splits, one model for both settings was worse at each than two: a holder named
    in the sentence (DSE's "X blames Y") and the author's or speaker's own view of a target (NewsMTSC,
    a UN speech) are different tasks, and mixing them cost NewsMTSC 5 points of macro-F1.
    """

    holder: Weights    # the holder is a mention in the sentence
    author: Weights    # the holder is the writer or speaker, not in the sentence
    about: str

    def weights_for(self, holder: Span | None) -> Weights:
        return self.author if holder is None else self.holder

    @staticmethod
    def resolve_holder(sentence: Span, target: Span, holder: Span | None, speaker_is_we: bool) -> Span | None:
        """The holder's mention: the one given, else (with `speaker_is_we`) a first-person subject.

        In a speech "we condemn the aggression of Russia" names the speaker in the sentence; read as
        "holder condemns target" by the holder regression, it is negative toward Russia, whereas the
        author regression (trained on news, where "we" is rarely the writer) finds it neutral. In news
        a "we" is a quoted person, not the author, so this is for speeches and statements only.
        """
        if holder is not None or not speaker_is_we:
            return holder
        for token in sentence:
            if token.lower_ in {"we", "i"} and token.dep_ in {"nsubj", "nsubjpass"} and token not in target:
                return sentence.doc[token.i:token.i + 1]
        return None

    def predict(self, sentence: Span, target: Span, holder: Span | None = None, top: int = 5,
                speaker_is_we: bool = False) -> Prediction:
        """Probabilities of the holder's stance toward the target, and the `top` strongest cues.

        `speaker_is_we`: the text is the holder's own speech, so "we"/"I" as a subject is the holder.
        """
        holder = self.resolve_holder(sentence, target, holder, speaker_is_we)
        features, dense = extract(sentence, target, holder)
        weights = self.weights_for(holder)
        probabilities = softmax(weights.logits(features, dense))
        evidence = explain(weights, sentence, target, features, dense, top)
        return Prediction(float(probabilities[0]), float(probabilities[1]), float(probabilities[2]), evidence)

    def probabilities(self, sentence: Span, target: Span, holder: Span | None = None,
                      speaker_is_we: bool = False) -> np.ndarray:
        """Only the probabilities (negative, neutral, positive): the bench's fast path."""
        holder = self.resolve_holder(sentence, target, holder, speaker_is_we)
        features, dense = extract(sentence, target, holder)
        return softmax(self.weights_for(holder).logits(features, dense))


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    return shifted / shifted.sum()


def polarity(weights: np.ndarray) -> np.ndarray:
    """What a weight row does to the score: its positive minus its negative column."""
    return weights[..., 2] - weights[..., 0]


def explain(model: Weights, sentence: Span, target: Span, features: Sequence[Feature], dense: np.ndarray,
            top: int) -> tuple[Cue, ...]:
    """The features that moved the positive-minus-negative logit most, as cues on doc tokens.

    Sparse features cite the tokens they came from; a dense group cites its tokens (the target, its
    head, its verb); the sentence-wide averages and features with no token are left out, since a
    reader could not check them against words.
    """
    doc = sentence.doc
    pushes: dict[tuple[int, ...], tuple[float, str]] = {}
    for feature in features:
        if not feature.tokens:
            continue
        weight = feature.value * float(polarity(model.sparse_weights[feature_index(feature.name)]))
        total, name = pushes.get(feature.tokens, (0.0, ""))
        strongest = name if abs(total) > abs(weight) and name else feature.name
        pushes[feature.tokens] = (total + weight, strongest)
    contributions = model.standardised(dense) * polarity(model.dense_weights)
    root = target.root
    verb, _ = clause_verb(root)
    group_tokens = {"target": tuple(range(target.start, target.end)), "head": (root.head.i,),
                    "verb": (verb.i if verb is not None else root.head.i,)}
    for number, group in enumerate(DENSE_GROUPS[:3]):
        weight = float(contributions[number * TENSOR_WIDTH:(number + 1) * TENSOR_WIDTH].sum())
        tokens = group_tokens[group]
        total, name = pushes.get(tokens, (0.0, ""))
        pushes[tokens] = (total + weight, name or "vectors:" + group)
    ranked = sorted(pushes.items(), key=lambda item: (-abs(item[1][0]), item[0]))
    cues: list[Cue] = []
    for tokens, (weight, name) in ranked[:top]:
        if abs(weight) < 1e-6:
            break
        for start, end in token_runs(tokens):
            span = doc[start:end]
            cues.append(Cue(span.text, span.start_char, span.end_char, name, weight))
    return tuple(cues)


def token_runs(indices: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive token indices as (start, end) runs, so a cue's text is one stretch of the doc."""
    runs: list[tuple[int, int]] = []
    for index in sorted(set(indices)):
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def weights_from_arrays(arrays: Any, prefix: str) -> Weights:
    """One regression from the exported arrays (float16 on disk, float32 in memory)."""
    return Weights(np.asarray(arrays[prefix + "sparse_weights"], dtype=np.float32),
                   np.asarray(arrays[prefix + "dense_weights"], dtype=np.float32),
                   np.asarray(arrays[prefix + "dense_mean"], dtype=np.float64),
                   np.asarray(arrays[prefix + "dense_scale"], dtype=np.float64),
                   np.asarray(arrays[prefix + "bias"], dtype=np.float32))


def model_from_arrays(arrays: Any) -> StanceModel:
    return StanceModel(weights_from_arrays(arrays, "holder_"), weights_from_arrays(arrays, "author_"),
                       str(arrays["about"]))


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> StanceModel:
    """The shipped model (or the file at `path`), loaded once per process."""
    if path is not None:
        with np.load(Path(path), allow_pickle=False) as arrays:
            return model_from_arrays(arrays)
    with resources.files("statemint").joinpath(MODEL_FILE).open("rb") as handle:
        with np.load(handle, allow_pickle=False) as arrays:
            return model_from_arrays(arrays)
