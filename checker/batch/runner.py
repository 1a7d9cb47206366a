"""The worker pool: checks reports in parallel and yields their rows in input order, streaming.

At most ``jobs * AHEAD`` chunks are in flight, so memory stays flat however many paths there are.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool

from checker.batch.row import Row
from checker.batch.worker import Task, WorkerConfig, check_chunk, init_worker

AHEAD = 4


def _chunks(tasks: Iterable[Task], total: int, jobs: int) -> Iterator[list[Task]]:
    """Chunks that shrink as the batch nears its end (guided scheduling).

    Each is about 1/(8 x jobs) of what is left, within 4..64 reports: big chunks cost the main
    process fewer messages and wake-ups, and the small last ones let every worker finish at once.
    """
    tasks, left = iter(tasks), total
    while chunk := list(islice(tasks, max(4, min(64, left // (jobs * 8))))):
        left -= len(chunk)
        yield chunk


def _in_order(pool: Pool, chunks: Iterator[list[Task]], pending: deque[AsyncResult], ahead: int) -> Iterator[Row]:
    """Collect the chunks in submission order, submitting one more each time one is collected."""
    while pending:
        rows = pending.popleft().get()
        for chunk in islice(chunks, ahead - len(pending)):
            pending.append(pool.apply_async(check_chunk, (chunk,)))
        yield from rows
    pool.close()  # every row is in: let the workers exit now, not after the copies are compared
    pool.join()


def _in_process(config: WorkerConfig, chunks: Iterator[list[Task]]) -> Iterator[Row]:
    init_worker(config)
    for chunk in chunks:
        yield from check_chunk(chunk)


@contextmanager
def run_rows(tasks: Iterable[Task], config: WorkerConfig, jobs: int, total: int) -> Iterator[Iterator[Row]]:
    """Start checking at once; the rows come in the order of ``tasks``. ``jobs == 1`` runs in this process.

    The pool starts, and its first chunks are submitted, when the context is entered, so whatever the
    caller does next (imports, opening outputs) overlaps with the checks.
    """
    chunks = _chunks(tasks, total, jobs)
    if jobs <= 1:
        yield _in_process(config, chunks)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"  # no fork on Windows
    with multiprocessing.get_context(method).Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
        pending = deque(pool.apply_async(check_chunk, (chunk,)) for chunk in islice(chunks, jobs * AHEAD))
        yield _in_order(pool, chunks, pending, jobs * AHEAD)
