"""Reading the registry: the packaged data (`data/parties.json`, built by `tools/build_registry.py`)
and a user's TOML file that extends it (`--parties my.toml`, docs/PARTIES.md), validated on load."""

from __future__ import annotations

import functools
import json
import re
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from statemint.errors import InputError
from statemint.files import MEGABYTE, FileProblem, read_limited
from statemint.parties.model import ALIAS_TYPES, PARTY_KINDS, Alias, ContextRule, Leader, Party, fold
from statemint.parties.matcher import WORD_RUN
from statemint.parties.registry import Registry

MAX_PARTIES_FILE = 16 * MEGABYTE  # the packaged registry is under 2 MB


def _packaged_data() -> dict[str, Any]:
    return json.loads(resources.files("statemint").joinpath("data/parties.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _default_data() -> dict[str, Any]:
    return _packaged_data()


@functools.lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _registry_from_data(_default_data())


def load_registry(extra: Path | None = None) -> Registry:
    """The packaged registry (cached per process), or a new one extended by a user TOML file.

    Raises InputError for a file that cannot be read or parsed, or an entry that is not valid."""
    if extra is None:
        return _default_registry()
    path = Path(extra)
    try:
        user = tomllib.loads(read_limited(path, MAX_PARTIES_FILE, "parties file").decode("utf-8"))
    except FileProblem as error:
        raise InputError(str(error)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: cannot read the parties file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error}); see docs/PARTIES.md for the format") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be a parties file; see docs/PARTIES.md for the format") from None
    data = _merge(_default_data(), user, str(path))
    return _registry_from_data(data)


def _registry_from_data(data: dict[str, Any]) -> Registry:
    parties = {
        p["id"]: Party(p["id"], p["name"], p["kind"], tuple(Alias(a["text"], a["type"]) for a in p["aliases"]))
        for p in data["parties"]
    }
    leaders = tuple(
        Leader(l["name"], tuple(l.get("aliases", ())), l["party"], l.get("role", ""),
               _parse_date(l.get("start"), l["name"]), _parse_date(l.get("end"), l["name"]))
        for l in data["leaders"]
    )
    contexts = tuple(
        ContextRule(c["party"], frozenset(c["aliases"]),
                     re.compile(r"(?<!\w)(?:" + "|".join(re.escape(q) for q in c["cues"]) + r")(?!\w)"))
        for c in data.get("contexts", ())
    )
    return Registry(parties, leaders, tuple(data.get("blockers", ())), contexts, tuple(data.get("sources", ())),
                    dict(data.get("alpha3", {})))


def _merge(base: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    """The packaged data with a user file applied: new parties, extra aliases (which the user
    then owns: the same text leaves every other party), replaced names, leaders, blockers."""
    unknown = set(user) - {"party", "leader", "blockers"}
    if unknown:
        raise InputError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}; "
                         "expected [[party]], [[leader]] and [blockers]")
    parties = {p["id"]: {**p, "aliases": list(p["aliases"])} for p in base["parties"]}
    claimed: dict[str, str] = {}
    for index, entry in enumerate(_table_list(user.get("party", []), f"{where}: [[party]]")):
        label = f"{where}: [[party]] #{index + 1}"
        party_id = entry.get("id")
        if not isinstance(party_id, str) or not party_id.strip():
            raise InputError(f"{label}: needs an id, e.g. id = \"HAMAS\"")
        party_id = party_id.strip()
        existing = parties.get(party_id) or next(
            (p for pid, p in parties.items() if pid.casefold() == party_id.casefold()), None)
        kind = entry.get("kind", existing["kind"] if existing else "organization")
        if kind not in PARTY_KINDS:
            raise InputError(f"{label}: kind {kind!r} is not one of {', '.join(PARTY_KINDS)}")
        name = entry.get("name", existing["name"] if existing else None)
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{label}: a new party needs a name, e.g. name = \"Hamas\"")
        if not isinstance(entry.get("aliases", []), list):
            raise InputError(f"{label}: aliases must be a list, e.g. aliases = [\"Hamas\"]")
        aliases = [_user_alias(a, label) for a in entry.get("aliases", [])]
        _matchable(name, f"{label}: name")
        replace = entry.get("replace_aliases", False)
        if existing is not None:
            party_id = existing["id"]
            old = [] if replace else existing["aliases"]
        else:
            old = []
        merged = {a["text"]: a for a in old}
        merged.update({a["text"]: a for a in aliases})
        merged.setdefault(name, {"text": name, "type": "name"})
        parties[party_id] = {"id": party_id, "name": name, "kind": kind,
                             "aliases": sorted(merged.values(), key=lambda a: a["text"])}
        for alias in aliases:
            claimed[alias["text"]] = party_id
    for party in parties.values():
        party["aliases"] = [a for a in party["aliases"] if claimed.get(a["text"], party["id"]) == party["id"]]

    leaders = _merge_leaders(list(base["leaders"]), user.get("leader", []), parties, where)

    blockers = list(base.get("blockers", []))
    extra_blockers = user.get("blockers", {})
    if extra_blockers:
        phrases = extra_blockers.get("phrases") if isinstance(extra_blockers, dict) else None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise InputError(f"{where}: [blockers] needs phrases = [\"...\"], a list of strings")
        for phrase in phrases:
            _matchable(phrase, f"{where}: [blockers] phrase")
        blockers.extend(phrases)
    return {**base, "parties": [parties[k] for k in sorted(parties)], "leaders": leaders,
            "blockers": sorted(set(blockers)),
            "sources": [*base.get("sources", []), {"name": where, "note": "user parties file"}]}


def _merge_leaders(leaders: list[dict[str, Any]], entries: Any, parties: dict[str, Any],
                   where: str) -> list[dict[str, Any]]:
    """The packaged leaders with a user file's [[leader]] entries added (or replacing a namesake)."""
    for index, entry in enumerate(_table_list(entries, f"{where}: [[leader]]")):
        label = f"{where}: [[leader]] #{index + 1}"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{label}: needs a name, e.g. name = \"Yahya Sinwar\"")
        _matchable(name, f"{label}: name")
        party_id = entry.get("party")
        if not isinstance(party_id, str):
            raise InputError(f"{label} ({name}): party must be one registry id as a string, e.g. party = \"US\", "
                             f"not {party_id!r}")
        if party_id not in parties:
            raise InputError(f"{label} ({name}): party {party_id!r} is not in the registry; "
                             "add it as a [[party]] first or use an existing id")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{label} ({name}): aliases must be a list of strings")
        for alias in aliases:
            _matchable(alias, f"{label} ({name}): alias")
        start = _parse_date(entry.get("start"), label)
        end = _parse_date(entry.get("end"), label)
        if start and end and end < start:
            raise InputError(f"{label} ({name}): end {end} is before start {start}")
        if entry.get("replace", False):
            leaders = [l for l in leaders if fold(l["name"]) != fold(name)]
        leaders.append({"name": name.strip(), "aliases": aliases, "party": party_id,
                        "role": str(entry.get("role", "")), "start": start.isoformat() if start else "",
                        "end": end.isoformat() if end else ""})
    return leaders


def _table_list(value: Any, label: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(f"{label}: write each entry as a [[...]] table")
    return value


def _user_alias(value: Any, label: str) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"text": _matchable(value.strip(), f"{label}: alias"), "type": "name"}
    if isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip():
        _matchable(value["text"].strip(), f"{label}: alias")
        alias_type = value.get("type", "name")
        if alias_type not in ALIAS_TYPES:
            raise InputError(f"{label}: alias type {alias_type!r} is not one of {', '.join(ALIAS_TYPES)}")
        return {"text": value["text"].strip(), "type": alias_type}
    raise InputError(f"{label}: an alias is a string or {{ text = \"...\", type = \"name\" }}, not {value!r}")


def _matchable(text: str, label: str) -> str:
    """Party names, aliases and blockers are found in text from their first word: one that does not
    start with a letter or digit ("(Zed)", "-Zed", "") could never match."""
    if not isinstance(text, str) or WORD_RUN.match(text) is None:
        raise InputError(f"{label} {text!r} must start with a letter or digit (it is matched from its first word); "
                         "write it as it appears in text, e.g. \"Zed\"")
    return text


def _parse_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD") from None

