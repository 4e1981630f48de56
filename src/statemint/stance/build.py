"""Stance records: one per (statement, party) pair, pooling the scope evidence (stance.scope) of the
party's mentions in the statement, with the statement's dismissive questions counted against them all."""

from __future__ import annotations

import re
from datetime import date
from typing import Sequence

from spacy.tokens import Doc, Span

from statemint.nlp.doctext import doc_layout, doc_text, span_text
from statemint.parties.matcher import party_mentions
from statemint.parties.model import Party, PartyLookup
from statemint.parties.registry import Registry
from statemint.records import Evidence, Mention, Speaker, Stance, Statement, label_for
from statemint.stance.lexicon import StanceLexicon, load_lexicon
from statemint.stance.scope import FIRST_PERSON, scope_evidence


def dismissive_questions(text: str, start: int, lexicon: StanceLexicon) -> list[tuple[int, int, float]]:
    """Rhetorical questions that dismiss their subject ("so what could it be good for?"), as evidence
    against every party the statement mentions: the speaker scorns what the sentence is about."""
    found: list[tuple[int, int, float]] = []
    for question in re.finditer(r"[^.!?]*\?", text):
        for pattern in lexicon.dismissive:
            match = pattern.search(question.group())
            if match:
                found.append((start + question.start() + match.start(), start + question.start() + match.end(),
                              lexicon.dismissive_weight))
                break
    return found


def member_parties(holder: Speaker, registry: PartyLookup, on: date | None) -> set[str]:
    """Parties of a group holder's members ("Putin and Xi" speak for RU and CN)."""
    parties: set[str] = set()
    for name in holder.members:
        party = registry.lookup(name, on)
        if party:
            parties.add(party)
    return parties


def build_stances(doc: Doc, statements: Sequence[Statement], registry: Registry, on: date | None = None,
                  party_filter: Sequence[str] | None = None, doc_id: str | None = None,
                  scare_quotes: Sequence[tuple[int, int]] = (), adhoc: Sequence[Party] = ()) -> list[Stance]:
    """One Stance per (statement, party) pair, for statements that have a holder.

    Several mentions of one party in one statement are combined: their evidence is pooled and each
    word counted once; the target reported is the mention with the strongest evidence.
    """
    text = doc_text(doc)
    lexicon = load_lexicon()
    wanted = set(party_filter) if party_filter else None
    mentions = party_mentions(doc_layout(doc), registry, on, adhoc)  # as pipeline.selection finds them
    results: list[Stance] = []
    position = 0
    for statement in statements:
        if statement.holder is None:
            continue
        while position < len(mentions) and mentions[position][1] <= statement.start:
            position += 1
        per_party: dict[str, list[tuple[Span, list]]] = {}
        # Where the holder itself is named in the statement: its mention and its own party's mentions.
        own = {statement.holder.party} | member_parties(statement.holder, registry, on)
        holder_spans = [(s, e) for s, e, p in mentions[position:] if s < statement.end and p in own]
        if statement.holder.mention is not None:
            holder_spans.append((statement.holder.mention.start, statement.holder.mention.end))
        cursor = position
        while cursor < len(mentions) and mentions[cursor][0] < statement.end:
            start, end, party = mentions[cursor]
            cursor += 1
            if end > statement.end or (wanted is not None and party not in wanted):
                continue
            if party in own:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0 or (span.root.lower_ in FIRST_PERSON and not span.root.text.isupper()):
                continue
            holder_mention = statement.holder.mention
            if holder_mention is not None and holder_mention.start <= start and end <= holder_mention.end:
                continue  # the holder named in its own reporting clause
            quoted = [(s, e) for s, e in scare_quotes if statement.start <= s < statement.end]
            per_party.setdefault(party, []).append((span, scope_evidence(span, lexicon, quoted, holder_spans)))
        scorn = dismissive_questions(statement.text, statement.start, lexicon) if per_party else []
        for party, items in per_party.items():
            seen: set[tuple[int, int]] = set()
            evidence: list[Evidence] = []
            for _, pairs in items + [(None, scorn)]:
                for start, end, weight in pairs:
                    if (start, end) in seen:
                        continue
                    seen.add((start, end))
                    evidence.append(Evidence(text[start:end], start, end, weight))
            evidence.sort(key=lambda item: item.start)
            score = max(-1.0, min(1.0, sum(item.weight for item in evidence)))
            best_span = max(items, key=lambda item: sum(abs(p[2]) for p in item[1]))[0]  # scorn is shared
            results.append(Stance(
                statement=statement.id, text=statement.text, start=statement.start, end=statement.end,
                holder=statement.holder, party=party,
                target=Mention(span_text(best_span), best_span.start_char, best_span.end_char),
                label=label_for(score), score=score, evidence=tuple(evidence), doc=doc_id,
            ))
    return results


