"""The report's content lines joined into one searchable string, with the way back to lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from checker.text.document import Document
from checker.text.normalize import NormLine


class Hit(NamedTuple):
    """Where a phrase was found: 0-based document line and its span in the normalized line.

    Fields are in reading order, so plain tuple sorting puts hits in document order.
    """

    line: int
    start: int
    end: int
    phrase: str


class ReportText:
    """Content lines (noise left out) joined by newlines, so one pass can search them all."""

    def __init__(self, document: Document, lines: Sequence[NormLine], quotes: bool = True) -> None:
        self.document = document
        self.quotes = quotes
        self.lines = [line for line in lines if not line.noise]
        self.by_index = {line.index: line for line in self.lines}
        starts, parts, pos = [], [], 0
        for line in self.lines:
            starts.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        self.starts = starts
        self.joined = "\n".join(parts)

    def hit_at(self, phrase: str, start: int, end: int) -> Hit:
        """Turn a span of ``joined`` into a Hit on its line."""
        slot = bisect_right(self.starts, start) - 1
        base = self.starts[slot]
        return Hit(self.lines[slot].index, start - base, end - base, phrase)

    def snippet(self, hit: Hit, before: int = 16, after: int = 32) -> str:
        """A quote from the user's own line around a hit (always a substring of that line).

        Empty when the text was built with ``quotes=False``: a batch row carries no evidence.
        """
        if not self.quotes:
            return ""
        raw = self.document.lines[hit.line]
        norm = self.by_index[hit.line]
        start = norm.original_offset(hit.start)
        end = norm.original_offset(max(hit.end - 1, hit.start)) + 1
        lo, hi = max(0, start - before), min(len(raw), end + after)
        return raw[lo:hi].strip()
