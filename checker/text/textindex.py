"""The report's content lines joined into one searchable string, with the way back to lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from checker.text.document import Document
from checker.text.normalize import NormLine


class Hit(NamedTuple):
    """Where a phrase was found: the piece of text (``NormLine.index``) and its span in that piece.

    Fields are in reading order, so plain tuple sorting puts hits in document order.
    """

    line: int
    start: int
    end: int
    phrase: str


class ReportText:
    """The report's pieces of content (noise left out) joined by newlines, so one pass can search them all."""

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

    def position(self, piece: int, offset: int = 0) -> tuple[int, int]:
        """The 1-based line and column in the user's file of a position in a piece."""
        norm = self.by_index[piece]
        return norm.line + 1, norm.original_offset(offset) + 1

    def original(self, piece: int, length: int | None = None) -> str:
        """The piece (or its first ``length`` normalized characters) as the user wrote it."""
        norm = self.by_index[piece]
        raw = self.document.lines[norm.line]
        length = len(norm.text) if length is None else length
        if not length:
            return ""
        return raw[norm.original_offset(0) : norm.original_offset(length - 1) + 1]

    def line_number(self, piece: int) -> int:
        """The 1-based line in the user's file that a piece comes from."""
        return self.by_index[piece].line + 1

    def snippet(self, hit: Hit, before: int = 16, after: int = 32) -> str:
        """A quote from the user's own line around a hit (always a substring of that line).

        Empty when the text was built with ``quotes=False``: a batch row carries no evidence.
        """
        if not self.quotes:
            return ""
        norm = self.by_index[hit.line]
        raw = self.document.lines[norm.line]
        start = norm.original_offset(hit.start)
        end = norm.original_offset(max(hit.end - 1, hit.start)) + 1
        return raw[_quote_start(raw, start, before) : _quote_end(raw, end, after)].strip()


_CLAUSE_MARKS = frozenset('，,。；;：:！!？?、 （(）)“”"《》')
_REACH = 10  # how far past the nominal edge a quote may run to end on a clause mark


def _glued(raw: str, at: int) -> bool:
    """Whether a cut at ``at`` would split a number or a Latin word (2023年 → 3年)."""
    return (
        0 < at < len(raw)
        and raw[at - 1].isascii()
        and raw[at].isascii()
        and raw[at - 1].isalnum()
        and raw[at].isalnum()
    )


def _quote_start(raw: str, start: int, before: int) -> int:
    """Where a quote of the text before ``start`` begins: just after a clause mark within reach, else
    ``before`` characters back, moved on so that no number or word is cut."""
    lo = max(0, start - before)
    if lo == 0:
        return 0
    marks = [i for i in range(max(0, lo - _REACH), start) if raw[i] in _CLAUSE_MARKS]
    if marks:
        return min(marks, key=lambda i: abs(i + 1 - lo)) + 1
    while _glued(raw, lo) and lo < start:
        lo += 1
    return lo


def _quote_end(raw: str, end: int, after: int) -> int:
    """Where a quote of the text after ``end`` stops: at a clause mark within reach (kept), else
    ``after`` characters on, moved back so that no number or word is cut."""
    hi = min(len(raw), end + after)
    if hi == len(raw):
        return hi
    marks = [i for i in range(end, min(len(raw), hi + _REACH)) if raw[i] in _CLAUSE_MARKS]
    if marks:
        return min(marks, key=lambda i: abs(i + 1 - hi)) + 1
    while _glued(raw, hi) and hi > end:
        hi -= 1
    return hi
