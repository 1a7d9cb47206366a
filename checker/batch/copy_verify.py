"""The copy search's last step: candidate pairs from shared LSH buckets, verified on all their clauses.

``verify_slices`` takes the band slices ``CopyIndex`` wrote and returns the copies found in them,
grouped by pair of reports. It only reads files.

Handing shares of the slices to the batch's idle workers was tried: on 100,000 reports it took 8 s
off a 29 s search, but each worker's numpy and working set added about 30 MB, and the sum of the
processes' memory went from about 140 MB to 250 MB.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from checker.batch.copy_files import BANDED, PARAGRAPH, RECORD, read_slice

MIN_COPY_CHARS = 50
NEAR_COPY = 0.8
OWN_RATIO = 0.6
VERIFY_CACHE = 4096
VERIFY_BATCH = 8192  # pairs verified at once: a bucket of 600 paragraphs is 180,000 pairs


class Example(NamedTuple):
    """One copied paragraph: its line (1-based) in each report and their shared characters."""

    line_a: int
    line_b: int
    shared: int


@dataclass
class Match:
    """The copied paragraphs of one pair of reports: each side's paragraphs and sizes, and an example
    per pair of paragraphs."""

    side_a: dict[int, int] = field(default_factory=dict)
    side_b: dict[int, int] = field(default_factory=dict)
    examples: dict[tuple[int, int], Example] = field(default_factory=dict)


Found = dict[tuple[int, int], Match]  # the copies between two reports, by their numbers in the batch


class VerifyWork(NamedTuple):
    """What the verification needs: the index's files, its reports' first paragraphs, the stock phrases
    and the band slices."""

    records: str  # the clauses file (RECORD, in report order)
    paragraphs: str  # the paragraphs file (PARAGRAPH, in report order)
    doc_first: bytes  # uint64: each report's first paragraph, then the number of paragraphs
    stock: frozenset[int]  # the stock phrases' hashes
    slices: tuple[str, ...]  # band slice files (BANDED)


class _Paragraph(NamedTuple):
    """One paragraph's clauses for verification: length by hash, the stock ones, the totals, its line."""

    line: int  # 0-based, in its report
    lengths: dict[int, int]
    stock: frozenset[int]
    size: int
    own: int  # characters outside stock phrases


def _pairs_of(size: int) -> np.ndarray:
    """The positions (i, j), i < j, of every pair among ``size`` items, as two rows (kept for small sizes)."""
    return _small_pairs(size) if size <= 64 else np.vstack(np.triu_indices(size, 1))


@lru_cache(maxsize=64)
def _small_pairs(size: int) -> np.ndarray:
    return np.vstack(np.triu_indices(size, 1))


def bucket_pairs(banded: np.ndarray) -> Iterator[np.ndarray]:
    """The pairs of paragraphs that share a key, as ``a << 32 | b`` with a < b, a bucket or a batch at a time.

    A pair whose paragraphs share several bands comes once from each (about 2% of the pairs on a
    generated corpus of 100,000 reports); verifying it again finds the same and changes nothing.
    Bucket by bucket, the paragraphs verified one after another are the same few, which the
    verifier's cache holds.
    """
    ordered = banded[np.argsort(banded["key"], kind="stable")]
    keys, paragraphs = ordered["key"], ordered["paragraph"].astype(np.uint64)
    edges = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    sizes = np.diff(edges)
    two = edges[:-1][sizes == 2]  # most buckets hold two paragraphs: pair them all at once
    a, b = paragraphs[two], paragraphs[two + 1]
    yield np.minimum(a, b) << np.uint64(32) | np.maximum(a, b)
    for lo, size in zip(edges[:-1][sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        members = np.sort(paragraphs[lo : lo + size])
        first, second = _pairs_of(size)
        yield members[first] << np.uint64(32) | members[second]


class _Verifier:
    """Checks candidate pairs on all their clauses and groups the copies by pair of reports.

    A copy shares ``NEAR_COPY`` of the smaller paragraph's text, stock phrases included, and at
    least ``MIN_COPY_CHARS`` characters that are not stock phrases, which are also most of the
    text the two paragraphs do not share with every other report (``OWN_RATIO``).
    """

    def __init__(self, work: VerifyWork) -> None:
        self.work = work
        self.matches: Found = {}
        self.records = open(work.records, "rb")  # noqa: SIM115 (closed by close)
        self.paragraphs = open(work.paragraphs, "rb")  # noqa: SIM115 (closed by close)
        self.doc_first = np.frombuffer(work.doc_first, dtype=np.uint64)
        # a paragraph in a large bucket takes part in many pairs in a row: keep the last few thousand read
        self.paragraph = lru_cache(maxsize=VERIFY_CACHE)(self._read_paragraph)

    def close(self) -> None:
        self.records.close()
        self.paragraphs.close()

    def _read_paragraph(self, number: int) -> _Paragraph:
        self.paragraphs.seek(number * PARAGRAPH.itemsize)
        line, count, start = np.frombuffer(self.paragraphs.read(PARAGRAPH.itemsize), dtype=PARAGRAPH)[0].tolist()
        self.records.seek(start * RECORD.itemsize)
        records = np.frombuffer(self.records.read(count * RECORD.itemsize), dtype=RECORD)
        lengths = dict(zip(records["hash"].tolist(), records["length"].tolist(), strict=True))
        size = sum(lengths.values())
        stock = frozenset(h for h in lengths if h in self.work.stock)
        return _Paragraph(line, lengths, stock, size, size - sum(lengths[h] for h in stock))

    def verify(self, codes: np.ndarray) -> None:
        """Check candidate pairs (``a << 32 | b`` codes); record the copies."""
        pas, pbs = (codes >> np.uint64(32)).astype(np.intp), (codes & np.uint64(0xFFFFFFFF)).astype(np.intp)
        das = np.searchsorted(self.doc_first, pas, side="right") - 1
        dbs = np.searchsorted(self.doc_first, pbs, side="right") - 1
        other = das != dbs  # a paragraph copied within one report is no copy between two
        pairs = zip(pas[other].tolist(), pbs[other].tolist(), das[other].tolist(), dbs[other].tolist(), strict=True)
        for pa, pb, da, db in pairs:
            a, b = self.paragraph(pa), self.paragraph(pb)
            both = a.lengths.keys() & b.lengths.keys()
            overlap = sum(map(a.lengths.__getitem__, both))
            own = overlap - sum(map(a.lengths.__getitem__, both & a.stock))
            if own < max(MIN_COPY_CHARS, OWN_RATIO * min(a.own, b.own)) or overlap < NEAR_COPY * min(a.size, b.size):
                continue
            match = self.matches.setdefault((da, db), Match())
            match.side_a[pa] = a.size
            match.side_b[pb] = b.size
            if (pa, pb) not in match.examples:
                match.examples[pa, pb] = Example(a.line + 1, b.line + 1, overlap)


def verify_slices(work: VerifyWork) -> Found:
    """The copies found in ``work.slices``, by pair of reports (their numbers in the batch)."""
    verifier = _Verifier(work)
    try:
        for path in work.slices:
            for codes in bucket_pairs(read_slice(path, BANDED)):
                for start in range(0, len(codes), VERIFY_BATCH):
                    verifier.verify(codes[start : start + VERIFY_BATCH])
    finally:
        verifier.close()
    return verifier.matches
