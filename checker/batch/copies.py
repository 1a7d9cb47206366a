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
import os
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # no BLAS here: its idle threads would spin beside the workers
import numpy as np

from checker.batch.fingerprint import Signature

STOCK_SHARE = 0.02
STOCK_MIN_DOCS = 4
MIN_COPY_CHARS = 50
NEAR_COPY = 0.8
OWN_RATIO = 0.6
MIN_PAIR_CHARS = 80
PARTITION = 500_000
BATCH = 256
VERIFY_CACHE = 4096
SPOOL = 8 * 2**20
CHUNK = 500_000
RECORD = np.dtype([("hash", "<u8"), ("owner", "<u4"), ("length", "<u2")])
BANDS, ROWS = 6, 3


def _splitmix64(seed: int, count: int) -> list[int]:
    """``count`` well-mixed 64-bit numbers from a seed (SplitMix64): fixed MinHash parameters
    without importing numpy.random (10 ms)."""
    mask, numbers = 2**64 - 1, []
    for _ in range(count):
        seed = (seed + 0x9E3779B97F4A7C15) & mask
        z = ((seed ^ (seed >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        numbers.append(z ^ (z >> 31))
    return numbers


_MULT = np.array(_splitmix64(20240401, BANDS * ROWS), dtype=np.uint64) | np.uint64(1)  # odd: a permutation
_ADD = np.array(_splitmix64(20250401, BANDS * ROWS), dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SORT_NEEDLES = 4096


def _lookup(common: tuple[np.ndarray, np.ndarray], hashes: np.ndarray) -> np.ndarray:
    """How many reports each clause appears in: from ``common``, else 1."""
    known, counts = common
    if not len(known):
        return np.ones(len(hashes), dtype=np.uint16)
    if len(hashes) < _SORT_NEEDLES:
        at = np.searchsorted(known, hashes)
    else:  # many clauses: searching them in sorted order is about twice as fast as in record order
        order = np.argsort(hashes)
        at = np.empty(len(hashes), dtype=np.intp)
        at[order] = np.searchsorted(known, hashes[order])
    at = np.minimum(at, len(known) - 1)
    return np.where(known[at] == hashes, counts[at], 1)


def _band_keys(hashes: np.ndarray, owner: np.ndarray) -> tuple[array, list[array]]:
    """The paragraphs (in order) that have kept clauses, and their MinHash key in each LSH band.

    ``hashes`` are the kept clauses' hashes, grouped by paragraph (``owner``, in ascending order).
    """
    if not len(hashes):
        return array("I"), []
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    permuted = np.empty_like(hashes)  # one buffer for every row's hash permutation
    keys = []
    for band in range(BANDS):
        key = np.zeros(len(starts), dtype=np.uint64)
        for row in range(band * ROWS, band * ROWS + ROWS):
            np.multiply(hashes, _MULT[row], out=permuted)
            np.add(permuted, _ADD[row], out=permuted)
            key = key * _MIX ^ np.minimum.reduceat(permuted, starts)
        keys.append(array("Q", key.tobytes()))
    return array("I", owner[starts].astype(np.uint32).tobytes()), keys


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


class _Paragraph(NamedTuple):
    """One paragraph's clauses for verification: length by hash, the stock ones, the totals."""

    lengths: dict[int, int]
    stock: frozenset[int]
    size: int
    own: int  # characters outside stock phrases


@dataclass
class _Match:
    side_a: dict[int, int] = field(default_factory=dict)
    side_b: dict[int, int] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)


class CopyIndex:
    """Collects signatures while a batch runs; ``find`` returns the copied pairs at the end.

    Clause records go to a temporary file once they pass ``SPOOL`` bytes; only a few numbers per
    paragraph stay in memory, and ``find`` reads the records back in chunks of ``CHUNK``.
    """

    def __init__(self) -> None:
        self.files: list[str] = []
        self.store = tempfile.SpooledTemporaryFile(SPOOL, prefix="reportcheck-copies-")  # noqa: SIM115 (closed by close)
        self.records = 0
        self.para_doc = array("I")
        self.para_line = array("I")
        self.para_start = array("Q")
        self.doc_chars = array("Q")
        self.stock_phrases = 0
        self.pending: list[Signature] = []

    def close(self) -> None:
        """Delete the temporary record file."""
        self.store.close()

    def __enter__(self) -> CopyIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def add(self, file: str, sig: Signature) -> None:
        """Add one report's signature (indexed with others, ``BATCH`` at a time)."""
        self.files.append(file)
        self.pending.append(sig)
        if len(self.pending) >= BATCH:
            self._index_pending()

    def _index_pending(self) -> None:
        """Index the signatures added since the last call, all at once."""
        sigs, self.pending = self.pending, []
        if not sigs:
            return
        first_doc, first_paragraph = len(self.files) - len(sigs), len(self.para_doc)
        paragraphs = np.array([len(sig.lines) // 4 for sig in sigs])  # per report
        counts = np.frombuffer(b"".join(sig.counts for sig in sigs), dtype=np.uint32)  # clauses per paragraph
        owner = np.repeat(np.arange(first_paragraph, first_paragraph + len(counts), dtype=np.uint32), counts)
        lengths = np.frombuffer(b"".join(sig.lengths for sig in sigs), dtype=np.uint16)
        starts = np.cumsum(counts, dtype=np.uint64) - counts + np.uint64(self.records)  # each paragraph's first record
        self.para_line.frombytes(b"".join(sig.lines for sig in sigs))
        self.para_doc.frombytes(np.repeat(np.arange(first_doc, len(self.files), dtype=np.uint32), paragraphs).tobytes())
        self.para_start.frombytes(starts.tobytes())
        doc_of_clause = np.repeat(np.arange(len(sigs)), [len(sig.lengths) // 2 for sig in sigs])
        chars = np.bincount(doc_of_clause, weights=lengths, minlength=len(sigs))
        self.doc_chars.frombytes(chars.astype(np.uint64).tobytes())
        records = np.empty(len(lengths), dtype=RECORD)
        records["hash"] = np.frombuffer(b"".join(sig.hashes for sig in sigs), dtype=np.uint64)
        records["owner"] = owner
        records["length"] = lengths
        self.store.write(records.tobytes())
        self.records += len(records)

    def _chunks(self) -> Iterator[np.ndarray]:
        self.store.flush()
        self.store.seek(0)
        records = max(8, CHUNK - CHUNK % 8)  # a multiple of 8, so per-chunk bit masks concatenate
        while data := self.store.read(records * RECORD.itemsize):
            yield np.frombuffer(data, dtype=RECORD)

    def _read(self, start: int, stop: int) -> np.ndarray:
        self.store.seek(start * RECORD.itemsize)
        return np.frombuffer(self.store.read((stop - start) * RECORD.itemsize), dtype=RECORD)

    def find(self) -> list[CopyPair]:
        """The pairs of reports with copied paragraphs, largest copied share first."""
        self._index_pending()
        if len(self.files) < 2 or not self.records:
            return []
        para_doc = np.frombuffer(self.para_doc, dtype=np.uint32)
        limit = stock_limit(len(self.files))
        common, per_record = self._frequency(para_doc)
        self.stock_phrases = int(np.count_nonzero(common[1] >= limit))
        # a paragraph with fewer shared non-stock characters than a copy needs is never a candidate
        shared_chars = np.zeros(len(para_doc))
        shared_masks = []  # one bit per record: in two or more reports, and not stock
        stock_masks = []  # one bit per record: a stock phrase
        done = 0
        for chunk in self._chunks():
            frequency = _lookup(common, chunk["hash"]) if per_record is None else per_record[done : done + len(chunk)]
            done += len(chunk)
            shared = (frequency >= 2) & (frequency < limit)
            shared_masks.append(np.packbits(shared))
            stock_masks.append(np.packbits(frequency >= limit))
            weights = np.where(shared, chunk["length"], 0)
            shared_chars += np.bincount(chunk["owner"], weights=weights, minlength=len(para_doc))
        eligible = shared_chars >= MIN_COPY_CHARS
        del shared_chars
        kept_hashes, kept_owners = [], []
        for chunk, mask in zip(self._chunks(), shared_masks, strict=True):
            keep = np.unpackbits(mask, count=len(chunk)).view(bool) & eligible[chunk["owner"]]
            kept_hashes.append(chunk["hash"][keep])
            kept_owners.append(chunk["owner"][keep])
        hashes, owners = np.concatenate(kept_hashes), np.concatenate(kept_owners)
        del kept_hashes, kept_owners
        candidates = self._candidates(*_band_keys(hashes, owners))
        del hashes, owners  # only the band keys are needed from here on
        stock = np.concatenate(stock_masks)  # every chunk but the last holds a multiple of 8 records: one mask
        return self._pairs(self._verify(candidates, stock))

    def _frequency(self, para_doc: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray | None]:
        """The clauses found in two or more reports (sorted hashes) and how many reports each.

        Worked out one slice of the hash space at a time, so no more than about ``PARTITION``
        records are ever sorted at once. When one slice holds them all, the count for every record,
        in record order, comes too (so nothing has to be looked up).
        """
        parts = max(1, -(-self.records // PARTITION))
        found_hashes, found_counts = [], []
        per_record = None
        for part in range(parts):
            pieces = []
            for chunk in self._chunks():
                mine = chunk[chunk["hash"] % np.uint64(parts) == part] if parts > 1 else chunk
                pieces.append((mine["hash"], para_doc[mine["owner"]]))
            hashes = np.concatenate([h for h, _ in pieces])
            docs = np.concatenate([d for _, d in pieces])
            del pieces
            order = np.argsort(hashes)
            hashes, docs = hashes[order], docs[order]
            new_hash = np.r_[True, hashes[1:] != hashes[:-1]]
            unique = hashes[new_hash]
            run = np.cumsum(new_hash, dtype=np.uint64) - np.uint64(1)  # each sorted record's clause
            # (clause, report) as one sortable number: its distinct values count the reports
            keys = run << np.uint64(32) | docs.astype(np.uint64)
            keys.sort()
            distinct = keys[np.r_[True, keys[1:] != keys[:-1]]]
            counts = np.bincount((distinct >> np.uint64(32)).astype(np.intp), minlength=len(unique))
            if parts == 1:
                per_record = np.empty(len(order), dtype=np.uint16)
                per_record[order] = np.minimum(counts, 65535)[run.astype(np.intp)]
            del order, run
            found_hashes.append(unique[counts >= 2])
            found_counts.append(np.minimum(counts[counts >= 2], 65535).astype(np.uint16))
        hashes, counts = np.concatenate(found_hashes), np.concatenate(found_counts)
        order = np.argsort(hashes)
        return (hashes[order], counts[order]), per_record

    def _candidates(self, paras: array, keys: list[array]) -> Iterator[tuple[int, int]]:
        """Paragraph pairs whose shared, non-stock clauses agree on at least one MinHash band.

        A pair comes once, from the first band its two paragraphs share: later bands skip it by
        comparing the earlier bands' keys. No set of the pairs seen is kept, so memory follows the
        number of paragraphs, not the number of candidate pairs (half a million at 30,000 reports).
        """
        for band, key in enumerate(keys):
            earlier = keys[:band]
            order = np.argsort(np.frombuffer(key, dtype=np.uint64))
            ordered = np.frombuffer(key, dtype=np.uint64)[order]
            edges = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1], True])
            shared = np.flatnonzero(np.diff(edges) >= 2)  # buckets of two paragraphs or more
            for lo, hi in zip(edges[shared].tolist(), edges[shared + 1].tolist(), strict=True):
                members = sorted(order[lo:hi].tolist())  # positions, in the order of paragraph numbers
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        if not any(seen[a] == seen[b] for seen in earlier):
                            yield paras[a], paras[b]

    def _verify(
        self,
        candidates: Iterator[tuple[int, int]],
        stock_bits: np.ndarray,
    ) -> dict[tuple[int, int], _Match]:
        """Check each candidate pair on all its clauses and group the copies by pair of reports.

        A copy shares ``NEAR_COPY`` of the smaller paragraph's text, stock phrases included, and at
        least ``MIN_COPY_CHARS`` characters that are not stock phrases, which are also most of the
        text the two paragraphs do not share with every other report (``OWN_RATIO``).
        """
        starts, docs = self.para_start, self.para_doc

        # A paragraph in a large bucket takes part in many candidate pairs, one after another: keep
        # the last few thousand read.
        @lru_cache(maxsize=VERIFY_CACHE)
        def paragraph(number: int) -> _Paragraph:
            start = starts[number]
            end = starts[number + 1] if number + 1 < len(starts) else self.records
            records = self._read(start, end)
            hashes = records["hash"].tolist()
            bits = np.unpackbits(stock_bits[start // 8 : (end + 7) // 8])[start % 8 : start % 8 + end - start]
            lengths = dict(zip(hashes, records["length"].tolist(), strict=True))
            stock = frozenset(compress(hashes, bits.tolist()))
            size = sum(lengths.values())
            return _Paragraph(lengths, stock, size, size - sum(lengths[h] for h in stock))

        matches: dict[tuple[int, int], _Match] = {}
        for pa, pb in candidates:
            da, db = docs[pa], docs[pb]
            if da == db:
                continue
            a, b = paragraph(pa), paragraph(pb)
            both = a.lengths.keys() & b.lengths.keys()
            overlap = sum(map(a.lengths.__getitem__, both))
            own = overlap - sum(map(a.lengths.__getitem__, both & a.stock))
            if own < max(MIN_COPY_CHARS, OWN_RATIO * min(a.own, b.own)) or overlap < NEAR_COPY * min(a.size, b.size):
                continue
            match = matches.setdefault((da, db), _Match())
            match.side_a[pa] = a.size
            match.side_b[pb] = b.size
            match.examples.append(Example(self.para_line[pa] + 1, self.para_line[pb] + 1, overlap))
        return matches

    def _pairs(self, matches: dict[tuple[int, int], _Match]) -> list[CopyPair]:
        pairs = []
        for (da, db), match in matches.items():
            copied = min(sum(match.side_a.values()), sum(match.side_b.values()))
            if copied < MIN_PAIR_CHARS:
                continue
            smaller = max(1, min(self.doc_chars[da], self.doc_chars[db]))
            examples = sorted(match.examples, key=lambda e: (-e.shared, e.line_a))[:3]
            pairs.append(
                CopyPair(
                    self.files[da],
                    self.files[db],
                    round(min(1.0, copied / smaller), 3),
                    copied,
                    min(len(match.side_a), len(match.side_b)),
                    tuple(examples),
                )
            )
        pairs.sort(key=lambda p: (-p.share, p.file_a, p.file_b))
        return pairs
