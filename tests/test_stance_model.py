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


def test_speech_regression_reads_the_speakers_own_words_without_a_holder_mention():
    holder, author, speech = (stance_model.Weights(*(np.full(1, number),) * 5) for number in range(3))
    model = stance_model.StanceModel(holder, author, "test", speech)
    assert model.weights_for(None) is author                 # news: the writer's view
    assert model.weights_for(None, speech=True) is speech    # a speech: the speaker's view
    assert model.weights_for(object(), speech=True) is holder  # a holder named in the sentence
    older = stance_model.StanceModel(holder, author, "a model file from before the split")
    assert older.weights_for(None, speech=True) is author


def test_model_files_with_and_without_speech_weights_load(tmp_path):
    path = resources.files("statemint").joinpath(stance_model.MODEL_FILE)
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
        two = {name: arrays[name] for name in arrays.files if not name.startswith("speech_")}
    three = {**two, **{"speech_" + name[len("author_"):]: two[name] * 2 for name in two if name.startswith("author_")}}
    np.savez(tmp_path / "two.npz", **two)
    np.savez(tmp_path / "three.npz", **three)
    older = stance_model.load_model(str(tmp_path / "two.npz"))
    assert older.speech is None and older.weights_for(None, speech=True) is older.author
    split = stance_model.load_model(str(tmp_path / "three.npz"))
    assert split.weights_for(None, speech=True) is split.speech
    assert np.array_equal(split.speech.bias, split.author.bias * 2)
