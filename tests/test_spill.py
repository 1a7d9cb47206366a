"""The batch's lists kept in a temporary file: the same items back, in any order of access."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from checker.batch import spill
from checker.batch.spill import SpilledList


class Item(NamedTuple):
    name: str
    score: float
    year: int | None
    marks: str


def _items(count: int) -> list[Item]:
    return [Item(f"乡镇{n}.txt", n / 7, None if n % 5 else 2024, "pwm" * (n % 4)) for n in range(count)]


def test_items_come_back_equal_by_position_slice_and_walk() -> None:
    items = _items(1000)
    kept = SpilledList(Item._make, items)
    assert len(kept) == 1000
    assert kept[0] == items[0] and kept[-1] == items[-1] and kept[517] == items[517]
    assert isinstance(kept[3], Item)
    assert kept[10:20] == items[10:20] and kept[-3:] == items[-3:]
    assert list(kept) == items
    assert kept == items and kept != items[:-1]
    with pytest.raises(IndexError):
        kept[1000]


def test_appending_after_reading_keeps_every_item() -> None:
    kept = SpilledList(Item._make)
    items = _items(50)
    for n, item in enumerate(items):
        kept.append(item)
        assert kept[n // 2] == items[n // 2]  # a read between appends must not overwrite the file
    assert list(kept) == items


def test_a_large_list_goes_to_disk_and_still_reads_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "SPOOL", 4096)
    items = _items(3000)
    kept = SpilledList(Item._make, items)
    assert kept._file._rolled  # type: ignore[attr-defined]  # past SPOOL: a real temporary file
    assert list(kept) == items
    assert [kept[n] for n in range(2999, -1, -997)] == [items[n] for n in range(2999, -1, -997)]


def test_an_empty_list_is_falsy_and_walks_nothing() -> None:
    kept = SpilledList(tuple)
    assert not kept and list(kept) == [] and kept == []
