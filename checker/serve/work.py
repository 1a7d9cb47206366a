"""What runs in a check's own process: one report through ``run_check``, or a batch through ``run_batch``.

Each job runs in a fresh process started by a fork server (a small process that imported this module
and nothing of the web server): the reading alarm works there (its main thread), a memory cap binds
that process alone, and a runaway report can be killed without touching the server. Outputs go to
the job's folder, each written atomically; a problem goes to ``error.json`` as one Chinese line, never
a traceback. The process ignores Ctrl-C (the server decides) and leaves cleanly on SIGTERM.
"""

from __future__ import annotations

import os
import signal
from typing import Any, NamedTuple

from checker.batch import BatchOptions, BatchOutcome, run_batch
from checker.batch.row import Row
from checker.budget import cap_memory
from checker.errors import ReportcheckError
from checker.output import write_atomic
from checker.project.previous import beside_last_year
from checker.project.run import CheckOptions, run_check, write_output
from checker.render.json_out import dumps
from checker.sources import limits_with

# the check's outputs: (format, file name in the job's folder)
CHECK_OUTPUTS = (("json", "report.json"), ("html", "report.html"), ("markdown", "report.md"), ("docx", "report.docx"))
ERROR_FILE = "error.json"
SUMMARY_FILE = "summary.json"
XLSX_FILE = "grades.xlsx"
COPIED_PAIRS_SHOWN = 50


class Settings(NamedTuple):
    """How every job reads and checks: the (empty) config, time per file, memory per process, max file size."""

    config: str
    timeout: float
    max_memory_mb: int
    max_size_mb: float


class CheckTask(NamedTuple):
    """One report to check: ``source`` is named in ``cwd`` (so the report shows its own name)."""

    cwd: str
    source: str
    rubric: str | None
    out: str
    settings: Settings
    previous: str | None = None  # last year's report, named in ``cwd``


class BatchTask(NamedTuple):
    """Reports to grade together with ``jobs`` workers; ``sources`` are named in ``cwd``."""

    cwd: str
    sources: tuple[str, ...]
    rubric: str | None
    out: str
    settings: Settings
    jobs: int


def _settle(cwd: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _leave)
    os.chdir(cwd)


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(1)  # unwinds: a batch's pool stops its workers, atomic outputs remove their temporaries


def _write_error(out: str, code: str, message: str) -> None:
    write_atomic(os.path.join(out, ERROR_FILE), dumps({"code": code, "message": message}) + "\n")


def _guarded(out: str, work: Any, *args: Any) -> None:
    """Run ``work``; any problem becomes ``error.json`` (a bug is named by its type, never a traceback)."""
    try:
        work(*args)
    except ReportcheckError as error:
        _write_error(out, error.code, error.message)
    except MemoryError:
        _write_error(out, "too_large", "内容过大，内存不足 (out of memory)")
    except Exception as error:
        _write_error(out, "internal_error", f"检查时出错 (internal error: {type(error).__name__})")


def check_report(task: CheckTask) -> None:
    """Check one report and write its JSON, HTML, Markdown and reviewed Word copy (unreadable: its error record)."""
    _settle(task.cwd)
    cap_memory(task.settings.max_memory_mb * 1024 * 1024)
    _guarded(task.out, _check, task)


def _check(task: CheckTask) -> None:
    settings = task.settings
    options = CheckOptions(
        task.rubric, config=settings.config, max_size_mb=settings.max_size_mb, timeout=settings.timeout
    )
    run = run_check([task.source], options)
    if task.previous:
        run, _ = beside_last_year(run, task.previous, limits_with(settings.max_size_mb, settings.timeout))
    for fmt, name in CHECK_OUTPUTS:
        write_output(run, fmt, os.path.join(task.out, name))


def grade_batch(task: BatchTask, progress: Any) -> None:
    """Grade the reports into the workbook and ``summary.json``; ``progress[0]`` counts the reports done."""
    _settle(task.cwd)
    _guarded(task.out, _grade, task, progress)


def _grade(task: BatchTask, progress: Any) -> None:
    settings = task.settings
    options = BatchOptions(
        task.rubric,
        task.jobs,
        os.path.join(task.out, XLSX_FILE),
        "xlsx",
        config=settings.config,
        timeout=settings.timeout,
        max_memory=settings.max_memory_mb,
    )

    def count(row: Row) -> None:
        progress[0] += 1

    outcome = run_batch(task.sources, options, on_row=count, show_summary=False)
    write_atomic(os.path.join(task.out, SUMMARY_FILE), dumps(batch_view(outcome)) + "\n")


def batch_view(outcome: BatchOutcome) -> dict[str, Any]:
    """What the batch page shows, as plain values: totals, ranking with reasons, gaps, copies, errors."""
    summary = outcome.summary
    ranking = [
        {
            "place": placed.place,
            "group": group.title,
            "index": r.index,
            "file": r.file,
            "issuer": r.issuer,
            "year": r.year,
            "score": r.score,
            "grade": r.grade,
            "passed": r.passed,
            "reason": r.reason,
            "weak": r.weak,
            "missing": r.missing,
        }
        for group in summary.groups()
        for placed in group.reports
        for r in (placed.report,)
    ]
    gaps = [{**t._asdict(), "title": f"部分：{t.title}"} for t in summary.part_gaps()]
    gaps += [t._asdict() for t in summary.top_gaps()]
    pairs = [
        {
            "a": p.file_a,
            "b": p.file_b,
            "share": p.share,
            "paragraphs": p.paragraphs,
            "line_a": p.examples[0].line_a,
            "line_b": p.examples[0].line_b,
            "quote": outcome.quotes.get((p.file_a, p.examples[0].line_a), ""),
        }
        for p in outcome.pairs[:COPIED_PAIRS_SHOWN]
    ]
    return {
        "total": summary.total,
        "checked": summary.checked,
        "passed": summary.passed,
        "ranking": ranking,
        "gaps": gaps,
        "pairs": pairs,
        "more_pairs": max(0, len(outcome.pairs) - COPIED_PAIRS_SHOWN),
        "late": [late._asdict() for late in summary.late],
        "errors": [{"file": f, "code": c, "message": m} for f, c, m in summary.errors],
    }
