"""`statemint report`: the HTML page is complete, escaped, linked, and renders in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statemint.api import Analysis
from statemint.cli import app
from statemint.records import Evidence, Mention, Quote, Speaker, Stance, Statement
from statemint.io.report import render_report
from tests.conftest import SEED

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}

TEXT = "Anna Berg said: “Stop <script>alert(1)</script> & go.” Critics called the plan a “deal” with Oslo."


def _mention(text: str, start: int) -> Mention:
    return Mention(text, start, start + len(text))


def tiny_analysis() -> Analysis:
    """A hand-made analysis (no model): a direct quote holding markup, a scare quote, one stance."""
    inner_start = TEXT.index("Stop")
    inner = TEXT[inner_start:TEXT.index("”")]
    berg = Speaker("Anna Berg", "person", "NO", _mention("Anna Berg", 0))
    cue = _mention("said", TEXT.index("said"))
    scare_start = TEXT.index("deal")
    quotes = [
        Quote("q1", "direct", inner, inner_start, inner_start + len(inner), berg, cue, "u1", 0.9, "tiny.txt"),
        Quote("q2", "scare", "deal", scare_start, scare_start + 4, None, None, "u2", 0.5, "tiny.txt"),
    ]
    statement_end = TEXT.index("”") + 1
    statements = [Statement("s1", "direct", TEXT[:statement_end], 0, statement_end, berg, cue, ("q1",), "tiny.txt")]
    oslo = TEXT.index("Oslo")
    stances = [Stance("s1", TEXT[:statement_end], 0, statement_end, berg, "NO<b>", _mention("Oslo", oslo),
                      "hostile", -0.8, (Evidence("Stop", inner_start, inner_start + 4, -0.8),), "tiny.txt")]
    return Analysis("tiny.txt", quotes, statements, stances)


class Collector(HTMLParser):
    """Ids, local links, elements by class, and whether tags nest (a stack that must close cleanly)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.classes: dict[str, int] = {}
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        href = values.get("href")
        if href and href.startswith("#"):
            self.links.append(href[1:])
        elif href or values.get("src"):
            self.external.append(href or values["src"])
        for name in (values.get("class") or "").split():
            self.classes[name] = self.classes.get(name, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def collect(page: str) -> Collector:
    parser = Collector()
    parser.feed(page)
    parser.close()
    return parser


def test_markup_in_text_is_escaped_and_tags_nest() -> None:
    page = render_report([tiny_analysis()], {"tiny.txt": TEXT})
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; go." in page
    assert page.count("<script") == 2  # the JSON records and the page's own script, nothing else
    assert "NO&lt;b&gt;" in page and "NO<b>" not in page
    parsed = collect(page)
    assert not parsed.errors and parsed.stack == []
    assert parsed.external == []  # no network: nothing fetched
    assert parsed.classes["q-direct"] == 1 + 1 and parsed.classes["q-scare"] == 1 + 1  # + the legend
    assert parsed.classes["spk"] >= 1 and parsed.classes["cue"] >= 1
    assert {"d0-q1", "d0-q2", "d0-s1"} <= parsed.ids
    assert set(parsed.links) <= parsed.ids  # every cell and statement link lands somewhere


def test_records_json_cannot_close_its_script() -> None:
    import json
    import re

    page = render_report([tiny_analysis()], {"tiny.txt": TEXT})
    block = re.search(r'<script type="application/json" id="statemint-records">(.*?)</script>', page, re.S)
    assert block is not None
    payload = json.loads(block.group(1))
    assert payload["records"]["d0:q1"]["text"].startswith("Stop <script>")
    assert payload["stances"]["d0:q1"][0]["party"] == "NO<b>"


def test_highlights_keep_the_text_exact() -> None:
    import html
    import re

    page = render_report([tiny_analysis()], {"tiny.txt": TEXT})
    body = re.search(r'<div class="text">(.*?)</div></section>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == TEXT


def test_crossing_speaker_mentions_are_still_marked_and_party_mentions_too(seed_analysis_with_stance) -> None:
    import re

    analysis, text = seed_analysis_with_stance
    page = render_report([analysis], {analysis.doc: text})
    assert not collect(page).errors
    body = re.search(r'<div class="text">(.*?)</div></section>', page, re.S).group(1)
    speakers = re.findall(r'<span class="spk"[^>]*>([^<]*)</span>', body)
    # q19's "the American. Joe Biden" runs past its statement: cut at the edge, both pieces marked.
    assert "the American." in "".join(speakers) and " Joe Biden" in speakers
    assert "Jens Stoltenberg" in "".join(speakers)
    assert len(re.findall(r'<span class="pm" title="party: US \(United States\)">', body)) >= 2
    assert 'data-speaker-row="Xi Jinping"' in page and 'data-speaker="Xi Jinping"' in page
    assert '<small class="pname">United States</small>' in page


def test_heatmap_cells_link_to_their_statements(seed_analysis_with_stance) -> None:
    analysis, text = seed_analysis_with_stance
    page = render_report([analysis], {analysis.doc: text})
    parsed = collect(page)
    assert not parsed.errors
    pairs = {((s.holder.name if s.holder else "—"), s.party) for s in analysis.stances}
    assert parsed.classes["cell"] == len(pairs)
    assert parsed.classes["cell-list"] == len(pairs)
    assert set(parsed.links) <= parsed.ids
    assert parsed.classes["q"] - 3 == len(analysis.quotes)  # the legend has one of each kind


def test_corpus_report_has_overall_and_per_document_matrices(seed_analysis_with_stance) -> None:
    analysis, text = seed_analysis_with_stance
    page = render_report([analysis, tiny_analysis()], {analysis.doc: text, "tiny.txt": TEXT})
    parsed = collect(page)
    assert not parsed.errors and set(parsed.links) <= parsed.ids
    assert parsed.classes["heatmap"] == 3  # all documents, then one per document with stances
    assert {"documents", "doc-0", "doc-1"} <= parsed.ids


@pytest.fixture(scope="module")
def seed_analysis_with_stance(nlp, registry, seed_text):
    from statemint.api import analyze

    return analyze(seed_text, parties=registry, nlp=nlp, doc="seeds/000_13e5bbda91499c74.txt",
                   with_stance=True), seed_text


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    result = CliRunner().invoke(app, ["report", str(SEED), "-o", str(target)])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="heatmap"' in page
    assert "-> " in result.stderr


def test_report_to_stdout_and_unwritable_output(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", "-", "-o", "-", "-q"], input="“We will not back down,” Anna Berg said.")
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["report", "-", "-o", str(tmp_path / "missing" / "x.html")], input="Hello.")
    assert result.exit_code == 2 and "cannot write" in result.stderr


# --- the page in a real browser ------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; CI must install it (.ci/run: apt-get install -y chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium); required when CI is set")


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows of an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG flavour"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line if channels == 3 else b"".join(line[i:i + 3] for i in range(0, stride, 4))))
        previous = line
    return width, height, rows


def test_report_renders_in_headless_chromium(tmp_path: Path, seed_analysis_with_stance) -> None:
    browser = chromium()
    analysis, text = seed_analysis_with_stance
    page_path = tmp_path / "report.html"
    page_path.write_text(render_report([analysis], {analysis.doc: text}), encoding="utf-8")
    url = page_path.as_uri()
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]

    dom = subprocess.run([browser, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=60).stdout
    parsed = collect(dom)
    assert 'data-ready="1"' in dom, "the page's script did not run"
    assert parsed.classes.get("heatmap") == 1
    assert parsed.classes.get("cell", 0) >= 10
    assert parsed.classes.get("q-direct", 0) >= 8 and parsed.classes.get("q-scare", 0) >= 3
    assert parsed.classes.get("spk", 0) >= 10
    assert '<div id="card"></div>' in dom, "nothing is selected on load"

    # A click on q19 (through its link, which clicks it): the card names the speaker and the stances.
    clicked = subprocess.run([browser, *flags, "--dump-dom", url + "#d0-q19"], capture_output=True, text=True,
                             timeout=60).stdout
    card = clicked.split('<div id="card">', 1)[1].split("</details>", 1)[0]
    assert '<span class="value">Joe Biden (United States)</span>' in card
    assert '<span class="value">declared</span>' in card and "direct quotation" in card
    # Biden's "so what could it be good for?" is critical of Russia and China (the score is the model's)
    assert re.search(r'class="chip l-critical" data-party="RU">Russia: critical -0\.\d\d', card)
    assert '<span class="ev neg"' in card and '<span class="tgt" title="about China">Beijing</span>' in card
    assert '"record": {' in card  # the raw JSON, behind its toggle

    shot = tmp_path / "report.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", "--window-size=1400,1800", url],
                   capture_output=True, timeout=60)
    assert shot.exists(), "chromium wrote no screenshot"
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 1800)
    sample = [row[x:x + 3] for row in rows[::9] for x in range(0, len(row), 3 * 7)]
    colours = set(sample)
    white = sum(1 for pixel in sample if min(pixel) > 245)
    assert len(colours) > 50, "screenshot is (nearly) one colour"
    assert white / len(sample) < 0.97, "screenshot is blank"
    # The heatmap's dark red and dark green are on screen (hostile toward the US, Beijing's reading).
    assert any(p[0] > 120 and p[1] < 50 and p[2] < 50 for p in colours)
    assert any(p[1] > 90 and p[0] < 50 and p[2] < 80 for p in colours)


def test_corpus_matrix_keeps_unnamed_holders_of_two_documents_apart() -> None:
    def minister(doc: str, score: float) -> Analysis:
        text = "The minister said Oslo must stop."
        holder = Speaker("minister", "person", None, _mention("The minister", 0))
        stance = Stance("s1", text, 0, len(text), holder, "NO", _mention("Oslo", text.index("Oslo")),
                        "hostile" if score < 0 else "supportive", score, (), doc)
        return Analysis(doc, [], [Statement("s1", "indirect", text, 0, len(text), holder, None, (), doc)], [stance])

    page = render_report([minister("a.txt", -0.8), minister("b.txt", 0.8)],
                         {"a.txt": "The minister said Oslo must stop.", "b.txt": "The minister said Oslo must stop."},
                         party_names={"NO": "Norway"})
    assert '<th scope="row">minister · a.txt</th>' in page and '<th scope="row">minister · b.txt</th>' in page
    assert '<small class="pname">Norway</small>' in page
    assert not collect(page).errors
