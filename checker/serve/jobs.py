"""Jobs: a check or a batch from upload to result, run in a child process when a slot is free.

Every job has a private folder under the server's own temporary folder: ``files/`` holds what was
uploaded, the rest is what the check wrote. A single check's upload is removed as soon as it has
been checked; its results, and a batch's reports (each links to its own report page), stay until the
job is older than ``keep_seconds`` or pushed out by newer ones, and everything goes at shutdown.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.serve import work
from checker.serve.limits import ServeLimits
from checker.serve.processes import run_child, shared_counter
from checker.serve.slots import Slots
from checker.serve.uploads import remove

CHECK_DEADLINE = 120.0  # seconds for one check's process (reading alone has its own alarm, 10 s by default)
PENDING = ("queued", "running")


@dataclass(eq=False)
class Job:
    """One check or batch: what to check, where, and how far it has got."""

    id: str
    kind: str  # "check" or "batch"
    folder: Path
    sources: Path  # the folder the reports are named in: this job's files/, or its batch's
    names: list[str] = field(default_factory=list)  # the reports, as stored and shown
    rubric: str | None = None  # what the checker is given (None: the rubric of each report's level)
    rubric_label: str = "自动选择"
    keep_sources: bool = False  # a report of a batch: its file stays for the batch
    state: str = "queued"  # queued → running → done | failed
    created: float = field(default_factory=time.time)
    finished: float | None = None
    error: str | None = None
    outcome: dict[str, Any] | None = None
    progress: Any = None  # a batch's shared counter of reports done
    reports: dict[int, str] = field(default_factory=dict)  # a batch: report index → its own check job
    previous: str | None = None  # a check: last year's report beside it, named in ``sources``

    @property
    def pending(self) -> bool:
        return self.state in PENDING

    @property
    def done(self) -> int:
        """Reports checked so far."""
        if self.progress is not None:
            return int(self.progress[0])
        return len(self.names) if self.state == "done" else 0

    def fail(self, message: str) -> None:
        self.state, self.error = "failed", message


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_view(record: dict[str, Any]) -> dict[str, Any]:
    """What the page shows above the report: score, grade, verdict, the parts missing."""
    return {
        "file": record["file"],
        "rubric": record["rubric"]["id"],
        "title": record["report"].get("title"),
        "score": record["score"],
        "grade": record["grade"],
        "passed": record["passed"],
        "verdict": record["verdict"],
        "missing_parts": [s["title"] for s in record["sections"] if s["required"] and s["status"] == "missing"],
        "weak": sum(e["status"] == "weak" for e in record["elements"]),
        "missing": sum(e["status"] == "missing" for e in record["elements"]),
    }


class JobStore:
    """The jobs of this server by id; runs them through the slots, removes them when they are old."""

    def __init__(self, root: Path, limits: ServeLimits, slots: Slots, settings: work.Settings) -> None:
        self.root = root
        self.limits = limits
        self.slots = slots
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def new(self, kind: str, sources: Path | None = None) -> Job:
        """A job with its own folder (and ``files/`` for its uploads unless ``sources`` is given)."""
        self.slots.admit()
        self.sweep()
        ident = secrets.token_urlsafe(16)
        folder = self.root / "jobs" / ident
        (folder / "files").mkdir(parents=True)
        job = Job(ident, kind, folder, sources or folder / "files")
        self.jobs[ident] = job
        return job

    def discard(self, job: Job) -> None:
        """Forget a job that was never started (its upload was refused) and remove its folder."""
        self.jobs.pop(job.id, None)
        remove(job.folder)

    def get(self, ident: str) -> Job | None:
        return self.jobs.get(ident)

    def position(self, job: Job) -> int:
        return self.slots.position(job.id)

    def start(self, job: Job) -> None:
        task = asyncio.get_running_loop().create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job) -> None:
        need = 1 if job.kind == "check" else len(job.names)
        try:
            async with self.slots.hold(job.id, need) as granted:
                job.state = "running"
                await (self._check(job) if job.kind == "check" else self._batch(job, granted))
        except TimeoutError:
            job.fail(f"检查超时，已停止（超过 {CHECK_DEADLINE:g} 秒）(stopped after {CHECK_DEADLINE:g} s)")
        except asyncio.CancelledError:
            job.fail("服务器已停止 (the server stopped)")
            raise
        except Exception as error:  # a bug of ours: one line on the page, never a traceback
            job.fail(f"服务器内部错误 (internal error: {type(error).__name__})")
        finally:
            job.finished = time.time()
            if job.kind == "check" and not job.keep_sources:
                remove(job.folder / "files")  # the upload goes once it is checked
            self.sweep()

    async def _check(self, job: Job) -> None:
        task = work.CheckTask(str(job.sources), job.names[0], job.rubric, str(job.folder), self.settings, job.previous)
        await run_child(work.check_report, (task,), CHECK_DEADLINE)
        record = _read_json(job.folder / "report.json")
        if self._failed(job):
            return
        if not isinstance(record, dict):
            job.fail("检查进程意外退出，可能是内存不足 (the check process ended unexpectedly)")
        elif "error" in record:
            job.fail(record["error"]["message"])
        else:
            job.outcome, job.state = check_view(record), "done"

    async def _batch(self, job: Job, workers: int) -> None:
        job.progress = shared_counter()
        task = work.BatchTask(str(job.sources), tuple(job.names), job.rubric, str(job.folder), self.settings, workers)
        await run_child(work.grade_batch, (task, job.progress), None)
        summary = _read_json(job.folder / work.SUMMARY_FILE)
        if self._failed(job):
            return
        if not isinstance(summary, dict):
            job.fail("批量评分进程意外退出，可能是内存不足 (the batch process ended unexpectedly)")
        else:
            job.outcome, job.state = summary, "done"

    def _failed(self, job: Job) -> bool:
        """Whether the child wrote an error (a bad rubric, no memory); the job fails with it."""
        error = _read_json(job.folder / work.ERROR_FILE)
        if isinstance(error, dict):
            job.fail(str(error.get("message", "")))
            return True
        return False

    def sweep(self) -> None:
        """Remove finished jobs older than the limit, then the oldest past the counts kept."""
        now = time.time()
        finished = sorted((j for j in self.jobs.values() if j.finished is not None), key=lambda j: j.finished or 0)
        batches = [j for j in finished if j.kind == "batch"]
        old = {j.id for j in finished if now - (j.finished or now) > self.limits.keep_seconds}
        old |= {j.id for j in finished[: max(0, len(finished) - self.limits.max_kept)]}
        old |= {j.id for j in batches[: max(0, len(batches) - self.limits.max_kept_batches)]}
        for ident in old:
            remove(self.jobs.pop(ident).folder)

    async def close(self) -> None:
        """Stop every job (their children are stopped) and remove the server's folder."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        shutil.rmtree(self.root, ignore_errors=True)
