"""Who a transcript's speaker label names ("MR MILLER", "SPOKESPERSON WANG WENBIN", "Mr. Nebenzia
(Russian Federation)", "AFP", "The President"): text.transcripts finds the labels, this reads them.

A label is matched to a person named in the document ("MR MILLER" is the "Matthew Miller" of the
header) the way a surname is, so turns and quotations of one person share one speaker; otherwise its
name words, titles and honorifics stripped, are the name. The party comes from the parentheses of a
meeting record ("(Russian Federation)"), the person's party, or the registry. Media outlets that ask
at briefings ("AFP", "Xinhua News Agency") are organisations. A label that names no one ("Q",
"QUESTION") gives no speaker.
"""

from __future__ import annotations

from statemint.extract.speakers.resolve import SpeakerIndex
from statemint.records import Mention, Speaker
from statemint.text.transcripts import Turn, label_notes, names_no_one
from statemint.vocabulary import TITLES

MEDIA_WORDS = {"agency", "news", "tv", "television", "radio", "times", "post", "press", "daily", "network",
               "broadcasting", "corporation", "channel", "journal", "reuters", "bloomberg", "xinhua", "tass",
               "afp", "ap", "cctv", "cgtn", "cnn", "bbc", "nhk", "kyodo", "yonhap", "ria", "novosti", "media",
               "herald", "tribune", "gazette", "telegraph", "guardian", "observer", "weekly", "magazine",
               "jazeera", "sputnik", "efe", "ansa", "dpa"}
HONORIFICS = {"mr", "ms", "mrs", "dr"}


def label_speaker(index: SpeakerIndex, text: str, turn: Turn) -> Speaker | None:
    """The speaker a turn's label names, or None when it names no one."""
    label = turn.name(text)
    if names_no_one(label):
        return None
    mention = Mention(text[turn.label[0]:turn.label[1]], turn.label[0], turn.label[1])
    notes = label_notes(text, turn)
    party = next((found for note in notes if (found := index.parties.lookup(note)) is not None), None)
    words = label.replace(".", ". ").split()
    if _is_outlet(words):
        return Speaker(label, "organization", index.parties.lookup(label), mention)
    own = index.parties.lookup(label)
    if own is not None and index.parties.names_party(label, own):  # "China:", "Russian Federation:"
        record = index.parties.record(own)
        return Speaker(record.name if record else label, record.kind if record else "country", own, mention)
    names = [word for word in words if not _is_title(word)]
    if names:
        cluster = index.people.match_person([word.lower() for word in names])
        if cluster is not None:
            return Speaker(cluster.name, "person", party or cluster.party, mention)
        name = " ".join(word if not word.isupper() else word.capitalize() for word in names)
        return Speaker(name, "person", party or index.parties.lookup(name), mention)
    role = " ".join(word.lower() if word.lower() in {"the", "of"} else word for word in words)  # "the President"
    return Speaker(role, "person", party, mention)


def _is_title(word: str) -> bool:
    bare = word.lower().rstrip(".")
    return bare in TITLES or f"{bare}." in TITLES


def _is_outlet(words: list[str]) -> bool:
    """A news organisation's label ("AFP", "Xinhua News Agency", "CCTV"): who asks at a briefing."""
    return any(word.lower().strip(".") in MEDIA_WORDS for word in words) and not any(
        word.lower().rstrip(".") in HONORIFICS for word in words)
