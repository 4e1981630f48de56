"""The stance lexicon: CAMEO verb weights and curated diplomatic words (`data/stance_lexicon.json`),
everyday sentiment words (`data/general_lexicon.json`, VADER's), hedges, negations and the dismissive
question patterns; read once per process."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

CAMEO_SCALE = 0.8


GENERAL_SCALE = 1.0  # chosen on NewsMTSC sentences 1-2500 (bench/stance_newsmtsc.py); 0.5 and 1.0 tried


@dataclass(frozen=True)
class StanceLexicon:
    verbs: dict[str, float]     # CAMEO and curated verbs: match VERB tokens only
    words: dict[str, float]     # curated adjectives, nouns, adverbs
    general: dict[str, float]   # everyday sentiment words (VADER's lexicon), weaker
    hedges: frozenset[str]
    negations: frozenset[str]
    dismissive: tuple[re.Pattern[str], ...] = ()
    dismissive_weight: float = 0.0


@functools.lru_cache(maxsize=1)
def load_lexicon() -> StanceLexicon:
    raw = json.loads(resources.files("statemint").joinpath("data/stance_lexicon.json").read_text(encoding="utf-8"))
    verbs: dict[str, float] = {}
    words: dict[str, float] = {}
    for lemma, entry in raw["entries"].items():
        source = entry["source"]
        if source == "cameo":
            verbs[lemma] = float(entry["weight"]) * CAMEO_SCALE
        elif source == "curated:verbs":
            verbs[lemma] = float(entry["weight"])
        else:
            words[lemma] = float(entry["weight"])
    general_raw = json.loads(resources.files("statemint").joinpath("data/general_lexicon.json").read_text(encoding="utf-8"))
    general = {word: weight * GENERAL_SCALE for word, weight in general_raw["words"].items()}
    dismissive = raw.get("dismissive", {"patterns": [], "weight": 0.0})
    return StanceLexicon(verbs, words, general, frozenset(raw["hedges"]), frozenset(raw["negations"]),
                         tuple(re.compile(p, re.IGNORECASE) for p in dismissive["patterns"]),
                         float(dismissive["weight"]))


