"""One self-contained HTML page for people: highlighted quotes, speakers, and the stance heatmap.

Every piece of document text passes through `html.escape`, the records ride along as JSON in a `<script
type="application/json">` block with `<`, `>`, `&` escaped; data/report.css and report.js are inlined.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from statemint.io.render import shorten
from statemint.records import MeanScore, label_for

if TYPE_CHECKING:
    from statemint.api import Analysis

# Background and text colour of each stance label: dark red through grey to dark green.
LABEL_COLOURS = {
    "hostile": ("#8e1b1b", "#ffffff"),
    "critical": ("#e4877c", "#2b0b08"),
    "neutral": ("#dfe3e8", "#1f2933"),
    "favorable": ("#8fd19e", "#0b2912"),
    "supportive": ("#1e6b38", "#ffffff"),
}
QUOTE_KIND_NAMES = {"direct": "direct quotation", "partial": "partial quotation", "scare": "scare quote",
                    "turn": "transcript turn"}


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no `</script>`, no `<!--`, whatever the text holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@dataclass(frozen=True)
class _Span:
    """A stretch of the text to wrap in an element; `level` orders nesting (outer first)."""

    start: int
    end: int
    level: int
    open_tag: str
    close_tag: str


def _fits(span: _Span, other: _Span) -> bool:
    return (span.end <= other.start or other.end <= span.start
            or (other.start <= span.start and span.end <= other.end and other.level < span.level)
            or (span.start <= other.start and other.end <= span.end and span.level < other.level))


def _nested(spans: Iterable[_Span]) -> list[_Span]:
    """The spans that nest properly (disjoint or contained), outer and earlier spans winning. An inner
    span that crosses an outer one's edge (a speaker mention "the American. Joe Biden" that runs past
    its statement) is cut there, so each piece nests and all of it is still marked."""
    accepted: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.level, s.start, -s.end)):
        if span.end <= span.start:
            continue
        if all(_fits(span, other) for other in accepted):
            accepted.append(span)
            continue
        edges = sorted({edge for other in accepted if other.level < span.level
                        for edge in (other.start, other.end) if span.start < edge < span.end})
        bounds = [span.start, *edges, span.end]
        pieces = [_Span(a, b, span.level, span.open_tag, span.close_tag) for a, b in zip(bounds, bounds[1:])]
        if edges and all(_fits(piece, other) for piece in pieces for other in accepted):
            accepted += pieces
    return accepted


def _marked_text(text: str, spans: Iterable[_Span]) -> str:
    """`text` escaped, with each span's tags around its characters (spans must nest)."""
    events: list[tuple[int, int, int, int, str]] = []
    for span in _nested(spans):
        # At one position: closings before openings; outer opens first, inner closes first.
        events.append((span.start, 1, span.level, -span.end, span.open_tag))
        events.append((span.end, 0, -span.level, -span.start, span.close_tag))
    events.sort()
    out: list[str] = []
    position = 0
    for offset, _, _, _, tag in events:
        if offset > position:
            out.append(escape(text[position:offset], quote=False))
            position = offset
        out.append(tag)
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def _speaker_title(speaker: dict[str, Any] | None) -> str:
    if not speaker:
        return "no speaker found"
    party = f" ({speaker['party']})" if speaker.get("party") else ""
    return f"{speaker['name']}{party}, {speaker['kind']}"


def _quote_title(quote: dict[str, Any]) -> str:
    cue = f" — cue “{quote['cue']['text']}”" if quote.get("cue") else ""
    return f"{QUOTE_KIND_NAMES.get(quote['kind'], quote['kind'])}: {_speaker_title(quote.get('speaker'))}{cue}"


def _document_spans(index: int, analysis: dict[str, Any], party_names: Mapping[str, str]) -> list[_Span]:
    spans: list[_Span] = []
    targets = {(s["target"]["start"], s["target"]["end"]): s["party"] for s in analysis["stances"] if s.get("target")}
    for (start, end), party in sorted(targets.items()):  # the party mentions stances are about
        spans.append(_Span(start, end, 3, f'<span class="pm" title="party: {_attr(party)} '
                           f'({_attr(party_names.get(party, party))})">', "</span>"))
    for statement in analysis["statements"]:
        key = f"d{index}:{statement['id']}"
        spans.append(_Span(statement["start"], statement["end"], 0,
                           f'<span class="st st-{_attr(statement["kind"])}" id="d{index}-{_attr(statement["id"])}" '
                           f'data-key="{_attr(key)}">', "</span>"))
    for quote in analysis["quotes"]:
        key = f"d{index}:{quote['id']}"
        spans.append(_Span(quote["start"], quote["end"], 1,
                           f'<mark class="q q-{_attr(quote["kind"])}" id="d{index}-{_attr(quote["id"])}" '
                           f'data-key="{_attr(key)}" data-speaker="{_attr((quote.get("speaker") or {}).get("name", ""))}" '
                           f'title="{_attr(_quote_title(quote))}" tabindex="0">',
                           "</mark>"))
        spans += _attribution_spans(key, "speaker", quote.get("speaker") or {}, quote.get("cue"),
                                    f' title="cue of {_attr(quote["id"])}"')
    for statement in analysis["statements"]:  # holders of indirect speech are speakers too
        spans += _attribution_spans(f"d{index}:{statement['id']}", "holder", statement.get("holder") or {},
                                    statement.get("cue"))
    return spans


def _attribution_spans(key: str, role: str, speaker: dict[str, Any], cue: dict[str, Any] | None,
                       cue_title: str = "") -> list[_Span]:
    """The speaker mention and the cue of a quote or statement, linked to it by `key`."""
    spans: list[_Span] = []
    mention = speaker.get("mention")
    if mention:
        spans.append(_Span(mention["start"], mention["end"], 2,
                           f'<span class="spk" data-key="{_attr(key)}" title="{role}: '
                           f'{_attr(_speaker_title(speaker))}">', "</span>"))
    if cue:
        spans.append(_Span(cue["start"], cue["end"], 2, f'<span class="cue" data-key="{_attr(key)}"{cue_title}>',
                           "</span>"))
    return spans


@dataclass
class _Cell(MeanScore):
    holder: str
    party: str
    scores: list[float]
    records: list[tuple[int, dict[str, Any]]]


def _cells(items: Iterable[tuple[int, dict[str, Any]]], corpus: bool = False) -> dict[tuple[str, str], _Cell]:
    """Stance records pooled by holder × party, as `statemint stance --by holder` pools them: an
    unnamed holder is one document's only (its row names the document in a corpus)."""
    from statemint.stance.aggregate import holder_key

    cells: dict[tuple[str, str], _Cell] = {}
    for index, record in items:
        holder = (record.get("holder") or {}).get("name") or "—"
        if corpus and holder_key(record)[0] == "doc":
            holder = f"{holder} · {record.get('doc')}"
        cell = cells.setdefault((holder, record["party"]), _Cell(holder, record["party"], [], []))
        cell.scores.append(float(record["score"]))
        cell.records.append((index, record))
    return cells


def _matrix(cells: dict[tuple[str, str], _Cell], prefix: str, caption: str, party_names: Mapping[str, str]) -> str:
    if not cells:
        return '<p class="empty">No stances: no statement with a holder mentions a party.</p>'
    weight: Counter[str] = Counter()
    for cell in cells.values():
        weight[cell.party] += len(cell.scores)
    parties = sorted(weight, key=lambda party: (-weight[party], party))
    holders = sorted({cell.holder for cell in cells.values()},
                     key=lambda name: (-sum(len(c.scores) for c in cells.values() if c.holder == name), name.lower()))
    rows = [f'<div class="scroll"><table class="heatmap" data-cells="{len(cells)}"><caption>{escape(caption)}</caption>',
            '<thead><tr><th scope="col" class="corner">holder \\ party</th>']
    rows += [f'<th scope="col" title="{_attr(party_names.get(party, party))}">{escape(party)}'
             f'<small class="pname">{escape(party_names.get(party, party))}</small></th>' for party in parties]
    rows.append("</tr></thead><tbody>")
    for holder in holders:
        rows.append(f'<tr><th scope="row">{escape(holder)}</th>')
        for party in parties:
            cell = cells.get((holder, party))
            if cell is None:
                rows.append('<td class="none"></td>')
                continue
            background, colour = LABEL_COLOURS[cell.label]
            n = len(cell.scores)
            title = (f"{holder} toward {party}: {cell.label}, mean score {cell.score:+.2f} over "
                     f"{n} statement{'s' if n != 1 else ''}")
            rows.append(
                f'<td class="cell l-{cell.label}" style="background:{background};color:{colour}">'
                f'<a href="#{prefix}-{_cell_id(holder, party)}" title="{_attr(title)}" style="color:{colour}">'
                f'<span class="n">{n}</span><span class="sc">{cell.score:+.2f}</span></a></td>')
        rows.append("</tr>")
    rows.append("</tbody></table></div>")
    return "".join(rows)


def _cell_id(holder: str, party: str) -> str:
    safe = "".join(ch if ch.isalnum() else "_" for ch in f"{holder}__{party}")
    if len(safe) <= 60 and safe.isascii():
        return safe
    import zlib  # stable across runs, unlike hash()

    digest = zlib.crc32((holder + "\x00" + party).encode("utf-8"))
    return f"{safe[:50]}-{digest:08x}"


def _cell_lists(cells: dict[tuple[str, str], _Cell], prefix: str, names: Sequence[str]) -> str:
    out = []
    for (holder, party), cell in sorted(cells.items(), key=lambda item: (item[0][0].lower(), item[0][1])):
        background, colour = LABEL_COLOURS[cell.label]
        out.append(f'<section class="cell-list" id="{prefix}-{_cell_id(holder, party)}">'
                   f'<h4><span class="chip" style="background:{background};color:{colour}">{cell.label} '
                   f'{cell.score:+.2f}</span> {escape(holder)} → {escape(party)} '
                   f'<small>({len(cell.scores)} statement{"s" if len(cell.scores) != 1 else ""})</small></h4><ul>')
        for index, record in cell.records:
            evidence = ", ".join(f"{escape(item['text'])} {item['weight']:+.2f}" for item in record["evidence"]) or "—"
            where = escape(names[index]) if len(names) > 1 else ""
            label_bg, label_fg = LABEL_COLOURS[record["label"]]
            if record["statement"] is not None:
                source = (f'<a class="goto" href="#d{index}-{_attr(record["statement"])}">{where} '
                          f'{escape(record["statement"])}</a>')
            else:  # an evaluative act is no statement: nothing to link to
                source = f'{where} act: {escape(record["cue"]["text"])}'
            out.append(
                f'<li>{source} '
                f'<span class="chip" style="background:{label_bg};color:{label_fg}">{escape(record["label"])} '
                f'{record["score"]:+.2f}</span> toward “{escape(record["target"]["text"])}” · evidence: {evidence}'
                f'<blockquote>{escape(shorten(record["text"], 400))}</blockquote></li>')
        out.append("</ul></section>")
    return "".join(out)


def _speakers(analyses: Sequence[dict[str, Any]]) -> str:
    """Canonical speakers across documents: their kind and party, how often they speak, and as what."""
    table: dict[tuple[str, str, str], dict[str, Any]] = {}

    def entry(speaker: dict[str, Any]) -> dict[str, Any]:
        key = (speaker["name"], speaker["kind"], speaker.get("party") or "")
        return table.setdefault(key, {"quotes": 0, "statements": 0, "mentions": Counter(), "docs": set(),
                                      "members": speaker.get("members") or []})

    for index, analysis in enumerate(analyses):
        for quote in analysis["quotes"]:
            if quote.get("speaker"):
                item = entry(quote["speaker"])
                item["quotes"] += 1
                item["docs"].add(index)
                if quote["speaker"].get("mention"):
                    item["mentions"][quote["speaker"]["mention"]["text"]] += 1
        for statement in analysis["statements"]:
            if statement.get("holder"):
                item = entry(statement["holder"])
                item["statements"] += 1
                item["docs"].add(index)
                if statement["holder"].get("mention") and not statement.get("quotes"):
                    item["mentions"][statement["holder"]["mention"]["text"]] += 1
    if not table:
        return '<p class="empty">No speakers found.</p>'
    rows = ['<table class="speakers"><thead><tr><th>speaker</th><th>kind</th><th>party</th>'
            '<th title="quoted spans attributed">quotes</th><th title="statements held">statements</th>'
            '<th>mentions and variants (times)</th>' + ("<th>documents</th>" if len(analyses) > 1 else "")
            + "</tr></thead><tbody>"]
    for (name, kind, party), item in sorted(table.items(), key=lambda kv: (-(kv[1]["quotes"] + kv[1]["statements"]),
                                                                           kv[0][0].lower())):
        mentions = ", ".join(f'<span class="variant" data-speaker-row="{_attr(name)}" tabindex="0">{escape(text)}</span>&nbsp;×{count}'
                             for text, count in item["mentions"].most_common()) or "—"
        members = (f'<div class="members">members: {escape(", ".join(item["members"]))}</div>'
                   if item["members"] else "")
        rows.append(f'<tr><th scope="row" data-speaker-row="{_attr(name)}" tabindex="0" '
                    f'title="highlight the quotations of {_attr(name)}">{escape(name)}{members}</th><td>{escape(kind)}</td>'
                    f'<td>{escape(party) or "—"}</td><td class="num">{item["quotes"]}</td>'
                    f'<td class="num">{item["statements"]}</td><td>{mentions}</td>'
                    + (f'<td class="num">{len(item["docs"])}</td>' if len(analyses) > 1 else "") + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _legend() -> str:
    return ('<span class="legend"><mark class="q q-direct">direct quotation</mark> '
            '<mark class="q q-partial">partial quotation</mark> <mark class="q q-scare">scare quote</mark> '
            '<span class="spk">speaker</span> <span class="cue">cue</span> <span class="pm">party</span> '
            '<span class="st st-indirect">reported speech</span></span>')


def _heat_legend() -> str:
    chips = "".join(f'<span class="chip" style="background:{bg};color:{fg}">{label}</span>'
                    for label, (bg, fg) in LABEL_COLOURS.items())
    return (f'<p class="legend">{chips} — each cell: number of statements (large) and mean score; '
            f'click a cell for the statements behind it.</p>')


def _asset(name: str) -> str:
    """The page's stylesheet or script, shipped in statemint/data (inlined: the page fetches nothing)."""
    from importlib.resources import files

    return files("statemint").joinpath("data", name).read_text(encoding="utf-8")


def _payload(dicts: Sequence[dict[str, Any]], names: Sequence[str], party_names: Mapping[str, str]) -> dict[str, Any]:
    """What the page's script reads: every quote and statement by key, the stances of each (a quote
    shows its statement's), the statement each quote belongs to, and names for ids and kinds."""
    records: dict[str, Any] = {}
    stances_by_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    statement_of: dict[str, str] = {}
    for index, analysis in enumerate(dicts):
        for record in analysis["quotes"] + analysis["statements"]:
            records[f"d{index}:{record['id']}"] = record
        for stance in analysis["stances"]:
            brief = {key: stance[key] for key in ("party", "label", "score", "target", "evidence")}
            stances_by_statement[f"d{index}:{stance['statement']}"].append(brief)
    for index, analysis in enumerate(dicts):
        for statement in analysis["statements"]:
            key = f"d{index}:{statement['id']}"
            for quote_id in statement.get("quotes", []):
                statement_of.setdefault(f"d{index}:{quote_id}", statement["id"])
                if key in stances_by_statement:
                    stances_by_statement.setdefault(f"d{index}:{quote_id}", stances_by_statement[key])
    used = {stance["party"] for analysis in dicts for stance in analysis["stances"]}
    return {"docs": list(names), "records": records, "stances": dict(stances_by_statement),
            "statement_of": statement_of, "parties": {party: party_names.get(party, party) for party in sorted(used)},
            "kinds": {**QUOTE_KIND_NAMES, "indirect": "reported (indirect) speech", "narrative": "narrative"}}


def _header(title: str, names: Sequence[str], dicts: Sequence[dict[str, Any]], pairs: int) -> list[str]:
    counts = {kind: sum(len(a[kind]) for a in dicts) for kind in ("quotes", "statements", "stances")}
    corpus = len(dicts) > 1
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No network: forbid every fetch, allow only the inline style and script of this page.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f'<header><h1>{escape(title)}</h1>',
        f'<p>{escape(", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else ""))}</p>',
        '<div class="stats">'
        f'<span class="stat"><b>{len(dicts)}</b>document{"s" if len(dicts) != 1 else ""}</span>'
        f'<span class="stat"><b>{counts["quotes"]}</b>quotes</span>'
        f'<span class="stat"><b>{counts["statements"]}</b>statements</span>'
        f'<span class="stat"><b>{counts["stances"]}</b>stances</span>'
        f'<span class="stat"><b>{pairs}</b>holder × party pairs</span></div>',
        '<nav><a href="#stance">Stance matrix</a><a href="#speakers">Speakers</a>'
        + ('<a href="#documents">Documents</a>' if corpus else "") + '<a href="#texts">Text</a></nav></header>',
        '<aside id="panel" aria-live="polite"><button id="close-panel" type="button" aria-label="close">×</button>'
        '<h2 id="record-title">Record</h2>'
        '<p class="hint">Click a highlighted quotation, speaker, cue or reported statement to read it here; '
        'click a speaker in the speakers table to highlight their quotations.</p>'
        '<div id="card"></div><details><summary>raw JSON</summary><pre id="record"></pre></details></aside>',
    ]


def _document_list(dicts: Sequence[dict[str, Any]], names: Sequence[str]) -> list[str]:
    parts = ['<h2 id="documents">Documents</h2><table class="doc-list"><thead><tr><th>document</th>'
             "<th>quotes</th><th>statements</th><th>stances</th><th>mean stance by party</th></tr></thead><tbody>"]
    for index, analysis in enumerate(dicts):
        by_party: dict[str, list[float]] = defaultdict(list)
        for stance in analysis["stances"]:
            by_party[stance["party"]].append(stance["score"])
        chips = " ".join(
            f'<span class="chip" style="background:{LABEL_COLOURS[label_for(sum(v) / len(v))][0]};'
            f'color:{LABEL_COLOURS[label_for(sum(v) / len(v))][1]}">{escape(party)} {len(v)}</span>'
            for party, v in sorted(by_party.items(), key=lambda kv: -len(kv[1])))
        parts.append(f'<tr><th><a href="#doc-{index}">{escape(names[index])}</a></th>'
                     f'<td class="num">{len(analysis["quotes"])}</td><td class="num">{len(analysis["statements"])}</td>'
                     f'<td class="num">{len(analysis["stances"])}</td><td>{chips or "—"}</td></tr>')
    parts.append("</tbody></table>")
    return parts


def _default_party_names() -> dict[str, str]:
    from statemint.parties import load_registry
    return {party.id: party.name for party in load_registry()}


def render_report(analyses: list["Analysis"], texts: Sequence[str] | dict[str, str],
                  title: str = "statemint report", party_names: Mapping[str, str] | None = None) -> str:
    """The HTML page for these analyses; `texts` gives the text each was run on, by position (or by
    `doc` in a dict, where ids are unique);
    `party_names` names party ids in headers and cards (default: the shipped registry's names).

    Analyses run without stances give a page without a heatmap. Nothing is fetched: the page is complete.
    """
    names_of = _default_party_names() if party_names is None else party_names
    dicts = [analysis.to_dict() for analysis in analyses]
    names = [str(analysis.doc) if analysis.doc is not None else f"document {index + 1}"
             for index, analysis in enumerate(analyses)]
    corpus = len(dicts) > 1
    cells = _cells(((index, record) for index, analysis in enumerate(dicts) for record in analysis["stances"]), corpus)
    parts = _header(title, names, dicts, len(cells)) + [
        "<main>",
        '<h2 id="stance">Stance matrix: holders × parties' + (" (all documents)" if corpus else "") + "</h2>",
        _heat_legend(),
        _matrix(cells, "cell-all", "rows: who holds the stance; columns: the party it is about", names_of),
    ]
    if corpus:
        parts += _document_list(dicts, names)
    parts += ['<h2 id="speakers">Speakers</h2>', _speakers(dicts)]
    parts += ['<h2 id="texts">Text</h2>', f'<p class="legend">{_legend()}</p>']
    for index, analysis in enumerate(dicts):
        text = (texts[index] if not isinstance(texts, dict)
                else texts.get(names[index], texts.get(analysis["doc"] or "", "")))
        parts.append(f'<section class="doc" id="doc-{index}"><h3>{escape(names[index])}</h3>')
        if corpus and analysis["stances"]:
            parts.append(_matrix(_cells((index, record) for record in analysis["stances"]), f"cell-d{index}",
                                 "this document: holders × parties", names_of))
        parts.append(f'<div class="text">{_marked_text(text, _document_spans(index, analysis, names_of))}</div>'
                     "</section>")
    if cells:
        parts.append('<h2 id="statements">Statements behind each cell</h2>')
        parts.append(_cell_lists(cells, "cell-all", names))
        if corpus:
            for index, analysis in enumerate(dicts):
                if analysis["stances"]:
                    parts.append(f'<h3>{escape(names[index])}</h3>')
                    parts.append(_cell_lists(_cells((index, r) for r in analysis["stances"]), f"cell-d{index}", names))
    parts.append("</main>")
    payload = _payload(dicts, names, names_of)
    parts.append(f'<script type="application/json" id="statemint-records">{_script_json(payload)}</script>')
    parts.append(f"<script>{_asset('report.js')}</script></body></html>\n")
    return "\n".join(parts)

