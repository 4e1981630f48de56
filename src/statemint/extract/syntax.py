"""Reading the dependency tree for attribution: who is the subject of a reporting verb, and where a
noun phrase ends. Shared by the cue rules (extract.attribution), the cue-less rules (extract.context)
and reported speech (extract.statements)."""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Span, Token

from statemint.extract.cues import cue_lemma, reporting_lemmas
from statemint.extract.holders import may_hold_view

# Verbs whose passive subject is who is addressed, not who speaks ("Trump was asked, “…?”", "she was told …").
ADDRESSED_PASSIVES = frozenset({"ask", "tell", "question", "inform", "interview", "press", "urge"})
# Words that negate the word they modify as its determiner or adverb ("no support", "without delay").
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without", "cannot"})


def is_root(token: Token) -> bool:
    """Is the token its sentence's root (its own head)? spaCy makes a new Token object at each access,
    so `token.head is token` is never true: compare positions."""
    return token.head.i == token.i


def negated(token: Token, words: frozenset[str] = NEGATIONS) -> bool:
    """Is the word negated by a child: a "neg" ("not", "n't", "never") or one of `words` as its
    determiner or adverb? The one negation test of the rules and of the stance model's features
    (stance.features; the scope lexicon passes its own word list)."""
    return any(child.dep_ == "neg" or child.lower_ in words and child.dep_ in {"det", "advmod"}
               for child in token.children)


def denied_above(token: Token, negation: Callable[[Token], bool] = negated, steps: int = 6) -> bool:
    """Does a negated verb govern the word from above ("Cuba has not engaged in any action to threaten
    ..."): nothing under that verb is asserted. A coordinated clause with its own subject is asserted
    on its own ("we are not facing a threat, but we are countering Russia's assault")."""
    current = token
    for _ in range(steps):
        if current.dep_ == "conj" and any(child.dep_ in {"nsubj", "nsubjpass"} for child in current.children):
            return False
        if is_root(current):
            return False
        current = current.head
        if current.pos_ in {"VERB", "AUX"} and negation(current):
            return True
    return False


def is_question(sentence: Span) -> bool:
    """Does the sentence ask (a question mark at its end, inside closing marks or brackets)?"""
    return sentence.text.rstrip().rstrip("”\"’'»)").endswith("?")


def governs(verb: Token, token: Token) -> bool:
    """Is `token` in `verb`'s subtree (climbing at most 12 heads)?"""
    current = token
    for _ in range(12):
        if current.i == verb.i:
            return True
        if is_root(current):
            return False
        current = current.head
    return False


def passive_agent(verb: Token) -> Token | None:
    """The head of the "by" phrase of a passive verb ("was derided by Armin Laschet", "reported by
    Politico"), or None."""
    return next((grandchild for child in verb.children if child.dep_ == "agent"
                 for grandchild in child.children if grandchild.dep_ == "pobj"), None)


def as_clause(verb: Token) -> bool:
    """Does the verb head a clause that "as" opens ("as Reuters reported", "as reported by Politico")?"""
    return any(child.dep_ == "mark" and child.lower_ == "as" for child in verb.children)


def addressed_passive(verb: Token) -> bool:
    """"Trump was asked, “…?”", "she was told …": a passive whose subject is addressed, no agent named."""
    children = list(verb.children)
    return verb.lemma_.lower() in ADDRESSED_PASSIVES and any(child.dep_ == "nsubjpass" for child in children) \
        and not any(child.dep_ == "agent" for child in children)


def subject_of(verb: Token) -> Span | None:
    """The subject that says what the verb reports, climbing through conjunctions and participles."""
    # "was accused by the United States of …": the agent of a passive reporting verb is who says it.
    # "As reported by Politico, …": so too in an "as" clause, which has no subject of its own
    # "supported by concrete actions", "exposed by the pandemic": a means or a cause holds no view (extract.holders)
    agent = passive_agent(verb)
    if agent is not None and (as_clause(verb) or any(child.dep_ == "nsubjpass" for child in verb.children)):
        return noun_phrase(agent) if may_hold_view(agent) else None
    if addressed_passive(verb):
        return None  # "Trump was asked, “…?”": he is who was asked; who asked is not named
    current = _reporter_above(verb) or verb
    for _ in range(5):
        # A verb has one subject; when the parser gives it two (garbled text: "…, Ursula von der Leyenthe
        # president of the Asian superpower has pledged"), the one nearest the verb is it.
        subjects = [child for child in current.children if child.dep_ in {"nsubj", "nsubjpass", "csubj"}]
        if subjects:
            child = min(subjects, key=lambda token: abs(token.i - current.i))
            if child.lower_ in {"who", "which", "that"} and current.dep_ == "relcl":
                return noun_phrase(current.head)
            return noun_phrase(child)
        if current.dep_ == "relcl" or _misread_clause(current):
            return noun_phrase(current.head)
        stolen = _subject_of_participle_before(current) or _phrase_before_root(current) or _subject_before_nonfinite(current)
        if stolen is not None:
            return stolen
        if current.dep_ == "acl" and current.head.dep_ in {"dobj", "pobj"} and not is_root(current.head):
            # "she released a statement saying, …", "in a memo noting that …": the one who issued it
            current = current.head.head
            continue
        if current.dep_ in {"conj", "advcl", "xcomp", "pcomp", "acl", "ccomp", "prep", "advmod"} and not is_root(current):
            current = current.head
            continue
        break
    return None


def reporters_conjunct(verb: Token) -> bool:
    """"Smith announced that he was undergoing therapy and vowed to focus on …", "Putin forecast that
    the economy would soon rebound and praised …": the parser hangs the reporter's second verb on the
    reported clause's verb; a conjunct in the reporter's tense and not the clause's, with no subject,
    auxiliary or "that" of its own, is the reporter's. Not after a participle ("said the leaders had
    discussed … and agreed …": "agreed" may share "had")."""
    clause = verb.head
    return (verb.dep_ == "conj" and clause.dep_ == "ccomp" and not is_root(clause)
            and verb.tag_ in FINITE_TAGS and verb.tag_ == clause.head.tag_ != clause.tag_ and clause.tag_ != "VBN"
            and not any(child.dep_ in {"nsubj", "nsubjpass", "mark", "aux", "auxpass"} for child in verb.children))


def _reporter_above(verb: Token) -> Token | None:
    """"He said his attacks have given his campaign momentum and said that …": the parser hangs the
    second reporting verb on the first one's content, whose subject ("his attacks") says nothing; the
    first reporting verb is whose subject speaks again."""
    if verb.dep_ != "conj" or any(child.dep_ in {"nsubj", "nsubjpass"} for child in verb.children):
        return None
    clause = verb.head
    if reporters_conjunct(verb):
        return clause.head
    if clause.dep_ != "ccomp" or is_root(clause):
        return None
    known = reporting_lemmas()
    # the same verb again, or a report with a clause of its own; not "He said the leaders had discussed
    # … and agreed to coordinate …": the leaders agreed
    again = cue_lemma(verb, known) == cue_lemma(clause.head, known) or any(child.dep_ == "ccomp" for child in verb.children)
    if again and cue_lemma(verb, known) in known and cue_lemma(clause.head, known) in known:
        return clause.head
    return None


def noun_phrase(head: Token) -> Span:
    """The head's phrase without relative clauses and trailing punctuation, and without white space
    tokens at its edges (a wrap break after a CR reads as two spaces: "She  recalled")."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in {"relcl", "acl", "punct", "advcl", "cc"} or child.dep_ == "prep" and child.lower_ not in {"of", "for"}:
            break
        if not child.is_space:
            end = child.right_edge.i + 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _misread_clause(verb: Token) -> bool:
    """"a man yelled “Stay there!”" parsed with "yelled" as a clause modifying "man": a past tense (not
    a participle) hung right after its noun is that noun's verb, so the noun is its subject; not after an
    object, where the tagger's past tense is a participle ("slammed the loophole called an “inversion”")."""
    return verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.i == verb.i - 1 \
        and verb.head.pos_ in {"NOUN", "PROPN"} and verb.head.dep_ not in {"dobj", "pobj", "attr", "appos", "dative"}


def _phrase_before_root(verb: Token) -> Span | None:
    """"Although …, a White House official who spoke anonymously said Wednesday, “…”": the parser may
    hang the speaker on the clause before (here as an appositive of "team") and leave the root verb
    without a subject. The noun phrase that ends right before the verb and starts the sentence or
    follows a comma is its subject; not a phrase inside it ("internal strategy" is what was discussed)."""
    known = reporting_lemmas()
    if not is_root(verb) or verb.tag_ not in {"VBD", "VBZ", "VBP"} or verb.i == verb.sent.start \
            or cue_lemma(verb, known) not in known:
        return None
    doc = verb.doc
    last = doc[verb.i - 1]
    current = last
    for _ in range(8):
        if current.i == verb.i or current.right_edge.i != last.i:
            return None
        start = current.left_edge.i
        if current.pos_ in {"NOUN", "PROPN"} and current.ent_type_ not in {"DATE", "TIME"} \
                and (start == verb.sent.start or doc[start - 1].text == ","):
            return noun_phrase(current)
        current = current.head
    return None


def _subject_of_participle_before(verb: Token) -> Span | None:
    """"The spokesperson, asked about the meeting, said …": the parser may hang the subject on the
    participle before the verb ("asked") and leave the verb without one; the participle's subject is
    the verb's."""
    doc = verb.doc
    for child in verb.lefts:
        if child.dep_ in {"ccomp", "advcl"} and child.tag_ in {"VBN", "VBG", "VBD"}:
            # set off by commas: "X, asked …," (the tagger often reads the participle as a past tense)
            subjects = [grandchild for grandchild in child.lefts if grandchild.dep_ == "nsubj"
                        and grandchild.i + 1 < len(doc) and doc[grandchild.i + 1].text == ","]
            if subjects:
                return noun_phrase(subjects[0])
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subject_before_nonfinite(verb: Token) -> Span | None:
    """"Jeffrey Salkin, a rabbi helping to organize the boycott, said …", "Majorities of Democrats in five
    states going to the polls Tuesday say …", "Republican activists clamoring to block Trump say …": the
    parser may read the subject and its long modifier as a clause of their own (the subject of
    "rabbi", "going", "clamoring") and leave the reporting verb without a subject. The sentence's first
    subject is the verb's when no finite verb comes before the verb and its clause hangs on the verb, or
    the verb on it. Only for a verb the parser left without any subject, so "The talks failed, he said"
    never comes here."""
    known = reporting_lemmas()
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or cue_lemma(verb, known) not in known:
        return None
    doc = verb.doc
    for token in doc[verb.sent.start:verb.i]:
        if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}:
            head = token.head
            # the tagger may read the noun of the appositive as a verb ("rabbi" VBP) set off before the verb
            misread = head.dep_ == "ccomp" and head.head.i == verb.i and doc[verb.i - 1].text == ","
            if head.i >= verb.i or head.tag_ in FINITE_TAGS and not misread \
                    or not (head.head.i == verb.i or verb.head.i == head.i):
                return None
            if any(between.tag_ in FINITE_TAGS for between in doc[token.i + 1:verb.i] if between.i != head.i):
                return None
            return noun_phrase(token)
        if token.tag_ in FINITE_TAGS:
            return None
    return None

