"""The comparable clauses of a report's paragraphs and their hashes, for finding copied text.

A paragraph is a report line of at least ``MIN_PARAGRAPH`` characters (headings and short lines
are left out). Whitespace, quotes, brackets and its list marker are dropped, it is cut into clauses
at punctuation, and each clause of at least ``MIN_CLAUSE`` characters is hashed. Figures are kept
as written, so a paragraph copied with its numbers is recognised, while two reports that only share
a stock phrase are not.
"""

from __future__ import annotations

import re

from xxhash import xxh3_64_intdigest

from checker.text.normalize import WHITESPACE

MIN_PARAGRAPH = 40
MIN_CLAUSE = 4
_CLAUSE = re.compile(rf"[^。；！？，：、;!?,:]{{{MIN_CLAUSE},}}")  # a clause long enough to count, whole
_MARKER = re.compile(r"(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")
_DROP = re.compile(rf"[{WHITESPACE}“”\"'‘’《》〈〉\[\]【】·—\-\u200b\ufeff]+")


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
