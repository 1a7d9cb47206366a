"""The worker pool: checks reports in parallel and yields their rows in input order, streaming.

Each worker is a process with a pipe of its own: it is sent the batch's settings, then chunks of
tasks, and answers each chunk with its rows. At most ``AHEAD`` chunks wait per worker, so memory
stays flat however many paths there are. The workers are forked before the paths are collected
(``start_pool``), while this process is small: what it holds at the fork counts again in each of
them, and a list of 100,000 paths is tens of megabytes. What a ``multiprocessing.Pool`` could not
be made to do:

- a worker that dies (a crash, the out-of-memory killer) costs only the report it was checking,
  which becomes an error row; the rest of its chunks go to a fresh worker (a Pool waits forever);
- a report that overruns its time budget where the worker's own alarm cannot stop it (inside C
  code) is stopped by the parent, which kills the worker (the watchdog);
- workers ignore Ctrl-C and leave quietly on SIGTERM, so the parent alone decides how the batch
  ends; and they leave when the parent is gone, however it died.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import Any

from checker.batch.row import Row
from checker.batch.worker import Task, WorkerConfig, check_chunk, check_one, init_worker
from checker.budget import cap_memory, memory_cap
from checker.errors import ReportcheckError
from checker.output import remove_temporaries

AHEAD = 2  # chunks sent to a worker and not yet answered: one being checked, one waiting
WATCH = 1.0  # seconds between the watchdog's looks when no row comes in
STOP_WAIT = 2.0  # seconds workers get to leave after SIGTERM before they are killed
WATCHDOG_GRACE = 5.0  # a report is stopped after twice its budget plus this (checking it is not timed)


def _chunks(tasks: Sequence[Task], jobs: int) -> Iterator[list[Task]]:
    """Chunks that shrink as the batch nears its end (guided scheduling).

    Each is about 1/(8 x jobs) of what is left, within 4..64 reports: big chunks cost the main
    process fewer messages and wake-ups, and the small last ones let every worker finish at once.
    """
    done = 0
    while done < len(tasks):
        left = len(tasks) - done
        size = min(left, max(4, min(64, left // (jobs * 8))))
        yield list(tasks[done : done + size])
        done += size


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(0)  # unwinds: temporary folders go, a LibreOffice conversion is killed


def _watch_parent(parent: int) -> None:
    """End this worker when its parent is gone (killed, crashed): it is reparented then."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="reportcheck-parent-watch", daemon=True).start()


def _serve(conn: Connection, state: Any, parent: int) -> None:
    """A worker's life: take the settings, then chunks from ``conn``, and answer each with its rows
    until told to stop (``None``, which may come instead of the settings).

    ``state`` (shared memory) holds the index of the report being checked and when it started, so
    the parent knows which report a worker was on if it has to kill it or it dies.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _leave)
    _watch_parent(parent)
    waiting: deque[list[Task] | None] = deque()
    try:
        config: WorkerConfig | None = conn.recv()
        if config is None:
            return
        cap_memory(config.limits.max_memory)
        init_worker(config)
        while True:
            chunk = waiting.popleft() if waiting else conn.recv()
            if chunk is None:
                return
            rows = []
            for task in chunk:
                state[0], state[1] = task.index, time.monotonic()
                rows.append(check_one(task))
            state[1] = 0.0
            while conn.poll():  # take what the parent sent meanwhile: it must never be stuck sending to us
                waiting.append(conn.recv())  # while we are stuck sending it rows (socket buffers are small)
            conn.send(rows)
    except (EOFError, OSError):  # the parent is gone
        return


class _Worker:
    """One worker process, its pipe, and the chunks it has been sent and not yet answered."""

    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.state = context.RawArray("d", [-1.0, 0.0])
        self.process = context.Process(
            target=_serve, args=(child, self.state, os.getpid()), name="reportcheck-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.sent: deque[list[Task]] = deque()
        self.killed = False

    def send(self, chunk: list[Task]) -> None:
        self.sent.append(chunk)
        self.conn.send(chunk)

    def overdue(self, now: float, limit: float) -> bool:
        started = self.state[1]
        return bool(started) and now - started > limit


class _Pool:
    """Hands out chunks, collects rows in input order, replaces workers that die or overrun."""

    def __init__(self, jobs: int) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"  # no fork on Windows
        self.context = multiprocessing.get_context(method)
        self.config: WorkerConfig | None = None
        self.chunks: Iterator[list[Task]] = iter(())
        self.again: deque[list[Task]] = deque()  # chunks a lost worker had not finished
        self.timeout: float | None = None  # seconds a report may take (the settings' budget)
        self.limit: float | None = None
        self.closed = False
        self.finished = False
        self.clean = True  # no worker was lost or stopped mid-report (else temporary files may be left)
        self.workers = [_Worker(self.context) for _ in range(jobs)]

    def start(self, config: WorkerConfig, chunks: Iterator[list[Task]]) -> None:
        """Send every worker the batch's settings and its first chunks."""
        self.config, self.chunks = config, chunks
        self.timeout = timeout = config.limits.timeout
        self.limit = timeout * 2 + WATCHDOG_GRACE if timeout else None  # reading has its own alarm: a backstop
        for worker in self.workers:
            self._begin(worker)

    def _begin(self, worker: _Worker) -> None:
        try:
            worker.conn.send(self.config)
        except OSError:  # it died at once: the next look at it replaces it
            return
        self._feed(worker)

    def _next_chunk(self) -> list[Task] | None:
        return self.again.popleft() if self.again else next(self.chunks, None)

    def _feed(self, worker: _Worker) -> None:
        while len(worker.sent) < AHEAD and (chunk := self._next_chunk()) is not None:
            try:
                worker.send(chunk)
            except OSError:  # dying: the chunk stays in ``sent`` and goes to its replacement
                return

    def rows(self) -> Iterator[Row]:
        """Every row, in task order, as soon as all rows before it are in."""
        done: dict[int, Row] = {}
        following = 0
        while any(worker.sent for worker in self.workers):
            busy = [worker for worker in self.workers if worker.sent]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=WATCH)
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    self._collect(worker, done)
            self._watch(time.monotonic())
            while following in done:
                yield done.pop(following)
                following += 1
        self.finished = True

    def _collect(self, worker: _Worker, done: dict[int, Row]) -> None:
        """Take the rows a worker has sent; give it more work, or replace it if it is gone."""
        try:
            while worker.conn.poll():
                rows = worker.conn.recv()
                worker.sent.popleft()
                for row in rows:
                    done[row.index] = row
        except (EOFError, OSError):  # its end of the pipe closed: it is gone
            worker.process.join()
        if worker.process.is_alive():
            self._feed(worker)
        else:
            self._replace(worker, done)

    def _replace(self, worker: _Worker, done: dict[int, Row]) -> None:
        """A worker died: its report becomes an error row, its other tasks go to a new worker."""
        self.clean = False
        index = int(worker.state[0]) if worker.state[1] else None
        if index is None and worker.state[0] < 0:
            raise ReportcheckError(
                "worker_failed",
                f"检查进程无法启动 (a worker process failed to start: exit code {worker.process.exitcode})",
            )
        lost = [task for chunk in worker.sent for task in chunk]
        for task in lost:
            if task.index == index:
                done[task.index] = self._lost_row(task, worker)
        rest = [task for task in lost if task.index != index]
        if rest:
            self.again.append(rest)
        worker.conn.close()
        position = self.workers.index(worker)
        self.workers[position] = _Worker(self.context)
        self._begin(self.workers[position])

    def _lost_row(self, task: Task, worker: _Worker) -> Row:
        if worker.killed:
            return Row(
                task.index,
                task.path,
                ("timeout", f"检查超时，已停止 (stopped after {self.limit:g} s; budget {self.timeout:g} s)"),
            )
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return Row(
            task.index, task.path, ("worker_died", f"检查该报告时进程意外退出，可能是内存不足 (the worker died: {how})")
        )

    def _watch(self, now: float) -> None:
        """Kill a worker whose current report has run past the backstop limit."""
        if self.limit is None:
            return
        for worker in self.workers:
            if not worker.killed and worker.overdue(now, self.limit):
                worker.killed = True
                worker.process.kill()

    def close(self) -> None:
        """Stop every worker: a polite word when they are idle, SIGTERM, then SIGKILL for any left."""
        if self.closed:
            return
        self.closed = True
        for worker in self.workers:
            if worker.process.is_alive():
                if worker.sent:
                    worker.process.terminate()
                else:
                    try:
                        worker.conn.send(None)
                    except OSError:
                        worker.process.terminate()
        deadline = time.monotonic() + STOP_WAIT
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        if self.config is not None and self.config.per_report and not (self.clean and self.finished):
            # a worker stopped or lost mid-write may have left its temporary file; none runs now
            remove_temporaries(self.config.per_report)


def _in_process(config: WorkerConfig, chunks: Iterator[list[Task]]) -> Iterator[Row]:
    init_worker(config)
    for chunk in chunks:
        with memory_cap(config.limits.max_memory):
            rows = check_chunk(chunk)
        yield from rows


def _pooled(pool: _Pool) -> Iterator[Row]:
    try:
        yield from pool.rows()
    finally:
        pool.close()  # every row is in: the workers leave now, not after the copies are compared


@contextmanager
def start_pool(jobs: int) -> Iterator[_Pool | None]:
    """Fork ``jobs`` workers now (none for one job: the checks run in this process); they wait for
    ``run_rows``. Leaving the context for any reason (an error, Ctrl-C) stops them."""
    if jobs <= 1:
        yield None
        return
    pool = _Pool(jobs)
    try:
        yield pool
    finally:
        pool.close()


def run_rows(pool: _Pool | None, tasks: Sequence[Task], config: WorkerConfig) -> Iterator[Row]:
    """Start checking at once; the rows come in the order of ``tasks``.

    The first chunks are sent when this is called, so whatever the caller does next (imports,
    opening outputs) overlaps with the checks.
    """
    chunks = _chunks(tasks, len(pool.workers) if pool is not None else 1)
    if pool is None:
        return _in_process(config, chunks)
    pool.start(config, chunks)
    return _pooled(pool)
