"""Stance toward a target on NewsMTSC (train split) for statemint's scope lexicon and for VADER.

NewsMTSC (Hamborg & Donnay, EACL 2021, MIT) labels the sentiment of English news sentences toward a
marked target mention: 2 = negative, 4 = neutral, 6 = positive. statemint's score for the target is the
sum of the evidence `stance.scope_evidence` finds in the target's dependency scope, mapped to three
classes by the label bands of docs/OUTPUT.md (hostile/critical -> negative, favorable/supportive ->
positive). VADER scores the whole sentence (compound >= 0.05 positive, <= -0.05 negative), which is what
a sentence-level lexicon can do. Both are compared on the same (sentence, target) pairs.

Run: python bench/stance_newsmtsc.py [--limit N] [--data ../shared/data/newsmtsc/train.jsonl]
(VADER needs `pip install vaderSentiment`, listed in bench/requirements.txt.)
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLASSES = ("negative", "neutral", "positive")
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, float, dict[str, float]]:
    per_class: dict[str, float] = {}
    for label in CLASSES:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_class[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold) if gold else 0.0
    return sum(per_class.values()) / len(CLASSES), accuracy, per_class


def three_class(score: float) -> str:
    return "negative" if score <= -0.2 else "positive" if score >= 0.2 else "neutral"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc" / "train.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences (0: all)")
    parser.add_argument("--skip", type=int, default=0,
                        help="leave out the first N sentences (2500: the part the two scale constants were chosen on)")
    args = parser.parse_args()

    from statemint.nlp import load_pipeline
    from statemint.stance import load_lexicon, scope_evidence

    rows = []
    for number, line in enumerate(args.data.read_text(encoding="utf-8").splitlines()):
        if args.limit and number >= args.limit:
            break
        if number < args.skip:
            continue
        record = json.loads(line)
        for target in record["targets"]:
            rows.append((record["sentence_normalized"], target["from"], target["to"], POLARITY[target["polarity"]]))
    sentences = sorted({row[0] for row in rows})
    nlp = load_pipeline()
    lexicon = load_lexicon()
    started = time.perf_counter()
    parsed = dict(zip(sentences, nlp.pipe(sentences, batch_size=256)))
    gold, ours, vader, covered = [], [], [], 0
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
    except ImportError:
        analyzer = None
    for sentence, start, end, label in rows:
        doc = parsed[sentence]
        span = doc.char_span(start, end, alignment_mode="expand")
        evidence = scope_evidence(span, lexicon) if span is not None and len(span) else []
        covered += bool(evidence)
        score = max(-1.0, min(1.0, sum(weight for _, _, weight in evidence)))
        gold.append(label)
        ours.append(three_class(score))
        if analyzer is not None:
            compound = analyzer.polarity_scores(sentence)["compound"]
            vader.append("positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral")
    elapsed = time.perf_counter() - started
    print(f"NewsMTSC train: {len(rows)} targets in {len(sentences)} sentences; gold {dict(Counter(gold))}")
    print(f"{'system':<28}{'macro-F1':>9}{'accuracy':>10}   F1 neg / neu / pos")
    for name, predicted in (("statemint (target scope)", ours), ("VADER (sentence)", vader),
                            ("always neutral", ["neutral"] * len(gold))):
        if not predicted:
            print(f"{name:<28}   (not installed: pip install vaderSentiment)")
            continue
        f1, accuracy, per_class = macro_f1(gold, predicted)
        print(f"{name:<28}{f1:>9.3f}{accuracy:>10.3f}   "
              + " / ".join(f"{per_class[c]:.3f}" for c in CLASSES))
    print(f"statemint found evidence for {covered} of {len(rows)} targets; {elapsed:.0f} s including parsing")


if __name__ == "__main__":
    main()
