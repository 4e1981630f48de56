"""tools/stance_cv.py: the folds keep a group together and the paired gain is what the table says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import stance_cv  # noqa: E402
import train_stance_model  # noqa: E402


def test_both_directions_and_bracketings_of_a_sentence_share_a_fold():
    # dse_items groups by the normalised sentence: two lines of one sentence with different entity
    # brackets are one group, so they cannot sit on both sides of a fold.
    rows = [("France blamed Russia today.", (0, 6), (14, 20), 3),
            ("France blamed Russia today.", (14, 20), (21, 26), 0)]
    items = train_stance_model.dse_items(rows)
    assert len({item.group for item in items}) == 1
    assert len({stance_cv.fold_of(item.group, 5) for item in items}) == 1


def test_folds_are_in_range_and_not_the_dev_bucket():
    groups = [f"sentence {number}" for number in range(200)]
    folds = [stance_cv.fold_of(group, 5) for group in groups]
    assert set(folds) == {0, 1, 2, 3, 4}
    # salted: fold 0 is not the crc32 % 10 == 0 dev tenth of train_stance_model.dse_split
    dev = {group for group in groups if train_stance_model.dse_split(group) == "dev"}
    assert dev and not dev <= {group for group, fold in zip(groups, folds) if fold == 0}


def test_summary_gives_paired_gain_with_its_standard_error():
    results = {"base": {0: {"m": 1.0}, 1: {"m": 2.0}, 2: {"m": 3.0}},
               "other": {0: {"m": 2.0}, 1: {"m": 3.0}, 2: {"m": 5.0}}}
    base_line, other_line = stance_cv.summary(results, "base", "m", 3)
    # other - base per fold: 1, 1, 2 -> mean 1.333, sample std 0.577, standard error 0.577 / sqrt(3) = 0.333
    assert "gain" not in base_line and "2.000 +- 0.577" in base_line
    assert "gain +1.333 +- 0.333" in other_line


def test_the_feature_variants_restore_the_feature_functions():
    pytest.importorskip("scipy", reason="the training tools need statemint[train]")
    from statemint.stance import features

    names = {name for variant in stance_cv.FEATURE_VARIANTS.values() for name in variant["left_out"]}
    originals = {name: getattr(features, name) for name in names | {"N_HASH", "extract"}}
    sets = stance_cv.feature_sets([], {}, tuple(stance_cv.FEATURE_VARIANTS))
    assert set(sets) == set(stance_cv.FEATURE_VARIANTS)
    assert all(getattr(features, name) is function for name, function in originals.items())


def test_an_added_feature_group_is_appended_to_the_features():
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    from statemint.stance import features

    # France strongly condemned Russia .
    doc = Doc(spacy.blank("en").vocab, words=["France", "strongly", "condemned", "Russia", "."], heads=[2, 2, 2, 2, 2],
              deps=["nsubj", "advmod", "ROOT", "dobj", "punct"], lemmas=["France", "strongly", "condemn", "Russia", "."],
              pos=["PROPN", "ADV", "VERB", "PROPN", "PUNCT"])
    base, _ = features.extract(doc[:], doc[3:4])
    extended, _ = stance_cv.with_added(features.extract, ("window", "scope words"))(doc[:], doc[3:4])
    added = [feature.name for feature in extended[len(base):]]
    assert extended[:len(base)] == base
    assert added[:3] == ["wL:france", "wL:strongly", "wL:condemn"]
    assert "sw:condemn" in added and "sb:strongly_condemn" in added


def test_every_setting_names_a_feature_set_and_the_baselines_are_settings():
    settings = [*stance_cv.HOLDER_SETTINGS.values(), *stance_cv.AUTHOR_SETTINGS.values()]
    assert all(setting["features"] in stance_cv.FEATURE_VARIANTS for setting in settings)
    assert stance_cv.HOLDER_BASELINE in stance_cv.HOLDER_SETTINGS
    assert set(stance_cv.AUTHOR_BASELINES.values()) <= set(stance_cv.AUTHOR_SETTINGS)


def test_choose_ships_only_a_gain_beyond_its_standard_error():
    results = {"base": {0: {"m": 1.0}, 1: {"m": 2.0}, 2: {"m": 3.0}},
               "noisy": {0: {"m": 3.0}, 1: {"m": 1.0}, 2: {"m": 3.5}},    # gains +2, -1, +0.5: mean 0.5, SE 0.87
               "steady": {0: {"m": 1.2}, 1: {"m": 2.3}, 2: {"m": 3.2}}}   # gains +0.2, +0.3, +0.2: mean 0.23, SE 0.03
    assert stance_cv.choose(results, "base", "m", 3) == "steady"
    del results["steady"]
    assert stance_cv.choose(results, "base", "m", 3) == "base"


def test_every_author_setting_weighs_each_author_source():
    for setting in stance_cv.AUTHOR_SETTINGS.values():
        weights = setting["weights"]
        assert set(weights) == set(train_stance_model.AUTHOR_SOURCES)
        assert any(weights.values())


def test_source_weights_override_the_default_for_one_call():
    pytest.importorskip("numpy")
    import numpy as np

    items = [train_stance_model.Item(source, "t", (0, 1), None, label, "g")
             for source in ("newsmtsc", "ungdc") for label in (0, 1, 2)]
    y = np.array([item.label for item in items])
    default = train_stance_model.balanced_weights(items, y)
    heavier = train_stance_model.balanced_weights(items, y, {"ungdc": 3.0})
    assert list(default[3:] * 2) == list(heavier[3:])      # 1.5 -> 3.0
    assert list(default[:3]) == list(heavier[:3])
    assert train_stance_model.SOURCE_WEIGHT["ungdc"] == 1.5  # not changed by the call
