"""Stance records: one per (statement or evaluative act, party) pair, judged by the learned model with
role bounds (stance.judge), with the statement's dismissive questions counted against every party in it."""

from __future__ import annotations

import re
from datetime import date
from typing import Sequence

from spacy.tokens import Doc, Span

from statemint.extract.acts import Act, evaluative_act
from statemint.nlp.doctext import doc_layout, doc_text, span_text
from statemint.parties.matcher import party_mentions
from statemint.parties.model import Party, PartyLookup
from statemint.parties.registry import Registry
from statemint.records import Evidence, Mention, Speaker, Stance, Statement, label_for
from statemint.stance.judge import POLAR_EDGE, Judgement, holder_in_sentence, judge
from statemint.stance.lexicon import StanceLexicon, load_lexicon
from statemint.stance.model import load_model
from statemint.stance.roles import act_role
from statemint.stance.scope import FIRST_PERSON, scope_evidence

DISMISSIVE_FEATURE = "rule:dismissive-question"


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


def act_in(doc: Doc, statement: Statement) -> Act | None:
    """The evaluative act (extract.acts) an act statement rests on, or that the reporting verb of
    reported speech performs ("Western allies criticized the Chinese regime that ..."), read again from
    the statement's sentence."""
    if statement.kind not in {"act", "indirect"} or statement.cue is None:
        return None
    sentence = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    act = evaluative_act(sentence) if sentence is not None else None
    if act is None or act.verb.idx != statement.cue.start:
        return None
    return act


def build_stances(doc: Doc, statements: Sequence[Statement], registry: Registry, on: date | None = None,
                  party_filter: Sequence[str] | None = None, doc_id: str | None = None,
                  scare_quotes: Sequence[tuple[int, int]] = (), adhoc: Sequence[Party] = (),
                  speaker: Speaker | None = None) -> list[Stance]:
    """One Stance per (statement, party) pair, for statements that have a holder.

    `speaker`: the document's own speaker (`--holder`); what it holds is its own words (a speech, a
    statement), which the model reads with its speech regression, the rest as news.
    Each mention of the party in the statement is judged by the learned model (stance.judge); several
    mentions of one party in one statement give one record, the strongest judgement, whose mention is
    the record's target. The statement's dismissive questions count against every party in it.
    """
    text = doc_text(doc)
    lexicon = load_lexicon()
    model = load_model()
    wanted = set(party_filter) if party_filter else None
    mentions = party_mentions(doc_layout(doc), registry, on, adhoc)  # as pipeline.selection finds them
    results: list[Stance] = []
    position = 0
    for statement in statements:
        if statement.holder is None:
            continue
        while position < len(mentions) and mentions[position][1] <= statement.start:
            position += 1
        own = {statement.holder.party} | member_parties(statement.holder, registry, on)
        # Where the holder itself is named in the statement: its mention and its own party's mentions.
        holder_spans = [(s, e) for s, e, p in mentions[position:] if s < statement.end and p in own]
        if statement.holder.mention is not None:
            holder_spans.append((statement.holder.mention.start, statement.holder.mention.end))
        quoted = [(s, e) for s, e in scare_quotes if statement.start <= s < statement.end]
        act = act_in(doc, statement)
        own_words = speaker is not None and statement.holder == speaker
        judged: dict[str, list[tuple[Span, Judgement]]] = {}
        cursor = position
        while cursor < len(mentions) and mentions[cursor][0] < statement.end:
            start, end, party = mentions[cursor]
            cursor += 1
            if end > statement.end or (wanted is not None and party not in wanted) or party in own:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0 or (span.root.lower_ in FIRST_PERSON and not span.root.text.isupper()):
                continue
            holder_mention = statement.holder.mention
            if holder_mention is not None and holder_mention.start <= start and end <= holder_mention.end:
                continue  # the holder named in its own reporting clause
            if act is not None and act.actor.start_char <= start and end <= act.actor.end_char:
                continue  # a co-actor ("Britain and Spain supported ..."): acting, not evaluated
            holder = holder_in_sentence(span.sent, holder_mention)
            role = act_role(act, span)
            if statement.kind == "act" and role is None:
                continue  # an act is a stance only toward whom it evaluates; reported speech toward all it names
            lexical = scope_evidence(span, lexicon, quoted, holder_spans)
            judged.setdefault(party, []).append((span, judge(model, span, holder, role, lexical=lexical,
                                                             speech=own_words)))
        scorn = dismissive_questions(statement.text, statement.start, lexicon) if judged else []
        for party, items in judged.items():
            span, best = max(items, key=lambda item: abs(item[1].score))  # the first of equals
            evidence = list(best.evidence)
            seen = {(item.start, item.end) for item in evidence}
            for start, end, weight in scorn:
                if (start, end) not in seen:
                    evidence.append(Evidence(text[start:end], start, end, weight, DISMISSIVE_FEATURE))
            score = min(best.score, -POLAR_EDGE) if scorn else best.score  # scorn is critical at least
            is_act = statement.kind == "act"
            results.append(Stance(
                statement=None if is_act else statement.id, text=statement.text, start=statement.start,
                end=statement.end, holder=statement.holder, party=party,
                target=Mention(span_text(span), span.start_char, span.end_char), label=label_for(score), score=score,
                evidence=tuple(evidence), doc=doc_id, source="act" if is_act else "statement", cue=statement.cue,
            ))
    return results
