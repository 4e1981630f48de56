"""The party registry (states and organisations with their aliases and leaders) and a fast,
spaCy-free finder of party mentions in text.

The registry is data (`data/parties.json`, built by `tools/build_registry.py`); users extend it
with a TOML file (`--parties my.toml`, see docs/PARTIES.md). Matching looks up each word that may
open an alias and tries the aliases filed under it longest first (`_Matcher`): the 2023 UNGDC corpus
(2.5 MB) takes 0.2 s, and building the matcher 0.08 s.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from statemint.errors import InputError, UnknownParty

__all__ = [
    "Alias", "Party", "Leader", "PartyMention", "Registry",
    "load_registry", "find_party_mentions", "ALIAS_TYPES", "PARTY_KINDS",
]

ALIAS_TYPES = ("name", "short", "former", "demonym", "capital", "seat", "epithet", "acronym")
PARTY_KINDS = ("country", "organization", "group", "adhoc")

# Heads of "the Russian government", "Chinese authorities", "US officials": the mention covers
# the whole phrase because that is what the statement is about (and what the reader sees).
GOVERNMENT_HEADS = (
    "government", "governments", "authorities", "officials", "official", "diplomats", "diplomat",
    "leadership", "leaders", "leader", "administration", "side", "delegation", "president",
    "prime minister", "premier", "foreign ministry", "foreign minister", "ministry of foreign affairs",
    "defence ministry", "defense ministry", "defence minister", "defense minister", "military",
    "army", "armed forces", "forces", "troops", "embassy", "envoy", "ambassador", "spokesman",
    "spokeswoman", "spokesperson", "regime", "cabinet", "parliament", "state media", "negotiators",
    "counterpart", "counterparts", "chancellor", "king", "crown prince", "emir",
)
_GOVERNMENT_TAIL = re.compile(
    r"[ \t]+(?:" + "|".join(re.escape(h) for h in sorted(GOVERNMENT_HEADS, key=len, reverse=True))
    + r"|" + "|".join(re.escape(h.title()) for h in sorted(GOVERNMENT_HEADS, key=len, reverse=True))
    + r")(?!\w)"
)
_GOVERNMENT_BASE_TYPES = {"demonym", "name", "short", "acronym"}
_THE_BEFORE = re.compile(r"(?:^|(?<=\W))([Tt]he[ \t]+)$")

# Title words stripped before looking a person up ("President Vladimir Putin").
_TITLES = {
    "president", "prime", "minister", "foreign", "secretary", "general", "chancellor", "premier",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "king", "queen", "emir", "sheikh",
    "crown", "prince", "state", "of", "the", "us", "u.s.", "russian", "chinese", "vice", "leader",
    "supreme", "ayatollah", "defence", "defense", "chief", "director", "director-general",
    "secretary-general", "spokesman", "spokeswoman", "spokesperson", "senator", "governor",
}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")


@dataclass(frozen=True)
class Alias:
    """One way of naming a party; the type says how (a demonym is weaker evidence than a name)."""

    text: str
    type: str = "name"


@dataclass(frozen=True)
class Party:
    """A state (ISO 3166-1 alpha-2 id), an organisation (short name id) or an ad-hoc party."""

    id: str
    name: str
    kind: str
    aliases: tuple[Alias, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "aliases": [{"text": a.text, "type": a.type} for a in self.aliases]}


@dataclass(frozen=True)
class Leader:
    """One tenure of one person: a person with several posts has several records, so that a
    name maps to the party they spoke for on the date of the text."""

    name: str
    aliases: tuple[str, ...]
    party: str
    role: str
    start: date | None
    end: date | None

    def covers(self, on: date) -> bool:
        """True when `on` falls in the tenure (start inclusive, end exclusive)."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)

    def distance(self, on: date) -> int:
        """Days between `on` and the tenure (0 inside it): the nearest tenure wins when none covers."""
        if self.covers(on):
            return 0
        if self.start is not None and on < self.start:
            return (self.start - on).days
        return (on - self.end).days if self.end is not None else 0


@dataclass(frozen=True)
class PartyMention:
    """A party named in text; `text == document[start:end]` always holds."""

    start: int
    end: int
    text: str
    party: str
    alias_type: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "party": self.party, "alias_type": self.alias_type}


@dataclass(frozen=True)
class _ContextRule:
    party: str
    aliases: frozenset[str]
    cues: re.Pattern[str]


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Erdoğan" and "erdogan" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _parse_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date; write it as YYYY-MM-DD") from None


def _pick_tenure(records: Iterable[Leader], on: date | None) -> Leader | None:
    """The tenure that applies on `on`: the one covering it (the latest-starting if several),
    else the nearest in time; with no date, the latest."""
    records = list(records)
    if not records:
        return None
    by_start = lambda r: (r.start or date.min, r.end or date.max)  # noqa: E731
    if on is None:
        return max(records, key=by_start)
    covering = [r for r in records if r.covers(on)]
    if covering:
        return max(covering, key=by_start)
    return min(records, key=lambda r: (r.distance(on), -(r.start or date.min).toordinal()))


WORD_RUN = re.compile(r"\w+")
PREFIX_AFTER_WORD = 4


class _Matcher:
    """Every alias, found leftmost-longest on word boundaries: at each word start, the aliases whose
    first word is that word are tried longest first. (A regex alternation of 12,000 aliases took a
    second to compile in every process and scanned every character; the aliases all start with a word
    character, so only word starts need a look.)"""

    def __init__(self, targets: dict[str, tuple[str, str, str]]):
        # text -> ("party", party id, alias type) | ("leader", folded key, "leader") | ("block", "", "")
        self.targets = targets
        by_word: dict[str, list[str]] = {}
        for text in targets:
            first = WORD_RUN.match(text)
            if first is None:
                raise ValueError(f"a party alias must start with a letter or digit: {text!r}")
            by_word.setdefault(first.group(), []).append(text)
        # Under its first word, an alias is filed by its first PREFIX_AFTER_WORD characters after that
        # word ("Republic of K…"), so a common first word ("the", "Republic") costs a look-up, not a
        # hundred comparisons; aliases shorter than that are tried after, all longer than them.
        self.by_word: dict[str, tuple[int, dict[str, list[str]], list[str]]] = {}
        for word, texts in by_word.items():
            width = len(word) + PREFIX_AFTER_WORD
            filed: dict[str, list[str]] = {}
            for alias in sorted(texts, key=len, reverse=True):
                if len(alias) >= width:
                    filed.setdefault(alias[:width], []).append(alias)
            self.by_word[word] = (width, filed, sorted((a for a in texts if len(a) < width), key=len, reverse=True))
        # Words that may open an alias: any word not starting with a-z or "_" (capitals, digits, other
        # scripts), and the few lower-case first words ("the", "al", "von"); four words in five are skipped.
        lower = sorted((w for w in self.by_word if re.match(r"[a-z_]", w)), key=len, reverse=True)
        self.starts = re.compile(r"(?<!\w)(?:[^\W_a-z]\w*" + "".join("|" + re.escape(w) for w in lower) + r")(?!\w)")

    def finditer(self, text: str) -> Iterable[tuple[int, int, str]]:
        """(start, end, alias) of each match, in text order, not overlapping: the same as the regex
        `(?<!\\w)(alias|alias|…)(?!\\w)` with the longest alias winning at a start."""
        by_word = self.by_word
        resume = 0
        for run in self.starts.finditer(text):
            start = run.start()
            if start < resume:
                continue
            entry = by_word.get(run.group())
            if entry is None:
                continue
            width, filed, short = entry
            for alias in (*filed.get(text[start:start + width], ()), *short):
                end = start + len(alias)
                if text.startswith(alias, start) and not (end < len(text) and _is_word_character(text[end])):
                    yield start, end, alias
                    resume = end
                    break


def _is_word_character(character: str) -> bool:
    return WORD_RUN.match(character) is not None


@dataclass
class Registry:
    """Parties and leaders with lookups for the pipeline and the CLI.

    Build it with `load_registry()`; the constructor takes already-validated records."""

    parties: dict[str, Party]
    leaders: tuple[Leader, ...] = ()
    blockers: tuple[str, ...] = ()
    contexts: tuple[_ContextRule, ...] = ()
    sources: tuple[Any, ...] = ()
    alpha3: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 -> our id ("RUS" -> "RU")
    _alias_index: dict[str, str] = field(default_factory=dict, repr=False)
    _folded_index: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _alias_type: dict[str, str] = field(default_factory=dict, repr=False)
    _leader_index: dict[str, list[Leader]] = field(default_factory=dict, repr=False)
    _matcher: _Matcher | None = field(default=None, repr=False)
    _lookup_cache: dict[tuple[str, date | None], Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for party in self.parties.values():
            for alias in party.aliases:
                self._alias_index.setdefault(alias.text, party.id)
                self._alias_type.setdefault(alias.text, alias.type)
                self._folded_index.setdefault(fold(alias.text), set()).add(party.id)
            self._folded_index.setdefault(fold(party.name), set()).add(party.id)
        for leader in self.leaders:
            for key in {fold(leader.name), *(fold(a) for a in leader.aliases)}:
                self._leader_index.setdefault(key, []).append(leader)

    # -- parties -------------------------------------------------------------------------
    def get(self, party_id: str) -> Party | None:
        """The party with this id (exact, then case-insensitive), or None."""
        party = self.parties.get(party_id)
        if party is None and isinstance(party_id, str):
            party = self._ids_folded().get(party_id.casefold())
        if party is None and isinstance(party_id, str) and party_id.upper() in self.alpha3:
            party = self.parties.get(self.alpha3[party_id.upper()])
        return party

    @functools.cached_property
    def _ids_folded_map(self) -> dict[str, Party]:
        return {pid.casefold(): p for pid, p in self.parties.items()}

    def _ids_folded(self) -> dict[str, Party]:
        return self._ids_folded_map

    def __contains__(self, party_id: object) -> bool:
        return isinstance(party_id, str) and self.get(party_id) is not None

    def __iter__(self):
        return iter(self.parties.values())

    def __len__(self) -> int:
        return len(self.parties)

    def search(self, query: str, limit: int = 10) -> list[tuple[Party, float]]:
        """Parties whose id, name or an alias is close to `query`, best first, scores 0-100."""
        from rapidfuzz import fuzz, process

        choices = self._search_choices
        key = re.sub(r"^the ", "", fold(query))
        if not key:
            return []
        best: dict[str, float] = {}
        # Plain edit-distance ratio: WRatio's partial matching ranks two-letter ids above a
        # misspelt full name ("Untied Sttes" would find ES before US).
        for _choice, score, index in process.extract(key, choices[0], scorer=fuzz.ratio, limit=limit * 8):
            party_id = choices[1][index]
            # An exact id or name beats a long alias that merely contains the query.
            if choices[0][index] == key:
                score = 100.0
            best[party_id] = max(best.get(party_id, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [(self.parties[pid], score) for pid, score in ranked]

    @functools.cached_property
    def _search_choices(self) -> tuple[list[str], list[str]]:
        texts: list[str] = []
        owners: list[str] = []
        for party in self.parties.values():
            for text in sorted({re.sub(r"^the ", "", fold(t)) for t in (party.id, party.name, *(a.text for a in party.aliases))}):
                texts.append(text)
                owners.append(party.id)
        return texts, owners

    def resolve(self, value: str) -> Party:
        """The party a `--party` value means: an id in any case ("us"), a name or an alias
        ("United States", "Washington", "NATO"). Raises UnknownParty naming the closest ones."""
        text = value.strip()
        party = self.get(text)
        if party is not None:
            return party
        for candidate in (text, f"the {text}"):
            if candidate in self._alias_index:
                return self.parties[self._alias_index[candidate]]
        owners = self._folded_index.get(fold(text), set()) | self._folded_index.get(fold(f"the {text}"), set())
        if len(owners) == 1:
            return self.parties[next(iter(owners))]
        close = self.search(text, limit=5)
        hint = ", ".join(f"{p.id} ({p.name})" for p, _score in close)
        raise UnknownParty(
            f"unknown party {value!r}"
            + (f"; closest: {hint}" if hint else "")
            + ". Use an ISO country code (US), an organisation (NATO), a name or alias (\"Washington\"),"
            " or add it with --parties my.toml (see docs/PARTIES.md)."
        )

    def adhoc(self, name: str) -> Party:
        """A party that is not in the registry, e.g. `--party "Joe Biden"`: its id is the name,
        its aliases the name and, for a person-like name, the last word (the surname)."""
        clean = " ".join(name.split())
        if not clean:
            raise UnknownParty("an ad-hoc party needs a name, e.g. --party \"Joe Biden\"")
        aliases = [Alias(clean, "name")]
        words = clean.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not clean.isupper():
            aliases.append(Alias(words[-1], "short"))
        return Party(clean, clean, "adhoc", tuple(aliases))

    # -- phrases and people ----------------------------------------------------------------
    def lookup(self, phrase: str, on: date | None = None) -> str | None:
        """The party id of one phrase: "Russian", "the Kremlin", "Putin", "the Asian superpower",
        "US", "the Russian government". Leaders resolve by tenure on `on` (no date: the latest).
        Answers are remembered: speaker resolution asks the same few phrases many times."""
        key = (phrase, on)
        if key not in self._lookup_cache:
            if len(self._lookup_cache) > 100_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = self._lookup_uncached(phrase, on)
        return self._lookup_cache[key]

    def _lookup_uncached(self, phrase: str, on: date | None) -> str | None:
        text = " ".join(phrase.split())
        if not text:
            return None
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        direct = self._lookup_alias(text)
        if direct is not None:
            return direct
        if text in self.parties:
            return text
        leader = self.leader(text, on)
        if leader is not None:
            return leader.party
        mentions = find_party_mentions(text, self, on)
        parties = {m.party for m in mentions}
        if len(parties) == 1:
            return parties.pop()
        return None

    def _lookup_alias(self, text: str) -> str | None:
        bare = re.sub(r"^[Tt]he\s+", "", text)
        for candidate in (text, bare, f"the {bare}"):
            if candidate in self._alias_index and candidate not in self.blockers:
                return self._alias_index[candidate]
        # Case-insensitive only when the phrase has a capital: lowercase "turkey" is a bird.
        if any(c.isupper() for c in text):
            owners = self._folded_index.get(fold(bare), set()) | self._folded_index.get(fold(f"the {bare}"), set())
            if len(owners) == 1:
                return next(iter(owners))
        return None

    def leader(self, name: str, on: date | None = None) -> Leader | None:
        """The leader record for a person's name (full, surname, or a near spelling such as
        "Vladimir Poutine"), the tenure chosen by date as in `lookup`. Which leader a name matches is
        remembered, like lookups, once for every date (the fuzzy match does not depend on it)."""
        key = ("leader:" + name, None)
        if key not in self._lookup_cache:
            if len(self._lookup_cache) > 100_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = self._leader_key(name)
        found = self._lookup_cache[key]
        return _pick_tenure(self._leader_index[found], on) if found is not None else None

    def _leader_key(self, name: str) -> str | None:
        """The leader index key a name matches, if any."""
        key = fold(name).strip(" .,'’")
        if key.endswith(("'s", "’s")):
            key = key[:-2]
        if not key:
            return None
        if key in self._leader_index:
            return key
        words = key.split()
        while words and words[0] in _TITLES:
            words = words[1:]
        stripped = " ".join(words)
        if stripped and stripped in self._leader_index:
            return stripped
        if not stripped or len(stripped) < 5:
            return None
        from rapidfuzz import fuzz, process

        keys = self._leader_keys_multi if " " in stripped else self._leader_keys_single
        found = process.extractOne(stripped, keys, scorer=fuzz.ratio, score_cutoff=85 if " " in stripped else 90)
        return found[0] if found is not None else None

    @functools.cached_property
    def _leader_keys_multi(self) -> list[str]:
        return sorted(k for k in self._leader_index if " " in k)

    @functools.cached_property
    def _leader_keys_single(self) -> list[str]:
        return sorted(k for k in self._leader_index if " " not in k)

    # -- matching --------------------------------------------------------------------------
    def matcher(self) -> _Matcher:
        """The alias matcher, built on first use and kept."""
        if self._matcher is None:
            targets: dict[str, tuple[str, str, str]] = {}
            for leader in self.leaders:
                for text in (leader.name, *leader.aliases):
                    targets.setdefault(text, ("leader", fold(text), "leader"))
            for party in self.parties.values():
                for alias in party.aliases:
                    targets[alias.text] = ("party", party.id, alias.type)
            for text in self.blockers:
                targets[text] = ("block", "", "")
            for text in list(targets):
                # "the Kremlin" also at the start of a sentence.
                if text.startswith("the ") and "The " + text[4:] not in targets:
                    targets["The " + text[4:]] = targets[text]
            self._matcher = _Matcher(targets)
        return self._matcher


def find_party_mentions(text: str, registry: Registry, on: date | None = None) -> list[PartyMention]:
    """Every party mention in `text`, leftmost-longest and non-overlapping, in text order.

    Pure text, no spaCy: aliases match case-sensitively on word boundaries ("US" but never
    "us"), blocker phrases ("George Washington") hide the aliases inside them, context rules
    drop an alias whose sentence says it means something else (Georgia the US state), demonyms
    and names grow into government phrases ("the Russian government"), and leaders map to the
    party they served on `on`."""
    matcher = registry.matcher()
    mentions: list[PartyMention] = []
    last_end = 0
    for start, end, alias in matcher.finditer(text):
        if start < last_end:
            continue
        kind, target, alias_type = matcher.targets[alias]
        if kind == "block":
            last_end = end
            continue
        if kind == "leader":
            chosen = _pick_tenure(registry._leader_index.get(target, ()), on)
            if chosen is None:
                continue
            party = chosen.party
        else:
            party = target
            if _dropped_by_context(text, start, end, alias, party, registry):
                continue
            if alias_type in _GOVERNMENT_BASE_TYPES:
                tail = _GOVERNMENT_TAIL.match(text, end)
                if tail is not None:
                    end = tail.end()
                    alias_type = "government"
                    before = _THE_BEFORE.search(text, max(0, start - 6), start)
                    if before is not None and start - len(before.group(1)) >= last_end:
                        start -= len(before.group(1))
        mentions.append(PartyMention(start, end, text[start:end], party, alias_type))
        last_end = end
    return mentions


def _dropped_by_context(text: str, start: int, end: int, alias: str, party: str, registry: Registry) -> bool:
    for rule in registry.contexts:
        if rule.party != party or alias not in rule.aliases:
            continue
        sentence_start, sentence_end = _sentence_bounds(text, start, end)
        if rule.cues.search(text, sentence_start, sentence_end):
            return True
    return False


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Rough sentence limits around a span: enough for context cues, no parser needed."""
    window_start = max(0, start - 1500)
    sentence_start = window_start
    for boundary in _SENTENCE_END.finditer(text, window_start, start):
        sentence_start = boundary.end()
    following = _SENTENCE_END.search(text, end, min(len(text), end + 1500))
    sentence_end = following.start() + 1 if following else min(len(text), end + 1500)
    return sentence_start, sentence_end


# -- loading -------------------------------------------------------------------------------
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
        user = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such parties file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the parties file ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error}); see docs/PARTIES.md for the format") from None
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
        _ContextRule(c["party"], frozenset(c["aliases"]),
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
        aliases = [_user_alias(a, label) for a in entry.get("aliases", [])]
        if not isinstance(entry.get("aliases", []), list):
            raise InputError(f"{label}: aliases must be a list")
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

    leaders = list(base["leaders"])
    for index, entry in enumerate(_table_list(user.get("leader", []), f"{where}: [[leader]]")):
        label = f"{where}: [[leader]] #{index + 1}"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{label}: needs a name, e.g. name = \"Yahya Sinwar\"")
        party_id = entry.get("party")
        if party_id not in parties:
            raise InputError(f"{label} ({name}): party {party_id!r} is not in the registry; "
                             "add it as a [[party]] first or use an existing id")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{label} ({name}): aliases must be a list of strings")
        start = _parse_date(entry.get("start"), label)
        end = _parse_date(entry.get("end"), label)
        if start and end and end < start:
            raise InputError(f"{label} ({name}): end {end} is before start {start}")
        if entry.get("replace", False):
            leaders = [l for l in leaders if fold(l["name"]) != fold(name)]
        leaders.append({"name": name.strip(), "aliases": aliases, "party": party_id,
                        "role": str(entry.get("role", "")), "start": start.isoformat() if start else "",
                        "end": end.isoformat() if end else ""})

    blockers = list(base.get("blockers", []))
    extra_blockers = user.get("blockers", {})
    if extra_blockers:
        phrases = extra_blockers.get("phrases") if isinstance(extra_blockers, dict) else None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise InputError(f"{where}: [blockers] needs phrases = [\"...\"], a list of strings")
        blockers.extend(phrases)
    return {**base, "parties": [parties[k] for k in sorted(parties)], "leaders": leaders,
            "blockers": sorted(set(blockers)),
            "sources": [*base.get("sources", []), {"name": where, "note": "user parties file"}]}


def _table_list(value: Any, label: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(f"{label}: write each entry as a [[...]] table")
    return value


def _user_alias(value: Any, label: str) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        return {"text": value.strip(), "type": "name"}
    if isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip():
        alias_type = value.get("type", "name")
        if alias_type not in ALIAS_TYPES:
            raise InputError(f"{label}: alias type {alias_type!r} is not one of {', '.join(ALIAS_TYPES)}")
        return {"text": value["text"].strip(), "type": alias_type}
    raise InputError(f"{label}: an alias is a string or {{ text = \"...\", type = \"name\" }}, not {value!r}")
