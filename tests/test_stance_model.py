"""The shipped stance model: offline load, clear cases, checkable evidence, determinism, size."""

from __future__ import annotations

import time
from importlib import resources

import numpy as np
import pytest

from statemint.stance import features as stance_features
from statemint.stance import model as stance_model


def parse(nlp, text: str):
    from statemint.nlp.annotate import annotate

    return next(iter(annotate(nlp, [text])))


def mention(doc, phrase: str, occurrence: int = 0):
    """The span of the `occurrence`-th `phrase` in the doc."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase))
    assert span is not None, phrase
    return span


def test_model_file_is_small_and_loads_fast():
    path = resources.files("statemint").joinpath(stance_model.MODEL_FILE)
    assert path.is_file()
    with path.open("rb") as handle:
        size = len(handle.read())
    assert size < 20_000_000
    stance_model.load_model.cache_clear()
    started = time.perf_counter()
    model = stance_model.load_model()
    assert time.perf_counter() - started < 0.5
    assert model.holder.sparse_weights.shape == (stance_features.N_HASH, 3)
    assert model.author.dense_weights.shape == (stance_features.DENSE_WIDTH, 3)
    assert stance_model.load_model() is model  # cached once per process


@pytest.mark.parametrize("text, target, holder, expected", [
    ("Russia must stop destabilizing Ukraine.", "Russia", None, "negative"),
    ("France stands with Ukraine.", "Ukraine", "France", "positive"),
    ("We condemn the aggression of Russia.", "Russia", None, "negative"),
    ("We strongly condemn Russia's brutal invasion.", "Russia", None, "negative"),
    ("We thank Japan for its generous support.", "Japan", None, "positive"),
])
def test_clear_cases(nlp, text, target, holder, expected):
    """Speech sentences: a first-person subject is the speaker (speaker_is_we)."""
    doc = parse(nlp, text)
    holder_span = mention(doc, holder) if holder else None
    prediction = stance_model.load_model().predict(doc[:], mention(doc, target), holder_span, speaker_is_we=True)
    assert prediction.label == expected, prediction
    assert abs(prediction.negative + prediction.neutral + prediction.positive - 1.0) < 1e-6
    assert -1.0 <= prediction.score <= 1.0


def test_evidence_offsets_are_doc_text(nlp):
    doc = parse(nlp, "Chinese officials said on Monday that Moscow must withdraw its troops. "
                     "We condemn the aggression of Russia against Ukraine.")
    sentence = list(doc.sents)[1]
    prediction = stance_model.load_model().predict(sentence, mention(doc, "Russia"), None, top=6, speaker_is_we=True)
    assert prediction.evidence
    for cue in prediction.evidence:
        assert cue.text == doc.text[cue.start:cue.end]
        assert cue.feature
        assert cue.to_dict()["start"] == cue.start
    assert any(cue.weight < 0 for cue in prediction.evidence)


def test_deterministic(nlp):
    model = stance_model.load_model()
    first = model.predict(parse(nlp, "France stands with Ukraine.")[:],
                          mention(parse(nlp, "France stands with Ukraine."), "Ukraine"))
    doc = parse(nlp, "France stands with Ukraine.")
    second = model.predict(doc[:], mention(doc, "Ukraine"))
    assert first == second


def test_features_keep_their_tokens(nlp):
    doc = parse(nlp, "The United States urged Turkey to lift restrictions.")
    target = mention(doc, "Turkey")
    features, dense = stance_features.extract(doc[:], target, mention(doc, "The United States"))
    assert dense.shape == (stance_features.DENSE_WIDTH,)
    assert np.isfinite(dense).all()
    names = {feature.name for feature in features}
    assert "h:same:nsubj:dobj:urge" in names
    assert "u:<T>" in names and "u:<H>" in names
    for feature in features:
        assert all(0 <= index < len(doc) for index in feature.tokens)


def test_no_tensor_means_zero_dense(nlp):
    """Another pipeline (no 96-wide tok2vec) still gets a prediction, from the sparse features."""
    doc = parse(nlp, "France stands with Ukraine.")
    doc.tensor = np.zeros((0, 0), dtype=np.float32)
    features, dense = stance_features.extract(doc[:], mention(doc, "Ukraine"))
    assert not dense.any()
