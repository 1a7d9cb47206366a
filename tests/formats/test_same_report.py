"""The same report written as .txt, .docx, .pdf and .html gives the same statuses, figures and score."""

from __future__ import annotations

from pathlib import Path

import makers
import pytest

from checker.analysis.engine import check_path
from checker.result import Result

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = [makers.FIXTURES / "report.txt", *sorted(EXAMPLES.glob("*.txt"))]


def _summary(result: Result) -> tuple[object, ...]:
    sections = tuple((s.id, s.status) for s in result.sections)
    figures = sorted((f.metric, f.value, f.kind) for f in result.figures)
    return sections, figures, result.report.year


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_four_formats_agree(source: Path, tmp_path: Path) -> None:
    text = source.read_text(encoding="utf-8")
    txt = tmp_path / "report.txt"
    txt.write_text("\n".join(makers.report_lines(text)), encoding="utf-8")
    built = [
        makers.make_docx(tmp_path / "report.docx", text),
        makers.make_pdf(tmp_path / "report.pdf", text),
        makers.make_html(tmp_path / "report.html", text),
    ]
    expected = check_path(txt)
    for path in built:
        result = check_path(path)
        assert _summary(result) == _summary(expected), path.suffix
        assert abs(result.score - expected.score) <= 2, path.suffix
