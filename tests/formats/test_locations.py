"""Where findings stand, in the file's own terms: 第N段 for a Word file, 第P页第L行 for a PDF, 第N行 for text."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pdfplumber
import pytest

from checker.analysis.engine import check_path, compile_rubric
from checker.render.findings import pending
from checker.render.formats import Checked, renderer
from checker.sources import read_document
from tests.formats.makers import REPORT_TEXT, make_docx, make_pdf, report_lines

RUBRIC = compile_rubric("fazhi-annual")


def _quotes(result):  # type: ignore[no-untyped-def]
    return [ev for e in result.elements for ev in e.evidence]


def test_a_word_file_says_paragraph(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "r.docx", table=True)
    result = check_path(path, RUBRIC)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    quotes = _quotes(result)
    assert quotes and all(ev.place is not None and ev.place.paragraph for ev in quotes)
    body = docx.Document(str(path)).element.body
    every = ["".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in body.iter(docx.oxml.ns.qn("w:p"))]
    for ev in quotes:  # the paragraph named holds the quote (in reading order, tables included)
        assert ev.text.replace(" ", "") in every[ev.place.paragraph - 1].replace(" ", ""), (ev.where, ev.text)
        assert ev.where == f"第{ev.place.paragraph}段"
    assert len(every) > len(paragraphs)  # the table's paragraphs are counted where they stand


def test_a_pdf_says_page_and_line_on_the_page(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "r.pdf", size=14)
    result = check_path(path, RUBRIC)
    quotes = _quotes(result)
    assert {ev.place.page for ev in quotes if ev.place} >= {1, 2}  # the report runs over several pages
    with pdfplumber.open(path) as pdf:
        pages = [[line["text"].replace(" ", "") for line in page.extract_text_lines()] for page in pdf.pages]
    for ev in quotes:
        assert ev.place is not None and ev.where == f"第{ev.place.page}页第{ev.place.page_line}行"
        # the line named (every text line of the page, from the top) holds the quoted phrase's start
        line = pages[ev.place.page - 1][ev.place.page_line - 1]
        joined = "".join(pages[ev.place.page - 1][ev.place.page_line - 2 : ev.place.page_line + 1])
        assert ev.text.replace(" ", "")[:4] in joined and line in joined, (ev.where, ev.text, line)


def test_plain_text_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT_TEXT, encoding="utf-8")
    result = check_path(path, RUBRIC)
    assert all(ev.place is None and ev.where == f"第{ev.line}行" for ev in _quotes(result))
    assert "page" not in json.dumps(result.to_dict()) and "paragraph" not in json.dumps(result.to_dict())


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_every_format_says_where_in_the_files_terms(tmp_path: Path, kind: str) -> None:
    path = make_docx(tmp_path / "r.docx") if kind == "docx" else make_pdf(tmp_path / "r.pdf", size=14)
    result = check_path(path, RUBRIC)
    document = read_document(path)
    items, rubrics = [Checked(result, document)], {RUBRIC.rubric.id: RUBRIC.rubric}
    quote = next(ev for e in pending(result) for ev in e.evidence)
    words = quote.where
    assert ("段" in words) == (kind == "docx") and ("页" in words) == (kind == "pdf")
    record = json.loads(renderer("json")(items, rubrics))
    first = next(ev for e in record["elements"] for ev in e["evidence"])
    assert ("paragraph" in first) == (kind == "docx") and ("page" in first and "page_line" in first) == (kind == "pdf")
    assert words in renderer("text")(items, rubrics)
    assert words in renderer("markdown")(items, rubrics) or any(
        "段" in s.where or "页" in s.where for s in result.sections
    )
    assert f">{words}</a>" in renderer("html")(items, rubrics)
    sarif = json.loads(renderer("sarif")(items, rubrics))
    regions = [r["locations"][0]["physicalLocation"].get("region", {}) for r in sarif["runs"][0]["results"]]
    assert any(region.get("properties") for region in regions)
    assert any("（第" in r["message"]["text"] for r in sarif["runs"][0]["results"])
    assert len(report_lines()) > 10
