"""At most N checks at once (N = cores); the others wait in arrival order and know their place.

A single check takes one slot, a batch as many as it runs workers. The queue is strictly first come,
first served, so a batch waiting for two free slots is not overtaken forever by single checks. It is
used from the event loop only, so it needs no lock.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import NamedTuple


class Busy(Exception):
    """The queue is full: the request should be tried again later (503)."""


class _Waiter(NamedTuple):
    key: str
    need: int
    granted: asyncio.Future[None]


class Slots:
    """``size`` slots handed out first come, first served, to at most ``max_waiting`` waiting keys."""

    def __init__(self, size: int, max_waiting: int) -> None:
        self.size = max(1, size)
        self.free = self.size
        self.max_waiting = max_waiting
        self._waiting: deque[_Waiter] = deque()

    def position(self, key: str) -> int:
        """1 for the next to run, 2 for the one after…; 0 when ``key`` is not waiting."""
        return next((place for place, w in enumerate(self._waiting, start=1) if w.key == key), 0)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def admit(self) -> None:
        """Raise Busy when no more may wait (checked when a request comes, before its upload is kept)."""
        if len(self._waiting) >= self.max_waiting:
            raise Busy

    @asynccontextmanager
    async def hold(self, key: str, need: int) -> AsyncIterator[int]:
        """Wait for ``need`` slots (at most all of them), hold them in the block, give them back after."""
        need = min(max(1, need), self.size)
        if self._waiting or self.free < need:
            granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            waiter = _Waiter(key, need, granted)
            self._waiting.append(waiter)
            try:
                await granted
            except asyncio.CancelledError:
                if granted.done() and not granted.cancelled():
                    self._release(need)  # granted just as it was cancelled
                elif waiter in self._waiting:
                    self._waiting.remove(waiter)
                    self._grant()
                raise
        else:
            self.free -= need
        try:
            yield need
        finally:
            self._release(need)

    def _release(self, need: int) -> None:
        self.free += need
        self._grant()

    def _grant(self) -> None:
        while self._waiting and self.free >= self._waiting[0].need:
            waiter = self._waiting.popleft()
            self.free -= waiter.need
            waiter.granted.set_result(None)
