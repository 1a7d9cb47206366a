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
from zlib import crc32

MIN_PARAGRAPH = 40
MIN_CLAUSE = 4
_CLAUSE_SPLIT = re.compile(r"[。；！？，：、;!?,:]+")
_MARKER = re.compile(r"(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")
_DROP = re.compile(r"[\s“”\"'‘’《》〈〉\[\]【】·—\-\u200b\ufeff]+")


class Signature(NamedTuple):
    """Clause hashes, their lengths, the paragraph (0-based in ``lines``) each belongs to."""

    hashes: bytes
    lengths: bytes
    paragraphs: bytes
    lines: bytes


def clause_hashes(clauses: list[str]) -> list[int]:
    """Stable unsigned 64-bit hashes of clauses, the same in every process and every run.

    Two CRC-32s, of the bytes and of the bytes reversed: fast, and for the short clauses of a
    report as good at keeping distinct clauses apart as a cryptographic hash would be.
    """
    encoded = [clause.encode("utf-8") for clause in clauses]
    return [crc32(data) | crc32(data[::-1]) << 32 for data in encoded]


def paragraph_clauses(line: str) -> list[str]:
    """The comparable clauses of one line, empty when the line is too short to be a paragraph."""
    if len(line) < MIN_PARAGRAPH:
        return []
    text = _DROP.sub("", line)
    if len(text) < MIN_PARAGRAPH:
        return []
    marker = _MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    return [c for c in _CLAUSE_SPLIT.split(text) if len(c) >= MIN_CLAUSE]


def signature(lines: Sequence[str]) -> Signature:
    """The copy signature of a report given its lines."""
    hashes, lengths, paragraphs, numbers = array("Q"), array("H"), array("I"), array("I")
    for number, line in enumerate(lines):
        clauses = paragraph_clauses(line)
        if not clauses:
            continue
        paragraphs.extend([len(numbers)] * len(clauses))
        numbers.append(number)
        hashes.extend(clause_hashes(clauses))
        lengths.extend([min(len(clause), 65535) for clause in clauses])
    return Signature(hashes.tobytes(), lengths.tobytes(), paragraphs.tobytes(), numbers.tobytes())
