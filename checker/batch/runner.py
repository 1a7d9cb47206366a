"""The worker pool: checks reports in parallel and yields their rows in input order, streaming.

At most ``jobs * AHEAD`` chunks are in flight, so memory stays flat however many paths there are.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from checker.batch.row import Row
from checker.batch.worker import Task, WorkerConfig, check_chunk, init_worker

AHEAD = 4


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    tasks = iter(tasks)
    while chunk := list(islice(tasks, size)):
        yield chunk


def run_rows(tasks: Iterable[Task], config: WorkerConfig, jobs: int, chunksize: int = 16) -> Iterator[Row]:
    """Yield one Row per task, in the order of ``tasks``; ``jobs == 1`` runs in this process."""
    if jobs <= 1:
        init_worker(config)
        for chunk in _chunks(tasks, chunksize):
            yield from check_chunk(chunk)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"  # no fork on Windows
    with multiprocessing.get_context(method).Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
        pending: deque = deque()
        for chunk in _chunks(tasks, chunksize):
            pending.append(pool.apply_async(check_chunk, (chunk,)))
            if len(pending) >= jobs * AHEAD:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
