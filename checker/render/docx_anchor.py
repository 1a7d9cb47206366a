"""Anchor Word comments: from a line and column of the user's file to the runs of a paragraph.

``Anchors`` knows, for each line of the report as the checker read it, which paragraph (w:p) of
the Word document holds it and where. ``mark_comment`` puts a comment's range around the children
of a paragraph (runs, hyperlinks, insertions) that hold a span of its text, as Word does: a
``w:commentRangeStart`` before the first, a ``w:commentRangeEnd`` after the last, then the run that
holds the ``w:commentReference``. Nothing else in the paragraph changes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NamedTuple

from checker.render.review_notes import Note
from checker.sources.docx import paragraph_pieces

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text an XML part can hold: characters XML 1.0 forbids become U+FFFD (one for one)."""
    return _XML_UNSAFE.sub("\ufffd", text)


class Place(NamedTuple):
    """Where a line, from its ``column`` (0-based) on, stands in a paragraph: at ``offset`` of its text."""

    column: int
    paragraph: Any
    offset: int


class Anchors:
    """The places of the report's lines (0-based) in the document; a line with none borrows its neighbour's."""

    def __init__(self, lines: tuple[str, ...], places: dict[int, list[Place]]) -> None:
        if not places:
            raise ValueError("a document without paragraphs has nowhere to anchor a comment")
        self.lines = lines
        self.places = places
        self._known = sorted(places)

    def span(self, note: Note) -> tuple[Any, int, int]:
        """The paragraph a note is anchored on, and the span of its text: the quote, or the whole line."""
        index = note.line - 1
        text = self.lines[index] if 0 <= index < len(self.lines) else ""
        start, end = _quote_span(text, note.quote, note.column)
        if index not in self.places:  # a line left out of a rebuilt document (page furniture)
            index = self._neighbour(index)
            start, end = 0, 0
        places = self.places[index]
        place = places[max(0, bisect_right([p.column for p in places], start) - 1)]
        return place.paragraph, place.offset + start - place.column, place.offset + end - place.column

    def _neighbour(self, index: int) -> int:
        before = bisect_right(self._known, index) - 1
        return self._known[before] if before >= 0 else self._known[0]


def _quote_span(text: str, quote: str, column: int | None) -> tuple[int, int]:
    """Where the quote stands on its line (the occurrence at the evidence's column), else the whole line."""
    if not quote:
        return 0, len(text)
    hit = (column or 1) - 1
    start = text.rfind(quote, 0, hit + len(quote))
    if start < 0 or start + len(quote) <= hit:
        start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 else (0, len(text))


def mark_comment(paragraph: Any, start: int, end: int, comment_id: int) -> None:
    """Anchor comment ``comment_id`` on the children of ``paragraph`` holding ``text[start:end]`` (all when none)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pieces = [(child, text) for child, text in paragraph_pieces(paragraph) if text]
    covered, at = [], 0
    for child, text in pieces:
        if at < end and at + len(text) > start:
            covered.append(child)
        at += len(text)
    covered = covered or [child for child, _ in pieces]
    ident = {qn("w:id"): str(comment_id)}
    opening, closing = OxmlElement("w:commentRangeStart", attrs=ident), OxmlElement("w:commentRangeEnd", attrs=ident)
    reference = OxmlElement("w:r")
    reference.append(OxmlElement("w:rPr"))
    reference[0].append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference.append(OxmlElement("w:commentReference", attrs=ident))
    if covered:
        covered[0].addprevious(opening)
        covered[-1].addnext(reference)
        covered[-1].addnext(closing)
    else:  # an empty paragraph: a comment on its end
        paragraph.extend([opening, closing, reference])
