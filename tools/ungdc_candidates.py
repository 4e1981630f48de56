"""List the sentences of a UNGDC 2023 speech that name a party, for reading by hand.

A plain gazetteer search (registry names, demonyms, capitals, acronyms; case-sensitive, whole
words, longest match first) used only to make sure no mention is overlooked while reading. It does
not label anything: the labels in tests/gold/ungdc_stance.jsonl were written by reading.

    python tools/ungdc_candidates.py CUB [--all]   # --all prints every sentence
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from statemint.parties import load_registry  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ungdc-2023"
ABBREV = {"Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "vs", "Jr", "Sr", "Prof", "Gen", "Amb", "Rev",
          "e.g", "i.e", "H.E", "Hon", "Art", "para", "paras", "Sen", "Lt", "Col", "Mt", "Ft", "Co"}
SKIP_ALIASES = {"General Assembly", "Commission", "Alliance", "Turk", "Chad", "Jordan", "Georgia",
                "Niger", "Guinea", "Congo", "Dominica", "Korea", "Samoa"}
BLOCKERS = ["Latin America", "South America", "Central America", "North America", "the Americas",
            "Latin American", "North American", "South American", "Central American",
            "Turks and Caicos", "American Samoa", "Arab American"]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraphs are lines, split after . ! ? + space + capital."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line_start, line = m.start(), m.group()
        start = 0
        for b in re.finditer(r"[.!?][\"”’)\]]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])", line):
            before = line[:b.start()]
            word = re.search(r"([\w.]+)$", before)
            w = word.group(1) if word else ""
            if w in ABBREV or re.fullmatch(r"[A-Z]", w) or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", w):
                continue
            end = b.start(1)
            if line[start:end].strip():
                spans.append((line_start + start, line_start + end))
            start = b.end()
        if line[start:].strip():
            spans.append((line_start + start, line_start + len(line.rstrip())))
    return spans


def gazetteer():
    reg = load_registry()
    aliases = {}
    for p in reg.parties.values():
        if p.id == "UN":
            continue
        for a in p.aliases:
            t = a.text
            t2 = t[4:] if t.startswith("the ") else t
            if len(t2) < 2 or not t2[0].isupper() or t2 in SKIP_ALIASES:
                continue
            aliases.setdefault(t2, set()).add(p.id)
    for extra, pid in [("Chad", "TD"), ("Jordan", "JO"), ("Georgia", "GE"), ("Niger", "NE"),
                       ("Guinea", "GN"), ("Congo", "CD/CG"), ("Dominica", "DM"), ("Korea", "KR/KP"),
                       ("Samoa", "WS")]:
        aliases.setdefault(extra, set()).add(pid)
    for name, pid in [("Putin", "RU"), ("Zelenskyy", "UA"), ("Zelensky", "UA"), ("Biden", "US"),
                      ("Xi Jinping", "CN"), ("Lukashenko", "BY"), ("Maduro", "VE"), ("Netanyahu", "IL"),
                      ("Aliyev", "AZ"), ("Pashinyan", "AM"), ("Erdoğan", "TR"), ("Kim Jong Un", "KP"),
                      ("Ortega", "NI"), ("Modi", "IN"), ("Security Council", "UNSC")]:
        aliases.setdefault(name, set()).add(pid)
    for b in BLOCKERS:
        aliases[b] = {"-"}
    keys = sorted(aliases, key=len, reverse=True)
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    return rx, aliases, reg


def main() -> None:
    code = sys.argv[1]
    show_all = "--all" in sys.argv
    path = CORPUS / f"{code}_78_2023.txt"
    text = path.read_text(encoding="utf-8")
    rx, aliases, reg = gazetteer()
    holder = reg.alpha3.get(code, code)
    for i, (s, e) in enumerate(sentences(text)):
        sent = text[s:e]
        hits = [(m.group(), ",".join(sorted(aliases[m.group()]))) for m in rx.finditer(sent)]
        hits = [h for h in hits if h[1] not in ("-", holder)]
        if hits or show_all:
            tag = "; ".join(f"{a}={p}" for a, p in hits)
            print(f"[{i}] {{{tag}}} {sent}\n")


if __name__ == "__main__":
    main()
