"""Per-file budgets: a wall-time limit and a memory cap, where the platform has the means.

The time limit is a ``SIGALRM`` timer (Unix, main thread only): when it fires, the reading code is
interrupted at its next Python instruction with ``OutOfTime``, a BaseException so that a parser's
own ``except Exception`` cannot swallow it. The memory cap is ``RLIMIT_AS`` on the process (Linux):
an allocation beyond it fails with MemoryError instead of taking the machine. Elsewhere both are
no-ops and the pool's watchdog (``checker.batch.runner``) is what stops a runaway report.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

_HAS_TIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
_installed = False


class OutOfTime(BaseException):
    """The time budget of the file being read ran out."""


def _expire(signum: int, frame: object) -> None:
    raise OutOfTime


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise OutOfTime in the block once ``seconds`` have passed (no limit: None, 0, or no SIGALRM here)."""
    global _installed
    if not seconds or not _HAS_TIMER or threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _installed:
        signal.signal(signal.SIGALRM, _expire)
        _installed = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        with suppress(OutOfTime):  # fired just as the block ended in time
            signal.setitimer(signal.ITIMER_REAL, 0)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def cap_memory(extra_bytes: int | None) -> tuple[int, int] | None:
    """Let this process grow by at most ``extra_bytes`` of address space; return the previous limit.

    Linux only (``RLIMIT_AS`` and ``/proc``); elsewhere, or with no cap asked, nothing changes and
    None is returned.
    """
    if not extra_bytes or not sys.platform.startswith("linux"):
        return None
    size = _address_space()
    if size is None:
        return None
    import resource

    previous = resource.getrlimit(resource.RLIMIT_AS)
    hard = previous[1]
    wanted = size + extra_bytes if hard == resource.RLIM_INFINITY else min(size + extra_bytes, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        return None
    return previous


@contextmanager
def memory_cap(extra_bytes: int | None) -> Iterator[None]:
    """``cap_memory`` for the block only: the previous limit comes back afterwards."""
    previous = cap_memory(extra_bytes)
    try:
        yield
    finally:
        if previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, previous)
