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


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    tasks = iter(tasks)
    while chunk := list(islice(tasks, size)):
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


def chunk_size(total: int, jobs: int) -> int:
    """Reports per chunk: about 16 chunks per worker, within 4..64.

    Bigger chunks cost the main process less (fewer messages and wake-ups); smaller ones keep
    the workers evenly busy at the end of a small batch.
    """
    return max(4, min(64, total // (jobs * 16)))


@contextmanager
def run_rows(tasks: Iterable[Task], config: WorkerConfig, jobs: int, chunksize: int = 16) -> Iterator[Iterator[Row]]:
    """Start checking at once; the rows come in the order of ``tasks``. ``jobs == 1`` runs in this process.

    The pool starts, and its first chunks are submitted, when the context is entered, so whatever the
    caller does next (imports, opening outputs) overlaps with the checks.
    """
    chunks = _chunks(tasks, chunksize)
    if jobs <= 1:
        yield _in_process(config, chunks)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"  # no fork on Windows
    with multiprocessing.get_context(method).Pool(jobs, initializer=init_worker, initargs=(config,)) as pool:
        pending = deque(pool.apply_async(check_chunk, (chunk,)) for chunk in islice(chunks, jobs * AHEAD))
        yield _in_order(pool, chunks, pending, jobs * AHEAD)
