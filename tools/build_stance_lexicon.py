"""Build src/statemint/data/stance_lexicon.json from the CAMEO verb dictionary and curated words.

CAMEO (PETRARCH2, MIT) groups several thousand English verbs under event codes: 01-09 are
cooperative (appeal, consult, praise, aid), 10-20 conflictual (demand, criticise, threaten, sanction,
assault). Each verb gets the weight of its code's root below; verbs whose code is ambiguous or merely
verbal (01 "make a public statement", 09 "investigate") get none. `tools/curated_stance.toml` adds the
adjectives and nouns of diplomatic language and overrides verb weights where CAMEO's general sense
misleads in speeches. Run: python tools/build_stance_lexicon.py
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOT_WEIGHTS = {
    "02": 0.2, "03": 0.4, "04": 0.3, "05": 0.6, "06": 0.5, "07": 0.5, "08": 0.3,
    "10": -0.3, "11": -0.5, "12": -0.5, "13": -0.7, "14": -0.5, "15": -0.5, "16": -0.6, "17": -0.7,
    "18": -0.8, "19": -0.9, "20": -1.0,
}
CODE_WEIGHTS = {"051": 0.7, "057": 0.5, "111": -0.6, "112": -0.6, "163": -0.6}
BLOCK = re.compile(r"^---\s+([A-Z_]+)\s+\[(\d{3}|---)\]")
VERB_LINE = re.compile(r"^([A-Z][A-Z_]*)\s*(?:\[(\d{3})\])?\s*(?:\{([^}]*)\})?")


def cameo_verbs(path: Path) -> dict[str, float]:
    """Single-word verbs with the weight of their CAMEO code (block code unless the line has its own)."""
    weights: dict[str, float] = {}
    block_code: str | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        block = BLOCK.match(line)
        if block:
            block_code = None if block.group(2) == "---" else block.group(2)
            continue
        if not line or line[0] in "#-&+ ":
            continue
        match = VERB_LINE.match(line)
        if not match or "_" in match.group(1):
            continue
        code = match.group(2) or block_code
        if code is None:
            continue
        weight = CODE_WEIGHTS.get(code, ROOT_WEIGHTS.get(code[:2]))
        if weight is None:
            continue
        lemma = match.group(1).lower()
        # A verb listed under several codes keeps the strongest conflict or the weakest cooperation:
        # diplomatic readers notice hostility first.
        if lemma not in weights or weight < weights[lemma]:
            weights[lemma] = weight
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameo", type=Path, default=ROOT.parent / "shared" / "data" / "petrarch2" / "CAMEO.2.0.txt")
    parser.add_argument("--curated", type=Path, default=ROOT / "tools" / "curated_stance.toml")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "statemint" / "data" / "stance_lexicon.json")
    args = parser.parse_args()
    verbs = cameo_verbs(args.cameo)
    curated = tomllib.loads(args.curated.read_text(encoding="utf-8"))
    for lemma in curated.get("drop", {}).get("words", []):
        verbs.pop(lemma, None)
    entries: dict[str, dict[str, object]] = {}
    for lemma, weight in sorted(verbs.items()):
        entries[lemma] = {"weight": weight, "source": "cameo"}
    for section in ("verbs", "adjectives", "nouns", "adverbs"):
        for lemma, weight in curated.get(section, {}).items():
            entries[lemma] = {"weight": float(weight), "source": f"curated:{section}"}
    payload = {
        "about": "statemint stance lexicon: lemma -> weight in [-1, 1]; built by tools/build_stance_lexicon.py",
        "sources": {
            "cameo": "CAMEO.2.0.txt, PETRARCH2 (Open Event Data Alliance), MIT licence: see LICENSE.petrarch2",
            "curated": "tools/curated_stance.toml, statemint developers",
        },
        "hedges": curated["hedges"]["words"],
        "dismissive": {"patterns": curated["dismissive"]["patterns"], "weight": curated["dismissive"]["weight"]},
        "negations": curated["negations"]["words"],
        "entries": dict(sorted(entries.items())),
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries ({len(verbs)} from CAMEO) -> {args.out}")


if __name__ == "__main__":
    main()
