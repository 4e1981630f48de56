"""Finding party mentions in text, without spaCy: every alias on word boundaries, leftmost-longest.

Matching looks up each word that may open an alias and tries the aliases filed under it longest first
(`AliasMatcher`): the 2023 UNGDC corpus (2.5 MB) takes 0.2 s, and building the matcher 0.08 s.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Iterable, Sequence

from statemint.parties.model import Leader, Party, PartyMention, fold, pick_tenure

if TYPE_CHECKING:
    from statemint.parties.registry import Registry

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

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")


WORD_RUN = re.compile(r"\w+")
PREFIX_AFTER_WORD = 4


class AliasMatcher:
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


def blocked_ranges(text: str, matcher: AliasMatcher) -> list[tuple[int, int]]:
    """Character ranges of the blocker phrases in `text` ("New Mexico", "Latin America"): no alias
    inside them names a party, however a caller cuts the text into phrases."""
    return [(start, end) for start, end, alias in matcher.finditer(text) if matcher.targets[alias][0] == "block"]


def _is_word_character(character: str) -> bool:
    return WORD_RUN.match(character) is not None

def alias_targets(leaders: Iterable[Leader], parties: Iterable[Party],
                  blockers: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """What each alias text stands for: ("party", id, alias type), ("leader", folded name, "leader")
    or ("block", "", "") for a blocker phrase; party aliases win over leader names, blockers over both."""
    targets: dict[str, tuple[str, str, str]] = {}
    for leader in leaders:
        for text in (leader.name, *leader.aliases):
            targets.setdefault(text, ("leader", fold(text), "leader"))
    for party in parties:
        for alias in party.aliases:
            targets[alias.text] = ("party", party.id, alias.type)
    for text in blockers:
        targets[text] = ("block", "", "")
    for text, target in list(targets.items()):
        # "the United States" would win at its start over "United States of America" one word later
        # (leftmost first), leaving "America" a mention of its own: the longer alias gets its "the" too.
        if target[0] == "party" and not text.startswith("the ") and "the " + text not in targets:
            words = ("the " + text).split(" ")
            if any(targets.get(" ".join(words[:cut]), ("",))[0] == "party" for cut in range(2, len(words))):
                targets["the " + text] = target
    for text in list(targets):
        # "the Kremlin" also at the start of a sentence.
        if text.startswith("the ") and "The " + text[4:] not in targets:
            targets["The " + text[4:]] = targets[text]
    return targets


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
            chosen = pick_tenure(registry.tenures(target), on)
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


def party_mentions(text: str, registry: "Registry", on: date | None, adhoc: Sequence[Party]) -> list[tuple[int, int, str]]:
    """Party mentions of the registry and of a user's ad-hoc parties (which win on the same words),
    as (start, end, party id) in text order."""
    own: list[tuple[int, int, str]] = []
    for party in adhoc:  # a user's ad-hoc party wins over a registry alias on the same words
        for alias in sorted({a.text for a in party.aliases}, key=len, reverse=True):
            for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", text):
                if not any(s < match.end() and match.start() < e for s, e, _ in own):
                    own.append((match.start(), match.end(), party.id))
    mentions = [(m.start, m.end, m.party) for m in find_party_mentions(text, registry, on)
                if not any(s < m.end and m.start < e for s, e, _ in own)]
    return sorted(mentions + own)
