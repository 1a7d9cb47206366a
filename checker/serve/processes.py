"""Each job in a process of its own, started by a fork server, awaited without blocking the event loop.

The fork server is a plain Python process that imports the checker (``PRELOAD``; ``warm`` prepares
what the checker would prepare on first use) and forks a child per job: starting one costs a fork,
not an interpreter, and the child inherits none of the web server's sockets or threads. (Windows has
no fork: there each job is a spawned interpreter.) A child that runs past its deadline, or whose job
is cancelled (shutdown), gets SIGTERM and, after ``STOP_WAIT``, SIGKILL.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

STOP_WAIT = 2.0
PRELOAD = [
    "yaml",  # read for the (empty) config of every check
    "checker.serve.work",
    "checker.serve.warm",
    "checker.render.html",
    "checker.render.markdown",
    "checker.sources.docx",
    "checker.sources.pdf",
    "checker.sources.html",
]
_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_CONTEXT: Any = multiprocessing.get_context(_METHOD)
if _METHOD == "forkserver":
    _CONTEXT.set_forkserver_preload(PRELOAD)


def shared_counter() -> Any:
    """A number the child can raise and the server read (a batch's reports done)."""
    return _CONTEXT.RawArray("q", 1)


def start_fork_server() -> None:
    """Start the fork server now (it imports the checker), so the first job does not wait for it."""
    if _METHOD == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


async def _exited(process: BaseProcess, timeout: float | None) -> None:
    """Wait until ``process`` has ended, at most ``timeout`` seconds (TimeoutError), in a thread of its own.

    A thread blocked in ``join`` works with every event loop (Windows' has no ``add_reader``); at most
    one such thread waits per running job.
    """
    await asyncio.to_thread(process.join, timeout)
    if process.exitcode is None:
        raise TimeoutError


async def _stop(process: BaseProcess) -> None:
    process.terminate()
    try:
        await _exited(process, STOP_WAIT)
    except TimeoutError:
        process.kill()
        await _exited(process, None)


async def run_child(target: Callable[..., None], args: tuple[Any, ...], timeout: float | None) -> int | None:
    """Run ``target(*args)`` in a child; its exit code. TimeoutError after ``timeout`` seconds (it is stopped)."""
    # not daemonic: a batch's child starts workers of its own
    process = _CONTEXT.Process(target=target, args=args, name="reportcheck-serve-job")
    await asyncio.to_thread(process.start)
    try:
        await _exited(process, timeout)
    except BaseException:  # too late, or the job was cancelled: the child must not outlive it
        await asyncio.shield(_stop(process))
        raise
    return process.exitcode
