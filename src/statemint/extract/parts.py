"""Reported speech inside a sentence: every cue of a sentence beside the one that makes it a statement.

A sentence often reports more than one thing: "X said A, adding that B", "Cruz knocked Rubio on trade and
called him a “moderate”", "polls show Clinton with a lead", "his claim that …", "support for Clinton".
The sentence's own statement (extract.statements) keeps one cue, the highest in the tree; each other cue
with its holder and content becomes a *part*: a statement of its own over the stretch from its holder
to its content, inside the sentence (so its id `s<start>-<end>` differs from the sentence's).

Which words are cues here: the reporting verbs of data/reporting_verbs.txt (as extract.statements
reads them) and the (lemma, frame) pairs of data/learned_cues.tsv, which tools/polnear_cue_frames.py
learns from PolNeAR train: a frame is what holds the content (`frame_of`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from statemint.extract.assessments import assessed_clause
from statemint.extract.content import circumstance, heads_content, reported_content, trimmed_stretch
from statemint.extract.cues import CueLexicon, cue_lemma
from statemint.extract.holders import may_hold_view
from statemint.extract.reporting import HOLDER_WORDS, hearer_infinitive, noun_by_form, reported_clause
from statemint.extract.speakers import SpeakerIndex
from statemint.extract.speakers.resolve import not_an_agent
from statemint.extract.syntax import negated, noun_phrase, passive_agent, subject_of
from statemint.nlp.doctext import doc_text
from statemint.records import Mention, Quote, Speaker, mention_at
from statemint.vocabulary import CITED_DOCUMENT_NOUNS

# Verbs whose direct object hears what is said ("told a news conference", "urged the allies"): for them
# the object frame carries no content.
HEARER_VERBS = frozenset({"tell", "inform", "remind", "assure", "brief", "notify", "advise", "address"})
# Verbs whose passive subject was made, sent or asked by the agent, not judged ("a statement released by the
# campaign", "Rubio was asked by the moderator"): parts._passive_judgement leaves them.
MADE_OR_ADDRESSED = frozenset({"release", "issue", "write", "publish", "sign", "offer", "author", "draft", "send",
                               "post", "ask", "tell", "appoint", "hold", "see", "identify", "cite"}) | HEARER_VERBS
# Verbs of feeling, whose passive subject feels and whose agent is the cause ("the United States was encouraged
# by the steps", "alarmed by the tests"): the agent holds nothing.
FELT = frozenset({"encourage", "alarm", "anger", "delight", "disappoint", "dismay", "frustrate", "please", "worry",
                  "trouble", "concern", "shock", "surprise", "impress", "outrage", "hearten", "reassure", "sadden",
                  "upset", "satisfy", "intrigue", "disturb", "appal", "appall", "horrify", "excite", "embarrass"})
# Nouns' holders: "his claim", "Obama's endorsement of Clinton".
POSSESSIVE_DEPS = {"poss"}
# Verbs whose object a noun cue is, so that their subject holds it ("X voiced support for", "X raised concerns about").
CONTENT_DEPS = {"ccomp", "xcomp"}


@dataclass(frozen=True)
class CueFrames:
    """Learned cue frames: lemma -> the frames in which PolNeAR train annotates it as a cue."""

    verbs: dict[str, frozenset[str]]
    nouns: dict[str, frozenset[str]]
    adjectives: dict[str, frozenset[str]] = field(default_factory=dict)  # "critical of", "eager to"


@functools.lru_cache(maxsize=1)
def load_frames() -> CueFrames:
    tables: dict[str, dict[str, set[str]]] = {"VERB": {}, "NOUN": {}, "ADJ": {}}
    text = resources.files("statemint").joinpath("data/learned_cues.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pos, frame, lemma, *_ = line.split("\t")
        tables[pos].setdefault(lemma, set()).add(frame)
    verbs, nouns, adjectives = ({k: frozenset(v) for k, v in tables[pos].items()} for pos in ("VERB", "NOUN", "ADJ"))
    return CueFrames(verbs, nouns, adjectives)


def frame_of(token: Token) -> str | None:
    """What holds the content of a verb or noun: "clause" (a clausal complement, an infinitive, or for a
    noun a that-clause), else "object" (a direct object), else "prep:X" (the object of the first
    preposition after it). tools/polnear_cue_frames.py learns the frames with this same function."""
    children = list(token.children)
    if any(_is_clause(token, child) for child in children):
        return "clause"
    if any(child.dep_ == "dobj" for child in children):
        return "object"
    for child in children:
        if child.dep_ == "prep" and child.i > token.i and any(g.dep_ in {"pobj", "pcomp"} for g in child.children):
            return f"prep:{child.lower_}"
    return None


def _is_clause(token: Token, child: Token) -> bool:
    if child.dep_ in CONTENT_DEPS:
        return True
    # "his claim that …", "calls to …": a noun's clause hangs as acl
    return token.pos_ == "NOUN" and child.dep_ == "acl" and child.i > token.i and any(
        grandchild.dep_ in {"mark", "aux"} for grandchild in child.children)


# What follows a cue's object and still belongs to what it says ("describing the plan as a buzz",
# "crediting her with convening", "called for the suspension of the deal in response to tests").
AFTER_OBJECT = {"prep", "oprd", "dative"}
RELATIVE_WORDS = frozenset({"that", "which", "who", "whom"})
# Words that stand for a phrase elsewhere and say nothing as a content of their own ("one", "those").
STAND_IN_WORDS = frozenset({"one", "those", "this", "these"})


def frame_content(token: Token, frame: str) -> list[Token]:
    """The heads of what the cue's frame says: the clause, the object (with the prepositions and
    predicates after it, up to a comma or a conjunction), or the preposition's object."""
    if frame == "clause":
        return [child for child in token.children if _is_clause(token, child)]
    if frame == "object":
        # not the relative pronoun of "the documents [that] Putin and Xi signed": it says nothing itself
        objects = [child for child in token.children if child.dep_ == "dobj"
                   and not (token.dep_ == "relcl" and child.lower_ in RELATIVE_WORDS)]
        return objects + _after(token, objects[0]) if objects else []
    preposition = frame.partition(":")[2]
    for child in token.children:
        if child.dep_ == "prep" and child.i > token.i and child.lower_ == preposition:
            objects = [grandchild for grandchild in child.children if grandchild.dep_ in {"pobj", "pcomp"}]
            return objects + _after(token, child) if objects else []
    return []


def _as_predicate(child: Token) -> bool:
    """"view Mrs. Clinton as vastly more prepared": what the object is seen as, which the parser may
    hang as a clause of the verb; not a clause with a subject of its own ("… as he left")."""
    return child.dep_ == "advcl" and child.doc[child.left_edge.i].lower_ == "as" \
        and not any(grandchild.dep_ in {"nsubj", "nsubjpass"} for grandchild in child.children)


def _after(token: Token, last: Token) -> list[Token]:
    """The token's right children after `last` that still belong to what it says (AFTER_OBJECT), up to
    the first that does not (a comma, a conjunction, a clause of the reporter's)."""
    after = []
    for child in token.rights:
        if child.i <= last.i:
            continue
        if not (child.dep_ in AFTER_OBJECT or _as_predicate(child)) or circumstance(child):
            break
        after.append(child)
    return after


def is_learned_cue(token: Token, frames: CueFrames) -> str | None:
    """The token's frame when the learned lexicon lists it for the token's lemma, else None."""
    table = {"VERB": frames.verbs, "NOUN": frames.nouns, "ADJ": frames.adjectives}.get(token.pos_)
    if table is None or token.pos_ == "ADJ" and token.dep_ != "acomp":
        return None  # an adjective speaks only as the predicate of a subject ("X is critical of Y")
    known = table.get(token.lemma_.lower())
    frame = frame_of(token) if known else None
    return frame if frame is not None and frame in known else None  # type: ignore[operator]


# Verbs whose subject holds the noun cue they take as object ("X voiced support for", "renewed calls
# for", "made the claim that"); not "rejected the accusation that …", which is someone else's.
HOLDING_VERBS = frozenset({"express", "voice", "renew", "raise", "make", "issue", "offer", "reiterate", "repeat",
                           "signal", "lodge", "register", "give", "pledge", "declare", "announce", "show", "have",
                           "level", "air", "state", "press", "step"})


def noun_holder(noun: Token) -> Span | None:
    """Who holds a noun cue: its possessor ("his claim", "Obama's endorsement", without the "'s"), else
    the subject of the verb of holding it is the object of ("X voiced support for …")."""
    for child in noun.children:
        if child.dep_ in POSSESSIVE_DEPS:
            phrase = noun_phrase(child)
            if len(phrase) > 1 and phrase[-1].dep_ == "case":
                phrase = phrase[:-1]
            return phrase
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"} and noun.head.lemma_.lower() in HOLDING_VERBS:
        return subject_of(noun.head)
    return None


def copula_clause(noun: Token) -> list[Token]:
    """"The union's view is that the contract has expired": the clause a noun cue is the subject of."""
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return []
    return [child for child in head.children if child.dep_ in {"ccomp", "attr"} and child.i > head.i
            and (child.dep_ == "ccomp" or any(g.dep_ in {"mark", "relcl", "acl"} for g in child.children))][:1]


def _question_put(token: Token) -> list[Token]:
    """"Asked whether he would run, Rubio said …", "When asked about the merger, she …": a question put
    to the sentence's subject by someone the text does not name (a reporter, a host). It is a reported
    question with no holder (who asked is unknown; the one asked does not hold it): the heads of what
    was asked (the whether-/if-clause, the infinitive, the object of "about"), or none."""
    if token.lower_ != "asked" or token.tag_ != "VBN" or token.dep_ not in {"advcl", "ROOT"}:
        return []
    if any(child.dep_ in {"nsubj", "nsubjpass", "auxpass", "aux", "agent"} for child in token.children):
        return []  # "he was asked", "had asked", "asked by Ingraham": someone named or a tense, not this
    for child in token.rights:
        if child.dep_ in {"ccomp", "xcomp"} or child.dep_ == "advcl" and any(
                mark.dep_ == "mark" and mark.lower_ in {"if", "whether"} for mark in child.children):
            return [child]
        about = [prep for prep in child.subtree if prep.dep_ == "prep" and prep.lower_ == "about"]
        if child.dep_ == "prep" and about:
            return [object_ for object_ in about[0].children if object_.dep_ in {"pobj", "pcomp"}][:1]
    return []


@dataclass(frozen=True)
class Part:
    """A cue of a sentence beside the one its statement keeps (extract.parts), with its holder phrase,
    the stretch from holder to content (the part's statement) and the content, as character offsets."""

    cue: Token
    subject: Span | None
    span: tuple[int, int]
    content: tuple[int, int]


def sentence_parts(sentence: Span, lexicon: CueLexicon, frames: CueFrames, taken: set[int],
                   quoted: Sequence[tuple[int, int]] = (),
                   quote_cues: dict[int, list[tuple[int, int]]] | None = None) -> list[Part]:
    """The parts of a parsed sentence: every reporting verb (`_reported_clause`) or learned cue
    (extract.parts) other than the tokens `taken` (the cues the sentence's statements keep), outside
    quotations (`quoted`: the quoted words are the speaker's, not the reporter's), with a holder (a
    verb's subject, a noun's possessor) or, for nouns, without; in text order. The cue of a quotation
    (`quote_cues`: token -> its utterance's quoted stretches) is a part too when what it governs holds
    none of them ("noted that the company offers leave" beside a “Women Who Work” elsewhere)."""
    found: list[Part] = []
    quote_cues = quote_cues or {}
    for token in sentence:
        if token.i in taken or any(start <= token.idx < end for start, end in quoted) or _holds_stolen_subject(token):
            continue
        if token.dep_ == "xcomp" and token.head.i in taken:
            continue  # "The minister refused to sign the agreement": the signing is what "refused" reports
        subject: Span | None
        assessed = assessed_clause(token, sentence)
        if assessed is None and token.pos_ in {"VERB", "AUX"} and negated(token):
            continue  # "Xi does not mention the war": what he did not say is no statement of his
        asked = bool(question := _question_put(token))
        if assessed is not None:  # "Trump is expected to win": no one named holds it; the clause is assessed
            subject, content = None, assessed
        elif asked:
            subject, content = None, heads_content(question, sentence)
        elif token.pos_ == "VERB" and not noun_by_form(token) and reported_clause(token, lexicon):
            subject, content = _participle_subject(token, lexicon) or subject_of(token), reported_content(token, sentence)
        elif (judged := _passive_judgement(token, lexicon, frames) or _side_taken(token)) is not None:
            subject, content = judged
        elif token.pos_ == "NOUN" and "clause" in frames.nouns.get(token.lemma_.lower(), ()) and copula_clause(token):
            subject, content = noun_holder(token), heads_content(copula_clause(token), sentence)
        elif (frame := is_learned_cue(token, frames)) is not None:
            if token.pos_ == "VERB":
                if noun_by_form(token) or _passive_without_agent(token) or _participle_modifier(token):
                    continue  # "The conference is expected to host …", "X, asked about …,": others expect, ask
                if hearer_infinitive(token) and cue_lemma(token.head, lexicon.indirect) in lexicon.indirect:
                    continue  # "wants the world to know that …" (but "allowed voters to support X" is the voters')
                if frame == "object" and token.lemma_.lower() in HEARER_VERBS:
                    continue  # "told a news conference": the object hears it, it is not what is said
                subject = _participle_subject(token, lexicon) or _modified_noun(token) or subject_of(token)
                if subject is None or not len(subject):
                    continue
                # "By choosing China …, he continues to strengthen …": the clause after the cue, when there is one
                after = [child for child in frame_content(token, frame) if child.i > token.i] if frame == "clause" else []
                content = heads_content(after, sentence) if after else \
                    reported_content(token, sentence) if frame == "clause" else None
            elif token.pos_ == "ADJ":  # "Cruz was also critical of Obama's stance": the copula's subject
                subject = subject_of(token.head) if not negated(token.head) and not negated(token) else None
                if subject is None or not len(subject) or subject.root.lower_ in {"it", "this", "that", "there"}:
                    continue  # "It is far from certain that …": no one holds it
                content = None
            else:
                subject = noun_holder(token)
                content = None
            if content is None:
                content = heads_content(frame_content(token, frame), sentence)
        else:
            continue
        if subject is not None and not len(subject):
            subject = None
        if assessed is None and content is not None and content[0] <= token.idx < content[1] \
                and content[1] > token.idx + len(token):
            # "a rule change that he said would make it harder", "Instead, she said, her boss told her …":
            # what follows the cue inside the stretch the parser gave it (a relative word stands for the
            # noun before it, no word that was said)
            last = max(word.i for word in sentence if word.idx < content[1])
            content = trimmed_stretch(sentence, token.i + 1, last + 1)
        if content is None or content[0] <= token.idx < content[1] and assessed is None:
            continue
        if any(start < content[1] and content[0] < end for start, end in quote_cues.get(token.i, ())):
            continue
        if token.pos_ == "VERB" and subject is None and not asked and assessed is None:
            continue
        # the holder is part of the stretch when it is the cue's own ("the bishop's criticism"), not when
        # it comes from the reporting verb above ("said …, adding that …")
        own = subject is not None and token.left_edge.i <= subject.start and subject.end <= token.right_edge.i + 1
        starts = [token.idx, content[0]] + ([subject.start_char] if own else [])  # type: ignore[union-attr]
        ends = [token.idx + len(token), content[1]] + ([subject.end_char] if own else [])  # type: ignore[union-attr]
        found.append(Part(token, subject, (min(starts), max(ends)), content))
    return found


def _passive_judgement(verb: Token, lexicon: CueLexicon, frames: CueFrames) -> tuple[Span, tuple[int, int] | None] | None:
    """"His comments were quickly derided by Armin Laschet", "Cruz was endorsed by Carly Fiorina", "gun
    measures - deemed insufficient by Democrats -": a judging verb (or a learned cue whose frame is its
    object) in the passive says what its "by" agent holds of its subject, or of the noun the participle
    modifies; PolNeAR marks the agent as the source and that subject as the content. The holder and the
    content's offsets, or None."""
    agent = passive_agent(verb)
    if agent is None or verb.pos_ != "VERB" or negated(verb) or not may_hold_view(agent):
        return None  # "supported by concrete actions": a means, not who holds a view
    lemma = verb.lemma_.lower()
    if lemma in MADE_OR_ADDRESSED or lemma in FELT or lemma not in lexicon.judge and "object" not in frames.verbs.get(lemma, ()):
        return None
    if is_learned_cue(verb, frames) is not None:
        return None  # "was criticized by his rivals for failing to …": what the frame holds is the content
    sentence = verb.sent
    subjects = [child for child in verb.children if child.dep_ == "nsubjpass"]
    if subjects and len(list(subjects[0].subtree)) == 1 and subjects[0].lower_ in RELATIVE_WORDS | STAND_IN_WORDS \
            and verb.dep_ != "relcl":
        return None  # "…, which was acknowledged by the WHO" read as no relative clause: the content is a stand-in
    if subjects and not (subjects[0].lower_ in RELATIVE_WORDS and verb.dep_ == "relcl"):
        content = trimmed_stretch(sentence, subjects[0].left_edge.i, subjects[0].right_edge.i + 1)
    elif verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"} and verb.head.i < verb.i \
            and verb.head.lemma_.lower() not in CITED_DOCUMENT_NOUNS:  # "a report cited by her campaign"
        # the noun phrase before the participle or the relative clause: "the plan, which was criticized by X"
        content = trimmed_stretch(sentence, verb.head.left_edge.i, verb.left_edge.i)
    else:
        return None
    return noun_phrase(agent), content


# Nouns for one who takes a side ("a fierce critic of", "an advocate for"): PolNeAR annotates what they are
# for or against as held by the person they are said of; each is too rare in train for the learned frames.
SIDE_NOUNS = frozenset({"supporter", "critic", "opponent", "proponent", "backer", "champion", "defender",
                        "detractor", "advocate", "admirer", "skeptic", "foe"})


def _side_taken(noun: Token) -> tuple[Span, tuple[int, int] | None] | None:
    """"Adelson, a fierce supporter of Israel", "Clinton is an outspoken supporter of Roe v. Wade": a
    noun for one who takes a side, said of someone (an appositive, or after "is", "remains",
    "becomes"), is that one's view of its object. Not a plain "supporters of Sanders gathered": no one
    named holds it. The holder and the content's offsets, or None."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in SIDE_NOUNS:
        return None
    objects = [grandchild for child in noun.children if child.dep_ == "prep" and child.lower_ in {"of", "for"}
               for grandchild in child.children if grandchild.dep_ == "pobj"][:1]
    if not objects:
        return None
    if noun.dep_ == "appos" and noun.head.pos_ in {"PROPN", "NOUN"}:
        holder: Span | None = noun_phrase(noun.head)
    elif noun.dep_ == "attr" and noun.head.lemma_ in {"be", "remain", "become"} and not negated(noun.head):
        holder = subject_of(noun.head)
    else:
        return None
    if holder is None or not len(holder) or not may_hold_view(holder.root):
        return None
    return holder, heads_content(objects, noun.sent)


def _participle_subject(verb: Token, lexicon: CueLexicon) -> Span | None:
    """"The minister said the talks had failed, adding that …": a participle without a subject of its
    own, wherever the parser hung it, is said by the subject of the reporting verb above it."""
    if verb.tag_ != "VBG" or any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None
    current = verb
    for _ in range(6):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ == "VERB" and cue_lemma(current, lexicon.indirect) in lexicon.indirect:
            subject = subject_of(current)
            if subject is not None and len(subject):
                return subject
    return None


def _modified_noun(verb: Token) -> Span | None:
    """"A super PAC supporting Marco Rubio", "a group backing Huckabee", "those opposing the deal": a
    participle that modifies a noun is that noun's doing (not so for a document's participle, "a
    statement saying …", which is its issuer's: syntax.subject_of)."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or head.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    return None if head.lemma_.lower() in CITED_DOCUMENT_NOUNS else noun_phrase(head)


def _holds_stolen_subject(verb: Token) -> bool:
    """"The spokesperson, asked about the meeting, said …": the parser may hang the speaker on the
    participle before the reporting verb (syntax.subject_of gives it back to that verb); the
    participle is then no cue of the speaker's."""
    doc = verb.doc
    return verb.dep_ in {"ccomp", "advcl"} and verb.i < verb.head.i and verb.tag_ in {"VBN", "VBD"} and any(
        child.dep_ == "nsubj" and child.i + 1 < len(doc) and doc[child.i + 1].text == "," for child in verb.lefts)


def _participle_modifier(verb: Token) -> bool:
    """"The spokesperson, asked about the meeting, said …": a past participle without an auxiliary
    that modifies a noun or clause is passive in meaning, so its subject is asked, it does not ask."""
    return verb.tag_ == "VBN" and verb.dep_ != "ROOT" and not any(
        child.dep_ in {"aux", "auxpass", "nsubj", "agent"} for child in verb.children)


def _passive_without_agent(verb: Token) -> bool:
    children = list(verb.children)
    return any(child.dep_ in {"auxpass", "nsubjpass"} for child in children) and not any(child.dep_ == "agent" for child in children)


def token_at(doc: Doc, mention: Mention) -> int:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span[0].i if span is not None and len(span) else -1


def part_drafts(doc: Doc, sentences: list[Span], quotes: Sequence[Quote], speakers: SpeakerIndex, lexicon: CueLexicon,
                 holder: Speaker | None, taken: set[int], quote_cues: dict[int, list[tuple[int, int]]],
                 drafts: list) -> list:
    """The parts of every parsed sentence (`sentence_parts`) as statement drafts. Their holders are
    resolved after all the sentences' statements (resolution remembers speakers met), so a part never
    changes a sentence statement's holder, and a stretch or content that a statement already has is
    left out (ids stay unique)."""
    frames = load_frames()
    quoted = [(quote.start, quote.end) for quote in quotes]
    spans = {(draft[0], draft[1]) for draft in drafts}
    contents = {draft[6] for draft in drafts if draft[6] is not None}
    found: list = []
    for sentence in sentences:
        if not sentence[0].tag_:
            continue  # not parsed (statemint.pipeline.selection)
        for part in sentence_parts(sentence, lexicon, frames, taken, quoted, quote_cues):
            if part.span in spans or part.content in contents:
                continue
            if part.subject is not None and not_an_agent(part.subject):
                continue  # "This Hall saw many wars": a figure of speech, no one's statement
            spans.add(part.span)
            contents.add(part.content)
            speaker = speakers.resolve(part.subject.start_char, part.subject.end_char) if part.subject is not None else None
            if speaker is not None and speaker.mention is not None and speaker.mention.text.lower() in HOLDER_WORDS:
                speaker = holder
            inside = [quote for quote in quotes if part.span[0] <= quote.start and quote.end <= part.span[1]]
            kind = "partial" if any(quote.kind != "scare" for quote in inside) else "indirect"
            cue = mention_at(doc_text(doc), part.cue.idx, part.cue.idx + len(part.cue))
            found.append((*part.span, kind, speaker or holder, cue, tuple(quote.id for quote in inside), part.content, True))
    return found
