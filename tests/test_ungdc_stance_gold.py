"""The hand-annotated UNGDC 2023 stance gold set (tests/gold/ungdc_stance.jsonl) is well formed.

See tests/gold/UNGDC_STANCE.md. Checks the format only (fields, labels, offsets into the speeches,
registry ids, no duplicates, size); the labels themselves are the annotator's reading.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from pathlib import Path

import pytest

from statemint.parties import load_registry

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "ungdc_stance.jsonl"
CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc-2023"
LABELS = {"hostile", "critical", "neutral", "favorable", "supportive"}
FIELDS = {"speech", "holder", "party", "sentence", "target", "label"}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    out = []
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"blank line {n}"
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"line {n} is not JSON: {exc}")
    return out


@pytest.fixture(scope="module")
def speeches(items) -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip(f"UNGDC 2023 speeches not found at {CORPUS}")
    return {name: (CORPUS / name).read_text(encoding="utf-8") for name in {i["speech"] for i in items}}


def test_fields_and_labels(items):
    for n, item in enumerate(items, 1):
        assert FIELDS <= set(item), f"item {n} lacks {FIELDS - set(item)}"
        assert set(item) <= FIELDS | {"note"}, f"item {n} has unknown fields"
        assert item["label"] in LABELS, f"item {n}: label {item['label']!r}"
        for key in ("sentence", "target"):
            span = item[key]
            assert set(span) == {"text", "start", "end"}, f"item {n}: {key}"
            assert isinstance(span["start"], int) and isinstance(span["end"], int)
            assert 0 <= span["start"] < span["end"], f"item {n}: {key} span"
        assert item["speech"].endswith("_78_2023.txt")


def test_offsets_match_the_speeches(items, speeches):
    for n, item in enumerate(items, 1):
        text = speeches[item["speech"]]
        s, t = item["sentence"], item["target"]
        assert text[s["start"]:s["end"]] == s["text"], f"item {n}: sentence text != file slice"
        assert text[t["start"]:t["end"]] == t["text"], f"item {n}: target text != file slice"
        assert s["start"] <= t["start"] and t["end"] <= s["end"], f"item {n}: target outside sentence"


def test_holder_and_party_are_registry_ids(items):
    registry = load_registry()
    for n, item in enumerate(items, 1):
        code = item["speech"].split("_")[0]
        assert item["holder"] == registry.alpha3.get(code, code), f"item {n}: holder for {code}"
        assert item["holder"] in registry.parties, f"item {n}: holder {item['holder']}"
        assert item["party"] in registry.parties, f"item {n}: party {item['party']}"
        assert item["party"] != item["holder"], f"item {n}: stance toward itself"


def test_no_duplicates(items):
    keys = Counter((i["speech"], i["sentence"]["start"], i["party"]) for i in items)
    dup = [k for k, c in keys.items() if c > 1]
    assert not dup, f"duplicate (speech, sentence start, party): {dup[:5]}"


def test_size(items):
    assert len(items) >= 2500
    assert len({i["speech"] for i in items}) >= 130


def test_split_rule_gives_both_splits_every_label(items):
    split = Counter(("test" if zlib.crc32(i["speech"].encode()) % 3 == 0 else "train", i["label"])
                    for i in items)
    for part in ("train", "test"):
        for label in LABELS:
            assert split[(part, label)] > 0, f"no {label} items in the {part} split"
