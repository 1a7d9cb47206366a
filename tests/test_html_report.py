"""The drafter's HTML page, read as HTML: escaping, links to lines, highlighted evidence, print layout."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from checker.analysis.engine import check_document, compile_rubric
from checker.render.formats import Checked
from checker.render.html import render
from checker.result import ErrorRecord
from checker.sources import read_document
from checker.text.document import Document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"引号\""


class _Page(HTMLParser):
    """Collects tags, ids, links, attribute values and the text inside <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.attrs: list[str] = []
        self.marks: list[str] = []
        self.text: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        self.attrs += [f"{name}={value}" for name, value in attrs]
        self._in_mark += tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        self._in_mark -= tag == "mark"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks.append(data)


def _page(document: Document, rubric: str = "fazhi-annual") -> tuple[_Page, str]:
    result = check_document(document, compile_rubric(rubric))
    html = render([Checked(result, document)], {})
    parser = _Page()
    parser.feed(html)
    return parser, html


def test_report_text_is_escaped() -> None:
    base = read_document(EXAMPLES / "township_no_first_responsible.txt")
    document = Document(base.source, base.format, (*base.lines[:3], HOSTILE, *base.lines[3:]))
    page, html = _page(document)
    assert "script" not in page.tags and "img" not in page.tags
    assert not any(a.startswith("onerror") for a in page.attrs)
    assert HOSTILE in "".join(page.text)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_no_external_reference_and_a_strict_policy() -> None:
    page, html = _page(read_document(EXAMPLES / "strong_county.txt"))
    assert all(href.startswith("#") for href in page.hrefs)
    assert not [a for a in page.attrs if a.startswith(("src=", "srcset="))]
    assert "http://" not in html.replace('lang="zh-CN"', "") and "https://" not in html and "url(" not in html
    assert "default-src 'none'" in html and "<style>" in html


def test_every_link_reaches_its_line_and_findings_link_to_lines() -> None:
    document = read_document(EXAMPLES / "township_no_first_responsible.txt")
    page, _ = _page(document)
    targets = {href[1:] for href in page.hrefs}
    assert targets <= page.ids
    assert {f"r0-L{n}" for n in range(1, len(document.lines) + 1)} <= page.ids
    result = check_document(document, compile_rubric())
    weak = next(e for e in result.elements if e.status == "weak" and e.evidence)
    assert f"r0-L{weak.evidence[0].line}" in targets and f"r0-{weak.id}" in page.ids


def test_evidence_is_highlighted_in_the_full_text() -> None:
    document = read_document(EXAMPLES / "strong_county.txt")
    page, _ = _page(document)
    result = check_document(document, compile_rubric())
    quotes = {ev.text for e in result.elements for ev in e.evidence}
    assert quotes and all(any(quote in mark for mark in page.marks) for quote in quotes)


def test_score_checklist_and_print_layout() -> None:
    document = read_document(EXAMPLES / "township_no_first_responsible.txt")
    page, html = _page(document, "fazhi-annual-township")
    text = "".join(page.text)
    result = check_document(document, compile_rubric("fazhi-annual-township"))
    assert f"{result.score:g} 分" in text and result.grade in text and "未通过" in text
    for section in result.sections:
        if section.required:
            assert section.title in text
    missing = next(s for s in result.sections if s.status == "missing")
    assert missing.id == "first_responsible" and f"☐{missing.title}" in text
    assert "@page { size: A4;" in html and "@media print" in html


def test_several_reports_and_an_unreadable_file_in_one_page() -> None:
    document = read_document(EXAMPLES / "very_short.txt")
    result = check_document(document, compile_rubric())
    error = Checked(ErrorRecord("<坏>.txt", "empty", "文件为空"))
    page = _Page()
    page.feed(render([Checked(result, document), error, Checked(result, document)], {}))
    assert page.tags.count("article") == 3
    assert "r0-L1" in page.ids and "r2-L1" in page.ids
    assert "无法检查：文件为空" in "".join(page.text) and "<坏>.txt" in "".join(page.text)
