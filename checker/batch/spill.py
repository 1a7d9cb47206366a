"""Lists kept in a temporary file, so that a batch of 100,000 reports holds a few numbers each in memory.

Items are plain tuples (NamedTuples of strings, numbers and None) written with ``marshal``, which
is about twice as fast as pickle for them; only each item's end offset stays in memory. The file
stays in memory until it passes ``SPOOL`` bytes, so a small batch never touches the disk.
"""

from __future__ import annotations

import marshal
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from checker.output import temporary_writes

T = TypeVar("T")
SPOOL = 4 * 2**20
READ_AHEAD = 256  # items read with one call when the list is walked in order


class ReadSequence(Sequence[T], Generic[T]):
    """A read-only sequence made from ``_item(position)`` and ``__len__``: positions from the end,
    slices (as lists) and equality with any sequence, like a list's."""

    def _item(self, position: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, at: int) -> T: ...

    @overload
    def __getitem__(self, at: slice) -> list[T]: ...

    def __getitem__(self, at: int | slice) -> T | list[T]:
        if isinstance(at, slice):
            return [self._item(n) for n in range(*at.indices(len(self)))]
        return self._item(range(len(self))[at])  # IndexError past the end, like a list

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # compared by content, like a list


class SpilledList(ReadSequence[T]):
    """An append-only sequence of tuples stored in a temporary file; each access reads the item anew.

    ``make`` turns the stored tuple back into an item (a NamedTuple's ``_make``).
    """

    def __init__(self, make: Callable[[Iterable[Any]], T], items: Iterable[T] = ()) -> None:
        self._make = make
        self._file = tempfile.SpooledTemporaryFile(SPOOL, prefix="reportcheck-list-")  # noqa: SIM115 (closed below)
        weakref.finalize(self, self._file.close)
        self._ends = array("Q")
        self._at_end = True  # the file position is at its end (no read since the last append)
        for item in items:
            self.append(item)

    def append(self, item: T) -> None:
        """Add one item at the end."""
        if not self._at_end:
            self._file.seek(0, 2)
            self._at_end = True
        data = marshal.dumps(tuple(item))  # type: ignore[arg-type]  # items are tuples
        with temporary_writes():
            self._file.write(data)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(data))

    def _start(self, position: int) -> int:
        return self._ends[position - 1] if position else 0

    def _read(self, start: int, stop: int) -> bytes:
        self._at_end = False
        self._file.seek(start)
        return self._file.read(stop - start)

    def __len__(self) -> int:
        return len(self._ends)

    def _item(self, position: int) -> T:
        return self._make(marshal.loads(self._read(self._start(position), self._ends[position])))

    def __iter__(self) -> Iterator[T]:
        for first in range(0, len(self), READ_AHEAD):
            last = min(first + READ_AHEAD, len(self))
            start = self._start(first)
            data = memoryview(self._read(start, self._ends[last - 1]))
            for position in range(first, last):
                end = self._ends[position] - start
                yield self._make(marshal.loads(data[self._start(position) - start : end]))

    def __repr__(self) -> str:
        return f"SpilledList({len(self)} items)"
