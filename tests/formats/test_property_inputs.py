"""Property tests: random and mutated text and bytes never let an exception escape, and evidence lines are right."""

from __future__ import annotations

import tempfile
from pathlib import Path

import makers
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.analysis.engine import check_document, compile_rubric
from checker.errors import InputError
from checker.sources import read_document
from checker.text.document import Document
from checker.text.normalize import normalize_document, normalize_line
from checker.text.outline import build_outline

_SEEDS: dict[str, bytes] = {}
REPORT_LINES = makers.report_lines()
_ALPHABET = "一二三四五六七八九十、（）()。，：；%0123456789 \t\n\r\u3000年度法治政府建设出庭应诉率报告"
CHINESE = st.text(
    alphabet=st.sampled_from(list(_ALPHABET)) | st.characters(),
    max_size=400,
)


def _seed(kind: str) -> bytes:
    """One valid file of each format, built once and reused as the base for mutations."""
    if kind not in _SEEDS:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"seed.{kind}"
            {"docx": makers.make_docx, "pdf": makers.make_pdf, "html": makers.make_html}[kind](path)
            _SEEDS[kind] = path.read_bytes()
    return _SEEDS[kind]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["docx", "pdf", "html", "txt"]))
    data = bytearray(_seed(kind) if kind != "txt" else makers.REPORT_TEXT.encode("gb18030"))
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif action == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[pos : pos + 16] = bytes(16)
    suffix = draw(st.sampled_from([f".{kind}", ".txt", ".doc", ".pdf", ".html"]))
    return suffix, bytes(data)


def _read(suffix: str, data: bytes) -> Document | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except InputError as error:
            event(f"error {error.code} {error.message[-40:]}")
            assert error.path == str(path)
            assert "\n" not in error.message
            return None
        assert path.read_bytes() == data
        event(f"read as {document.format}")
        return document


def _evidence_points_at_quotes(document: Document) -> None:
    result = check_document(document, compile_rubric())
    for element in result.elements:
        for evidence in element.evidence:
            assert evidence.text in document.lines[evidence.line - 1]
    for figure in result.figures:
        assert figure.text in document.lines[figure.line - 1]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_read_or_fail_cleanly(case: tuple[str, bytes]) -> None:
    document = _read(*case)
    if document is not None:
        assert all("\n" not in line and "\r" not in line for line in document.lines)
        _evidence_points_at_quotes(document)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([".txt", ".docx", ".pdf", ".html", ".doc", ".md"]))
def test_random_bytes_read_or_fail_cleanly(data: bytes, suffix: str) -> None:
    _read(suffix, data)


@settings(max_examples=80, deadline=None)
@given(st.lists(CHINESE, max_size=20), st.dictionaries(st.integers(-3, 25), st.integers(0, 9), max_size=5))
def test_normalizer_and_outline_take_any_text(lines: list[str], marked: dict[int, int]) -> None:
    document = Document(source="<random>", format="txt", lines=tuple(lines), marked_headings=marked)
    normalized = normalize_document(document)
    assert [line.index for line in normalized] == list(range(len(lines)))
    for line in normalized:
        for position in range(len(line.text)):
            assert 0 <= line.original_offset(position) < len(lines[line.index])
    outline = build_outline(normalized, marked)
    for heading in outline.headings:
        assert 0 <= heading.line < heading.end <= len(lines)


_SPACES = st.sampled_from([" ", "\t", "\u3000", "\xa0", "\u2009", "\u200b", "\ufeff", "\x0c", "\x1f"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("法治，（一）１２%")) | _SPACES | st.characters(), max_size=40)))
def test_whole_document_normalization_matches_line_by_line(lines: list[str]) -> None:
    """The one-pass path (and its no-whitespace shortcut) gives what normalizing each line gives."""
    lines = [line for line in lines if len(line.splitlines()) <= 1 and line.strip("\n\r") == line]
    document = Document(source="<random>", format="txt", lines=tuple(lines))
    assert normalize_document(document) == [normalize_line(i, line) for i, line in enumerate(lines)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(REPORT_LINES) | CHINESE, min_size=1, max_size=25))
def test_evidence_lines_point_at_quoted_text(lines: list[str]) -> None:
    document = Document.from_text("\n".join(lines), source="<mixed>")
    _evidence_points_at_quotes(document)
