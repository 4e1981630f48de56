"""Grouped K-fold cross-validation of the stance model's settings (tools/train_stance_model.py).

Why: the single DSE dev tenth chose the holder-target path features (DSE dev 45.2 against 43.8) that
then lost on the bench's DSE valid-not-in-train (34.0 against 35.4): one tenth of the train sentences is
optimistic and noisy (+-2 points between neighbouring settings). K folds give a mean and, more to the
point, a standard error of each setting's gain over the shipped one, measured on the same folds.

Data read: exactly the training data of train_stance_model.py, nothing the bench measures on.
- DSE train.txt (train + dev tenth), grouped by the normalised sentence: both directions of an item, and
  every line of one sentence, fall in one fold (train.txt has no article or source column to group by:
  its 4 columns are sentence, p, q, label).
- NewsMTSC train.jsonl without the bench's tenth (crc32(primary_gid) % 10 == 0), grouped by primary_gid.
- The UNGDC gold's train split (crc32(speech) % 3 != 0), grouped by speech.
Fold of a group: crc32("cv:" + group) % K, so the folds are deterministic and unrelated to the other
buckets. Fold k holds out its DSE, NewsMTSC and UNGDC groups together; the holder regression trains on
the other folds' DSE + NewsMTSC, the author regression on their NewsMTSC + UNGDC, as the shipped model.

Metrics per fold: DSE 5-class macro-F1 (train_stance_model.dse_five_class), NewsMTSC and UNGDC 3-class
macro-F1 of the author regression's argmax (not the records' scorer stance.judge, which adds bands and
role bounds: a proxy, the same for every setting). Printed: mean +- standard error over the folds, and
for each setting its paired gain over the shipped one (mean +- standard error of the per-fold difference).

The author model can be split (news / speeches, stance.model): each author setting is a candidate for
either half, its NewsMTSC score as the news regression's, its UNGDC score as the speech regression's.
The last lines name the setting each half would ship (`choose`: the largest paired gain that exceeds
its standard error, else the shipped setting).

Run: python tools/stance_cv.py [--cv 5] [--workers 2] [--cache /work/cache-stance]
     [--only author] [--setting NAME ...]   (a subset; the baseline of the gains is always run)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from multiprocessing import get_context
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_stance_model as T  # noqa: E402

# The settings compared, fixed before any CV result was seen (session 7), with explicit values so that a
# rerun reproduces the table in train_stance_model's docstring; the first one is the baseline of the
# paired gains (the setting shipped before the CV; C 0.04 won and is shipped now).
# "path": feature set with (True) or without the holder-target path features (hp:, hpl:, hpw:).
HOLDER_SETTINGS = {
    "C 0.02, path (was shipped)": {"c": 0.02, "path": True},
    "no path features": {"c": 0.02, "path": False},
    "C 0.01": {"c": 0.01, "path": True},
    "C 0.04": {"c": 0.04, "path": True},
}
# Author regressions: the weight of each source's items (a source of weight 0 is left out). The first
# three are session 7's; the last two were added, before any run, in session 10 for the speech half of
# the split author model (more UNGDC than a shared model could afford).
AUTHOR_SETTINGS = {
    "shipped (UNGDC weight 1.5)": {"newsmtsc": 1.0, "ungdc": 1.5},
    "NewsMTSC only": {"newsmtsc": 1.0, "ungdc": 0.0},
    "UNGDC weight 3": {"newsmtsc": 1.0, "ungdc": 3.0},
    "UNGDC weight 6": {"newsmtsc": 1.0, "ungdc": 6.0},
    "UNGDC only": {"newsmtsc": 0.0, "ungdc": 1.0},
}

STATE: dict = {}   # filled before the workers fork: items, feature matrices, folds


def fold_of(group: str, k: int) -> int:
    return zlib.crc32(("cv:" + group).encode("utf-8")) % k


def without_path(*args, **kwargs) -> list:
    return []


def feature_sets(items: list, docs: dict, variants: tuple[bool, ...] = (True, False)) -> dict[bool, tuple]:
    """Feature matrices with (True) and without (False) the path features (features.pair_path_features
    patched out), of the variants asked for."""
    from statemint.stance import features

    sets = {}
    original = features.pair_path_features
    for path in variants:
        features.pair_path_features = original if path else without_path
        try:
            sets[path] = T.matrix(items, docs)
        finally:
            features.pair_path_features = original
    return sets


def load(cache: Path | None, k: int, variants: tuple[bool, ...] = (True, False)) -> None:
    splits, docs = T.load_items(cache)
    items = [item for name in ("dse-train", "dse-dev", "newsmtsc-train", "newsmtsc-dev", "ungdc-train")
             for item in splits[name]]
    started = time.perf_counter()
    STATE["items"] = items
    STATE["mats"] = feature_sets(items, docs, variants)
    STATE["folds"] = np.array([fold_of(item.group, k) for item in items])
    STATE["sources"] = np.array([item.source for item in items])
    STATE["labels"] = np.array([item.label for item in items])
    counts = {source: int((STATE["sources"] == source).sum()) for source in ("dse", "newsmtsc", "ungdc")}
    print(f"features of {counts} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def fit_rows(mask: np.ndarray, path: bool, c: float, dense_factor: float, weights: dict[str, float]):
    sparse_matrix, dense, kept = STATE["mats"][path]
    rows = mask & kept
    items = [item for item, keep in zip(STATE["items"], rows) if keep]
    y = STATE["labels"][rows]
    sample_weights = T.balanced_weights(items, y, weights)
    mean, scale = T.standardiser(dense[rows])
    model = T.fit(T.design(sparse_matrix[rows], dense[rows], mean, scale, dense_factor), y, sample_weights, c)
    return model, mean, scale, dense_factor


def predict_rows(trained, mask: np.ndarray, path: bool) -> tuple[np.ndarray, np.ndarray]:
    model, mean, scale, dense_factor = trained
    sparse_matrix, dense, kept = STATE["mats"][path]
    return model.predict_proba(T.design(sparse_matrix[mask], dense[mask], mean, scale, dense_factor)), kept[mask]


def holder_task(task: tuple[str, int]) -> tuple[str, int, dict[str, float]]:
    name, fold = task
    setting = HOLDER_SETTINGS[name]
    folds, sources = STATE["folds"], STATE["sources"]
    train = (folds != fold) & np.isin(sources, T.HOLDER_SOURCES)
    trained = fit_rows(train, setting["path"], setting["c"], T.DENSE_HOLDER, {})
    held = (folds == fold) & (sources == "dse")
    probabilities, _ = predict_rows(trained, held, setting["path"])
    items = [item for item, keep in zip(STATE["items"], held) if keep]
    # dse_items puts both directions of an item next to each other, and a fold keeps whole sentences
    gold = [T.dse_gold(items[n], items[n + 1]) for n in range(0, len(items), 2)]
    predicted = [T.dse_five_class(probabilities[n], probabilities[n + 1]) for n in range(0, len(items), 2)]
    return name, fold, {"dse": 100 * T.macro_f1(gold, predicted, range(5))}


def author_task(task: tuple[str, int]) -> tuple[str, int, dict[str, float]]:
    name, fold = task
    weights = AUTHOR_SETTINGS[name]
    folds, sources = STATE["folds"], STATE["sources"]
    used = [source for source in T.AUTHOR_SOURCES if weights[source] > 0]
    trained = fit_rows((folds != fold) & np.isin(sources, used), True, T.C_AUTHOR, T.DENSE_AUTHOR, weights)
    scores = {}
    for source in ("newsmtsc", "ungdc"):
        held = (folds == fold) & (sources == source)
        probabilities, kept = predict_rows(trained, held, True)
        gold = STATE["labels"][held][kept]
        scores[source] = T.macro_f1(list(gold), list(probabilities[kept].argmax(axis=1)), range(3))
    return name, fold, scores


def run(task):
    kind, name, fold = task
    started = time.perf_counter()
    result = (holder_task if kind == "holder" else author_task)((name, fold))
    print(f"{kind} {name} fold {fold}: {result[2]} ({time.perf_counter() - started:.0f} s)", file=sys.stderr,
          flush=True)
    return kind, result


def summary(results: dict, baseline: str, metric: str, k: int) -> list[str]:
    """Table rows: mean +- SE over folds, and the paired gain over the baseline (mean +- SE)."""
    lines = []
    base = results.get(baseline, {})
    for name, by_fold in results.items():
        values = np.array([by_fold[f][metric] for f in sorted(by_fold)])
        if len(values) < k:
            lines.append(f"  {name:28s} {metric}: only {len(values)} of {k} folds")
            continue
        line = f"  {name:28s} {metric}: {values.mean():.3f} +- {values.std(ddof=1) / np.sqrt(k):.3f}"
        if name != baseline and len(base) == k:
            gain = values - np.array([base[f][metric] for f in sorted(base)])
            line += f"   gain {gain.mean():+.3f} +- {gain.std(ddof=1) / np.sqrt(k):.3f}"
        lines.append(line + "   folds " + " ".join(f"{v:.3f}" for v in values))
    return lines


def choose(results: dict, baseline: str, metric: str, k: int) -> str:
    """The setting to ship for one metric: the one with the largest paired mean gain over the baseline
    among those whose gain exceeds its standard error; the baseline when none does."""
    base = results.get(baseline, {})
    if len(base) < k:
        return baseline
    best, best_gain = baseline, 0.0
    for name, by_fold in results.items():
        if name == baseline or len(by_fold) < k:
            continue
        gain = np.array([by_fold[f][metric] - base[f][metric] for f in sorted(base)])
        mean, error = gain.mean(), gain.std(ddof=1) / np.sqrt(k)
        if mean > error and mean > best_gain:
            best, best_gain = name, mean
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", type=int, default=5, help="number of folds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path("/work/cache-stance"))
    parser.add_argument("--only", choices=("holder", "author"), default=None)
    parser.add_argument("--setting", action="append", default=None, metavar="NAME",
                        help="run only this setting (repeatable; a name of HOLDER_SETTINGS or AUTHOR_SETTINGS), "
                             "besides the baseline of its kind")
    parser.add_argument("--results", type=Path, default=None, help="also write the per-fold scores here (json)")
    args = parser.parse_args()
    unknown = set(args.setting or ()) - set(HOLDER_SETTINGS) - set(AUTHOR_SETTINGS)
    if unknown:
        parser.error(f"unknown setting(s) {sorted(unknown)}; "
                     f"the settings are {list(HOLDER_SETTINGS) + list(AUTHOR_SETTINGS)}")

    def wanted(settings: dict) -> list[str]:
        names = list(settings)
        return [name for name in names if args.setting is None or name == names[0] or name in args.setting]

    holder_names = [] if args.only == "author" else wanted(HOLDER_SETTINGS)
    author_names = [] if args.only == "holder" else wanted(AUTHOR_SETTINGS)
    # the author regressions read only the features with the path ones; the no-path set is the ablation's
    variants = tuple(sorted({True} | {HOLDER_SETTINGS[name]["path"] for name in holder_names}, reverse=True))
    load(args.cache, args.cv, variants)
    # the shipped setting and the path ablation first, then the author settings, then the holder C's
    holder = [("holder", name, fold) for name in holder_names for fold in range(args.cv)]
    author = [("author", name, fold) for name in author_names for fold in range(args.cv)]
    tasks = holder[:2 * args.cv] + author + holder[2 * args.cv:]
    results: dict[str, dict] = {"holder": {}, "author": {}}
    with get_context("fork").Pool(args.workers) as pool:
        for kind, (name, fold, scores) in pool.imap(run, tasks):
            results[kind].setdefault(name, {})[fold] = scores
            if args.results is not None:
                args.results.write_text(json.dumps(results, indent=1, sort_keys=True))
    print(f"{args.cv}-fold grouped CV (mean +- standard error over folds; gain = paired, over the shipped setting)")
    if results["holder"]:
        print("holder regression, DSE 5-class macro-F1 (x100):")
        print("\n".join(summary(results["holder"], next(iter(HOLDER_SETTINGS)), "dse", args.cv)))
    if results["author"]:
        for metric in ("newsmtsc", "ungdc"):
            print(f"author regression, {metric} 3-class macro-F1 (argmax):")
            print("\n".join(summary(results["author"], next(iter(AUTHOR_SETTINGS)), metric, args.cv)))
        baseline = next(iter(AUTHOR_SETTINGS))
        print(f"split author model: news regression = {choose(results['author'], baseline, 'newsmtsc', args.cv)}; "
              f"speech regression = {choose(results['author'], baseline, 'ungdc', args.cv)}")


if __name__ == "__main__":
    main()
