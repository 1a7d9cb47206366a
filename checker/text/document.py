"""The Document a reader produces: the report's text lines plus what the format told us."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from checker.result import Place


@dataclass(frozen=True)
class Document:
    """A report read from one source.

    ``lines`` are the report's own lines; line *n* (1-based) in every message is ``lines[n - 1]``.
    ``marked_headings`` maps a 0-based line index to the heading level the format itself marked
    (Word heading styles, HTML h1–h6), level 1 being the highest.
    ``meta`` holds what the format recorded: ``title``, ``author``, ``date`` (ISO) when known.
    ``places`` gives, for each line, where the format puts its pieces: ``(offset, paragraph, line in
    it)`` for a Word file, ``(offset, page, line on the page)`` for each physical line of a PDF
    paragraph; empty for text, where the line number says it all.
    """

    source: str
    format: str
    lines: tuple[str, ...]
    marked_headings: dict[int, int] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    places: tuple[tuple[tuple[int, int, int], ...], ...] = ()

    def place(self, index: int, column: int = 1) -> Place:
        """Where the 0-based line ``index`` (at the 1-based ``column``) stands, in the terms of the format."""
        if index >= len(self.places) or self.format not in ("docx", "pdf"):
            return Place(index + 1)
        first, second = next(
            ((a, b) for offset, a, b in reversed(self.places[index]) if offset < column), self.places[index][0][1:]
        )
        return Place(index + 1, paragraph=first) if self.format == "docx" else Place(index + 1, first, second)

    @classmethod
    def from_text(cls, text: str, source: str = "<text>", fmt: str = "txt") -> Document:
        """Build a document from plain text, splitting on any line break."""
        return cls(source=source, format=fmt, lines=tuple(text.splitlines()))

    @cached_property
    def text(self) -> str:
        """All lines joined by newlines (computed once)."""
        return "\n".join(self.lines)
