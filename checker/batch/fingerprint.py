"""Per-report copy signatures: hashed clauses of each paragraph, small enough to ship from a worker.

A paragraph is a report line of at least ``MIN_PARAGRAPH`` characters (headings and short lines
are left out). Whitespace, quotes, brackets and its list marker are dropped, it is cut into clauses
at punctuation, and each clause of at least ``MIN_CLAUSE`` characters is hashed. Figures are kept
as written, so a paragraph copied with its numbers is recognised, while two reports that only share
a stock phrase are not.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import NamedTuple

from xxhash import xxh3_64_intdigest

from checker.text.normalize import WHITESPACE

MIN_PARAGRAPH = 40
MIN_CLAUSE = 4
_CLAUSE = re.compile(rf"[^。；！？，：、;!?,:]{{{MIN_CLAUSE},}}")  # a clause long enough to count, whole
_MARKER = re.compile(r"(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")
_DROP = re.compile(rf"[{WHITESPACE}“”\"'‘’《》〈〉\[\]【】·—\-\u200b\ufeff]+")


class Signature(NamedTuple):
    """Clause hashes and lengths, paragraph by paragraph: how many clauses each has, and its line."""

    hashes: bytes  # uint64 per clause
    lengths: bytes  # uint16 per clause
    counts: bytes  # uint32 per paragraph: its clauses, in order
    lines: bytes  # uint32 per paragraph: its line, 0-based


def clause_hashes(clauses: list[str]) -> list[int]:
    """Stable unsigned 64-bit hashes of clauses (XXH3), the same in every process and every run."""
    return [xxh3_64_intdigest(clause.encode("utf-8")) for clause in clauses]


def paragraph_clauses(line: str) -> list[str]:
    """The comparable clauses of one line, empty when the line is too short to be a paragraph."""
    if len(line) < MIN_PARAGRAPH:
        return []
    text = _DROP.sub("", line)
    if len(text) < MIN_PARAGRAPH:
        return []
    marker = _MARKER.match(text)
    return _CLAUSE.findall(text, marker.end() if marker else 0)


def _lengths(clauses: list[str]) -> list[int]:
    """Clause lengths, capped at 65,535 (two bytes each)."""
    lengths = list(map(len, clauses))
    return lengths if max(lengths, default=0) <= 65535 else [min(n, 65535) for n in lengths]


def signature(lines: Sequence[str]) -> Signature:
    """The copy signature of a report given its lines."""
    clauses: list[str] = []
    counts: list[int] = []  # each paragraph's number of clauses
    numbers: list[int] = []  # each paragraph's line
    for number, line in enumerate(lines):
        found = paragraph_clauses(line)
        if found:
            counts.append(len(found))
            numbers.append(number)
            clauses += found
    return Signature(
        array("Q", clause_hashes(clauses)).tobytes(),
        array("H", _lengths(clauses)).tobytes(),
        array("I", counts).tobytes(),
        array("I", numbers).tobytes(),
    )
