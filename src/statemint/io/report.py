"""One self-contained HTML page for people: highlighted quotes, speakers, and the stance heatmap.

Only the standard library: every piece of document text passes through `html.escape`, the records ride
along as JSON inside a `<script type="application/json">` block with `<`, `>` and `&` escaped, and the
CSS and the few lines of JavaScript are inline, so the page works offline, from a file, and on paper.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from statemint.records import LABELS, label_for

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
QUOTE_KIND_NAMES = {"direct": "direct quotation", "partial": "partial quotation", "scare": "scare quote"}


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


def _nested(spans: Iterable[_Span]) -> list[_Span]:
    """The spans that nest properly (disjoint or contained), outer and earlier spans winning."""
    accepted: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.level, s.start, -s.end)):
        if span.end <= span.start:
            continue
        if all(span.end <= other.start or other.end <= span.start
               or (other.start <= span.start and span.end <= other.end and other.level < span.level)
               or (span.start <= other.start and other.end <= span.end and span.level < other.level)
               for other in accepted):
            accepted.append(span)
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


def _document_spans(index: int, analysis: dict[str, Any]) -> list[_Span]:
    spans: list[_Span] = []
    for statement in analysis["statements"]:
        key = f"d{index}:{statement['id']}"
        spans.append(_Span(statement["start"], statement["end"], 0,
                           f'<span class="st st-{_attr(statement["kind"])}" id="d{index}-{_attr(statement["id"])}" '
                           f'data-key="{_attr(key)}">', "</span>"))
    for quote in analysis["quotes"]:
        key = f"d{index}:{quote['id']}"
        spans.append(_Span(quote["start"], quote["end"], 1,
                           f'<mark class="q q-{_attr(quote["kind"])}" id="d{index}-{_attr(quote["id"])}" '
                           f'data-key="{_attr(key)}" title="{_attr(_quote_title(quote))}" tabindex="0">',
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
class _Cell:
    holder: str
    party: str
    scores: list[float]
    records: list[tuple[int, dict[str, Any]]]

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores)

    @property
    def label(self) -> str:
        return label_for(self.score)


def _cells(items: Iterable[tuple[int, dict[str, Any]]]) -> dict[tuple[str, str], _Cell]:
    """Stance records pooled by holder × party, as `statemint stance --by holder` pools them."""
    cells: dict[tuple[str, str], _Cell] = {}
    for index, record in items:
        holder = (record.get("holder") or {}).get("name") or "—"
        cell = cells.setdefault((holder, record["party"]), _Cell(holder, record["party"], [], []))
        cell.scores.append(float(record["score"]))
        cell.records.append((index, record))
    return cells


def _matrix(cells: dict[tuple[str, str], _Cell], prefix: str, caption: str) -> str:
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
    rows += [f'<th scope="col">{escape(party)}</th>' for party in parties]
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
            out.append(
                f'<li><a class="goto" href="#d{index}-{_attr(record["statement"])}">{where} '
                f'{escape(record["statement"])}</a> '
                f'<span class="chip" style="background:{label_bg};color:{label_fg}">{escape(record["label"])} '
                f'{record["score"]:+.2f}</span> toward “{escape(record["target"]["text"])}” · evidence: {evidence}'
                f'<blockquote>{escape(_shorten(record["text"], 400))}</blockquote></li>')
        out.append("</ul></section>")
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        mentions = ", ".join(f'<span class="variant">{escape(text)}</span>&nbsp;×{count}'
                             for text, count in item["mentions"].most_common()) or "—"
        members = (f'<div class="members">members: {escape(", ".join(item["members"]))}</div>'
                   if item["members"] else "")
        rows.append(f'<tr><th scope="row">{escape(name)}{members}</th><td>{escape(kind)}</td>'
                    f'<td>{escape(party) or "—"}</td><td class="num">{item["quotes"]}</td>'
                    f'<td class="num">{item["statements"]}</td><td>{mentions}</td>'
                    + (f'<td class="num">{len(item["docs"])}</td>' if len(analyses) > 1 else "") + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _legend() -> str:
    quotes = ('<span class="legend"><mark class="q q-direct">direct quotation</mark> '
              '<mark class="q q-partial">partial quotation</mark> <mark class="q q-scare">scare quote</mark> '
              '<span class="spk">speaker</span> <span class="cue">cue</span> '
              '<span class="st st-indirect">reported speech</span></span>')
    return quotes


def _heat_legend() -> str:
    chips = "".join(f'<span class="chip" style="background:{bg};color:{fg}">{label}</span>'
                    for label, (bg, fg) in LABEL_COLOURS.items())
    return (f'<p class="legend">{chips} — each cell: number of statements (large) and mean score; '
            f'click a cell for the statements behind it.</p>')


CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9dee4;--paper:#fff;--panel:#f7f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--paper)}
header{padding:18px 28px 10px;border-bottom:3px solid #1e3a5f;background:linear-gradient(#f4f7fb,#fff)}
header h1{margin:0;font-size:24px;letter-spacing:.2px}
header h1 span{color:#1e3a5f}
header p{margin:4px 0 0;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav{font-size:14px;margin-top:6px}nav a{margin-right:14px;color:#1e4f8a}
main{padding:8px 28px 40px}
body{padding-right:376px}
.scroll{overflow-x:auto;max-width:100%}
h2{font-size:19px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
h3{font-size:16px;margin:18px 0 6px}
.stats{display:flex;gap:12px;flex-wrap:wrap;margin-top:10px}
.stat{background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px 12px;font-size:13px;color:var(--muted)}
.stat b{font-size:18px;color:var(--ink);margin-right:4px}
table{border-collapse:collapse}
table.heatmap{margin:6px 0 10px;font-size:13px}
.heatmap caption{caption-side:top;text-align:left;color:var(--muted);padding-bottom:4px}
.heatmap th{font-weight:600;padding:4px 8px;text-align:left;white-space:nowrap;max-width:300px;overflow:hidden;text-overflow:ellipsis}
.heatmap thead th{text-align:center;border-bottom:2px solid var(--line)}
.heatmap th.corner{color:var(--muted);font-weight:400;text-align:left}
.heatmap td{width:66px;height:40px;text-align:center;border:2px solid #fff;padding:0}
.heatmap td.none{background:repeating-linear-gradient(45deg,#fafbfc,#fafbfc 4px,#f1f3f5 4px,#f1f3f5 8px)}
.heatmap td a{display:block;height:100%;padding:3px 2px;text-decoration:none;line-height:1.1}
.heatmap td a:hover{outline:3px solid #1e3a5f;outline-offset:-3px}
.heatmap .n{display:block;font-size:16px;font-weight:700}
.heatmap .sc{display:block;font-size:11px;opacity:.9}
.chip{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;margin-right:4px;line-height:19px}
.legend{font-size:13px;color:var(--muted)}
table.speakers{font-size:13px;width:100%}
.speakers th,.speakers td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.speakers thead th{border-bottom:2px solid var(--line);color:var(--muted);font-weight:600}
.speakers td.num{text-align:right;font-variant-numeric:tabular-nums}
.members{font-weight:400;color:var(--muted);font-size:12px}
.variant{background:#eef2f7;border-radius:3px;padding:0 3px}
.doc{border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:4px 18px 14px}
.text{white-space:pre-wrap;font-family:Georgia,"DejaVu Serif",serif;font-size:15.5px;line-height:1.7;max-width:52em}
mark.q{cursor:pointer;border-radius:2px;padding:1px 0;color:inherit}
mark.q-direct{background:#ffe38a;box-shadow:inset 0 -2px 0 #e0a800}
mark.q-partial{background:#fff4c9;box-shadow:inset 0 -2px 0 #e0a800;border-bottom:1px dashed #b58300}
mark.q-scare{background:#eceff3;font-style:italic;outline:1px dotted #7b8794}
mark.q:hover,mark.q.active{background:#ffd23f;outline:2px solid #c48c00}
mark.q-scare:hover,mark.q-scare.active{background:#d5dae1;outline:2px solid #616e7c}
.spk{color:#123f8c;font-weight:700;border-bottom:2px solid #2f6fd6;cursor:pointer}
.cue{color:#5b21b6;border-bottom:2px dotted #7c3aed;cursor:pointer;font-style:italic}
.st{cursor:default}
.st-indirect{background:linear-gradient(transparent 88%,#b7d3f5 88%)}
.st:target,mark.q:target{outline:3px solid #2f6fd6;outline-offset:2px}
.cell-list{border-left:4px solid var(--line);padding:2px 12px;margin:10px 0}
.cell-list:target{border-left-color:#2f6fd6;background:#f3f8ff}
.cell-list h4{margin:6px 0;font-size:14px}
.cell-list ul{margin:0;padding-left:18px;font-size:13px}
.cell-list blockquote{margin:2px 0 8px;color:var(--muted);font-family:Georgia,"DejaVu Serif",serif}
a.goto{font-weight:600;color:#1e4f8a}
.doc-list td,.doc-list th{padding:3px 10px;border-bottom:1px solid var(--line);font-size:13px;text-align:left}
.doc-list td.num{text-align:right}
aside#panel{position:fixed;top:0;right:0;width:360px;height:100vh;overflow:auto;background:var(--panel);border-left:1px solid var(--line);padding:14px 16px;font-size:13px}
aside#panel h2{margin-top:0;font-size:16px}
aside#panel pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px;font-size:12px;line-height:1.4}
aside#panel .hint{color:var(--muted)}
aside#panel pre:empty{display:none}
.empty{color:var(--muted);font-style:italic}
@media (max-width:900px){body{padding-right:0}aside#panel{position:static;width:auto;height:auto;border-left:0;border-top:1px solid var(--line)}}
@media print{
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 aside#panel,nav{display:none}
 body{padding:0}main{margin:0;padding:0}
 header{background:none}
 .doc{break-inside:auto;border:0;padding:0}
 .doc + .doc{break-before:page}
 .heatmap,.cell-list{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 mark.q{cursor:auto}
}
"""

# Click (or Enter on) a quote, speaker, cue or statement: show its record, and its stances, as JSON.
SCRIPT = """
(function(){
  var data=JSON.parse(document.getElementById('statemint-records').textContent);
  var panel=document.getElementById('record'),title=document.getElementById('record-title');
  var active=null;
  function show(key){
    var rec=data.records[key];if(!rec)return;
    var shown={record:rec};var st=data.stances[key];if(st)shown.stances=st;
    title.textContent=key.split(':').slice(1).join(':')+' — '+(data.docs[+key.slice(1,key.indexOf(':'))]||'');
    panel.textContent=JSON.stringify(shown,null,2);
    if(active)active.classList.remove('active');
    active=document.getElementById(key.replace(':','-'));if(active)active.classList.add('active');
  }
  document.addEventListener('click',function(ev){
    var el=ev.target.closest('[data-key]');if(el){show(el.getAttribute('data-key'));}
  });
  document.addEventListener('keydown',function(ev){
    if(ev.key==='Enter'&&ev.target.matches&&ev.target.matches('mark.q')){show(ev.target.getAttribute('data-key'));}
  });
  var first=document.querySelector('.text mark.q-direct')||document.querySelector('.text mark.q');
  if(first)show(first.getAttribute('data-key'));
  document.body.setAttribute('data-ready','1');
})();
"""


def render_report(analyses: list["Analysis"], texts: Sequence[str] | dict[str, str],
                  title: str = "statemint report") -> str:
    """The HTML page for these analyses; `texts` gives the text each was run on, by position (or by
    `doc`, where ids are unique).

    Analyses run without stances give a page without a heatmap. Nothing is fetched: the page is complete.
    """
    dicts = [analysis.to_dict() for analysis in analyses]
    names = [str(analysis.doc) if analysis.doc is not None else f"document {index + 1}"
             for index, analysis in enumerate(analyses)]
    records: dict[str, Any] = {}
    stances_by_statement: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for index, analysis in enumerate(dicts):
        for record in analysis["quotes"] + analysis["statements"]:
            records[f"d{index}:{record['id']}"] = record
        for stance in analysis["stances"]:
            brief = {key: stance[key] for key in ("party", "label", "score", "target", "evidence")}
            stances_by_statement[f"d{index}:{stance['statement']}"].append(brief)
    for index, analysis in enumerate(dicts):  # a quote shows the stances of its statement
        for statement in analysis["statements"]:
            for quote_id in statement.get("quotes", []):
                key = f"d{index}:{statement['id']}"
                if key in stances_by_statement:
                    stances_by_statement.setdefault(f"d{index}:{quote_id}", stances_by_statement[key])
    all_stances = [(index, record) for index, analysis in enumerate(dicts) for record in analysis["stances"]]
    cells = _cells(all_stances)
    counts = {kind: sum(len(a[kind]) for a in dicts) for kind in ("quotes", "statements", "stances")}
    corpus = len(dicts) > 1

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No network: forbid every fetch, allow only the inline style and script of this page.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>{escape(title)}</h1>',
        f'<p>{escape(", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else ""))}</p>',
        '<div class="stats">'
        f'<span class="stat"><b>{len(dicts)}</b>document{"s" if len(dicts) != 1 else ""}</span>'
        f'<span class="stat"><b>{counts["quotes"]}</b>quotes</span>'
        f'<span class="stat"><b>{counts["statements"]}</b>statements</span>'
        f'<span class="stat"><b>{counts["stances"]}</b>stances</span>'
        f'<span class="stat"><b>{len(cells)}</b>holder × party pairs</span></div>',
        '<nav><a href="#stance">Stance matrix</a><a href="#speakers">Speakers</a>'
        + ('<a href="#documents">Documents</a>' if corpus else "") + '<a href="#texts">Text</a></nav></header>',
        '<aside id="panel"><h2 id="record-title">Record</h2>'
        '<p class="hint">Click a highlighted quotation, speaker, cue or reported statement to see its record '
        'and stances here.</p><pre id="record"></pre></aside>',
        "<main>",
        '<h2 id="stance">Stance matrix: holders × parties' + (" (all documents)" if corpus else "") + "</h2>",
        _heat_legend(),
        _matrix(cells, "cell-all", "rows: who holds the stance; columns: the party it is about"),
    ]
    if corpus:
        parts.append('<h2 id="documents">Documents</h2><table class="doc-list"><thead><tr><th>document</th>'
                     "<th>quotes</th><th>statements</th><th>stances</th><th>mean stance by party</th></tr></thead><tbody>")
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
    parts += ['<h2 id="speakers">Speakers</h2>', _speakers(dicts)]
    parts += ['<h2 id="texts">Text</h2>', f'<p class="legend">{_legend()}</p>']
    for index, analysis in enumerate(dicts):
        text = (texts[index] if not isinstance(texts, dict)
                else texts.get(names[index], texts.get(analysis["doc"] or "", "")))
        parts.append(f'<section class="doc" id="doc-{index}"><h3>{escape(names[index])}</h3>')
        if corpus and analysis["stances"]:
            parts.append(_matrix(_cells((index, record) for record in analysis["stances"]), f"cell-d{index}",
                                 "this document: holders × parties"))
        parts.append(f'<div class="text">{_marked_text(text, _document_spans(index, analysis))}</div></section>')
    if cells:
        parts.append('<h2 id="statements">Statements behind each cell</h2>')
        parts.append(_cell_lists(cells, "cell-all", names))
        if corpus:
            for index, analysis in enumerate(dicts):
                if analysis["stances"]:
                    parts.append(f'<h3>{escape(names[index])}</h3>')
                    parts.append(_cell_lists(_cells((index, r) for r in analysis["stances"]), f"cell-d{index}", names))
    payload = {"docs": names, "records": records, "stances": dict(stances_by_statement)}
    parts.append("</main>")
    parts.append(f'<script type="application/json" id="statemint-records">{_script_json(payload)}</script>')
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "\n".join(parts)

