"""``run_batch``: plan the reports, run the pool, feed the summary, the output sink and the copy index.

Only what the batch command's options need is imported here at module level, so the CLI can load
``FORMATS`` cheaply; numpy (copies) and rich (terminal output) are imported when used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from checker.errors import EXIT_ERROR, EXIT_FAILED, EXIT_OK, ReportcheckError

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair
    from checker.batch.row import Row
    from checker.batch.summary import Summary
    from checker.compare.years import YearReport
    from checker.project.history import History
    from checker.sources import Limits

FORMATS = ("table", "jsonl", "csv", "xlsx", "docx")
SUMMARY_FORMATS = ("table", "docx")  # the summary is the output; docx adds reviewed copies to --per-report
RANK_BY = ("level", "all")


class BatchOptions(NamedTuple):
    """What ``reportcheck batch`` was asked to do."""

    rubric: str | None = None
    jobs: int | None = None
    out: str | None = None
    fmt: str = "table"
    per_report: str | None = None
    fail_under: float | None = None
    copies: bool = True
    config: str | None = None
    timeout: float | None = None  # seconds per file (None: the default)
    max_memory: int | None = None  # MB per worker (None: the default)
    year: int | None = None  # the year the reports should be about; others are set apart, not ranked
    rank_by: str = "level"  # "level": each level ranked on its own; "all": everyone together
    notice: str | None = None  # a Word draft of the 通报 (notice) to write
    previous: str | None = None  # last year's reports (a folder, a report or a history database)
    db: str | None = None  # the history database to keep this batch's rows in

    @property
    def summarized(self) -> bool:
        """Whether the summary is shown or written: not when a data stream (jsonl, csv) goes to stdout."""
        return self.fmt in SUMMARY_FORMATS or self.out is not None


class BatchOutcome(NamedTuple):
    """What a batch found: the summary, the copied pairs, the files the config excluded, the exit code,
    and the text of the copied pairs' example lines by (file, line)."""

    summary: Summary
    pairs: list[CopyPair]
    excluded: tuple[str, ...] = ()
    quotes: Mapping[tuple[str, int], str] = MappingProxyType({})

    @property
    def exit_code(self) -> int:
        """DESIGN.md: 2 if any report could not be read, else 1 if any failed, else 0."""
        if self.summary.errors:
            return EXIT_ERROR
        return EXIT_FAILED if self.summary.passed < self.summary.checked else EXIT_OK


def _with_progress(rows: Iterator[Row], total: int) -> Iterator[Row]:
    """Show a rich progress bar on stderr, started after the pool exists (no thread across fork)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    first = next(rows, None)
    if first is None:
        return
    columns = (TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("batch", total=total)
        yield first
        progress.advance(task)
        for row in rows:
            yield row
            progress.advance(task)


def _last_year(previous: str, limits: Limits) -> tuple[YearReport, ...]:
    """Last year's reports, read once here and sent to every worker with the batch's settings."""
    from checker.project.previous import last_year

    return tuple(last_year(previous, None, limits))


def _history(db: str) -> History:
    from checker.project.history import History

    return History(db)


def run_batch(
    arguments: Iterable[str],
    options: BatchOptions,
    on_row: Callable[[Row], None] | None = None,
    show_summary: bool = True,
) -> BatchOutcome:
    """Check every report the arguments name, with the project config's settings; print or write the results.

    ``on_row`` is called with each report's row as it comes in (progress); without ``show_summary``
    nothing is printed and only ``--out`` is written (a program showing the outcome its own way).
    """
    from checker.batch.outputs import prepare_outputs
    from checker.batch.planning import plan_batch
    from checker.batch.quotes import quote_examples
    from checker.batch.runner import run_rows, start_pool
    from checker.batch.sinks import open_sink
    from checker.batch.summary import Summary
    from checker.batch.worker import WorkerConfig
    from checker.sources import limits_with

    prepare_outputs(options.out, options.per_report, options.fmt, options.notice)
    pairs: list[CopyPair] = []
    with ExitStack() as stack:
        pool = stack.enter_context(start_pool(options.jobs or os.cpu_count() or 1))
        planned = plan_batch(list(arguments), options)
        columns = planned.columns
        limits = limits_with(timeout=options.timeout, max_memory_mb=options.max_memory)
        records, reviews = options.fmt == "jsonl", options.fmt == "docx"
        earlier = _last_year(options.previous, limits) if options.previous else ()
        config = WorkerConfig(
            planned.rubrics,
            columns,
            records,
            options.copies,
            options.per_report,
            limits,
            reviews,
            earlier,
            bool(options.db),
        )
        summary = Summary(columns, options.year, options.rank_by == "level", previous_asked=bool(options.previous))
        total, excluded = len(planned.tasks), planned.excluded
        rows = run_rows(pool, planned.tasks, config)
        # the workers are checking now: what follows (numpy, the output file) overlaps with them
        index = None
        if options.copies:
            from checker.batch.copies import CopyIndex

            index = stack.enter_context(CopyIndex())
        sink = open_sink(options, columns, stack)
        history = stack.enter_context(_history(options.db)) if options.db else None
        summarize = show_summary and options.summarized
        if summarize:
            from checker.batch.report import emit_summary
        bar = show_summary and sys.stderr.isatty()
        for row in _with_progress(rows, total) if bar else rows:
            if row.error is not None and row.error[0] == "disk_full":  # every feedback file would fail
                raise ReportcheckError(*row.error, options.per_report)
            summary.add(row)
            sink.add(row)
            if on_row is not None:
                on_row(row)
            if index is not None and row.signature is not None:
                index.add(row.file, row.signature)
            if history is not None and row.history is not None:
                history.save(row.history)
        if options.previous:  # last year's reports no report of this batch took (of the years before its own)
            matched = {b.previous["previous_file"] for b in summary.beside}
            summary.unmatched_last = [
                r.file for r in earlier if r.file not in matched and (r.year is None or r.year + 1 in summary.all_years)
            ]
        if index is not None:
            pairs = index.find()
        quotes = quote_examples(pairs)
        sink.finish(summary, pairs, quotes)
    if summarize:
        to_file = options.out if options.fmt in SUMMARY_FORMATS else None
        brief = options.out is not None and options.fmt not in SUMMARY_FORMATS  # the file holds the full ranking
        emit_summary(summary, pairs, quotes, to_file, options.copies, brief)
    if options.notice:
        from datetime import date

        from checker.batch.notice import write_notice

        write_notice(options.notice, summary, pairs if options.copies else None, date.today())
    return BatchOutcome(summary, pairs, tuple(excluded), quotes)
