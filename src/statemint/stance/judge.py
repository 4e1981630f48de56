"""One judgement: the learned model's stance of a holder toward one party mention, as statemint's score,
label and evidence.

The model (stance.model) gives three probabilities; a record has a score in [-1, 1] whose bands name
five labels (docs/OUTPUT.md). The score is P(positive) - P(negative), moved into the band of the most
probable class when it falls outside it (a 0.45/0.30/0.25 split is negative, though its difference is
only -0.2), so that a record's polarity is always the model's most probable class, as the bench
(bench/stance_eval.py) measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Span

from statemint.extract.syntax import is_question
from statemint.nlp.doctext import doc_text
from statemint.records import Evidence, Mention
from statemint.stance.lexicon import load_lexicon
from statemint.stance.model import Prediction, StanceModel, token_runs
from statemint.stance.roles import Role, role_of

NEUTRAL_EDGE = 0.19     # the largest |score| a neutral record keeps (the neutral band is < 0.2)


POLAR_EDGE = 0.2        # the smallest |score| a polar record gets (critical <= -0.2, favorable >= 0.2)


EVIDENCE_CUES = 5       # the strongest model cues a record cites


NOT_HOSTILE = -0.59     # the lowest score that is not hostile (hostile is <= -0.6)


# The band each role (stance.roles) keeps a score in: (lowest, highest). A denied hostile deed is no
# hostility, though a denial often answers the party's accusation (the UNGDC gold reads Cuba's "has not
# engaged in any action to threaten ... the United States" as critical of it): it may stay critical.
ROLE_BOUNDS = {"victim": (-NEUTRAL_EDGE, 1.0), "topic": (-NEUTRAL_EDGE, 1.0), "denied": (NOT_HOSTILE, 1.0),
               "addressee": (-1.0, -POLAR_EDGE),
               "culprit": (-1.0, -POLAR_EDGE),
               "ally": (0.6, 1.0), "supported": (POLAR_EDGE, 1.0), "praised": (POLAR_EDGE, 1.0),
               "condemned": (-1.0, -POLAR_EDGE), "endorsed": (POLAR_EDGE, 1.0), "withheld": (-1.0, -POLAR_EDGE),
               "qualified-negative": (-1.0, -POLAR_EDGE), "qualified-positive": (POLAR_EDGE, 1.0)}


@dataclass(frozen=True)
class Judgement:
    """The stance toward one mention: a score in [-1, 1] and the words that weighed most."""

    score: float
    evidence: tuple[Evidence, ...]


def neutral(score: float) -> float:
    """The score kept inside the neutral band."""
    return max(-NEUTRAL_EDGE, min(NEUTRAL_EDGE, score))


def band_score(prediction: Prediction) -> float:
    """P(positive) - P(negative), kept inside the band of the most probable class."""
    score = prediction.score
    label = prediction.label
    if label == "neutral":
        return neutral(score)
    if label == "negative":
        return min(score, -POLAR_EDGE)
    return max(score, POLAR_EDGE)


def holder_in_sentence(sentence: Span, mention: Mention | None) -> Span | None:
    """The holder's mention when it lies in the target's sentence ("France stands with Ukraine"), for the
    model's holder regression; None sends the item to the regression for the speaker's own view."""
    if mention is None or not (sentence.start_char <= mention.start and mention.end <= sentence.end_char):
        return None
    return sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")


def bounded(score: float, role: Role | None) -> float:
    """The score kept inside the band its role allows."""
    if role is None:
        return score
    low, high = ROLE_BOUNDS[role.name]
    return max(low, min(high, score))


def role_evidence(target: Span, role: Role, moved: float) -> list[Evidence]:
    """The words a role rests on, weighted by how far the role moved the score."""
    doc = target.doc
    text = doc_text(doc)
    found = []
    for start, end in token_runs(role.tokens):
        span = doc[start:end]
        found.append(Evidence(text[span.start_char:span.end_char], span.start_char, span.end_char, moved,
                              "role:" + role.name))
    return found


def asked(target: Span) -> bool:
    """Is the target's sentence a question? A question asserts nothing by itself ("What are the goals
    of China at the summit?"), so a polar score in one needs the words in the target's scope to agree;
    the dismissive ones ("so what could it be good for?") are stance.build's."""
    return is_question(target.sent)


def graded(score: float, lexical: float) -> float:
    """A polar score made as strong as the scope lexicon's when the two agree: the model is trained on
    three classes and knows no degrees, while the curated lexicon grades diplomatic words (-0.8 for
    "aggression", "condemn"; -0.3 for "pressure"), so "critical" and "hostile" come from it. The
    polarity stays the model's."""
    if score <= -POLAR_EDGE and lexical < score:
        return max(-1.0, lexical)
    if score >= POLAR_EDGE and lexical > score:
        return min(1.0, lexical)
    return score


def judge(model: StanceModel, target: Span, holder: Span | None, act_role: Role | None = None,
          speaker_is_we: bool = False, lexical: Sequence[tuple[int, int, float]] = (),
          speech: bool = False) -> Judgement:
    """The model's stance toward `target` in its sentence, bounded by the target's role. Without a holder
    mention in the sentence the author regression reads it as the writer's own view, or with `speech`
    (the sentence is the holder's own words: a speech, a statement) the speech regression as the
    speaker's; `speaker_is_we` would read a first-person subject as the holder instead
    (StanceModel.resolve_holder), which measured worse on the UNGDC dev speeches (3-class macro-F1 0.58
    against 0.63), so it is off.
    `act_role`: the target is what an evaluative act (extract.acts) judges (stance.roles.act_role),
    which decides the side. `lexical`: the scope lexicon's evidence (stance.scope), which grades the
    strength of a polar score (`graded`)."""
    prediction = model.predict(target.sent, target, holder, top=EVIDENCE_CUES, speaker_is_we=speaker_is_we,
                               speech=speech)
    evidence = [Evidence(cue.text, cue.start, cue.end, cue.weight, cue.feature) for cue in prediction.evidence]
    score = band_score(prediction)
    role = act_role or role_of(target, load_lexicon(), holder)
    final = bounded(score, role)
    if role is not None and final != score:
        evidence = role_evidence(target, role, final - score) + evidence
    lexical_sum = sum(weight for _, _, weight in lexical)
    if role is None and asked(target) and final * lexical_sum <= 0:
        final = neutral(final)
    strength = bounded(graded(final, lexical_sum), role)
    if strength != final:
        text = doc_text(target.doc)
        cited = {(item.start, item.end) for item in evidence}
        evidence += [Evidence(text[start:end], start, end, weight, "lexicon")
                     for start, end, weight in lexical if (start, end) not in cited]
    return Judgement(strength, merged(evidence))


def merged(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """One item per stretch of text: the weights of the features that cite the same words add up, and
    the item is named after the strongest of them; strongest first."""
    by_span: dict[tuple[int, int], list[Evidence]] = {}
    for item in evidence:
        by_span.setdefault((item.start, item.end), []).append(item)
    items = []
    for (start, end), group in by_span.items():
        strongest = max(group, key=lambda item: abs(item.weight))
        items.append(Evidence(strongest.text, start, end, sum(item.weight for item in group), strongest.feature))
    return tuple(sorted(items, key=lambda item: (-abs(item.weight), item.start)))
