"""Copied text (照搬照抄) across a batch, without comparing every pair of reports.

1. Each report arrives as a Signature: hashed clauses grouped by paragraph (fingerprint.py).
2. Document frequency per clause over the batch: a clause in ``stock_limit(n)`` or more reports
   is a stock phrase (套话) and never counts as copying; a clause in one report only cannot.
3. Each paragraph's shared, non-stock clauses get MinHash values; paragraphs that agree on a
   whole LSH band (``ROWS`` values) become candidate pairs, so only near-identical paragraphs
   are ever compared.
4. Candidates are verified on all their clauses: nearly all of the smaller paragraph is shared,
   and enough of what is shared is not stock. Pairs of reports are ranked by their copied share.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from checker.batch.fingerprint import Signature

STOCK_SHARE = 0.02
STOCK_MIN_DOCS = 4
MIN_COPY_CHARS = 50
NEAR_COPY = 0.8
OWN_RATIO = 0.6
MIN_PAIR_CHARS = 80
PARTITION = 1_000_000
BANDS, ROWS = 6, 3
_RNG = np.random.default_rng(20240401)
_MULT = _RNG.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_ADD = _RNG.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def stock_limit(documents: int) -> int:
    """How many reports a clause must appear in to count as a stock phrase."""
    return max(STOCK_MIN_DOCS, math.ceil(STOCK_SHARE * documents))


class Example(NamedTuple):
    """One copied paragraph: its line (1-based) in each report and their shared characters."""

    line_a: int
    line_b: int
    shared: int


class CopyPair(NamedTuple):
    """Two reports that share paragraphs nearly word for word."""

    file_a: str
    file_b: str
    share: float
    copied_chars: int
    paragraphs: int
    examples: tuple[Example, ...]


@dataclass
class _Match:
    side_a: dict[int, int] = field(default_factory=dict)
    side_b: dict[int, int] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)


class CopyIndex:
    """Collects signatures while a batch runs; ``find`` returns the copied pairs at the end."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.hashes = array("Q")
        self.lengths = array("H")
        self.owner = array("I")
        self.para_doc = array("I")
        self.para_line = array("I")
        self.stock_phrases = 0

    def add(self, file: str, sig: Signature) -> None:
        """Add one report's signature."""
        doc = len(self.files)
        self.files.append(file)
        first = len(self.para_doc)
        lines = array("I", sig.lines)
        self.para_line.extend(lines)
        self.para_doc.extend([doc] * len(lines))
        self.hashes.frombytes(sig.hashes)
        self.lengths.frombytes(sig.lengths)
        self.owner.extend(p + first for p in array("I", sig.paragraphs))

    def find(self) -> list[CopyPair]:
        """The pairs of reports with copied paragraphs, largest copied share first."""
        if len(self.files) < 2 or not self.hashes:
            return []
        hashes = np.frombuffer(self.hashes, dtype=np.uint64)
        lengths = np.frombuffer(self.lengths, dtype=np.uint16)
        owner = np.frombuffer(self.owner, dtype=np.uint32)
        para_doc = np.frombuffer(self.para_doc, dtype=np.uint32)
        frequency = self._frequency(hashes, para_doc)
        stock = frequency >= stock_limit(len(self.files))
        shared = (frequency >= 2) & ~stock
        del frequency
        # a paragraph with fewer shared non-stock characters than a copy needs is never a candidate
        shared_chars = np.bincount(owner, weights=np.where(shared, lengths, 0), minlength=len(para_doc))
        kept = np.flatnonzero(shared & (shared_chars >= MIN_COPY_CHARS)[owner])
        del shared, shared_chars
        doc_chars = np.bincount(para_doc[owner], weights=lengths, minlength=len(self.files))
        candidates = self._candidates(hashes[kept], owner[kept])
        matches = self._verify(candidates, hashes, lengths, stock, owner, para_doc)
        return self._pairs(matches, doc_chars)

    def _frequency(self, hashes: np.ndarray, para_doc: np.ndarray) -> np.ndarray:
        """For every clause, the number of distinct reports it appears in (at most 65535).

        Worked out one slice of the hash space at a time, so the sorting never needs more than
        about ``PARTITION`` records' worth of temporary memory.
        """
        owner = np.frombuffer(self.owner, dtype=np.uint32)
        frequency = np.zeros(len(hashes), dtype=np.uint16)
        parts = max(1, -(-len(hashes) // PARTITION))
        slices = (hashes >> np.uint64(40)).astype(np.uint32) % parts if parts > 1 else None
        self.stock_phrases = 0
        for part in range(parts):
            where = np.flatnonzero(slices == part) if slices is not None else np.arange(len(hashes))
            part_hashes, part_docs = hashes[where], para_doc[owner[where]]
            order = np.lexsort((part_docs, part_hashes))
            part_hashes, part_docs = part_hashes[order], part_docs[order]
            new_hash = np.r_[True, part_hashes[1:] != part_hashes[:-1]]
            new_doc = new_hash | np.r_[True, part_docs[1:] != part_docs[:-1]]
            group = np.cumsum(new_hash, dtype=np.int32) - 1
            per_hash = np.minimum(np.bincount(group, weights=new_doc), 65535).astype(np.uint16)
            self.stock_phrases += int(np.count_nonzero(per_hash >= stock_limit(len(self.files))))
            frequency[where[order]] = per_hash[group]
        return frequency

    def _candidates(self, hashes: np.ndarray, owner: np.ndarray) -> Iterator[tuple[int, int]]:
        """Paragraph pairs whose shared, non-stock clauses agree on at least one MinHash band."""
        if not len(hashes):
            return
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        paras = owner[starts]
        seen: set[tuple[int, int]] = set()
        for band in range(BANDS):
            key = np.zeros(len(starts), dtype=np.uint64)
            for row in range(band * ROWS, band * ROWS + ROWS):
                key = key * _MIX ^ np.minimum.reduceat(hashes * _MULT[row] + _ADD[row], starts)
            order = np.argsort(key, kind="stable")
            ordered = key[order]
            edges = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1], True])
            for lo, hi in pairwise(edges.tolist()):
                if hi - lo < 2:
                    continue
                members = sorted(int(p) for p in paras[order[lo:hi]])
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        if (a, b) not in seen:
                            seen.add((a, b))
                            yield a, b

    def _verify(
        self,
        candidates: Iterator[tuple[int, int]],
        hashes: np.ndarray,
        lengths: np.ndarray,
        stock: np.ndarray,
        owner: np.ndarray,
        para_doc: np.ndarray,
    ) -> dict[tuple[int, int], _Match]:
        """Check each candidate pair on all its clauses and group the copies by pair of reports.

        A copy shares ``NEAR_COPY`` of the smaller paragraph's text, stock phrases included, and at
        least ``MIN_COPY_CHARS`` characters that are not stock phrases.
        """

        bounds = np.searchsorted(owner, np.arange(len(para_doc) + 1, dtype=owner.dtype)).tolist()

        def clauses(paragraph: int) -> dict[int, tuple[int, bool]]:
            lo, hi = bounds[paragraph], bounds[paragraph + 1]
            sizes = zip(lengths[lo:hi].tolist(), stock[lo:hi].tolist(), strict=True)
            return dict(zip(hashes[lo:hi].tolist(), sizes, strict=True))

        matches: dict[tuple[int, int], _Match] = {}
        for pa, pb in candidates:
            da, db = int(para_doc[pa]), int(para_doc[pb])
            if da == db:
                continue
            mine, theirs = clauses(pa), clauses(pb)
            size_a, size_b = sum(n for n, _ in mine.values()), sum(n for n, _ in theirs.values())
            own_a = sum(n for n, is_stock in mine.values() if not is_stock)
            own_b = sum(n for n, is_stock in theirs.values() if not is_stock)
            shared = [clause for h, clause in mine.items() if h in theirs]
            overlap = sum(n for n, _ in shared)
            own = sum(n for n, is_stock in shared if not is_stock)
            if own < MIN_COPY_CHARS or own < OWN_RATIO * min(own_a, own_b) or overlap < NEAR_COPY * min(size_a, size_b):
                continue
            match = matches.setdefault((da, db), _Match())
            match.side_a[pa] = size_a
            match.side_b[pb] = size_b
            match.examples.append(Example(self.para_line[pa] + 1, self.para_line[pb] + 1, overlap))
        return matches

    def _pairs(self, matches: dict[tuple[int, int], _Match], doc_chars: np.ndarray) -> list[CopyPair]:
        pairs = []
        for (da, db), match in matches.items():
            copied = min(sum(match.side_a.values()), sum(match.side_b.values()))
            if copied < MIN_PAIR_CHARS:
                continue
            smaller = max(1.0, min(doc_chars[da], doc_chars[db]))
            examples = sorted(match.examples, key=lambda e: (-e.shared, e.line_a))[:3]
            pairs.append(
                CopyPair(
                    self.files[da],
                    self.files[db],
                    round(min(1.0, float(copied / smaller)), 3),
                    copied,
                    min(len(match.side_a), len(match.side_b)),
                    tuple(examples),
                )
            )
        pairs.sort(key=lambda p: (-p.share, p.file_a, p.file_b))
        return pairs
