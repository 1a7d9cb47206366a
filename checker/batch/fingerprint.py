"""Per-report copy signatures: hashed clauses of each paragraph, small enough to ship from a worker.

The clauses and their hashes are ``checker.text.clauses``'s; a signature groups them by paragraph.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import NamedTuple

from checker.text.clauses import clause_hashes, paragraph_clauses


class Signature(NamedTuple):
    """Clause hashes and lengths, paragraph by paragraph: how many clauses each has, and its line."""

    hashes: bytes  # uint64 per clause
    lengths: bytes  # uint16 per clause
    counts: bytes  # uint32 per paragraph: its clauses, in order
    lines: bytes  # uint32 per paragraph: its line, 0-based


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
