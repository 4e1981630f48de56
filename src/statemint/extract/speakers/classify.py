"""What a speaker mention is, by its words: a pronoun, a role, a lone demonym, an institution, a document.

This is the one reading of a mention that speaker resolution (extract.speakers.resolve) acts on and
that the selective parse (statemint.pipeline.lookback) asks to know how far back a mention may reach:
a rule changed here changes both."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from statemint.extract.speakers.lookups import PartyView
from statemint.vocabulary import (ARTICLES, DEMONYM_SUFFIXES, INDEFINITE_OPENERS, INSTITUTION_NOUNS,
                                  MALE_FEMALE_PRONOUNS, NEUTER_PRONOUNS, PLURAL_PRONOUNS, ROLE_NOUNS,
                                  SPEAKING_DOCUMENT_NOUNS)

PLURAL_TAGS = {"NNS", "NNPS"}


@dataclass(frozen=True)
class MentionForm:
    pronoun: str | None      # "person" (he, she), "plural" (they, we), "neuter" (it, its); None otherwise
    role: bool               # a role noun: "the Chinese president", "his counterpart"
    group_role: bool         # a plural role: "officials" (a group, not one person named before)
    new_person: bool         # an indefinite role: "a senior official" (someone new)
    lone_demonym: bool       # one capitalised demonym-like word, not a party's own name: "the American"
    institution: str | None  # "the ministry": the institution noun's lemma
    document: bool           # headed by a document noun: "the statement", "the letter"

    @property
    def looks_back(self) -> bool:
        """Resolved by looking back at persons named before ("he", "the minister", "the American")."""
        return self.pronoun == "person" or (self.role and not self.group_role and not self.new_person) \
            or self.lone_demonym


def classify(span: Span, parties: PartyView) -> MentionForm:
    """The form of the mention `span` (a Span of a parsed Doc)."""
    words = [t for t in span if not t.is_punct]
    content = [t for t in words if t.lower_ not in ARTICLES]
    pronoun = None
    if len(words) == 1:
        word = words[0].lower_
        pronoun = ("person" if word in MALE_FEMALE_PRONOUNS else "plural" if word in PLURAL_PRONOUNS
                   else "neuter" if word in NEUTER_PRONOUNS else None)
    role = any(t.lemma_.lower() in ROLE_NOUNS or t.lower_ in ROLE_NOUNS for t in span)
    group_role = role and span.root.tag_ in PLURAL_TAGS
    new_person = role and len(span) > 0 and span[0].lower_ in INDEFINITE_OPENERS
    lone = (len(content) == 1 and content[0].pos_ in {"ADJ", "PROPN", "NOUN"} and content[0].text[:1].isupper()
            and content[0].lower_.endswith(DEMONYM_SUFFIXES) and not parties.names_own_party(content[0].text))
    institution = None
    if len(words) == 2 and words[0].lower_ == "the" and words[1].lemma_.lower() in INSTITUTION_NOUNS:
        institution = words[1].lemma_.lower()
    return MentionForm(pronoun, role, group_role, new_person, lone, institution, is_document(span))


def is_document(span: Span) -> bool:
    """A mention headed by a document noun speaks as that document."""
    return span.root.pos_ == "NOUN" and span.root.lemma_.lower() in SPEAKING_DOCUMENT_NOUNS
