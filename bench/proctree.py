"""A process, the processes under it and their memory, read from /proc (Linux).

For the benchmarks that watch a command and its workers: bench_batch.py, bench_serve.py and
hostile_table.py.
"""

from __future__ import annotations

import os
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def descendants(root: int) -> set[int]:
    """Every process under ``root`` (not ``root`` itself), from the kernel's per-thread children lists."""
    found: set[int] = set()
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants (cheap: no scan of all processes)."""
    total = 0
    for pid in {root, *descendants(root)}:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_pss(root: int) -> int:
    """Bytes of ``root`` and all its descendants, each shared page divided among the processes that
    share it (PSS, from smaps_rollup): what the tree costs the machine. The RSS sum counts a page the
    workers inherited at the fork once per process."""
    total = 0
    for pid in {root, *descendants(root)}:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, IndexError, ValueError):
            continue
    return total


def peak_kb(pid: int) -> int:
    """The process's peak resident size so far (VmHWM, kB); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def alive(pid: int) -> bool:
    """Whether a process still runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] not in "ZX"
    except OSError:
        return False
