"""A learned stance model: the probability that a holder is negative, neutral or positive toward a
target mention in one parsed sentence, with the features that weighed most mapped back to tokens.

Why a learned model: the scope lexicon (stance.scope) scores at a sentence lexicon's level on open data,
because what decides stance is mostly *who does what to whom* (the target as the agent of a harmful
verb, its patient, the addressee of a demand, the partner of "stands with"), which a fixed table of
word weights cannot weigh against each other. The model is a multinomial logistic regression (three: one
for a holder named in the sentence, one for the author's own view in news, one for the speaker's own view
in a speech or statement; a model file without the third reads speeches with the second) over

- hashed sparse features: the sentence's words and bigrams with the target, the holder and other
  named entities masked; the target's dependency role and the lemmas on its path to the root; the
  clause verb's negation, modals and other arguments; the holder's role in the same clause and the
  dependency path from the holder to the target; the role rules' names (stance.roles); lexicon
  sums (statemint's CAMEO/curated lexicon and VADER's words) over the target's scope;
- dense features: spaCy's tok2vec vectors (doc.tensor, which statemint's pipeline keeps) averaged over
  the target, its head, its clause verb and the sentence.

It is trained by tools/train_stance_model.py on open data (DSE, NewsMTSC; see
data/LICENSE.stance_model) and shipped as data/stance_model.npz, read with numpy only: no scikit-learn,
no network at run time (features: stance.features). Every feature keeps the tokens it came from, so a prediction can say which
words pushed it toward positive or negative, with doc character offsets a reader can check.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from spacy.tokens import Span

from statemint.nlp.doctext import span_text
from statemint.stance.features import (DENSE_GROUPS, TENSOR_WIDTH, Feature, clause_verb, extract, feature_index,
                                       sparse_vector)

CLASSES = ("negative", "neutral", "positive")


MODEL_FILE = "data/stance_model.npz"


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
    """Regressions over the same features, chosen by whether the holder is in the sentence and, when it
    is not, whether the text is the holder's own words (a speech or statement) or news.

    Measured on the dev splits, one model for both settings was worse at each than two: a holder named
    in the sentence (DSE's "X blames Y") and the author's or speaker's own view of a target (NewsMTSC,
    a UN speech) are different tasks, and mixing them cost NewsMTSC 5 points of macro-F1. The author's
    view can be split again, news against speeches (`speech`): in one regression more weight on the
    UNGDC speeches helped them and cost NewsMTSC; the shipped file has a speech regression trained on the
    UNGDC speeches only (tools/train_stance_model.py has the measurements).
    """

    holder: Weights    # the holder is a mention in the sentence
    author: Weights    # the holder is the writer (and the speaker, without `speech`), not in the sentence
    about: str
    speech: Weights | None = None   # the holder is the speaker, not in the sentence; None in a model
                                    # file without it (before the split), which reads speeches with `author`

    def weights_for(self, holder: Span | None, speech: bool = False) -> Weights:
        """`speech`: the text is the holder's own words, so without a holder mention it is the speaker's view."""
        if holder is not None:
            return self.holder
        return self.speech if speech and self.speech is not None else self.author

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
                speaker_is_we: bool = False, speech: bool = False) -> Prediction:
        """Probabilities of the holder's stance toward the target, and the `top` strongest cues.

        `speech`: the text is the holder's own words (a speech, a statement), so without a holder mention
        the speech regression reads it. `speaker_is_we`: moreover "we"/"I" as a subject is the holder
        (`resolve_holder`; implies `speech`).
        """
        holder = self.resolve_holder(sentence, target, holder, speaker_is_we)
        features, dense = extract(sentence, target, holder)
        weights = self.weights_for(holder, speech or speaker_is_we)
        probabilities = softmax(weights.logits(features, dense))
        evidence = explain(weights, sentence, target, features, dense, top)
        return Prediction(float(probabilities[0]), float(probabilities[1]), float(probabilities[2]), evidence)

    def probabilities(self, sentence: Span, target: Span, holder: Span | None = None,
                      speaker_is_we: bool = False, speech: bool = False) -> np.ndarray:
        """Only the probabilities (negative, neutral, positive): the bench's fast path."""
        holder = self.resolve_holder(sentence, target, holder, speaker_is_we)
        features, dense = extract(sentence, target, holder)
        return softmax(self.weights_for(holder, speech or speaker_is_we).logits(features, dense))


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
            cues.append(Cue(span_text(span), span.start_char, span.end_char, name, weight))
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
    speech = weights_from_arrays(arrays, "speech_") if "speech_bias" in arrays else None
    return StanceModel(weights_from_arrays(arrays, "holder_"), weights_from_arrays(arrays, "author_"),
                       str(arrays["about"]), speech)


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> StanceModel:
    """The shipped model (or the file at `path`), loaded once per process."""
    if path is not None:
        with np.load(Path(path), allow_pickle=False) as arrays:
            return model_from_arrays(arrays)
    with resources.files("statemint").joinpath(MODEL_FILE).open("rb") as handle:
        with np.load(handle, allow_pickle=False) as arrays:
            return model_from_arrays(arrays)


