"""The copy search's files: clauses and paragraphs in report order, and items spread over slices.

``Slices`` spreads items of one dtype over files by a hash, so that each slice holds every copy of
its hashes and can be sorted on its own in bounded memory (about ``PARTITION`` items).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator

import numpy as np

PARTITION = 400_000  # items sorted at once, at most (about): clauses or band keys
RECORD = np.dtype([("hash", "<u8"), ("length", "<u2")])  # a clause, in report order
PARAGRAPH = np.dtype([("line", "<u4"), ("count", "<u4"), ("start", "<u8")])  # its line, clauses, first clause
BANDED = np.dtype([("key", "<u8"), ("paragraph", "<u4")])  # a paragraph's key in one LSH band
MIX = np.uint64(0x9E3779B97F4A7C15)


def slices_for(items: int) -> int:
    """How many slices (a power of two, at most 2**16) keep each at about ``PARTITION`` items or fewer."""
    return 1 << min(16, max(0, math.ceil(math.log2(max(1, items) / PARTITION))))


def slice_of(numbers: np.ndarray, count: int) -> np.ndarray | None:
    """Which of ``count`` slices each 64-bit hash goes to: the top bits of the mixed hash."""
    if count == 1:
        return None
    return ((numbers * MIX) >> np.uint64(64 - count.bit_length() + 1)).astype(np.uint16)  # sorted by radix


class Slices:
    """Items of one dtype spread over ``count`` files, then read back one slice at a time (and deleted)."""

    def __init__(self, folder: str, name: str, dtype: np.dtype, count: int) -> None:
        self.dtype = dtype
        self.paths = [os.path.join(folder, f"{name}-{i}") for i in range(count)]
        self.files = [open(path, "wb") for path in self.paths]  # noqa: SIM115 (closed when read)
        self.items = 0

    def write(self, items: np.ndarray, slices: np.ndarray | None) -> None:
        """Append items, each to the slice ``slices`` gives (all to the first when None)."""
        self.items += len(items)
        if slices is None:
            items.tofile(self.files[0])
            return
        order = np.argsort(slices, kind="stable")
        bounds = np.searchsorted(slices[order], np.arange(len(self.files) + 1, dtype=slices.dtype)).tolist()
        ordered = items[order]
        for file, lo, hi in zip(self.files, bounds, bounds[1:], strict=False):
            if hi > lo:
                ordered[lo:hi].tofile(file)

    def __iter__(self) -> Iterator[np.ndarray]:
        """Each slice in turn; its file is gone once it is read."""
        for path in self.close():
            yield read_slice(path, self.dtype)

    def close(self) -> list[str]:
        """Finish writing: the slices' files, to read with ``read_slice`` (here or in another process)."""
        for file in self.files:
            file.close()
        return self.paths


def read_slice(path: str, dtype: np.dtype) -> np.ndarray:
    """The items of a slice's file, which is gone once read."""
    items = np.fromfile(path, dtype=dtype)
    os.remove(path)
    return items
