"""Gold quotations from brat standoff files (`.txt` + `.ann`), the format of several attribution corpora.

Read: text-bound `Source`, `Cue` and `Content` spans (labels case-insensitive, as PARC-style corpora
write them), `Attribution` events tying them together, optional `Kind` attributes (direct, partial,
scare) and `AnnotatorNotes` on a Source span that give its canonical name. Write: the same, from
statemint's own gold (a format conversion, so a hand-written JSON Lines gold can be scored as brat).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from statemint.eval.gold import MAX_GOLD_FILE, QUOTE_KINDS, GoldAttribution, GoldDocument, GoldQuote
from statemint.files import FileProblem, read_limited

OPENING = "\"“‘«„‚‹'"
CLOSING = "\"”’»“‛›'"
# A quotation: between curly or straight marks, guillemets, single curly marks, or the doubled marks
# '' … '' and `` … '' of newspapers that write them so (the New York Times articles of PolNeAR).
# A doubled mark opens before a word and closes after one, so a span that starts inside a quotation
# does not pair a closing '' with the next opening one.
QUOTED = re.compile(r"(?:''|``)(?=\S)(?:(?!'')[^\"“”«»„`])+?(?<=\S)''"
                    r"|[\"“«„][^\"“”«»„]+?[\"”»“]|‘[^‘’]+?’")
ROLES = {"source", "cue", "content"}


@dataclass
class _Span:
    id: str
    label: str
    start: int
    end: int
    text: str
    fragments: tuple[tuple[int, int], ...] = ()  # the pieces of a discontinuous span, in text order


@dataclass
class _Event:
    id: str
    trigger: str | None
    roles: dict[str, str] = field(default_factory=dict)


@dataclass
class Annotation:
    """What one `.ann` file says, with spans resolved against its `.txt`."""

    spans: dict[str, _Span] = field(default_factory=dict)
    events: list[_Event] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def parse_ann(ann: str, text: str, where: str = "annotation") -> Annotation:
    """Parse brat standoff lines; a discontinuous span `0 5;7 9` is taken from its first to its last character."""
    result = Annotation()
    in_span_text = False  # the last line was a text span's line, whose text may run on to the next lines
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.strip():
            continue
        here = f"{where}:{number}"
        fields = line.split("\t")
        if len(fields) == 1 and in_span_text:
            continue  # the span's text held a line break (three PolNeAR train files): it runs on here
        in_span_text = len(fields) >= 3 and fields[0].startswith("T")
        identifier = fields[0].strip()
        if identifier.startswith("T"):
            if len(fields) < 2:
                raise ValueError(f"{here}: a T line needs 'T1<TAB>Label start end<TAB>text'")
            label, _, offsets = fields[1].partition(" ")
            try:
                numbers = [int(value) for part in offsets.split(";") for value in part.split()]
            except ValueError:
                raise ValueError(f"{here}: offsets {offsets!r} are not numbers") from None
            if not numbers or len(numbers) % 2:
                raise ValueError(f"{here}: offsets {offsets!r} are not start-end pairs")
            start, end = min(numbers), max(numbers)
            if start < 0:
                raise ValueError(f"{here}: span {start}-{end} has a negative offset; offsets count characters from 0")
            if end > len(text):
                raise ValueError(f"{here}: span {start}-{end} runs past the end of the text ({len(text)} characters)")
            pairs = tuple(sorted(zip(numbers[::2], numbers[1::2])))
            result.spans[identifier] = _Span(identifier, label.strip().lower(), start, end, text[start:end], pairs)
        elif identifier.startswith("E"):
            arguments = fields[1].split() if len(fields) > 1 else []
            if not arguments:
                raise ValueError(f"{here}: an E line needs 'E1<TAB>Attribution:T2 Source:T1 Content:T3'")
            trigger = arguments[0].partition(":")[2] or None
            event = _Event(identifier, trigger)
            for argument in arguments[1:]:
                role, _, target = argument.partition(":")
                event.roles[re.sub(r"\d+$", "", role).lower()] = target
            result.events.append(event)
        elif identifier.startswith("A") or identifier.startswith("M"):
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) >= 3 and parts[0].lower() in {"kind", "type", "quotetype"}:
                result.kinds[parts[1]] = parts[2].lower()
        elif identifier.startswith("#"):
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) >= 2 and parts[0] == "AnnotatorNotes" and len(fields) > 2:
                result.notes[parts[1]] = fields[2].strip()
        # R (relations), N (normalisations) and other lines say nothing about attribution: ignored.
    return result


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks and spaces at its edges."""
    while start < end and (text[start].isspace() or text[start] in OPENING):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in CLOSING):
        end -= 1
    return start, end


def _quoted_parts(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The quoted stretches of a Content span: all of it when it is in quotation marks (direct), each
    quoted piece of it otherwise (partial), nothing when it has no quotation marks (indirect speech)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    inner_start, inner_end = _strip_marks(text, start, end)
    span = text[start:end].strip()
    if (span[:1] in OPENING and span[-1:] in CLOSING) or (before in OPENING and after in CLOSING):
        return [(inner_start, inner_end, "direct")]
    parts = []
    # A Content span often stops inside a quotation's marks ("calling her ''leftist scum,'' she said":
    # the span ends after the comma): the marks just outside it still delimit its quoted piece.
    while start > 0 and text[start - 1] in OPENING + "`" and span[:1] not in OPENING:
        start -= 1
    while end < len(text) and text[end] in CLOSING and start < end:
        end += 1
    for match in QUOTED.finditer(text, start, end):
        part_start, part_end = _strip_marks(text, match.start(), match.end())
        if part_end > part_start:
            parts.append((part_start, part_end, "partial"))
    return parts


# The first words of a reporting clause: a Source span that starts with one and a Cue span that does
# not are labels swapped by the annotator (PolNeAR: Source "said", Cue "Holan" in "…,” said Holan.";
# 13 attributions in train, 5 in dev), read the right way round for every system scored.
REPORTING_WORDS = frozenset({"said", "says", "say", "told", "added", "asked", "wrote", "writes", "explained", "noted"})


def _first_word(span: _Span | None) -> str:
    words = span.text.split() if span is not None else []
    return words[0].lower() if words else ""


def _source_and_cue(annotation: Annotation, event: _Event) -> tuple[_Span | None, _Span | None]:
    """The Source and Cue spans of an event, with swapped labels put right (`REPORTING_WORDS`)."""
    source = annotation.spans.get(event.roles.get("source", ""))
    cue = annotation.spans.get(event.roles.get("cue", "")) or annotation.spans.get(event.trigger or "")
    if source is not None and cue is not None and _first_word(source) in REPORTING_WORDS \
            and _first_word(cue) not in REPORTING_WORDS:
        return cue, source
    return source, cue


def brat_quotes(annotation: Annotation, text: str, doc: str) -> tuple[list[GoldQuote], int]:
    """Gold quotes from the Content spans (with the Source of their event as speaker) and how many
    Content spans were left out as indirect speech (no quotation marks)."""
    source_of: dict[str, _Span] = {}
    cue_of: dict[str, _Span] = {}
    for event in annotation.events:
        content = annotation.spans.get(event.roles.get("content", ""))
        if content is None:
            continue
        source, cue = _source_and_cue(annotation, event)
        if source is not None:
            source_of[content.id] = source
        if cue is not None and cue.label in {"cue", "attribution"}:
            cue_of[content.id] = cue
    quotes: list[GoldQuote] = []
    indirect = 0
    for span in annotation.spans.values():
        if span.label != "content":
            continue
        declared = annotation.kinds.get(span.id)
        if declared in QUOTE_KINDS:
            start, end = _strip_marks(text, span.start, span.end)
            parts = [(start, end, declared)]
        elif len(span.fragments) > 1 and len(QUOTED.findall(text, span.start, span.end)) > 1:
            # "X," he said, "Y.": each fragment is read on its own, so each quotation is its own piece
            parts = [part for fragment in span.fragments for part in _quoted_parts(text, *fragment)]
        else:
            parts = _quoted_parts(text, span.start, span.end)
        if not parts:
            indirect += 1
            continue
        source = source_of.get(span.id)
        names: list[str] = []
        if source is not None:
            note = annotation.notes.get(source.id)
            names = [name.strip() for name in note.split("|") if name.strip()] if note else []
            names.append(" ".join(source.text.split()))
        cue = cue_of.get(span.id)
        for start, end, kind in parts:
            quotes.append(GoldQuote(
                doc=doc, text=text[start:end], start=start, end=end,
                kind="scare" if kind == "scare" or (source is None and declared is None) else kind,
                speaker=names[0] if names else None,
                speaker_alt=tuple(name for name in dict.fromkeys(names[1:]) if name != names[0]),
                cue=cue.text if cue else None, speaker_is_mention=source is not None, group=span.id,
                source_span=(source.start, source.end) if source is not None else None))
    quotes.sort(key=lambda quote: (quote.start, quote.end))
    return quotes, indirect


def brat_attributions(annotation: Annotation, text: str, doc: str) -> list[GoldAttribution]:
    """Every Content span with the Source and Cue of its event, quoted or not, in text order."""
    events: dict[str, _Event] = {}
    for event in annotation.events:
        content_id = event.roles.get("content")
        if content_id in annotation.spans:
            events.setdefault(content_id, event)
    result = []
    for span in annotation.spans.values():
        if span.label != "content":
            continue
        event = events.get(span.id)
        source, cue = _source_and_cue(annotation, event) if event else (None, None)
        names: list[str] = []
        if source is not None:
            note = annotation.notes.get(source.id)
            names = [name.strip() for name in note.split("|") if name.strip()] if note else []
            names.append(" ".join(source.text.split()))
        start, end = _strip_marks(text, span.start, span.end)
        if end <= start:
            continue
        result.append(GoldAttribution(
            doc=doc, start=start, end=end, text=text[start:end], source=names[0] if names else None,
            source_alt=tuple(name for name in dict.fromkeys(names[1:]) if names and name != names[0]),
            cue=cue.text if cue is not None and cue.label in {"cue", "attribution"} else None,
            quoted=any(_quoted_parts(text, *fragment) for fragment in (span.fragments or ((span.start, span.end),))),
            source_span=(source.start, source.end) if source is not None else None))
    result.sort(key=lambda attribution: (attribution.start, attribution.end))
    return result


def load_brat(path: Path) -> list[GoldDocument]:
    """Gold documents from one `.ann` file or every `.ann` under a folder, each beside its `.txt`.

    A document's `doc` is the `.txt` path as found (the folder given, then the file name)."""
    files = sorted(path.rglob("*.ann")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .ann files found; brat gold is .txt and .ann pairs with the same name")
    documents = []
    for ann_path in files:
        text_path = ann_path.with_suffix(".txt")
        try:
            # Bytes, then decode: brat offsets count every character, "\r" included.
            text = read_limited(text_path, MAX_GOLD_FILE, "brat text").decode("utf-8")
            ann = read_limited(ann_path, MAX_GOLD_FILE, "brat annotation").decode("utf-8")
        except FileProblem as error:
            if not text_path.exists():
                raise ValueError(f"{ann_path}: cannot read {text_path}; each .ann needs its .txt beside it") from None
            raise ValueError(str(error)) from None
        doc = str(text_path)
        annotation = parse_ann(ann, text, str(ann_path))
        quotes, _ = brat_quotes(annotation, text, doc)
        documents.append(GoldDocument(doc=doc, text=text, quotes=tuple(quotes),
                                      attributions=tuple(brat_attributions(annotation, text, doc))))
    return documents


def _nearest(text: str, names: list[str], start: int, end: int, reach: int = 400) -> tuple[int, int] | None:
    """The occurrence of any of `names` closest to the span [start, end) and within `reach` of it."""
    best: tuple[int, int, int] | None = None
    for name in names:
        if not name:
            continue
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if match.start() < end and start < match.end():
                continue  # inside the quote itself
            distance = start - match.end() if match.end() <= start else match.start() - end
            if distance <= reach and (best is None or distance < best[0]):
                best = (distance, match.start(), match.end())
    return (best[1], best[2]) if best else None


def to_brat(document: GoldDocument) -> str:
    """The `.ann` text for a gold document: Content spans with their Kind, and for quotes with a speaker
    the nearest mention of it as the Source (its canonical name and alternatives in AnnotatorNotes)
    and the nearest occurrence of its cue as the Cue."""
    lines: list[str] = []
    counter = {"T": 0, "E": 0, "A": 0, "#": 0}

    def next_id(prefix: str) -> str:
        counter[prefix] += 1
        return f"{prefix}{counter[prefix]}"

    def span(label: str, start: int, end: int) -> str:
        identifier = next_id("T")
        lines.append(f"{identifier}\t{label} {start} {end}\t{document.text[start:end]}")
        return identifier

    for quote in document.quotes:
        content = span("Content", quote.start, quote.end)
        lines.append(f"{next_id('A')}\tKind {content} {quote.kind}")
        if quote.speaker is None:
            continue
        names = [quote.speaker, *quote.speaker_alt]
        variants = names + [name[4:] for name in names if name.lower().startswith("the ")]
        found = _nearest(document.text, variants, quote.start, quote.end)
        if found is None:
            continue
        source = span("Source", *found)
        lines.append(f"{next_id('#')}\tAnnotatorNotes {source}\t{' | '.join(dict.fromkeys(names))}")
        roles = f"Source:{source} Content:{content}"
        trigger = ""
        if quote.cue:
            cue = _nearest(document.text, [quote.cue], quote.start, quote.end, reach=200)
            if cue is not None:
                trigger = span("Cue", *cue)
        lines.append(f"{next_id('E')}\tAttribution:{trigger or content} {roles}" if trigger
                     else f"{next_id('E')}\tAttribution:{source} {roles}")
    return "\n".join(lines) + "\n"


def write_brat(document: GoldDocument, directory: Path, name: str | None = None) -> tuple[Path, Path]:
    """Write `name.txt` and `name.ann` for a gold document into `directory`; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = name or Path(document.doc).stem
    text_path, ann_path = directory / f"{stem}.txt", directory / f"{stem}.ann"
    text_path.write_bytes(document.text.encode("utf-8"))
    ann_path.write_bytes(to_brat(document).encode("utf-8"))
    return text_path, ann_path
