"""Train statemint's stance model (src/statemint/stance/model.py, stance/features.py) on open data and export it for numpy.

Data (licences in src/statemint/data/LICENSE.stance_model):
- DSE (Park, Pan & Joo, Findings of ACL 2021): entity-to-entity directed sentiment in news,
  ../shared/data/dse/train.txt. Train lines are deduplicated; a tenth of the train *sentences*
  (crc32 of the normalised sentence) is the dev split. valid.txt is never read here: the bench
  measures on its sentences that are not in train.
- NewsMTSC (Hamborg & Donnay, EACL 2021, MIT): ../shared/data/newsmtsc/train.jsonl. crc32(primary_gid)
  % 10 == 0 is the bench's held-out tenth, never read here; % 10 == 1 is the dev split.
- tests/gold/ungdc_stance.jsonl, when it exists (statemint's own UNGDC 2023 annotations): only the
  speeches with crc32(speech) % 3 != 0 (the train split); the others are the bench's test split.

Each DSE item gives two training examples, one per direction (holder p -> target q, holder q -> p),
three classes each; NewsMTSC and UNGDC items have no holder in the sentence (the author, the speaker).
Two regressions are trained over the same features: "holder" (a holder named in the sentence) on DSE
+ NewsMTSC, "author" (the writer's or speaker's own view) on NewsMTSC + UNGDC train, and a third,
"speech" (the speaker's own view in a speech or statement), on UNGDC train (`--speech-weights`;
`--no-speech` leaves it out). The runtime picks "holder" when it is given a holder mention, else
"speech", when the file has it, for the holder's own words (stance.build with `--holder`; StanceModel
`speech`), and "author" for the rest. The shipped file has all three (see the split below). The bench
reads the 5 DSE classes off the two directions (see `dse_five_class`).

Selection protocol. Hyper-parameters were first chosen on the dev splits (`--dev` prints the dev metrics
of the settings below); a first bench run then showed the DSE dev tenth disagreeing with DSE valid (it is
about 10 points more optimistic and +-2 points noisy between neighbouring settings: the path features
gained 1.4 points on DSE dev and lost 1.4 on the bench's DSE valid-not-in-train, 34.0 against 35.4).
Since then settings are chosen by grouped 5-fold cross-validation (tools/stance_cv.py: DSE train.txt by
sentence, NewsMTSC without the bench tenth by primary_gid, UNGDC train speeches by speech; never DSE
valid, the NewsMTSC bench tenth or the UNGDC test split), among a small set fixed before the run, and a
change ships only when its paired gain over the shipped setting exceeds one standard error. The run of
2026-12-02 (`python tools/stance_cv.py --cv 5 --workers 2`, 35 fits, 23 min on 2 cores; mean +- standard
error over the folds, gain = paired over the then shipped setting):

    holder regression, DSE 5-class macro-F1      mean          gain over shipped
    C 0.02 with path features (was shipped)      42.66 +- 0.82
    C 0.02 without hp:/hpl:/hpw: path features   42.10 +- 0.89  -0.56 +- 0.21  (path features kept)
    C 0.01                                       41.64 +- 0.72  -1.02 +- 0.45
    C 0.04 (shipped now)                         43.11 +- 0.71  +0.45 +- 0.15
    author regression, 3-class macro-F1 argmax   NewsMTSC                      UNGDC
    UNGDC weight 1.5 (shipped)                   0.647 +- 0.007                0.632 +- 0.013
    NewsMTSC only                                0.651, gain +0.004 +- 0.004   0.470, gain -0.162 +- 0.012
    UNGDC weight 3                               0.638, gain -0.009 +- 0.002   0.643, gain +0.011 +- 0.006

So C_HOLDER went from 0.02 to 0.04; the author regression stayed shared at UNGDC weight 1.5: a news-only
one gains no more than its standard error on NewsMTSC, and weight 3 would trade NewsMTSC for UNGDC.

The split author model (issue #12): the author's view gets two regressions, one for news and one for a
speaker's own words, so UNGDC weight no longer trades against NewsMTSC. The run of 2026-12-03
(`python tools/stance_cv.py --cv 5 --workers 1 --only author`, 25 fits, 9 min 45 s wall on 2 cores
shared with another engineer's job; "UNGDC weight 6" and "UNGDC only" were added to the settings before
the run): each setting is a candidate for the news half (its NewsMTSC score) and for the speech half
(its UNGDC score), gain paired over the shipped shared regression:

    author regression, 3-class macro-F1 argmax   NewsMTSC (news half)          UNGDC (speech half)
    UNGDC weight 1.5 (shipped, shared)           0.647 +- 0.007                0.633 +- 0.014
    NewsMTSC only                                0.651, gain +0.003 +- 0.004   0.471, gain -0.162 +- 0.012
    UNGDC weight 3                               0.637, gain -0.010 +- 0.002   0.643, gain +0.011 +- 0.006
    UNGDC weight 6                               0.629, gain -0.018 +- 0.002   0.648, gain +0.015 +- 0.006
    UNGDC only                                   0.397, gain -0.251 +- 0.006   0.651, gain +0.019 +- 0.007

(The rows of the three older settings differ from the table above by at most 0.001: features changed
a little since.) By the protocol the news regression stays as it was (NewsMTSC only gains less than its
standard error) and the speech regression would be "UNGDC only", the largest gain beyond its standard
error (`stance_cv.choose`); weights 3 and 6 also clear it, within noise of it. The UNGDC metric is the
argmax with no "we" resolution, as the records read the holder's own words.

It was not shipped at first. Trained on train + dev (`--speech-weights newsmtsc=0,ungdc=1`, sha256
4d395f41...), it raised the bench's UNGDC test rows (model alone 0.665 -> 0.695, records' scorer 0.659 ->
0.688), but read negated support in a speech as support: "We will not support Russia in this
adventure." +0.58 (the author regression -0.09), "We would not support a deal with Iran on these terms."
+0.30, failing three tests of tests/test_stance.py and tests/test_stance_roles.py. The 2,959 UNGDC items
hold no negated support the role rules see, so the speech regression had nothing to learn "not support"
from, and its weights of "support" (and of "with X": cooperation) carried over.

The fix (2026-12-03) is a role rule, the mirror of "denied": support the holder negates is "withheld"
(stance.roles.judged: a negated supportive verb, "support", "back", "endorse", "welcome", "accept",
"recognize", ..., whose object phrase holds the party, its possessor, its "of"/"by" complement, or the
"with" partner of a relation noun, "a deal with Iran"; the holder or "we" as the subject). Like every
role it is a feature the three regressions learn from ("rule:withheld") and a bound of the records'
score (critical, stance.judge.ROLE_BOUNDS). It fires on 10 of the 20,820 DSE train directions (7 of them
gold negative, 3 neutral), on no NewsMTSC train or dev target and on no UNGDC train item (the "with"
walk moves one more DSE direction, qualified-negative to condemned), so the author and speech
regressions are the same bytes as without it and only the holder regression moves. The
author CV rerun with it (`python tools/stance_cv.py --cv 5 --workers 1 --only author`, 25 fits, 13 min 29 s
wall, another engineer's test suite on the same 2 cores) gave the table above fold for fold, to the last
digit: the speech regression is "UNGDC only". Holder check (`--only holder --setting "C 0.04"`, 10 fits,
11 min each, run from this commit and from b98042f, the same folds): C 0.04 43.177 +- 0.683 without the
rule, 43.171 +- 0.661 with it, paired -0.006 +- 0.035 (C 0.02: +0.006 +- 0.026), so it is kept for the
records' bound and costs the holder regression nothing measurable.

Shipped in session 10: the default command (`python tools/train_stance_model.py`, 2 min 21 s to 2 min 50 s,
1.87 MB, sha256 20283d7f...). Bench, against the file shipped before (7c666c99..., which predates commits that changed
the features' inputs, e.g. b0a150c, phrases.surface_subject, so part of each change is that retraining;
the previous session measured it: DSE 36.0 -> 35.9, NewsMTSC model 0.636 -> 0.635, records' 0.637 ->
0.636): DSE 5-class 36.0 -> 35.9, party polar 32.3 -> 32.4; NewsMTSC model 0.636 -> 0.635, records'
scorer 0.637 -> 0.635; UNGDC model 0.665 -> 0.695, records' scorer 0.660 -> 0.688, end to end 0.625 ->
0.629, "we" as the holder 0.596 -> 0.614 (VADER 14.9 / 21.4, 0.508, 0.383 throughout). A speech regression
also reads first-person text other than UN speeches (a press statement given a `--holder`), where it is
unmeasured, and it leans positive (its bias favours the positive class: "The United Nations is
structured as if it were still 1945." went from neutral -0.13 to favorable +0.50 in the golden texts).

Session 11 (issue 12: the NewsMTSC and UNGDC targets, 0.65 and 0.70). Candidates were fixed in
tools/stance_cv.py before each run: two feature groups (kept in stance_cv.ADDED_FEATURES, not in
stance.features, since neither shipped): "scope words", the masked words of the target's scope
(features.scope_tokens) and bigrams of consecutive scope words, and "window", the 3 words each side of
the target with their side; and C 0.08 / 0.3 for each author half. Run 1 (`python tools/stance_cv.py
--cv 5 --workers 1 --setting ...` with the 10 author and 3 holder settings of session 11, 14:22 to 14:56,
60 author fits in 33 min 35 s wall on 2 cores shared with another engineer's 2-process eval; stopped
before its holder fits, see below), gains paired over each half's shipped setting:

    news half (NewsMTSC, author regression)      mean              gain over shipped
    shipped (UNGDC weight 1.5, C 0.15)           0.647 +- 0.007
    scope words                                  0.649 +- 0.006    +0.002 +- 0.003
    window                                       0.645 +- 0.006    -0.002 +- 0.002
    scope words + window                         0.647 +- 0.006    +0.000 +- 0.003
    C 0.08 (shipped now)                         0.649 +- 0.006    +0.003 +- 0.002 (+0.0026 +- 0.0015)
    C 0.3                                        0.645 +- 0.008    -0.002 +- 0.001
    speech half (UNGDC, speech regression)       mean              gain over shipped
    shipped (UNGDC only, C 0.15)                 0.652 +- 0.017
    scope words                                  0.656 +- 0.015    +0.004 +- 0.006
    window                                       0.642 +- 0.016    -0.009 +- 0.006
    scope words + window                         0.651 +- 0.017    -0.000 +- 0.004
    C 0.08                                       0.652 +- 0.019    +0.001 +- 0.002
    C 0.3                                        0.647 +- 0.017    -0.005 +- 0.001

By `choose` the news regression takes C 0.08 (C_AUTHOR; the speech regression keeps 0.15, C_SPEECH) and
the speech regression stays as it was; no feature group is chosen by either half, so their holder
fits were not run (the holder regression is unchanged). (The two groups were measured inside
features.extract, after the role features; stance_cv now appends them, which can change a sum of
colliding hashed features in its last bit, no more.) A second candidate, added before runs 2 and 3: the
hashed space at 2^20 instead of 2^18 (at 2^18, 15% of the author side's features seen twice share a
slot with another, 43% of DSE's; "news: dense 0.5" was added too and not run). Runs 2 and 3 were
stopped for time; run 4, after the model below had shipped (`python tools/stance_cv.py --cv 5 --workers 1
--only author --setting "news: 2^20 hash" --setting "news: C 0.08, 2^20 hash" --setting "speech: 2^20
hash" --resume ...`, the baselines' folds from run 1, 15 fits of 66 to 123 s, 23 min 6 s wall; gains
over the shipped halves, news now "news: C 0.08"):

    news: 2^20 hash (C 0.15)                     0.647 +- 0.006    -0.0022 +- 0.0025
    news: C 0.08, 2^20 hash                      0.647 +- 0.005    -0.0023 +- 0.0017
    speech: 2^20 hash                            0.654 +- 0.016    +0.0022 +- 0.0020

`choose` takes 2^20 for the speech half, but the hash size is one for the three regressions
(features.N_HASH), and at 2^20 the news half loses more than its standard error. Run 5, the holder
(`python tools/stance_cv.py --cv 5 --workers 1 --only holder --setting "C 0.04, 2^20 hash"`, 10 fits of
42 to 99 s, 15 min 14 s wall): C 0.04 43.173 +- 0.686, at 2^20 43.184 +- 0.756, gain +0.011 +- 0.353:
the collisions cost DSE nothing measurable. So 2^20 is not shipped; a hash size per regression (the
modulus read off each one's sparse_weights) would let the speech regression have it alone (+0.002, a
bench run to follow).

Shipped in session 11: the default command (3 min 20 s wall, 1.14 GB peak RSS, 1.87 MB, sha256
94bd6446...): C_AUTHOR 0.15 -> 0.08. Only the author regression moves against the same command at
`--c-author 0.15` (sha256 86d8bb60..., the control); against the file shipped before (20283d7f...) the
holder and speech regressions moved a little too (holder weights by up to 0.01, speech by 5e-4): commits
since its training changed their inputs. Bench (`PYTHONPATH=src python bench/stance_eval.py --cache
/work/cache-stance`, once each, shipped-before 45 s, new 33 s; the control with `--model`, item rows only),
shipped before / control / new: DSE 5-class 35.9 / 36.0 / 36.0, party polar 32.4 throughout; NewsMTSC
model 0.635 / 0.636 / 0.635, records' scorer 0.635 / 0.636 / 0.636; UNGDC model 0.695, records' scorer
0.688, end to end 0.629 (shipped before and new), "we" as the holder 0.614, all unchanged (VADER 14.9 /
21.4, 0.508, 0.383; lexicon 23.6, 0.491, 0.454). So the CV's +0.003 on NewsMTSC did not show on the
bench tenth (-0.001 against the control, within its noise), and neither target is reached: NewsMTSC
0.635 against 0.65, UNGDC 0.695 / 0.688 against 0.70. Golden: one band in tests/golden/texts_stance.json
("At the invitation of the Government of Kenya, Foreign Minister Wang Yi will visit Nairobi next
week.", Lin Jian toward CN, supportive 0.609 -> favorable 0.499, the largest score change; the seed's
stances by at most 0.041, no label).

Retrained after the merge (session 11), because main's tokenizer now splits long dashes and double
quotation marks glued to words (statemint.nlp.pipeline.split_glued_marks), which the cached parses above
predate: the default command with a fresh cache (`--cache /work/cache-stance2`, parsing 2 min, 3 min 31 s
wall in all), sha256 03f205cf..., 1.87 MB. Bench with the same fresh cache, in one session, 94bd6446 /
retrained: DSE 5-class 36.2 / 35.8, party polar 32.4 / 32.7; NewsMTSC model 0.635 / 0.635, records'
scorer 0.636 / 0.636; UNGDC model 0.695 / 0.694, records' scorer 0.688 / 0.688, end to end 0.630
(retrained). Retraining drift of a few tenths of a DSE point, as before; the retrained file ships since it
is what the runtime's parses give. Golden: no label changes, scores by at most 0.035.

The shipped model is trained on train + dev. Everything is deterministic (fixed order, lbfgs, no random
state involved), so a rerun writes the same bytes.

Parses are cached as spaCy DocBins plus the tok2vec tensors under --cache (default /work/cache-stance,
outside the repo); without a cache everything is parsed from scratch. Measured on 2 cores shared with
other jobs, 2026-12-02: parsing the 20,758 training texts from scratch took 95 s (dse 62, newsmtsc 25,
ungdc 8), a `--dev` run with the cache 4 to 5 min, the shipped training with the cache 2 min 4 s wall,
1.2 GB peak RSS (sha256 7c666c99...; counts: dse train 20,820 + dev 2,246 directions, newsmtsc train
7,024 + dev 876 targets, ungdc train 2,959 items from the 4,300-item gold). Dev metrics of the previous
setting (C 0.02, `--dev`, UNGDC dev = the train speeches with crc32 % 5 == 0, 337 items): DSE dev 5-class
macro-F1 45.2, NewsMTSC dev 0.641, UNGDC dev records' scorer 0.685. On 2026-12-03 (another engineer's
2-process job on the same 2 cores): parsing from scratch 89 s (dse 53, newsmtsc 27, ungdc 9), the
training with the cache 1 min 25 s to 3 min 15 s wall with the speech regression (1.14 GB peak RSS),
72 s to 2 min 55 s without, depending on the other job.

Run: python tools/train_stance_model.py [--dev] [--out src/statemint/data/stance_model.npz]
(needs `pip install statemint[train]`: scikit-learn, scipy.)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared") if Path("/work/shared").exists() else ROOT.parent / "shared"
DSE_DIR = SHARED / "data" / "dse"
NEWSMTSC = SHARED / "data" / "newsmtsc" / "train.jsonl"
UNGDC_GOLD = ROOT / "tests" / "gold" / "ungdc_stance.jsonl"
UNGDC_SPEECHES = SHARED / "corpora" / "ungdc-2023"
DEFAULT_OUT = ROOT / "src" / "statemint" / "data" / "stance_model.npz"
CLASS_INDEX = {"negative": 0, "neutral": 1, "positive": 2}
NEWSMTSC_LABEL = {2.0: 0, 4.0: 1, 6.0: 2}
UNGDC_LABEL = {"hostile": 0, "critical": 0, "neutral": 1, "favorable": 2, "supportive": 2}
# DSE label -> (class of p toward q, class of q toward p)
DSE_DIRECTIONS = {0: (1, 1), 1: (2, 1), 2: (1, 2), 3: (0, 1), 4: (1, 0)}

# Chosen on the dev splits, C_HOLDER then by grouped CV (tools/stance_cv.py; see the module docstring).
C_HOLDER = 0.04          # the regression for a holder named in the sentence (DSE + NewsMTSC)
C_AUTHOR = 0.08          # the regression for the author's view in news (NewsMTSC + UNGDC train); 0.15 until
                         # session 11's CV (module docstring)
C_SPEECH = 0.15          # the speech regression's (the speaker's own view, UNGDC train): session 10's C_AUTHOR
DENSE_HOLDER = 1.0       # tok2vec averages: worth 0.4 points of DSE dev macro-F1 to the holder regression,
DENSE_AUTHOR = 0.0       # and nothing to the author one (UNGDC dev 0.655 without, 0.616 with, at C 0.15)
NEUTRAL_FACTOR = 2.0     # DSE 5-class read-off: weight of "neither direction is polar"
# UNGDC items against NewsMTSC ones in the author regression: on the dev splits 1.5 gave NewsMTSC 0.641 and
# the UNGDC records' scorer 0.685, 3.0 gave 0.628 and 0.690 (337 items: within noise), 6.0 lowered both.
SOURCE_WEIGHT = {"dse": 1.0, "newsmtsc": 1.0, "ungdc": 1.5}
HOLDER_SOURCES = ("dse", "newsmtsc")
AUTHOR_SOURCES = ("newsmtsc", "ungdc")
# The speech regression (the speaker's view when the text is the holder's own words, stance.model):
# C_SPEECH, its sources weighted by `--speech-weights` (a source of weight 0 is left out): the CV's
# choice, "UNGDC only", shipped since the "withheld" role rule (module docstring). `--no-speech`: not trained.
SPEECH_SOURCE_WEIGHT: dict[str, float] | None = {"newsmtsc": 0.0, "ungdc": 1.0}


@dataclass(frozen=True)
class Item:
    """One (text, target, holder, label) example; offsets are characters of `text`."""

    source: str
    text: str
    target: tuple[int, int]
    holder: tuple[int, int] | None
    label: int          # 0 negative, 1 neutral, 2 positive
    group: str          # what keeps related items on one side of a split (a sentence, a speech)


# ---------------------------------------------------------------- data

def normalise(text: str) -> str:
    """DSE sentence identity: brackets removed, whitespace normalised."""
    return " ".join(text.replace("[", "").replace("]", "").split())


def dse_line(line: str) -> tuple[str, tuple[int, int], tuple[int, int], int] | None:
    """(text without brackets, p's offsets, q's offsets, label) of a DSE line; None when not two brackets."""
    fields = line.rstrip("\n").split("\t")
    if len(fields) < 4:
        return None
    sentence, label = fields[0], int(fields[-1])
    spans: list[tuple[int, int]] = []
    text_parts: list[str] = []
    position = 0
    start = None
    for character in sentence:
        if character == "[" and start is None:
            start = position
            continue
        if character == "]" and start is not None:
            spans.append((start, position))
            start = None
            continue
        text_parts.append(character)
        position += 1
    if len(spans) != 2 or any(a == b for a, b in spans):
        return None
    return "".join(text_parts), spans[0], spans[1], label


def read_dse(path: Path) -> list[tuple[str, tuple[int, int], tuple[int, int], int]]:
    """DSE lines, parsed, duplicates (same line) dropped, order kept."""
    seen: set[str] = set()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line in seen:
            continue
        seen.add(line)
        parsed = dse_line(line)
        if parsed is not None:
            rows.append(parsed)
    return rows


def dse_split(text: str) -> str:
    """train or dev, by the normalised sentence."""
    return "dev" if zlib.crc32(normalise(text).encode("utf-8")) % 10 == 0 else "train"


def dse_items(rows: Iterable[tuple[str, tuple[int, int], tuple[int, int], int]]) -> list[Item]:
    items = []
    for text, p, q, label in rows:
        toward_q, toward_p = DSE_DIRECTIONS[label]
        items.append(Item("dse", text, q, p, toward_q, normalise(text)))
        items.append(Item("dse", text, p, q, toward_p, normalise(text)))
    return items


def newsmtsc_split(gid: str) -> str:
    """test (the bench's held-out tenth), dev or train, by the sentence's primary_gid."""
    bucket = zlib.crc32(gid.encode("utf-8")) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def read_newsmtsc(path: Path, split: str) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if newsmtsc_split(record["primary_gid"]) != split:
            continue
        for target in record["targets"]:
            items.append(Item("newsmtsc", record["sentence_normalized"], (target["from"], target["to"]), None,
                              NEWSMTSC_LABEL[target["polarity"]], record["primary_gid"]))
    return items


def ungdc_split(speech: str) -> str:
    return "test" if zlib.crc32(speech.encode()) % 3 == 0 else "train"


def ungdc_dev(speech: str) -> bool:
    """The speeches of the UNGDC train split that `--dev` holds out (a fifth, by speech)."""
    return zlib.crc32(speech.encode()) % 5 == 0


def read_ungdc(path: Path, speeches: Path, split: str) -> list[Item]:
    """The UNGDC gold items of one split; the sentence is parsed on its own, holder = the speaker."""
    if not path.exists():
        return []
    items = []
    texts: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if ungdc_split(record["speech"]) != split:
            continue
        speech = record["speech"]
        if speech not in texts:
            texts[speech] = (speeches / speech).read_text(encoding="utf-8")
        sentence, target = record["sentence"], record["target"]
        text = texts[speech][sentence["start"]:sentence["end"]]
        start, end = target["start"] - sentence["start"], target["end"] - sentence["start"]
        if not (0 <= start < end <= len(text)):
            continue
        items.append(Item("ungdc", text, (start, end), None, UNGDC_LABEL[record["label"]], speech))
    return items


# ---------------------------------------------------------------- parsing, cached

def parse(texts: Sequence[str], cache: Path | None, name: str) -> dict[str, "object"]:
    """text -> Doc parsed by statemint's pipeline (annotate()), from the cache when its key matches."""
    from spacy.tokens import DocBin

    from statemint.nlp.annotate import annotate
    from statemint.nlp import load_pipeline

    nlp = load_pipeline()
    unique = sorted(set(texts))
    key = hashlib.sha256("\n\x00".join(unique).encode("utf-8")).hexdigest()[:16]
    if cache is not None:
        docbin_path, tensor_path = cache / f"{name}-{key}.spacy", cache / f"{name}-{key}.npy"
        if docbin_path.exists() and tensor_path.exists():
            docs = list(DocBin().from_disk(docbin_path).get_docs(nlp.vocab))
            tensors = np.load(tensor_path)
            position = 0
            for doc in docs:
                doc.tensor = tensors[position:position + len(doc)]
                position += len(doc)
            return dict(zip(unique, docs))
    started = time.perf_counter()
    docs = list(annotate(nlp, unique, batch_size=64))
    print(f"parsed {len(unique)} {name} texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(docbin_path)
        np.save(tensor_path, np.concatenate([doc.tensor for doc in docs]).astype(np.float32))
    return dict(zip(unique, docs))


def spans(doc, item: Item):
    """(sentence, target, holder) spans of an item in its parsed doc; None when the target has no token."""
    target = doc.char_span(item.target[0], item.target[1], alignment_mode="expand")
    if target is None or not len(target):
        return None
    holder = None
    if item.holder is not None:
        holder = doc.char_span(item.holder[0], item.holder[1], alignment_mode="expand")
        if holder is not None and (not len(holder) or set(range(holder.start, holder.end)) & set(range(target.start, target.end))):
            holder = None
    return doc[:], target, holder


# ---------------------------------------------------------------- features

def matrix(items: Sequence[Item], docs: dict) -> tuple["object", np.ndarray, np.ndarray]:
    """(sparse hashed features, dense features, kept-row mask) of the items."""
    from scipy import sparse

    from statemint.stance.features import DENSE_WIDTH, N_HASH, extract, sparse_vector

    rows, columns, values = [], [], []
    dense = np.zeros((len(items), DENSE_WIDTH), dtype=np.float32)
    kept = np.zeros(len(items), dtype=bool)
    for number, item in enumerate(items):
        found = spans(docs[item.text], item)
        if found is None:
            continue
        kept[number] = True
        features, vector = extract(*found)
        dense[number] = vector
        for index, value in sorted(sparse_vector(features).items()):
            rows.append(number)
            columns.append(index)
            values.append(value)
    sparse_matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(items), N_HASH), dtype=np.float64)
    return sparse_matrix, dense, kept


def standardiser(dense: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = dense.mean(axis=0).astype(np.float64)
    scale = dense.std(axis=0).astype(np.float64)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def design(sparse_matrix, dense: np.ndarray, mean: np.ndarray, scale: np.ndarray, dense_factor: float):
    from scipy import sparse

    return sparse.hstack([sparse_matrix, sparse.csr_matrix((dense - mean) / scale * dense_factor)], format="csr")


# ---------------------------------------------------------------- training and metrics

def fit(x, y: np.ndarray, weights: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, class_weight=None, solver="lbfgs", tol=1e-4)
    model.fit(x, y, sample_weight=weights)
    return model


def balanced_weights(items: Sequence[Item], y: np.ndarray,
                     source_weights: dict[str, float] | None = None) -> np.ndarray:
    """Per-example weights: classes balanced within each source, times the source's weight
    (SOURCE_WEIGHT, with `source_weights` over it)."""
    source_weight = {**SOURCE_WEIGHT, **(source_weights or {})}
    weights = np.zeros(len(items))
    sources = np.array([item.source for item in items])
    for source in sorted(set(sources)):
        mask = sources == source
        counts = np.bincount(y[mask], minlength=3)
        for label in range(3):
            chosen = mask & (y == label)
            if counts[label]:
                weights[chosen] = mask.sum() / (3 * counts[label]) * source_weight.get(source, 1.0)
    return weights


def macro_f1(gold: Sequence[int], predicted: Sequence[int], classes: Sequence[int]) -> float:
    scores = []
    for label in classes:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def dse_five_class(toward_q: np.ndarray, toward_p: np.ndarray) -> int:
    """DSE's label from the two directions' probabilities (negative, neutral, positive): the likeliest of
    "neither is polar" (weighted by NEUTRAL_FACTOR, chosen on DSE dev) and each of the four directed
    polar readings."""
    options = (toward_q[1] * toward_p[1] * NEUTRAL_FACTOR, toward_q[2], toward_p[2], toward_q[0], toward_p[0])
    return int(np.argmax(options))


def dse_gold(item_q: Item, item_p: Item) -> int:
    pair = (item_q.label, item_p.label)
    return {value: key for key, value in DSE_DIRECTIONS.items()}[pair]


# ---------------------------------------------------------------- export

def export(models: dict, out: Path, about: str) -> None:
    """Write the regressions' weights (sparse ones as float16) in an npz whose bytes depend only on the
    weights: fixed member order and zip timestamps."""
    import zipfile

    from statemint.stance.features import N_HASH

    arrays: dict[str, np.ndarray] = {}
    for prefix, (model, mean, scale, dense_factor) in models.items():
        coefficients = model.coef_.T  # (features, 3) in class order 0, 1, 2
        arrays[prefix + "sparse_weights"] = coefficients[:N_HASH].astype(np.float16)
        arrays[prefix + "dense_weights"] = (coefficients[N_HASH:] * dense_factor).astype(np.float32)
        arrays[prefix + "dense_mean"] = mean.astype(np.float32)
        arrays[prefix + "dense_scale"] = scale.astype(np.float32)
        arrays[prefix + "bias"] = model.intercept_.astype(np.float32)
    arrays["about"] = np.array(about)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())


def train_regression(items: Sequence[Item], docs: dict, c: float, dense_factor: float,
                     source_weights: dict[str, float] | None = None):
    """(fitted regression, dense mean, dense scale, dense factor) on the items (`source_weights`: see
    balanced_weights)."""
    sparse_train, dense_train, kept = matrix(items, docs)
    items = [item for item, keep in zip(items, kept) if keep]
    sparse_train, dense_train = sparse_train[kept], dense_train[kept]
    y = np.array([item.label for item in items])
    mean, scale = standardiser(dense_train)
    model = fit(design(sparse_train, dense_train, mean, scale, dense_factor), y,
                balanced_weights(items, y, source_weights), c)
    return model, mean, scale, dense_factor


def probabilities(trained, items: Sequence[Item], docs: dict) -> tuple[np.ndarray, np.ndarray]:
    model, mean, scale, dense_factor = trained
    sparse_matrix, dense, kept = matrix(items, docs)
    return model.predict_proba(design(sparse_matrix, dense, mean, scale, dense_factor)), kept


def in_memory(trained: dict):
    """The regressions as the runtime reads them (stance.model), without writing a file."""
    from statemint.stance.model import model_from_arrays

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        export(trained, path, "dev")
        with np.load(path, allow_pickle=False) as arrays:
            return model_from_arrays(arrays)


def dev_judgements(model, splits: dict, docs: dict) -> None:
    """3-class macro-F1 on the author-view dev items of the model's argmax, of the records' path
    (stance.judge: bands and role bounds) and of that path blended with the scope lexicon. UNGDC items
    are read as the records read a `--holder`'s own words (`speech`: the speech regression)."""
    from statemint.records import label_for, polarity
    from statemint.stance import load_lexicon, scope_evidence
    from statemint.stance.judge import judge

    lexicon = load_lexicon()
    for name in ("newsmtsc-dev", "ungdc-dev"):
        gold: list[int] = []
        systems: dict[str, list[int]] = {}
        for item in splits[name]:
            found = spans(docs[item.text], item)
            if found is None:
                continue
            _, target, _ = found
            gold.append(item.label)
            speech = item.source == "ungdc"
            raw = int(np.argmax(model.probabilities(found[0], target, None, speech=speech)))
            raw_we = int(np.argmax(model.probabilities(found[0], target, None, speaker_is_we=speech)))
            evidence = scope_evidence(target, lexicon)
            judged = judge(model, target, None, lexical=evidence, speech=speech).score
            lexical = max(-1.0, min(1.0, sum(weight for _, _, weight in evidence)))
            systems.setdefault("model argmax", []).append(raw)
            systems.setdefault("model argmax, 'we' as the holder", []).append(raw_we)
            systems.setdefault("judge (bands + roles)", []).append(CLASS_INDEX[polarity(label_for(judged))])
            for weight in (0.75, 0.5):
                blended = weight * judged + (1 - weight) * lexical
                systems.setdefault(f"judge x{weight} + lexicon", []).append(CLASS_INDEX[polarity(label_for(blended))])
        for system, predicted in systems.items():
            print(f"{name} ({len(gold)}): {system}: 3-class macro-F1 {macro_f1(gold, predicted, range(3)):.3f}")


# ---------------------------------------------------------------- main

def load_items(cache: Path | None, ungdc_gold: Path = UNGDC_GOLD) -> tuple[dict[str, list[Item]], dict]:
    dse_rows = read_dse(DSE_DIR / "train.txt")
    splits = {
        "dse-train": dse_items(row for row in dse_rows if dse_split(row[0]) == "train"),
        "dse-dev": dse_items(row for row in dse_rows if dse_split(row[0]) == "dev"),
        "newsmtsc-train": read_newsmtsc(NEWSMTSC, "train"),
        "newsmtsc-dev": read_newsmtsc(NEWSMTSC, "dev"),
        "ungdc-train": read_ungdc(ungdc_gold, UNGDC_SPEECHES, "train"),
    }
    docs: dict = {}
    for name in ("dse", "newsmtsc", "ungdc"):
        texts = [item.text for split, items in splits.items() if split.startswith(name) for item in items]
        if texts:
            docs.update(parse(texts, cache, name + "-train"))
    return splits, docs


def source_weights(text: str) -> dict[str, float]:
    """`--speech-weights newsmtsc=0,ungdc=1` as {"newsmtsc": 0.0, "ungdc": 1.0}: every author source, once."""
    weights: dict[str, float] = {}
    for part in text.split(","):
        source, _, value = part.partition("=")
        try:
            weights[source.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r} is not SOURCE=WEIGHT, e.g. newsmtsc=0,ungdc=1") from None
    if set(weights) != set(AUTHOR_SOURCES) or not any(weights.values()):
        raise argparse.ArgumentTypeError(f"give a weight to each of {', '.join(AUTHOR_SOURCES)}, not all 0, "
                                         "e.g. newsmtsc=0,ungdc=1")
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cache", type=Path, default=Path("/work/cache-stance"))
    parser.add_argument("--no-cache", action="store_true", help="parse everything, write no cache")
    parser.add_argument("--dev", action="store_true", help="train on train only and print dev metrics; write nothing")
    parser.add_argument("--ungdc-gold", type=Path, default=UNGDC_GOLD,
                        help="the UNGDC stance gold (only its train split is read); skipped when missing")
    parser.add_argument("--c-holder", type=float, default=C_HOLDER)
    parser.add_argument("--c-author", type=float, default=C_AUTHOR)
    parser.add_argument("--c-speech", type=float, default=C_SPEECH)
    parser.add_argument("--dense-holder", type=float, default=DENSE_HOLDER)
    parser.add_argument("--dense-author", type=float, default=DENSE_AUTHOR)
    parser.add_argument("--ungdc-weight", type=float, default=SOURCE_WEIGHT["ungdc"],
                        help="weight of a UNGDC item against a NewsMTSC one in the author regression")
    parser.add_argument("--speech-weights", type=source_weights, default=SPEECH_SOURCE_WEIGHT,
                        metavar="newsmtsc=W,ungdc=W",
                        help="train the speech regression on these sources with these weights (0 leaves a "
                             "source out; default \"newsmtsc=0,ungdc=1\", the CV's choice, as shipped)")
    parser.add_argument("--no-speech", action="store_true",
                        help="train no speech regression: speeches are read by the author regression (the model "
                             "shipped before 2026-12-03)")
    parser.add_argument("--dev-model", type=Path, default=None, help="with --dev: also write the dev model here")
    args = parser.parse_args()
    SOURCE_WEIGHT["ungdc"] = args.ungdc_weight
    speech_weights = None if args.no_speech else args.speech_weights
    started = time.perf_counter()
    splits, docs = load_items(None if args.no_cache else args.cache, args.ungdc_gold)
    print({name: len(items) for name, items in splits.items()}, file=sys.stderr)

    train_names = ["dse-train", "newsmtsc-train", "ungdc-train"]
    if not args.dev:
        train_names += ["dse-dev", "newsmtsc-dev"]
    else:
        splits["ungdc-dev"] = [item for item in splits["ungdc-train"] if ungdc_dev(item.group)]
        splits["ungdc-train"] = [item for item in splits["ungdc-train"] if not ungdc_dev(item.group)]
    train = [item for name in train_names for item in splits[name]]
    trained = {}
    regressions = [("holder_", HOLDER_SOURCES, args.c_holder, args.dense_holder, None),
                   ("author_", AUTHOR_SOURCES, args.c_author, args.dense_author, None)]
    if speech_weights is not None:
        speech_sources = tuple(source for source in AUTHOR_SOURCES if speech_weights[source] > 0)
        regressions.append(("speech_", speech_sources, args.c_speech, args.dense_author, speech_weights))
    for prefix, sources, c, dense, weights in regressions:
        chosen = [item for item in train if item.source in sources]
        trained[prefix] = train_regression(chosen, docs, c, dense, weights)
        print(f"{prefix[:-1]} regression on {len(chosen)} items trained after {time.perf_counter() - started:.0f} s",
              file=sys.stderr)

    shipped = "" if args.dev else " (in the shipped model's training data)"
    items = splits["dse-dev"]
    predicted_dse, _ = probabilities(trained["holder_"], items, docs)
    gold = [dse_gold(items[number], items[number + 1]) for number in range(0, len(items), 2)]
    predicted = [dse_five_class(predicted_dse[number], predicted_dse[number + 1]) for number in range(0, len(items), 2)]
    print(f"dse-dev{shipped}: 5-class macro-F1 {100 * macro_f1(gold, predicted, range(5)):.1f} over {len(gold)} items")
    items = splits["newsmtsc-dev"]
    predicted_news, kept = probabilities(trained["author_"], items, docs)
    gold = [item.label for item, keep in zip(items, kept) if keep]
    predicted = list(predicted_news[kept].argmax(axis=1))
    accuracy = sum(int(g == p) for g, p in zip(gold, predicted)) / len(gold)
    print(f"newsmtsc-dev{shipped}: 3-class macro-F1 {macro_f1(gold, predicted, range(3)):.3f}, "
          f"accuracy {accuracy:.3f} over {len(gold)} targets")
    if args.dev:
        if args.dev_model is not None:
            export(trained, args.dev_model, "dev model (train splits only)")
        dev_judgements(in_memory(trained), splits, docs)
        return
    counts = {name: len(splits[name]) for name in train_names}
    if speech_weights is None:
        parts = (f"two multinomial logistic regressions (holder in the sentence: C={args.c_holder} "
                 f"dense x{args.dense_holder} on {', '.join(HOLDER_SOURCES)}; author or speaker: C={args.c_author} "
                 f"dense x{args.dense_author} UNGDC weight {args.ungdc_weight} on {', '.join(AUTHOR_SOURCES)})")
    else:
        parts = (f"three multinomial logistic regressions (holder in the sentence: C={args.c_holder} "
                 f"dense x{args.dense_holder} on {', '.join(HOLDER_SOURCES)}; author in news: C={args.c_author} "
                 f"dense x{args.dense_author} UNGDC weight {args.ungdc_weight} on {', '.join(AUTHOR_SOURCES)}; "
                 f"speaker in a speech: C={args.c_speech} dense x{args.dense_author} source weights "
                 f"{json.dumps(speech_weights, sort_keys=True)})")
    about = (f"statemint stance model: {parts}, trained by tools/train_stance_model.py on "
             f"{json.dumps(counts, sort_keys=True)}")
    export(trained, args.out, about)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) after {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
