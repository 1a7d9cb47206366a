"""The reviewed copy (``--format docx``): the report as a Word document with the review as comments (批注).

A .docx report is copied: the file is read again, checked to hold the very lines that were checked,
and only comments are added (styles, numbering, tables, headers, footers and images are kept as they
are). Any other report (.txt, .pdf, .html, a converted .doc) becomes a new Word document of its
recovered paragraphs and headings, with the same comments. ``reviewed_docx`` is the one entry point;
python-docx is imported only here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from checker.analysis.engine import Reading, read_report
from checker.errors import InputError, ReportcheckError
from checker.files import read_regular_file
from checker.render.docx_anchor import Anchors, Place, mark_comment, xml_safe
from checker.render.formats import Checked
from checker.render.review_notes import AUTHOR, initials, review_notes
from checker.result import Result
from checker.sources import DEFAULT_LIMITS, Limits
from checker.sources.docx import open_word, paragraph_texts
from checker.text.document import Document


def reviewed_docx(
    result: Result, document: Document, original: bytes | None = None, limits: Limits = DEFAULT_LIMITS
) -> bytes:
    """The reviewed copy of a checked report, as the bytes of a .docx file.

    ``document`` is what ``result`` was checked from. For a .docx report, ``original`` is its file's
    bytes (read again from ``document.source`` when not given, within ``limits``); a file that no
    longer holds the lines that were checked is an InputError (``changed``).
    """
    reading = read_report(document)
    try:
        if document.format == "docx":
            data = original if original is not None else read_regular_file(document.source, limits.max_bytes)
            word, anchors = _copy(data, document, limits)
        else:
            word, anchors = _rebuild(reading)
        for note in review_notes(result, _title_line(reading)):
            paragraph, start, end = anchors.span(note)
            comment = word.comments.add_comment(xml_safe(note.text), author=AUTHOR, initials=initials(result))
            mark_comment(paragraph, start, end, comment.comment_id)
        out = io.BytesIO()
        word.save(out)
    except ReportcheckError:
        raise
    except MemoryError:
        raise InputError("too_large", "内存不足，无法写出审阅副本 (out of memory)", document.source) from None
    except Exception as exc:  # last resort: python-docx failed on a file it could open
        raise InputError(
            "review_failed",
            f"无法写出带批注的审阅副本 (cannot write the reviewed copy: {type(exc).__name__})",
            document.source,
        ) from None
    return out.getvalue()


def render(items: Sequence[Checked], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The reviewed copy of the one report of a run; nothing (empty) when it could not be read."""
    for item in items:
        if isinstance(item.outcome, Result) and item.document is not None:
            return reviewed_docx(item.outcome, item.document, limits=limits)
    return b""


def _title_line(reading: Reading) -> int:
    """The 1-based line of the report's title, else of its first line with text."""
    if reading.meta.title_line is not None:
        return reading.lines[reading.meta.title_line].line + 1
    lines = reading.document.lines
    return next((n for n, line in enumerate(lines, 1) if line.strip()), 1)


def _copy(data: bytes, document: Document, limits: Limits) -> tuple[Any, Anchors]:
    """The .docx itself, opened, and the place of each of its lines, as the reader made them."""
    word = open_word(data, document.source, limits)
    raw: list[tuple[str, Place]] = []
    for paragraph, label, own in paragraph_texts(word):
        start = -len(label)  # a numbering label is text of the line, not of the paragraph
        for line in (label + own).split("\n"):
            raw.append((line, Place(0, paragraph, start)))
            start += len(line) + 1
    if len("\n".join(line for line, _ in raw).splitlines()) != len(raw):  # as the reader splits any other break
        raw = [(text, place._replace(offset=place.offset + at)) for line, place in raw for at, text in _breaks(line)]
    if tuple(line for line, _ in raw) != document.lines:
        raise InputError(
            "changed", "报告在检查之后被修改，请重新检查 (the report changed after it was checked)", document.source
        )
    return word, Anchors(document.lines, {n: [place] for n, (_, place) in enumerate(raw)})


def _breaks(line: str) -> Iterator[tuple[int, str]]:
    """The lines ``str.splitlines`` makes of a line, each with where it starts (one empty line for none)."""
    at = 0
    for piece in line.splitlines(keepends=True) or [""]:
        yield at, (piece.splitlines() or [""])[0]
        at += len(piece)


def _rebuild(reading: Reading) -> tuple[Any, Anchors]:
    """A new Word document of the report's pieces: the title, its headings in heading styles, its paragraphs."""
    import docx

    word = docx.Document()
    outline = reading.outline
    top = outline.top_level or 1
    levels = {h.line: h.level - top + 1 for h in outline.headings if not h.lead}
    places: dict[int, list[Place]] = {}
    lines = reading.document.lines
    for piece in reading.lines:
        if piece.noise or not piece.text:
            continue
        start, end = piece.original_offset(0), piece.original_offset(len(piece.text) - 1) + 1
        if piece.index == reading.meta.title_line:
            style: str | None = "Title"
        else:
            style = f"Heading {min(levels[piece.index], 3)}" if piece.index in levels else None
        paragraph = word.add_paragraph(xml_safe(lines[piece.line][start:end]), style=style)
        places.setdefault(piece.line, []).append(Place(start, paragraph._p, 0))
    return word, Anchors(lines, places)
