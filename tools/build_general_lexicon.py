"""Build src/statemint/data/general_lexicon.json from VADER's sentiment lexicon (MIT).

VADER (Hutto & Gilbert, ICWSM 2014; package vaderSentiment, MIT licence) rates ~7,500 English words
from -4 to +4 by human judgement. statemint uses them only *inside a party mention's dependency
scope*, at half the weight of its diplomatic lexicon, for the everyday words of news that diplomatic
language lacks ("lied", "praised", "corrupt"). Emoticons and words rated weaker than 1.0 are left out.
Run (vaderSentiment installed, see bench/requirements.txt): python tools/build_general_lexicon.py
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "statemint" / "data" / "general_lexicon.json"
LICENCE = """VADER sentiment lexicon (vader_lexicon.txt), from the vaderSentiment package.
The MIT License (MIT)
Copyright (c) 2016 C.J. Hutto
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions: The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def main() -> None:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    words: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].replace("-", "").replace("'", "").isalpha():
            continue
        valence = float(parts[1])
        if abs(valence) >= 1.0:
            words[parts[0].lower()] = round(valence / 4.0, 3)
    payload = {"about": "VADER lexicon valence / 4, |valence| >= 1; built by tools/build_general_lexicon.py",
               "source": "vaderSentiment 3.3.2 vader_lexicon.txt, MIT licence: see LICENSE.vader",
               "words": dict(sorted(words.items()))}
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (OUT.parent / "LICENSE.vader").write_text(LICENCE, encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
