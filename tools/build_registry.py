"""Build src/statemint/data/parties.json, the party registry shipped in the package.

Sources: the Phoenix actor dictionaries (petrarch2, TABARI format, MIT), pycountry for ISO
codes and official names (build time only), and tools/curated_parties.toml, which wins
wherever it speaks. The output is sorted so that the same inputs give the same bytes.

    .venv/bin/python tools/build_registry.py [--data-dir ../shared/data/petrarch2] [--out ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO / ".." / "shared" / "data" / "petrarch2"
DEFAULT_OUT = REPO / "src" / "statemint" / "data" / "parties.json"
CURATED = Path(__file__).resolve().parent / "curated_parties.toml"
COUNTRY_FILE = "Phoenix.Countries.actors.txt"
INTERNATIONAL_FILE = "Phoenix.International.actors.txt"

# Alias types in the order of preference when one text arrives with several types.
TYPE_RANK = {t: i for i, t in enumerate(
    ["acronym", "name", "short", "former", "capital", "seat", "epithet", "demonym"])}

# Words that are never an alias on their own, whatever a dictionary says.
GENERIC_WORDS = {
    "the", "a", "an", "of", "and", "state", "states", "country", "nation", "government",
    "republic", "kingdom", "union", "federation", "island", "islands", "city", "capital",
    "president", "minister", "prime minister", "king", "queen", "army", "police", "people",
    "national", "central", "north", "south", "east", "west", "new", "great", "united",
    "senate", "congress", "parliament", "court", "council", "commission", "agency", "bank",
    "secretariat", "mission", "envoy", "monitor", "bodies", "resident", "security council",
    "general assembly", "the commission",
}

SMALL_WORDS = {"of", "the", "and", "de", "du", "la", "le", "des", "et", "y", "da", "do",
               "dos", "das", "di", "del", "von", "van", "der", "den", "al", "el", "bin", "ibn",
               "to", "for", "in", "on", "at"}

# Short words that are words or name parts, not acronyms, when a party alias is cased.
SHORT_WORDS = {"NEW", "BIG", "SAN", "LOS", "LAS", "ST", "MR", "DR", "SIR", "ABU", "BEN", "OLD",
               "RED", "SEA", "GAZ", "ARE", "LA", "EL", "AL", "DEM", "REP", "MAN", "SUD", "NOR"}

ORG_KEYWORDS = ("organization", "organisation", "union", "nations", "council", "commission",
                "agency", "bank", "fund", "court", "assembly", "league", "community",
                "association", "alliance", "treaty")

CODE_RE = re.compile(r"\[([A-Z]{3,}|---)\s*([<>]?\d{6,8})?\s*(?:-\s*(\d{6,8}))?\s*\]")

SECTORS = {
    "": "government", "MIL": "defence", "JUD": "judiciary", "LEG": "legislature",
    "BUS": "economy", "AGR": "agriculture", "EDU": "education", "HLH": "health",
    "MED": "media", "COP": "police", "REF": "refugees", "DEV": "development",
    "LAB": "labour", "ENV": "environment", "HRI": "human rights", "SPY": "intelligence",
    "ELI": "elite", "REL": "religion",
}


@dataclass
class Entry:
    """One TABARI dictionary entry: a primary phrase, its + synonyms and its codes."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, dt.date | None, dt.date | None, bool]] = field(default_factory=list)


def parse_date(raw: str) -> dt.date | None:
    """TABARI dates are YYMMDD (with a century guess) or YYYYMMDD; bad ones are dropped."""
    try:
        if len(raw) == 8:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        year = int(raw[:2])
        # The dictionaries were made in 2014-2016, so two-digit years up to 25 are 20xx.
        year += 2000 if year <= 25 else 1900
        return dt.date(year, int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None


def parse_codes(text: str) -> list[tuple[str, dt.date | None, dt.date | None, bool]]:
    """Codes with optional date restrictions: [AFGGOV 790916-791227], [X >011222], [X <061231]."""
    codes = []
    for match in CODE_RE.finditer(text):
        code, first, second = match.groups()
        start = end = None
        dated = bool(first)
        if first and first.startswith(">"):
            start = parse_date(first[1:])
        elif first and first.startswith("<"):
            end = parse_date(first[1:])
        elif first:
            start = parse_date(first)
            end = parse_date(second) if second else None
        codes.append((code, start, end, dated))
    return codes


def parse_actor_file(path: Path) -> list[Entry]:
    """Read a TABARI .actors file into entries, keeping the order of synonyms."""
    entries: list[Entry] = []
    current: Entry | None = None
    for raw_line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw_line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if current is not None:
                current.codes.extend(parse_codes(stripped))
            continue
        head = stripped.split("[", 1)[0].strip()
        if stripped.startswith("+"):
            if current is not None and head[1:].strip():
                current.aliases.append(head[1:].strip())
                current.codes.extend(parse_codes(stripped))
            continue
        if raw_line[:1].isspace():
            continue
        current = Entry(name=head)
        current.codes.extend(parse_codes(stripped))
        entries.append(current)
    return entries


def fold(text: str) -> str:
    """Case- and accent-insensitive key for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def tabari_to_text(phrase: str, acronyms: bool = True) -> str:
    """UNITED_STATES_OF_AMERICA_ -> United States of America; keeps U.S. and short acronyms.

    `acronyms=False` for person names, where XI or LEE are names, not acronyms."""
    words = [w for w in re.split(r"[_\s]+", phrase.strip("_ ")) if w]
    out = []
    for index, word in enumerate(words):
        if "." in word and len(word) <= 8 or acronyms and word.isalpha() and (
                (len(word) <= 3 and word not in SHORT_WORDS and word.lower() not in SMALL_WORDS)
                or (len(word) <= 4 and not re.search(r"[AEIOUY]", word))):
            out.append(word)  # U.S., D.C., UN, DPRK: acronyms stay upper case
            continue
        if index == 0 and word == "THE" and len(words) > 1:
            out.append("the")  # "the United States": matching adds the sentence-initial form
            continue
        lower = word.lower()
        if index > 0 and lower in SMALL_WORDS:
            out.append(lower)
            continue
        parts = []
        for part in word.split("-"):
            if "'" in part:
                left, _, right = part.partition("'")
                if len(left) == 1 and index > 0:
                    parts.append(left.lower() + "'" + right[:1].upper() + right[1:].lower())
                else:
                    parts.append(left[:1].upper() + left[1:].lower() + "'" + right.lower())
            else:
                parts.append(part[:1].upper() + part[1:].lower())
        out.append("-".join(parts))
    return " ".join(out)


def is_junk(text: str) -> bool:
    """Aliases from the dictionaries that would match far more than the party."""
    if len(text) < 4 or any(c in text for c in "()/,;:!?+\"\ufffd") or re.search(r"\d", text):
        return True
    if not text[:1].isupper():
        return True
    return fold(text) in GENERIC_WORDS


def state_name(alpha2: str, names: dict[str, str]) -> str:
    if alpha2 in names:
        return names[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    return getattr(country, "common_name", None) or country.name


def pycountry_names(alpha2: str) -> list[str]:
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return []
    names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
    out = []
    for name in names:
        if not name or "," in name or "(" in name:
            continue
        out.append(re.sub(r"^the ", "", name))
    return out


def subdivision_names() -> set[str]:
    """Provinces and states: the dictionaries list them under their country, but a province
    is a place, not a party that speaks or is spoken about."""
    return {fold(sub.name) for sub in pycountry.subdivisions}


def add_alias(aliases: dict[str, str], text: str, alias_type: str) -> None:
    text = text.strip()
    if not text:
        return
    old = aliases.get(text)
    if old is None or TYPE_RANK[alias_type] < TYPE_RANK[old]:
        aliases[text] = alias_type


def with_apostrophe_variants(texts: list[str]) -> list[str]:
    """Typeset text uses the right single quote as apostrophe: "Georgia’s governor"."""
    out = []
    for text in texts:
        out.append(text)
        if "'" in text:
            out.append(text.replace("'", "\u2019"))
    return out


def role_for(code: str, prefix_len: int) -> str:
    sector = code[prefix_len + 3:prefix_len + 6] if len(code) > prefix_len + 3 else ""
    return "government" if not sector else f"government ({SECTORS.get(sector, sector.lower())})"


def build(data_dir: Path, curated_path: Path) -> dict:
    curated = tomllib.loads(curated_path.read_text(encoding="utf-8"))
    names = curated.get("names", {})
    states: dict[str, dict] = curated["states"]
    orgs: dict[str, dict] = curated["orgs"]

    # --- curated aliases: these own their text --------------------------------------------
    party_aliases: dict[str, dict[str, str]] = defaultdict(dict)
    party_meta: dict[str, dict] = {}
    owner: dict[str, str] = {}
    clashes: list[str] = []

    def claim(text: str, party: str) -> None:
        if owner.get(text, party) != party:
            clashes.append(f"{text!r}: {owner[text]} and {party}")
        owner[text] = party

    for alpha2, info in states.items():
        party_meta[alpha2] = {"name": state_name(alpha2, names), "kind": "country"}
        for alias_type in ("name", "short", "former", "capital", "seat", "epithet", "acronym", "demonym"):
            for text in with_apostrophe_variants(info.get(alias_type, [])):
                add_alias(party_aliases[alpha2], text, alias_type)
                claim(text, alpha2)
        add_alias(party_aliases[alpha2], party_meta[alpha2]["name"], "name")
        owner.setdefault(party_meta[alpha2]["name"], alpha2)
    for org_id, info in orgs.items():
        party_meta[org_id] = {"name": info["name"], "kind": "organization"}
        for key, alias_type in (("acronym", "acronym"), ("name_aliases", "name"), ("seat", "seat")):
            for text in with_apostrophe_variants(info.get(key, [])):
                add_alias(party_aliases[org_id], text, alias_type)
                claim(text, org_id)
        add_alias(party_aliases[org_id], info["name"], "name")
        owner.setdefault(info["name"], org_id)

    if clashes:
        raise SystemExit("curated aliases claimed by two parties: " + "; ".join(clashes))

    # --- uncurated candidates: pycountry names and the dictionaries --------------------------
    candidates: dict[str, set[str]] = defaultdict(set)  # text -> party ids claiming it
    candidate_type: dict[tuple[str, str], str] = {}
    for alpha2 in states:
        for text in pycountry_names(alpha2):
            candidates[text].add(alpha2)
            candidate_type[(text, alpha2)] = "name"

    country_entries = parse_actor_file(data_dir / COUNTRY_FILE)
    international_entries = parse_actor_file(data_dir / INTERNATIONAL_FILE)
    subdivisions = subdivision_names()
    alpha3_to_2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    alpha3_to_2.update({"KSV": "XK", "KOS": "XK", "XKX": "XK"})
    dictionary = curated.get("dictionary", {})
    dropped = {fold(t) for t in dictionary.get("drop", [])}
    stop_at = dictionary.get("stop_at", {})
    unmatched_headers = []
    for entry in country_entries:
        if len(entry.codes) != 1 or entry.codes[0][3] or len(entry.codes[0][0]) != 3:
            continue
        alpha2 = alpha3_to_2.get(entry.codes[0][0])
        if alpha2 not in states:
            unmatched_headers.append(entry.name)
            continue
        capitals = {fold(c) for c in states[alpha2].get("capital", [])}
        if alpha2 in stop_at:
            capitals.add(fold(stop_at[alpha2]))
        references = [fold(party_meta[alpha2]["name"])] + [fold(n) for n in pycountry_names(alpha2)]
        before_capital = True
        for phrase in [entry.name] + entry.aliases:
            text = tabari_to_text(phrase)
            key = fold(text)
            if key in capitals:
                before_capital = False
                continue
            # The dictionaries list the country's names first, then the capital, then
            # cities, provinces, rivers: after the capital keep only near-spellings of
            # the name ("United Sates").
            if not before_capital and max(fuzz.ratio(key, ref) for ref in references) < 85:
                continue
            if key in subdivisions or key in dropped or is_junk(text):
                continue
            candidates[text].add(alpha2)
            candidate_type.setdefault((text, alpha2), "name")

    cameo_to_org = {code: org_id for org_id, info in orgs.items() for code in info.get("cameo", [])}
    for entry in international_entries:
        undated = [c for c in entry.codes if not c[3]]
        if not undated or any(c[3] for c in entry.codes):
            continue
        org_id = cameo_to_org.get(undated[0][0])
        if org_id is None:
            continue
        for phrase in [entry.name] + entry.aliases:
            text = tabari_to_text(phrase)
            if is_junk(text) or fold(text) in dropped or not any(k in fold(text) for k in ORG_KEYWORDS):
                continue
            candidates[text].add(org_id)
            candidate_type.setdefault((text, org_id), "name")

    curated_folds = defaultdict(set)
    for text, party in owner.items():
        curated_folds[fold(text)].add(party)
    for text, claimants in sorted(candidates.items()):
        if text in owner:
            continue
        folded_owners = curated_folds.get(fold(text), set())
        if folded_owners and not folded_owners & claimants:
            continue  # a curated alias of another party, differently cased
        if len(claimants) > 1:
            continue  # the dictionaries disagree: too ambiguous to keep
        (party,) = claimants
        add_alias(party_aliases[party], text, candidate_type[(text, party)])

    # --- leaders ------------------------------------------------------------------------
    leaders: list[dict] = []
    curated_people = set()
    for record in curated.get("leader", []):
        curated_people.add(fold(record["name"]))
        for alias in record.get("aliases", []):
            if " " in alias:
                curated_people.add(fold(alias))
        for tenure in record["tenures"]:
            leaders.append({
                "name": record["name"],
                "aliases": sorted(set(record.get("aliases", []))),
                "party": record["party"],
                "role": tenure["role"],
                "start": tenure["start"],
                "end": tenure.get("end", ""),
            })
    all_party_alias_folds = {fold(t) for aliases in party_aliases.values() for t in aliases}
    dictionary_leaders: dict[tuple[str, str, str, str, str], set[str]] = defaultdict(set)
    for entry, source in [(e, "country") for e in country_entries] + [(e, "igo") for e in international_entries]:
        name = tabari_to_text(entry.name, acronyms=False)
        if fold(name) in curated_people or len(name.split()) < 2 or is_junk(name):
            continue
        aliases = set()
        for phrase in entry.aliases:
            alias = tabari_to_text(phrase, acronyms=False)
            if is_junk(alias) or fold(alias) in all_party_alias_folds or alias == name:
                continue
            if " " not in alias and len(alias) < 5:
                continue
            aliases.add(alias)
        for code, start, end, dated in entry.codes:
            if not dated or (start is None and end is None):
                continue
            if source == "country":
                # Top-level government posts only (heads of state and government, ministers
                # coded without a sector); sector posts would triple the file for little use.
                if code[3:] != "GOV":
                    continue
                party = alpha3_to_2.get(code[:3])
                if party not in states:
                    continue
                role = role_for(code, 3)
            else:
                party = cameo_to_org.get(code)
                if party is None:
                    continue
                role = "official"
            if end is not None and end < dt.date(2000, 1, 1):
                continue  # older cabinets are rarely the subject of current statements
            key = (name, party, role, start.isoformat() if start else "", end.isoformat() if end else "")
            dictionary_leaders[key] |= aliases
    for (name, party, role, start, end), aliases in dictionary_leaders.items():
        leaders.append({"name": name, "aliases": sorted(aliases), "party": party,
                        "role": role, "start": start, "end": end})

    parties = []
    for party_id in sorted(party_meta):
        meta = party_meta[party_id]
        parties.append({
            "id": party_id,
            "name": meta["name"],
            "kind": meta["kind"],
            "aliases": [{"text": t, "type": party_aliases[party_id][t]}
                        for t in sorted(party_aliases[party_id])],
        })
    leaders.sort(key=lambda r: (r["name"], r["party"], r["start"], r["end"], r["role"]))
    blockers = sorted(set(with_apostrophe_variants(curated.get("blockers", {}).get("phrases", []))))
    contexts = [
        {"party": c["party"], "aliases": sorted(c["aliases"]), "cues": sorted(set(c["cues"])), "why": c["why"]}
        for c in curated.get("context", [])
    ]
    if unmatched_headers:
        print(f"note: {len(unmatched_headers)} dictionary countries are not parties "
              f"(territories): {', '.join(sorted(unmatched_headers)[:8])}...", file=sys.stderr)
    return {
        "parties": parties,
        # ISO alpha-3 codes, for holders named the way corpora name files ("RUS_78_2023.txt").
        "alpha3": [[a3, a2] for a3, a2 in sorted(alpha3_to_2.items()) if a2 in {p["id"] for p in parties}],
        "leaders": leaders,
        "blockers": blockers,
        "contexts": contexts,
        "sources": [
            {"name": "Phoenix actor dictionaries (petrarch2)",
             "files": [COUNTRY_FILE, INTERNATIONAL_FILE],
             "licence": "MIT, Copyright (c) 2014 Open Event Data Alliance; see LICENSE.petrarch2",
             "commit": "676801cd9cb2924bbbad09f86d15c9323e7097bf",
             "note": "country names, spellings and capitals; dated government posts as of 2014-2016"},
            {"name": "pycountry", "licence": "LGPL-2.1", "version": getattr(pycountry, "__version__", ""),
             "note": "ISO 3166-1 alpha-3 to alpha-2 mapping and official names, used at build time only"},
            {"name": "tools/curated_parties.toml",
             "note": "curated by the statemint maintainers: capitals, seats, demonyms, epithets, "
                     "organisations, leaders since 2014, blockers and context rules"},
        ],
    }


def dump(registry: dict) -> str:
    """Sorted JSON with one party or leader per line: small, and diffs stay readable."""
    lines = ["{"]
    keys = sorted(registry)
    for index, key in enumerate(keys):
        value = registry[key]
        lines.append(f" {json.dumps(key)}: [")
        items = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in value]
        lines.extend(f"  {item}," for item in items[:-1])
        if items:
            lines.append(f"  {items[-1]}")
        lines.append(" ]," if index < len(keys) - 1 else " ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="folder with the Phoenix .actors.txt files and LICENSE")
    parser.add_argument("--curated", type=Path, default=CURATED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    registry = build(args.data_dir, args.curated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = dump(registry)
    args.out.write_text(text, encoding="utf-8")
    shutil.copyfile(args.data_dir / "LICENSE", args.out.parent / "LICENSE.petrarch2")
    n_aliases = sum(len(p["aliases"]) for p in registry["parties"])
    print(f"wrote {args.out}: {len(registry['parties'])} parties, {n_aliases} aliases, "
          f"{len(registry['leaders'])} leader tenures, {len(text) // 1024} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
