"""The shared word lists: titles, roles, pronouns, document and institution nouns, determiners.

Each list is defined once here and named for the test it serves; stages import the list they apply,
and the selection (statemint.pipeline) builds its raw-text tests from the same lists, so a word added
here reaches both. Lists that look alike but serve different tests stay separate on purpose (the
comment above each says which test).
"""

from __future__ import annotations

# Words stripped from the front of a proper-noun run to leave a person's name ("President Xi" -> "Xi"),
# including words that merely precede a title ("the", "new", "former").
TITLES = frozenset({
    "president", "presidents", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prime", "minister",
    "ministers", "foreign", "defence", "defense", "finance", "secretary", "general", "secretary-general",
    "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir", "premier", "vice", "deputy",
    "ambassador", "senator", "governor", "spokesperson", "spokesman", "spokeswoman", "chief", "commissioner",
    "pope", "his", "her", "majesty", "excellency", "sir", "lord", "lady", "director", "chairman", "chair",
    "leader", "envoy", "adviser", "advisor", "state", "high", "representative", "commander", "gen.", "general",
    "admiral", "marshal", "judge", "justice", "mayor", "crown", "supreme", "new", "former", "the", "of",
    "undersecretary", "under-secretary", "special", "affairs", "interior", "trade", "economy", "energy",
    "central", "bank", "security", "council", "national", "head", "ministry", "mfa", "press", "official",
    "counselor", "councillor", "senior", "acting", "first", "sen.", "rep.", "gov.", "amb.",
})
# Nouns that describe a person by office ("the Chinese president", "his counterpart"): such a mention
# refers back to a person named before.
ROLE_NOUNS = frozenset({
    "president", "leader", "minister", "counterpart", "chancellor", "premier", "secretary", "spokesperson",
    "spokesman", "spokeswoman", "ambassador", "envoy", "chief", "head", "official", "diplomat", "host",
    "guest", "king", "queen", "monarch", "commissioner", "general", "representative", "negotiator",
    "delegate", "emir", "sheikh", "prince", "pope", "mayor", "governor", "senator", "adviser", "advisor",
    "secretary-general", "premier", "ruler", "statesman", "strongman", "dictator", "autocrat",
})
# Words that announce a person's name ("President", "Mr", "Foreign Minister …"), narrower than TITLES.
NAME_TITLES = frozenset({
    "president", "presidents", "mr", "mrs", "ms", "dr", "minister", "secretary", "secretary-general",
    "chancellor", "king", "queen", "prince", "princess", "sheikh", "emir", "premier", "ambassador", "senator",
    "governor", "spokesperson", "spokesman", "spokeswoman", "commissioner", "pope", "envoy", "adviser",
    "advisor", "director", "chairman", "chair", "leader", "general", "admiral", "judge", "mayor", "sen",
    "rep", "gov", "amb", "gen",
})
# Title words the registry strips before looking a leader up ("President Vladimir Putin", "US Secretary …").
LEADER_TITLES = frozenset({
    "president", "prime", "minister", "foreign", "secretary", "general", "chancellor", "premier",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "king", "queen", "emir", "sheikh",
    "crown", "prince", "state", "of", "the", "us", "u.s.", "russian", "chinese", "vice", "leader",
    "supreme", "ayatollah", "defence", "defense", "chief", "director", "director-general",
    "secretary-general", "spokesman", "spokeswoman", "spokesperson", "senator", "governor",
})
# Lower-case words inside a name ("Ursula von der Leyen", "Abdel Fattah al-Sisi").
NAME_PARTICLES = frozenset({"von", "der", "van", "de", "da", "al", "bin", "el", "la", "le", "di", "du", "dos", "del"})

MALE_FEMALE_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
FIRST_PERSON_WORDS = frozenset({"i", "we", "me", "us", "our", "my"})  # the speaker's own words for itself
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our"})
NEUTER_PRONOUNS = frozenset({"it", "its"})
ARTICLES = frozenset({"the", "a", "an"})
# A role after one of these is someone new ("a senior official"), not a person named before.
INDEFINITE_OPENERS = frozenset({"a", "an", "one", "another"})
# Endings of a demonym standing alone for a person ("the American", "the Chinese", "the Israeli").
DEMONYM_SUFFIXES = ("an", "ese", "ish", "ch", "i", "ic")

# Nouns of texts that are document clusters of the speaker inventory ("the joint statement", "the letter").
CORE_DOCUMENT_NOUNS = frozenset({
    "statement", "communique", "communiqué", "declaration", "release", "readout", "reading", "letter",
    "report", "document", "text", "memo", "memorandum", "resolution", "transcript", "note", "writing",
    "version", "decree", "treaty", "charter", "agreement", "editorial",
})
# A mention headed by one of these speaks as a document ("the plan says …").
SPEAKING_DOCUMENT_NOUNS = CORE_DOCUMENT_NOUNS | {"plan", "message"}
# Texts that a quotation may be read from in the next sentence ("…,” reads the manifesto).
CITED_DOCUMENT_NOUNS = SPEAKING_DOCUMENT_NOUNS | {"manifesto", "article", "post", "speech", "address", "tweet"}
# "the ministry said": an institution named in full earlier in the text.
INSTITUTION_NOUNS = frozenset({
    "ministry", "department", "embassy", "mission", "office", "agency", "commission", "council",
    "committee", "secretariat", "delegation", "administration", "cabinet", "presidency",
})

# Words before a quotation that make it a term rather than someone's words ("the so-called “new era”").
TERM_MARKERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                          "my", "your", "so-called", "alleged", "supposed"})
# Words by which the writer keeps a quoted term at a distance: no one in the sentence is using it.
DISTANCING_WORDS = frozenset({"so-called", "alleged", "supposed", "self-styled", "self-proclaimed"})
# A reporting word right after one of these is a noun, whatever the tagger says ("the report", "our point").
NOUN_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "each", "every", "our", "their", "its",
                              "his", "my", "your", "any", "no", "some", "another", "such"})

# Words that head a phrase which cannot say anything: pronouns of things, quantifiers and abstractions
# ("This was said with …", "all he said was", "It is time to", "no one can deny", "All told", "data from").
NOT_SPEAKER_WORDS = frozenset({
    "this", "that", "these", "those", "it", "its", "there", "what", "which", "all", "all he", "all she",
    "no one", "nobody", "none", "nothing", "everything", "something", "anything", "time", "data",
    "way", "thing", "things", "fact", "idea", "question", "point", "part", "reason", "result", "results",
    "problem", "issue", "matter", "case", "number", "percent", "lot", "kind", "sort", "day", "year", "week",
})
# Figures that speak for whoever produced them ("according to data from Beijing customs services").
EVIDENCE_NOUNS = frozenset({"data", "datum", "figure", "figures", "statistic", "statistics", "number", "numbers", "estimate",
                            "estimates", "record", "records", "calculation", "calculations", "poll", "survey"})
# Nouns that name a work before its title in quotation marks ("the podcast “With Her”", "the book “Crippled
# America”"): the title is no one's words.
WORK_NOUNS = frozenset({"show", "podcast", "book", "program", "programme", "film", "movie", "series", "song",
                        "album", "documentary", "column", "segment", "episode", "novel", "memoir", "play",
                        "musical", "magazine", "newspaper", "sitcom", "drama", "broadcast", "newsletter",
                        "channel", "network", "station"})
# Reporting cues of two words, a verb and its particle ("she went on", "as he put it", "Rubio shot back"):
# the verb alone says nothing of speech.
PHRASAL_CUES = frozenset({("go", "on"), ("put", "it"), ("shoot", "back"), ("fire", "back"), ("hit", "back")})
# Words that label a headline or a section before a colon ("Update: …", "Editor's Note: …"), not who speaks.
HEADLINE_LABELS = frozenset({"update", "updated", "note", "editor", "editors", "watch", "video", "exclusive",
                             "breaking", "transcript", "photos", "photo", "read", "listen", "opinion", "analysis",
                             "poll", "report", "live", "correction", "q", "a", "fact", "check", "factcheck",
                             "byline", "dateline"})
# Mentions that never say anything, whatever the verb ("This was said with …", "no one can deny",
# "All told"); "it" is not here: it stands for the institution named before.
NEVER_SPEAKER_WORDS = frozenset({
    "this", "that", "these", "those", "there", "what", "which", "all", "all he", "all she", "all they",
    "no one", "nobody", "none", "nothing", "everything", "something", "anything", "time",
})
