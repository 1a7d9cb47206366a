"""Copied text (照搬照抄) across a batch, without comparing every pair of reports, in bounded memory.

1. Each report arrives as a Signature: hashed clauses grouped by paragraph (fingerprint.py). Its
   clauses and paragraphs go to files in a temporary folder; memory keeps a few numbers per report.
2. Document frequency per clause over the batch: a clause in ``stock_limit(n)`` or more reports
   is a stock phrase (套话) and never counts as copying; a clause in one report only cannot.
3. Each paragraph's shared, non-stock clauses get MinHash values; paragraphs that agree on a
   whole LSH band (``ROWS`` values) become candidate pairs, so only near-identical paragraphs
   are ever compared.
4. Candidates are verified on all their clauses (copy_verify.py): nearly all of the smaller
   paragraph is shared, and enough of what is shared is not stock. Pairs of reports are ranked by
   their copied share.

Steps 2 and 3 spread their items over files by a hash (``copy_files.Slices``) and work on one slice
at a time, each of about ``PARTITION`` items at most, so memory does not grow with the batch: only a
bit per clause and a number per paragraph are held across the steps.
"""

from __future__ import annotations

import math
import os
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # no BLAS here: its idle threads would spin beside the workers
import numpy as np

from checker.batch.copy_files import BANDED, MIX, PARAGRAPH, RECORD, Slices, read_slice, slice_of, slices_for
from checker.batch.copy_verify import MIN_COPY_CHARS, Example, Found, VerifyWork, verify_slices
from checker.batch.fingerprint import Signature
from checker.batch.spill import SpilledList
from checker.output import temporary_writes

STOCK_SHARE = 0.02
STOCK_MIN_DOCS = 4
MIN_PAIR_CHARS = 80
CHUNK = 16_384  # paragraphs read at once (whole reports) when the clauses are walked in report order
BATCH = 256
CLAUSE = np.dtype([("hash", "<u8"), ("position", "<u8"), ("owner", "<u4"), ("length", "<u2")])  # step 2's items
COUNTED = np.dtype([("hash", "<u8"), ("reports", "<u4")])  # a hash and how many reports of a chunk have it
HASH = np.dtype("<u8")
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
_SORT_NEEDLES = 4096
_BIT = np.left_shift(np.uint8(1), np.arange(8, dtype=np.uint8))  # bit n of a byte, in little-endian bit order


def _band_keys(hashes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The paragraphs (in order) that have kept clauses, and their MinHash key in each LSH band.

    ``hashes`` are the kept clauses' hashes, grouped by paragraph (``owner``, in ascending order).
    """
    if not len(hashes):
        return np.zeros(0, dtype=np.uint32), [np.zeros(0, dtype=np.uint64)] * BANDS
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    permuted = np.empty_like(hashes)  # one buffer for every row's hash permutation
    keys = []
    for band in range(BANDS):
        key = np.zeros(len(starts), dtype=np.uint64)
        for row in range(band * ROWS, band * ROWS + ROWS):
            np.multiply(hashes, _MULT[row], out=permuted)
            np.add(permuted, _ADD[row], out=permuted)
            key = key * MIX ^ np.minimum.reduceat(permuted, starts)
        keys.append(key)
    return owner[starts].astype(np.uint32), keys


def stock_limit(documents: int) -> int:
    """How many reports a clause must appear in to count as a stock phrase."""
    return max(STOCK_MIN_DOCS, math.ceil(STOCK_SHARE * documents))


def _reports_by_hash(hashes: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct hashes of clauses (sorted) and how many reports each is in; ``docs`` do not decrease."""
    order = np.argsort(hashes, kind="stable")  # a hash's clauses keep their reports' order
    hashes, docs = hashes[order], docs[order]
    new_hash = np.r_[True, hashes[1:] != hashes[:-1]]
    new_report = new_hash | np.r_[True, docs[1:] != docs[:-1]]
    starts = np.flatnonzero(new_hash)
    if not len(starts):
        return hashes, np.zeros(0, dtype=np.int64)
    return hashes[starts], np.add.reduceat(new_report.astype(np.int64), starts)


def _report_counts(hashes: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """For each clause, how many different reports its hash appears in (two sorts, in memory)."""
    order = np.argsort(hashes)
    ordered = hashes[order]
    run = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]], dtype=np.int64) - 1  # each clause's distinct hash
    keys = run.astype(np.uint64) << np.uint64(32) | docs[order].astype(np.uint64)  # (hash, report) as one number
    keys.sort()
    distinct = keys[np.r_[True, keys[1:] != keys[:-1]]]
    counts = np.bincount((distinct >> np.uint64(32)).astype(np.intp), minlength=int(run[-1]) + 1 if len(run) else 0)
    reports = np.empty(len(order), dtype=np.int64)
    reports[order] = counts[run]
    return reports


def _sum_by_hash(items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct hashes of counted items (sorted), and the sum of their counts."""
    if not len(items):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    ordered = items[np.argsort(items["hash"])]
    starts = np.flatnonzero(np.r_[True, ordered["hash"][1:] != ordered["hash"][:-1]])
    return ordered["hash"][starts], np.add.reduceat(ordered["reports"].astype(np.int64), starts)


def _member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Whether each value is in ``table`` (sorted)."""
    if not len(table):
        return np.zeros(len(values), dtype=bool)
    if len(values) < _SORT_NEEDLES:
        at = np.searchsorted(table, values)
    else:  # many values: searching them in sorted order is about twice as fast
        order = np.argsort(values)
        at = np.empty(len(values), dtype=np.intp)
        at[order] = np.searchsorted(table, values[order])
    return table[np.minimum(at, len(table) - 1)] == values


class _Marks(NamedTuple):
    """The shared clauses found so far: a bit per clause, in report order, and shared characters per paragraph."""

    bits: np.ndarray
    chars: np.ndarray

    def add(self, positions: np.ndarray, owners: np.ndarray, lengths: np.ndarray) -> None:
        """Mark the clauses at ``positions`` shared, and count their characters to their paragraphs."""
        np.bitwise_or.at(self.bits, (positions >> np.uint64(3)).astype(np.intp), _BIT[positions & np.uint64(7)])
        np.add.at(self.chars, owners, lengths)


class _Chunk(NamedTuple):
    """Whole reports' paragraphs and clauses, with each clause's paragraph (``owner``) and report."""

    first: int  # the first paragraph's number
    position: int  # the first clause's
    paragraphs: np.ndarray
    records: np.ndarray
    owner: np.ndarray
    docs: np.ndarray


class CopyPair(NamedTuple):
    """Two reports that share paragraphs nearly word for word."""

    file_a: str
    file_b: str
    share: float
    copied_chars: int
    paragraphs: int
    examples: tuple[Example, ...]


class CopyIndex:
    """Collects signatures while a batch runs; ``find`` returns the copied pairs at the end.

    Clauses and paragraphs are written to files in a temporary folder as they come (``BATCH``
    reports at a time); memory keeps each report's first paragraph, its size and its file's place.
    """

    def __init__(self) -> None:
        with temporary_writes():
            self.folder = tempfile.TemporaryDirectory(prefix="reportcheck-copies-")
            self.records = open(os.path.join(self.folder.name, "clauses"), "w+b")  # noqa: SIM115
            self.paragraphs = open(os.path.join(self.folder.name, "paragraphs"), "w+b")  # noqa: SIM115
        self.files: SpilledList[tuple[str]] = SpilledList(tuple)
        self.record_count = 0
        self.paragraph_count = 0
        self.doc_first = array("Q", [0])  # each report's first paragraph, and the number of paragraphs
        self.doc_chars = array("Q")
        self.stock_phrases = 0
        self.pending: list[Signature] = []

    def close(self) -> None:
        """Delete the temporary files."""
        self.records.close()
        self.paragraphs.close()
        self.folder.cleanup()

    def __enter__(self) -> CopyIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def add(self, file: str, sig: Signature) -> None:
        """Add one report's signature (indexed with others, ``BATCH`` at a time)."""
        self.files.append((file,))
        self.pending.append(sig)
        if len(self.pending) >= BATCH:
            with temporary_writes():
                self._index_pending()

    def _index_pending(self) -> None:
        """Write the clauses and paragraphs of the signatures added since the last call, all at once."""
        sigs, self.pending = self.pending, []
        if not sigs:
            return
        lengths = np.frombuffer(b"".join(sig.lengths for sig in sigs), dtype=np.uint16)
        records = np.empty(len(lengths), dtype=RECORD)
        records["hash"] = np.frombuffer(b"".join(sig.hashes for sig in sigs), dtype=np.uint64)
        records["length"] = lengths
        paragraphs = np.empty(sum(len(sig.counts) for sig in sigs) // 4, dtype=PARAGRAPH)
        paragraphs["line"] = np.frombuffer(b"".join(sig.lines for sig in sigs), dtype=np.uint32)
        paragraphs["count"] = np.frombuffer(b"".join(sig.counts for sig in sigs), dtype=np.uint32)
        counts = paragraphs["count"].astype(np.uint64)
        paragraphs["start"] = np.cumsum(counts) - counts + np.uint64(self.record_count)
        self.records.write(records.tobytes())
        self.paragraphs.write(paragraphs.tobytes())
        self.record_count += len(records)
        self.paragraph_count += len(paragraphs)
        firsts = np.cumsum([len(sig.counts) // 4 for sig in sigs], dtype=np.uint64) + np.uint64(self.doc_first[-1])
        self.doc_first.frombytes(firsts.tobytes())
        report_of_clause = np.repeat(np.arange(len(sigs)), [len(sig.lengths) // 2 for sig in sigs])
        chars = np.bincount(report_of_clause, weights=lengths, minlength=len(sigs))
        self.doc_chars.frombytes(chars.astype(np.uint64).tobytes())

    def _walk(self) -> Iterator[_Chunk]:
        """The paragraphs in report order, whole reports of about ``CHUNK`` paragraphs at a time."""
        self.records.flush()
        self.paragraphs.flush()
        self.records.seek(0)
        self.paragraphs.seek(0)
        doc, position = 0, 0
        while doc < len(self.files):
            first = self.doc_first[doc]
            last_doc = max(doc + 1, bisect_left(self.doc_first, first + CHUNK, lo=doc) - 1)  # whole reports
            last_doc = min(last_doc, len(self.files))
            size = self.doc_first[last_doc] - first
            paragraphs = np.frombuffer(self.paragraphs.read(size * PARAGRAPH.itemsize), dtype=PARAGRAPH)
            clauses = int(paragraphs["count"].sum(dtype=np.uint64))
            records = np.frombuffer(self.records.read(clauses * RECORD.itemsize), dtype=RECORD)
            owner = np.repeat(np.arange(first, first + size, dtype=np.uint32), paragraphs["count"])
            docs = np.searchsorted(self.doc_first[doc : last_doc + 1], owner, side="right").astype(np.uint32) - 1
            yield _Chunk(first, position, paragraphs, records, owner, docs + np.uint32(doc))
            doc, position = last_doc, position + clauses

    def find(self) -> list[CopyPair]:
        """The pairs of reports with copied paragraphs, largest copied share first."""
        with temporary_writes():
            return self._find()

    def _find(self) -> list[CopyPair]:
        self._index_pending()
        if len(self.files) < 2 or not self.record_count:
            return []
        shared, eligible, stock = self._frequency()
        self.stock_phrases = len(stock)
        stock_set = frozenset(stock.tolist())
        slices = [path for band in self._banded(shared, eligible) for path in band.close()]
        del shared, eligible  # only the band slices are needed from here on
        self.records.flush()
        self.paragraphs.flush()
        work = VerifyWork(self.records.name, self.paragraphs.name, self.doc_first.tobytes(), stock_set, tuple(slices))
        matches = verify_slices(work)
        return self._pairs(matches)

    def _frequency(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which clauses are shared and not stock (a bit each, in report order), which paragraphs have
        enough of them to be copied (``MIN_COPY_CHARS``), and the stock phrases' hashes.

        Counted in slices of the hash space. First each chunk of reports gives each of its clauses'
        hashes once, with the number of its reports that have it, so that a stock phrase in every
        report is not a hundred thousand items in one slice; the slices add these up. Then each
        clause is marked if its hash is shared: against all the shared hashes at once when they fit
        in a slice, else in the slices (stock phrases left out, so that no slice swells).
        """
        count = slices_for(self.record_count)
        if count == 1:  # every clause fits in one slice: count them at once
            return self._frequency_at_once()
        found = Slices(self.folder.name, "found", COUNTED, count)
        for chunk in self._walk():
            hashes, reports = _reports_by_hash(chunk.records["hash"], chunk.docs)
            items = np.empty(len(hashes), dtype=COUNTED)
            items["hash"], items["reports"] = hashes, reports
            found.write(items, slice_of(hashes, count))
        limit = stock_limit(len(self.files))
        tables, shared, stock = [], 0, []  # each slice's shared hashes (sorted, in a file), the stock phrases
        for number, items in enumerate(found):
            hashes, reports = _sum_by_hash(items)
            tables.append(os.path.join(self.folder.name, f"shared-{number}"))
            mine = hashes[(reports >= 2) & (reports < limit)]
            mine.tofile(tables[-1])
            shared += len(mine)
            stock.append(hashes[reports >= limit])
        stock_hashes = np.sort(np.concatenate(stock))  # at most 1 / STOCK_SHARE times a report's clauses
        del stock
        marks = _Marks(
            np.zeros((self.record_count + 7) // 8, dtype=np.uint8), np.zeros(self.paragraph_count, np.uint32)
        )
        if slices_for(shared) == 1:  # the shared hashes fit in one slice: look each clause up in them all
            table = np.sort(np.concatenate([read_slice(path, HASH) for path in tables]))
            for chunk in self._walk():
                found_here = np.flatnonzero(_member(chunk.records["hash"], table))
                marks.add(
                    found_here.astype(np.uint64) + np.uint64(chunk.position),
                    chunk.owner[found_here],
                    chunk.records["length"][found_here],
                )
        else:
            self._mark_in_slices(tables, stock_hashes, marks)
        return marks.bits, marks.chars >= MIN_COPY_CHARS, stock_hashes

    def _frequency_at_once(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_frequency`` for a batch whose clauses fit in one slice: all of them sorted once."""
        chunks = list(self._walk())
        hashes = np.concatenate([chunk.records["hash"] for chunk in chunks])
        reports = _report_counts(hashes, np.concatenate([chunk.docs for chunk in chunks]))
        limit = stock_limit(len(self.files))
        shared = np.flatnonzero((reports >= 2) & (reports < limit))
        marks = _Marks(np.zeros((len(hashes) + 7) // 8, dtype=np.uint8), np.zeros(self.paragraph_count, np.uint32))
        owners = np.concatenate([chunk.owner for chunk in chunks])
        lengths = np.concatenate([chunk.records["length"] for chunk in chunks])
        marks.add(shared.astype(np.uint64), owners[shared], lengths[shared])
        return marks.bits, marks.chars >= MIN_COPY_CHARS, np.unique(hashes[reports >= limit])

    def _mark_in_slices(self, tables: list[str], stock: np.ndarray, marks: _Marks) -> None:
        """Mark the shared clauses slice by slice: the clauses, stock phrases left out, go to the
        slices of ``tables`` and are looked up in their own slice's shared hashes."""
        clauses = Slices(self.folder.name, "clauses", CLAUSE, len(tables))
        for chunk in self._walk():
            keep = ~_member(chunk.records["hash"], stock)
            items = np.empty(int(np.count_nonzero(keep)), dtype=CLAUSE)
            items["hash"] = chunk.records["hash"][keep]
            items["length"] = chunk.records["length"][keep]
            items["owner"] = chunk.owner[keep]
            items["position"] = np.flatnonzero(keep).astype(np.uint64) + np.uint64(chunk.position)
            clauses.write(items, slice_of(items["hash"], len(tables)))
        for items, table in zip(clauses, tables, strict=True):
            shared = _member(items["hash"], read_slice(table, HASH))
            marks.add(items["position"][shared], items["owner"][shared], items["length"][shared])

    def _banded(self, shared_bits: np.ndarray, eligible: np.ndarray) -> list[Slices]:
        """Each band's keys of the paragraphs that could be copied, spread over slices by key."""
        count = slices_for(int(np.count_nonzero(eligible)))
        bands = [Slices(self.folder.name, f"band{band}", BANDED, count) for band in range(BANDS)]
        for chunk in self._walk():
            position, size = chunk.position, len(chunk.records)
            bits = np.unpackbits(shared_bits[position // 8 : (position + size + 7) // 8], bitorder="little")
            keep = bits[position % 8 : position % 8 + size].view(bool) & eligible[chunk.owner]
            numbers, keys = _band_keys(chunk.records["hash"][keep], chunk.owner[keep])
            for band, key in zip(bands, keys, strict=True):
                items = np.empty(len(numbers), dtype=BANDED)
                items["key"], items["paragraph"] = key, numbers
                band.write(items, slice_of(key, count))
        return bands

    def _pairs(self, matches: Found) -> list[CopyPair]:
        pairs = []
        for (da, db), match in matches.items():
            copied = min(sum(match.side_a.values()), sum(match.side_b.values()))
            if copied < MIN_PAIR_CHARS:
                continue
            smaller = max(1, min(self.doc_chars[da], self.doc_chars[db]))
            examples = sorted(match.examples.values(), key=lambda e: (-e.shared, e.line_a, e.line_b))[:3]
            pairs.append(
                CopyPair(
                    self.files[da][0],
                    self.files[db][0],
                    round(min(1.0, copied / smaller), 3),
                    copied,
                    min(len(match.side_a), len(match.side_b)),
                    tuple(examples),
                )
            )
        pairs.sort(key=lambda p: (-p.share, p.file_a, p.file_b))
        return pairs
