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
either half, its NewsMTSC score as the news regression's, its UNGDC score as the speech regression's;
each half's gains are paired over its shipped setting (AUTHOR_BASELINES), the holder's over
HOLDER_BASELINE. The last lines name the setting each regression would ship (`choose`: the largest
paired gain that exceeds its standard error, else the shipped setting). A feature set (FEATURE_VARIANTS)
is one for the three regressions: it ships only when it is chosen and costs none of the others more than
its standard error.

Run: python tools/stance_cv.py [--cv 5] [--workers 2] [--cache /work/cache-stance]
     [--only author] [--setting NAME ...]   (a subset; the baselines of the gains are always run)
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

# Feature sets: the stance.features functions a set leaves out (patched to return nothing), the session-11
# candidate feature groups it adds (ADDED_FEATURES, below; none shipped) and the bits of its hashed feature
# space (features.N_HASH, patched too). "before" is the feature set of the model shipped before session 11.
def variant(left_out: tuple[str, ...] = (), added: tuple[str, ...] = (), hash_bits: int = 18) -> dict:
    return {"left_out": left_out, "added": added, "hash_bits": hash_bits}


FEATURE_VARIANTS = {
    "before": variant(),
    "before, no path": variant(left_out=("pair_path_features",)),
    "scope words": variant(added=("scope words",)),
    "window": variant(added=("window",)),
    "scope words + window": variant(added=("scope words", "window")),
    "before, 2^20 hash": variant(hash_bits=20),
}
# The settings compared, fixed before any CV result was seen, with explicit values so that a rerun
# reproduces the tables in train_stance_model's docstring. Session 7's four holder settings and the first
# three author ones; the next two author ones were added in session 10 (the speech half of the split
# author model); the rest in session 11 (feature sets and C's) before its first run, and the 2^20 hash
# and the news dense factor before its second (run 1 had shown news C 0.08 +0.003 +- 0.002).
# "features": a key of FEATURE_VARIANTS; "c": the regression's C.
HOLDER_SETTINGS = {
    "C 0.02, path (was shipped)": {"c": 0.02, "features": "before"},
    "no path features": {"c": 0.02, "features": "before, no path"},
    "C 0.01": {"c": 0.01, "features": "before"},
    "C 0.04": {"c": 0.04, "features": "before"},
    "C 0.04, scope words": {"c": 0.04, "features": "scope words"},
    "C 0.04, window": {"c": 0.04, "features": "window"},
    "C 0.04, scope words + window": {"c": 0.04, "features": "scope words + window"},
    "C 0.04, 2^20 hash": {"c": 0.04, "features": "before, 2^20 hash"},
}
HOLDER_BASELINE = "C 0.04"   # the shipped setting: the baseline of the holder gains


def author_setting(newsmtsc: float, ungdc: float, c: float = 0.15, features: str = "before",
                   dense: float = 0.0) -> dict:
    """An author regression: the weight of each source's items (a source of weight 0 is left out), its C,
    its feature set and the factor of its dense (tok2vec) features (0: none, as shipped)."""
    return {"weights": {"newsmtsc": newsmtsc, "ungdc": ungdc}, "c": c, "features": features, "dense": dense}


AUTHOR_SETTINGS = {
    "shipped (UNGDC weight 1.5)": author_setting(1.0, 1.5),
    "NewsMTSC only": author_setting(1.0, 0.0),
    "UNGDC weight 3": author_setting(1.0, 3.0),
    "UNGDC weight 6": author_setting(1.0, 6.0),
    "UNGDC only": author_setting(0.0, 1.0),
    "news: scope words": author_setting(1.0, 1.5, features="scope words"),
    "news: window": author_setting(1.0, 1.5, features="window"),
    "news: scope words + window": author_setting(1.0, 1.5, features="scope words + window"),
    "news: C 0.08": author_setting(1.0, 1.5, c=0.08),
    "news: C 0.3": author_setting(1.0, 1.5, c=0.3),
    "speech: scope words": author_setting(0.0, 1.0, features="scope words"),
    "speech: window": author_setting(0.0, 1.0, features="window"),
    "speech: scope words + window": author_setting(0.0, 1.0, features="scope words + window"),
    "speech: C 0.08": author_setting(0.0, 1.0, c=0.08),
    "speech: C 0.3": author_setting(0.0, 1.0, c=0.3),
    "news: 2^20 hash": author_setting(1.0, 1.5, features="before, 2^20 hash"),
    "news: C 0.08, 2^20 hash": author_setting(1.0, 1.5, c=0.08, features="before, 2^20 hash"),
    "speech: 2^20 hash": author_setting(0.0, 1.0, features="before, 2^20 hash"),
    "news: dense 0.5": author_setting(1.0, 1.5, dense=0.5),
}
# The shipped halves of the split author model, the baselines of their gains: the news regression is
# session 11's "news: C 0.08" (session 11's run 1 compared with session 7's "shipped (UNGDC weight 1.5)"),
# the speech regression session 10's "UNGDC only".
AUTHOR_BASELINES = {"newsmtsc": "news: C 0.08", "ungdc": "UNGDC only"}

STATE: dict = {}   # filled before the workers fork: items, feature matrices, folds


def fold_of(group: str, k: int) -> int:
    return zlib.crc32(("cv:" + group).encode("utf-8")) % k


def left_out(*args, **kwargs) -> list:
    return []


WINDOW = 3   # words each side of the target that window_features reads


def scope_word_features(sentence, target, holder) -> list:
    """Masked words of the target's scope (features.scope_tokens) and bigrams of consecutive scope words:
    the sentence's words are the same for each of its targets, the words that can speak about one are not."""
    from statemint.stance.features import Feature, scope_tokens, token_form

    target_ids, holder_ids = {t.i for t in target}, {t.i for t in holder} if holder is not None else set()
    tokens = [t for t in scope_tokens(target.root, target_ids) if not (t.is_punct or t.is_space)]
    forms = [token_form(token, target_ids, holder_ids) for token in tokens]
    found = [Feature("sw:" + form, 1.0, (token.i,)) for token, form in zip(tokens, forms)]
    return found + [Feature("sb:" + forms[n - 1] + "_" + forms[n], 1.0, (tokens[n - 1].i, tokens[n].i))
                    for n in range(1, len(tokens))]


def window_features(sentence, target, holder) -> list:
    """The WINDOW words left and right of the target with their side ("brutal <T>", "<T> praised")."""
    from statemint.stance.features import Feature, token_form

    target_ids, holder_ids = {t.i for t in target}, {t.i for t in holder} if holder is not None else set()
    doc = sentence.doc
    sides = (("L", doc[max(sentence.start, target.start - WINDOW):target.start]),
             ("R", doc[target.end:min(sentence.end, target.end + WINDOW)]))
    return [Feature(f"w{side}:" + token_form(token, target_ids, holder_ids), 1.0, (token.i,))
            for side, tokens in sides for token in tokens if not (token.is_punct or token.is_space)]


ADDED_FEATURES = {"scope words": scope_word_features, "window": window_features}


def with_added(extract, added: tuple[str, ...]):
    """features.extract with the ADDED_FEATURES groups appended to its sparse features."""
    def extended(sentence, target, holder=None):
        found, dense = extract(sentence, target, holder)
        return found + [f for name in added for f in ADDED_FEATURES[name](sentence, target, holder)], dense
    return extended


def feature_sets(items: list, docs: dict, variants: tuple[str, ...]) -> dict[str, tuple]:
    """Feature matrices of the FEATURE_VARIANTS asked for: stance.features with a variant's functions
    patched out, its added groups and its hash size patched in (and all restored)."""
    from statemint.stance import features

    sets = {}
    for name in variants:
        setting = FEATURE_VARIANTS[name]
        originals = {attribute: getattr(features, attribute) for attribute in (*setting["left_out"], "N_HASH", "extract")}
        for attribute in setting["left_out"]:
            setattr(features, attribute, left_out)
        features.N_HASH = 1 << setting["hash_bits"]
        features.extract = with_added(originals["extract"], setting["added"])
        try:
            sets[name] = T.matrix(items, docs)
        finally:
            for attribute, value in originals.items():
                setattr(features, attribute, value)
    return sets


def load(cache: Path | None, k: int, variants: tuple[str, ...]) -> None:
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


def fit_rows(mask: np.ndarray, variant: str, c: float, dense_factor: float, weights: dict[str, float]):
    sparse_matrix, dense, kept = STATE["mats"][variant]
    rows = mask & kept
    items = [item for item, keep in zip(STATE["items"], rows) if keep]
    y = STATE["labels"][rows]
    sample_weights = T.balanced_weights(items, y, weights)
    mean, scale = T.standardiser(dense[rows])
    model = T.fit(T.design(sparse_matrix[rows], dense[rows], mean, scale, dense_factor), y, sample_weights, c)
    return model, mean, scale, dense_factor


def predict_rows(trained, mask: np.ndarray, variant: str) -> tuple[np.ndarray, np.ndarray]:
    model, mean, scale, dense_factor = trained
    sparse_matrix, dense, kept = STATE["mats"][variant]
    return model.predict_proba(T.design(sparse_matrix[mask], dense[mask], mean, scale, dense_factor)), kept[mask]


def holder_task(task: tuple[str, int]) -> tuple[str, int, dict[str, float]]:
    name, fold = task
    setting = HOLDER_SETTINGS[name]
    folds, sources = STATE["folds"], STATE["sources"]
    train = (folds != fold) & np.isin(sources, T.HOLDER_SOURCES)
    trained = fit_rows(train, setting["features"], setting["c"], T.DENSE_HOLDER, {})
    held = (folds == fold) & (sources == "dse")
    probabilities, _ = predict_rows(trained, held, setting["features"])
    items = [item for item, keep in zip(STATE["items"], held) if keep]
    # dse_items puts both directions of an item next to each other, and a fold keeps whole sentences
    gold = [T.dse_gold(items[n], items[n + 1]) for n in range(0, len(items), 2)]
    predicted = [T.dse_five_class(probabilities[n], probabilities[n + 1]) for n in range(0, len(items), 2)]
    return name, fold, {"dse": 100 * T.macro_f1(gold, predicted, range(5))}


def author_task(task: tuple[str, int]) -> tuple[str, int, dict[str, float]]:
    name, fold = task
    setting = AUTHOR_SETTINGS[name]
    weights, variant = setting["weights"], setting["features"]
    folds, sources = STATE["folds"], STATE["sources"]
    used = [source for source in T.AUTHOR_SOURCES if weights[source] > 0]
    trained = fit_rows((folds != fold) & np.isin(sources, used), variant, setting["c"], setting["dense"], weights)
    scores = {}
    for source in ("newsmtsc", "ungdc"):
        held = (folds == fold) & (sources == source)
        probabilities, kept = predict_rows(trained, held, variant)
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
                             "besides the baselines of its kind")
    parser.add_argument("--results", type=Path, default=None, help="also write the per-fold scores here (json)")
    parser.add_argument("--resume", type=Path, default=None,
                        help="per-fold scores of an earlier run (--results) of the same code and data: its folds "
                             "are not fitted again (the fits are deterministic)")
    args = parser.parse_args()
    unknown = set(args.setting or ()) - set(HOLDER_SETTINGS) - set(AUTHOR_SETTINGS)
    if unknown:
        parser.error(f"unknown setting(s) {sorted(unknown)}; "
                     f"the settings are {list(HOLDER_SETTINGS) + list(AUTHOR_SETTINGS)}")

    def wanted(settings: dict, baselines: set[str]) -> list[str]:
        return [name for name in settings if args.setting is None or name in baselines or name in args.setting]

    holder_names = [] if args.only == "author" else wanted(HOLDER_SETTINGS, {HOLDER_BASELINE})
    author_names = [] if args.only == "holder" else wanted(AUTHOR_SETTINGS, set(AUTHOR_BASELINES.values()))
    variants = tuple(dict.fromkeys([HOLDER_SETTINGS[name]["features"] for name in holder_names]
                                   + [AUTHOR_SETTINGS[name]["features"] for name in author_names]))
    load(args.cache, args.cv, variants)
    # the author settings first (cheap fits), then the holder ones, the shipped (baseline) one first
    holder_names.sort(key=lambda name: name != HOLDER_BASELINE)
    tasks = [("author", name, fold) for name in author_names for fold in range(args.cv)]
    tasks += [("holder", name, fold) for name in holder_names for fold in range(args.cv)]
    results: dict[str, dict] = {"holder": {}, "author": {}}
    if args.resume is not None:
        earlier = json.loads(args.resume.read_text())
        for kind, name, fold in list(tasks):
            if str(fold) in earlier[kind].get(name, {}):
                results[kind].setdefault(name, {})[fold] = earlier[kind][name][str(fold)]
                tasks.remove((kind, name, fold))
    with get_context("fork").Pool(args.workers) as pool:
        for kind, (name, fold, scores) in pool.imap(run, tasks):
            results[kind].setdefault(name, {})[fold] = scores
            if args.results is not None:
                args.results.write_text(json.dumps(results, indent=1, sort_keys=True))
    print(f"{args.cv}-fold grouped CV (mean +- standard error over folds; gain = paired, over the shipped setting)")
    if results["holder"]:
        print(f"holder regression, DSE 5-class macro-F1 (x100), gains over {HOLDER_BASELINE!r}:")
        print("\n".join(summary(results["holder"], HOLDER_BASELINE, "dse", args.cv)))
        print(f"holder regression = {choose(results['holder'], HOLDER_BASELINE, 'dse', args.cv)}")
    if results["author"]:
        for metric, baseline in AUTHOR_BASELINES.items():
            print(f"author regression, {metric} 3-class macro-F1 (argmax), gains over {baseline!r}:")
            print("\n".join(summary(results["author"], baseline, metric, args.cv)))
        print(f"split author model: news regression = "
              f"{choose(results['author'], AUTHOR_BASELINES['newsmtsc'], 'newsmtsc', args.cv)}; "
              f"speech regression = {choose(results['author'], AUTHOR_BASELINES['ungdc'], 'ungdc', args.cv)}")

if __name__ == "__main__":
    main()
