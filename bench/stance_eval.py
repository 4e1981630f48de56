"""Stance accuracy on held-out open data: the learned model next to statemint's scope lexicon, VADER and
the majority class, in one run, as a markdown table.

Measurement splits (none of them is read by tools/train_stance_model.py, which imports the same split
functions from here's sibling so the two cannot drift):
- DSE valid.txt lines whose sentence (brackets removed, whitespace normalised) is not in train.txt:
  5-class macro-F1 (0 neutral, 1 p->q positive, 2 q->p positive, 3 p->q negative, 4 q->p negative), and
  "polar macro-F1 on party targets": the direction p -> q (the first entity as holder, as VADER is
  run) on lines whose second entity is a party of statemint's registry (a state, an organisation or a
  registry leader), gold positive for label 1, negative for 3, neutral otherwise; the mean of the
  positive and negative F1.
- NewsMTSC train.jsonl, the tenth with crc32(primary_gid) % 10 == 0: 3-class macro-F1 and accuracy.
- tests/gold/ungdc_stance.jsonl (when present), speeches with crc32(speech) % 3 == 0: 3-class macro-F1
  (hostile/critical negative, favorable/supportive positive), holder = the speaker. These items are read
  as the stance records read the speaker's own words (stance.build with `--holder`): with the model's
  speech regression (`speech=True`), a first-person subject not taken for the holder; a row "'we' as the
  holder" shows `speaker_is_we=True` (StanceModel.resolve_holder), which the records do not use.
  NewsMTSC items are news: the author regression.

Systems: the learned model (statemint.stance_model; DSE's 5 classes read off both directions), the scope
lexicon (stance.scope_evidence summed and clipped, the bands of docs/OUTPUT.md; for DSE the holder's
mention is passed and the stronger direction wins), VADER's sentence compound (>= 0.05 positive, <= -0.05
negative; for DSE the first entity is the holder), and the majority class of the training side.

Run: PYTHONPATH=src python bench/stance_eval.py [--cache /work/cache-stance] [--model PATH]
(VADER needs `pip install vaderSentiment`, listed in bench/requirements.txt.)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import train_stance_model as data  # noqa: E402  (the split and reader functions, one home)


def macro_f1(gold: Sequence[int], predicted: Sequence[int], classes: Sequence[int]) -> float:
    return data.macro_f1(gold, predicted, classes)


def accuracy(gold: Sequence[int], predicted: Sequence[int]) -> float:
    return sum(int(g == p) for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


def three_class(score: float) -> int:
    """The bands: <= -0.2 hostile/critical (negative), >= 0.2 favorable/supportive (positive)."""
    return 0 if score <= -0.2 else 2 if score >= 0.2 else 1


def vader_scorer() -> Callable[[str], float] | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    return lambda text: analyzer.polarity_scores(text)["compound"]


def vader_class(compound: float) -> int:
    return 2 if compound >= 0.05 else 0 if compound <= -0.05 else 1


def lexicon_score(target, holder=None) -> float:
    """statemint's scope lexicon (stance.py) for one target, as its stance records compute it."""
    from statemint.stance import load_lexicon, scope_evidence

    holder_spans = [(holder.start_char, holder.end_char)] if holder is not None else None
    evidence = scope_evidence(target, load_lexicon(), holder_spans=holder_spans)
    return max(-1.0, min(1.0, sum(weight for _, _, weight in evidence)))


def directed_from_scores(toward_q: float, toward_p: float) -> int:
    """DSE's label from two signed scores (holder p -> q, holder q -> p): the stronger polar one, or neutral."""
    if max(abs(toward_q), abs(toward_p)) < 0.2:
        return 0
    if abs(toward_q) >= abs(toward_p):
        return 1 if toward_q > 0 else 3
    return 2 if toward_p > 0 else 4


def polar_class(label: int) -> int:
    """3-class gold of the direction p -> q from a DSE label."""
    return 2 if label == 1 else 0 if label == 3 else 1


def dse_rows(cache: Path | None):
    """DSE valid lines whose sentence is not in train, parsed."""
    train = {data.normalise(line.split("\t")[0])
             for line in (data.DSE_DIR / "train.txt").read_text(encoding="utf-8").splitlines()}
    rows = []
    for line in (data.DSE_DIR / "valid.txt").read_text(encoding="utf-8").splitlines():
        if data.normalise(line.split("\t")[0]) in train:
            continue
        parsed = data.dse_line(line)
        if parsed is not None:
            rows.append(parsed)
    docs = data.parse([row[0] for row in rows], cache, "dse-valid")
    return rows, docs


def bench_dse(model, vader, cache: Path | None, registry) -> list[tuple[str, str, str]]:
    rows, docs = dse_rows(cache)
    gold, ours, lexicon, vader_labels = [], [], [], []
    party_gold, party_ours, party_lexicon, party_vader = [], [], [], []
    for text, p, q, label in rows:
        doc = docs[text]
        item_q = data.Item("dse", text, q, p, 0, "")
        item_p = data.Item("dse", text, p, q, 0, "")
        found_q, found_p = data.spans(doc, item_q), data.spans(doc, item_p)
        neutral = np.array([0.0, 1.0, 0.0])
        probabilities_q = model.probabilities(*found_q) if found_q else neutral
        probabilities_p = model.probabilities(*found_p) if found_p else neutral
        predicted = data.dse_five_class(probabilities_q, probabilities_p)
        score_q = lexicon_score(found_q[1], found_q[2]) if found_q else 0.0
        score_p = lexicon_score(found_p[1], found_p[2]) if found_p else 0.0
        compound = vader(text) if vader else 0.0
        gold.append(label)
        ours.append(predicted)
        lexicon.append(directed_from_scores(score_q, score_p))
        vader_labels.append({2: 1, 0: 3, 1: 0}[vader_class(compound)])
        if registry.lookup(text[q[0]:q[1]]) is not None:
            party_gold.append(polar_class(label))
            party_ours.append(int(np.argmax(probabilities_q)))
            party_lexicon.append(three_class(score_q))
            party_vader.append(vader_class(compound))
    majority = Counter(row[3] for row in data.read_dse(data.DSE_DIR / "train.txt")).most_common(1)[0][0]
    table = []
    name = f"DSE valid not in train ({len(gold)}; party targets {len(party_gold)})"
    for system, predicted, party in (("learned model", ours, party_ours), ("statemint lexicon", lexicon, party_lexicon),
                                     ("VADER (sentence)", vader_labels if vader else None, party_vader),
                                     ("majority class", [majority] * len(gold), [polar_class(majority)] * len(party_gold))):
        if predicted is None:
            table.append((name, system, "not installed"))
            continue
        table.append((name, system, f"5-class macro-F1 {100 * macro_f1(gold, predicted, range(5)):.1f} · "
                      f"polar macro-F1 (party targets) {100 * macro_f1(party_gold, party, (0, 2)):.1f}"))
    return table


def bench_targets(name: str, items: Sequence[data.Item], majority: int, model, vader,
                  cache: Path | None, cache_name: str, speech: bool = False) -> list[tuple[str, str, str]]:
    """3-class results on (sentence, target) items without a holder in the sentence; a speech (`speech`)
    is read by the model's speech regression, as stance.build reads the `--holder`'s own words, and
    also, in one more row, with a first-person subject as the holder (`speaker_is_we`)."""
    from statemint.stance import load_lexicon, scope_evidence
    from statemint.stance.judge import judge

    docs = data.parse([item.text for item in items], cache, cache_name)
    gold, ours, we_holder, judged, lexicon, vader_labels = [], [], [], [], [], []
    for item in items:
        found = data.spans(docs[item.text], item)
        gold.append(item.label)
        if found is None:
            ours.append(1)
            we_holder.append(1)
            judged.append(1)
            lexicon.append(1)
        else:
            ours.append(int(np.argmax(model.probabilities(*found, speech=speech))))
            we_holder.append(int(np.argmax(model.probabilities(*found, speaker_is_we=speech))))
            lexical = scope_evidence(found[1], load_lexicon())
            judged.append(three_class(judge(model, found[1], None, speech=speech, lexical=lexical).score))
            lexicon.append(three_class(lexicon_score(found[1])))
        vader_labels.append(vader_class(vader(item.text)) if vader else 1)
    table = []
    title = f"{name} ({len(gold)})"
    learned = "learned model (speech regression)" if speech and model.speech is not None else "learned model"
    rows = [(learned, ours)]
    if speech:
        rows.append(("learned model, 'we' as the holder (speaker_is_we)", we_holder))
    for system, predicted in (*rows, ("stance records' scorer (model + roles)", judged),
                              ("statemint lexicon", lexicon),
                              ("VADER (sentence)", vader_labels if vader else None),
                              ("majority class", [majority] * len(gold))):
        if predicted is None:
            table.append((title, system, "not installed"))
            continue
        table.append((title, system, f"3-class macro-F1 {macro_f1(gold, predicted, range(3)):.3f} · "
                      f"accuracy {accuracy(gold, predicted):.3f}"))
    return table


def bench_ungdc_end_to_end(gold_path: Path, vader, majority: int) -> list[tuple[str, str, str]]:
    """The UNGDC test split through the whole program, as a user runs it (`statemint stance --holder X`
    on each speech): a gold (sentence, party) item gets the label of the record for that party whose
    statement is that sentence (neutral when there is none). What the item-level rows above cannot
    show, this does: sentence splitting, party matching and the holder's own mentions, in the records."""
    import json

    from statemint.api import analyze
    from statemint.parties import load_registry

    registry = load_registry()
    by_speech: dict[str, list[dict]] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if data.ungdc_split(record["speech"]) == "test":
            by_speech.setdefault(record["speech"], []).append(record)
    gold, ours, vader_labels, missing = [], [], [], 0
    for speech, records in sorted(by_speech.items()):
        text = (data.UNGDC_SPEECHES / speech).read_text(encoding="utf-8")
        holder = records[0]["holder"]
        stances = analyze(text, holder=holder, parties=registry, with_stance=True, parse_mode="stance").stances
        for record in records:
            sentence = record["sentence"]
            found = [s for s in stances if s.party == record["party"] and s.source == "statement"
                     and s.start < sentence["end"] and sentence["start"] < s.end
                     and sentence["start"] <= s.target.start < sentence["end"]]
            missing += not found
            score = max((s.score for s in found), key=abs, default=0.0)
            gold.append(data.UNGDC_LABEL[record["label"]])
            ours.append(three_class(score))
            vader_labels.append(vader_class(vader(sentence["text"])) if vader else 1)
    title = f"UNGDC 2023 test split, end to end ({len(gold)}; {missing} without a record)"
    table = [(title, "statemint stance --holder", f"3-class macro-F1 {macro_f1(gold, ours, range(3)):.3f} · "
              f"accuracy {accuracy(gold, ours):.3f}")]
    if vader:
        table.append((title, "VADER (sentence)", f"3-class macro-F1 {macro_f1(gold, vader_labels, range(3)):.3f}"))
    table.append((title, "majority class", f"3-class macro-F1 {macro_f1(gold, [majority] * len(gold), range(3)):.3f}"))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/work/cache-stance"),
                        help="where parsed docs are kept between runs (outside the repo)")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--ungdc-gold", type=Path, default=data.UNGDC_GOLD,
                        help="the UNGDC stance gold (its test split is measured); skipped when missing")
    parser.add_argument("--model", type=str, default=None, help="a model file other than the shipped one")
    args = parser.parse_args()
    cache = None if args.no_cache else args.cache

    from statemint.parties import load_registry
    from statemint.stance.model import load_model

    started = time.perf_counter()
    model = load_model(args.model)
    load_seconds = time.perf_counter() - started
    vader = vader_scorer()
    table = bench_dse(model, vader, cache, load_registry())
    newsmtsc_train = data.read_newsmtsc(data.NEWSMTSC, "train")
    majority = Counter(item.label for item in newsmtsc_train).most_common(1)[0][0]
    table += bench_targets("NewsMTSC held-out tenth", data.read_newsmtsc(data.NEWSMTSC, "test"), majority,
                           model, vader, cache, "newsmtsc-test")
    ungdc_test = data.read_ungdc(args.ungdc_gold, data.UNGDC_SPEECHES, "test")
    if ungdc_test:
        ungdc_train = data.read_ungdc(args.ungdc_gold, data.UNGDC_SPEECHES, "train")
        # the majority of the train side; neutral when there is none (never read off the test split)
        majority = Counter(item.label for item in ungdc_train).most_common(1)[0][0] if ungdc_train else 1
        table += bench_targets("UNGDC 2023 test split", ungdc_test, majority, model, vader, cache, "ungdc-test",
                               speech=True)
        table += bench_ungdc_end_to_end(args.ungdc_gold, vader, majority)
    else:
        table.append(("UNGDC 2023 test split", "-", f"{args.ungdc_gold} not found"))
    print("| data set (items) | system | result |")
    print("|---|---|---|")
    for name, system, result in table:
        print(f"| {name} | {system} | {result} |")
    print(f"\nmodel loaded in {load_seconds:.2f} s; {time.perf_counter() - started:.0f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
