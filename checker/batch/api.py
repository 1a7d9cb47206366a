"""``run_batch``: collect paths, run the pool, feed the summary, the output sink and the copy index."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO, Any, Protocol

from rich.console import Console

from checker.batch.collect import collect_paths
from checker.batch.copies import CopyIndex, CopyPair
from checker.batch.matrix import CsvMatrix
from checker.batch.outputs import prepare_outputs
from checker.batch.quotes import quote_examples
from checker.batch.report import print_summary
from checker.batch.row import Row
from checker.batch.runner import run_rows
from checker.batch.summary import Summary
from checker.batch.worker import Task, WorkerConfig
from checker.config import load_config
from checker.errors import ConfigError, InputError, ReportcheckError
from checker.output import atomic_path, atomic_text
from checker.project import Job, plan
from checker.render.json_out import dumps, error_record
from checker.rubric_model import Rubric

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
FORMATS = ("table", "jsonl", "csv", "xlsx")


@dataclass(frozen=True)
class BatchOptions:
    """What ``reportcheck batch`` was asked to do."""

    rubric: str | None = None
    jobs: int | None = None
    out: str | None = None
    fmt: str = "table"
    per_report: str | None = None
    fail_under: float | None = None
    copies: bool = True
    progress: bool | None = None
    config: str | None = None


class Sink(Protocol):
    def add(self, row: Row) -> None: ...


class _Jsonl:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def add(self, row: Row) -> None:
        if row.error is not None:
            line = dumps(error_record(ReportcheckError(*row.error), row.file))
        else:
            line = row.record or ""
        self.stream.write(line + "\n")


class _Nothing:
    def add(self, row: Row) -> None:
        pass


def _open_sink(options: BatchOptions, rubric: Rubric, stack: ExitStack) -> Sink:
    if options.fmt == "table":
        return _Nothing()
    if options.fmt == "xlsx":
        from checker.batch.workbook import BatchWorkbook

        if not options.out:
            raise ConfigError("xlsx_needs_out", "xlsx 格式需要用 --out 指定输出文件 (xlsx needs --out FILE)")
        return BatchWorkbook(stack.enter_context(atomic_path(options.out)), rubric)
    encoding = "utf-8-sig" if options.fmt == "csv" else "utf-8"
    if options.out:
        stream: IO[str] = stack.enter_context(atomic_text(options.out, encoding))
    else:
        stream = sys.stdout
        if options.fmt == "csv":
            stream.write("\ufeff")
    return CsvMatrix(stream, rubric) if options.fmt == "csv" else _Jsonl(stream)


def _with_progress(rows: Iterator[Row], total: int) -> Iterator[Row]:
    """Show a rich progress bar on stderr, started after the pool exists (no thread across fork)."""
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


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch found: the summary, the copied pairs, and the exit code (DESIGN.md)."""

    summary: Summary
    pairs: list[CopyPair]
    excluded: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        if self.summary.errors:
            return EXIT_ERROR
        return EXIT_FAILED if self.summary.passed < self.summary.checked else EXIT_OK


def _plan(arguments: list[str], options: BatchOptions) -> tuple[list[Job], list[str]]:
    """The reports to check, each with its config settings, and those the config excludes.

    The summary and the matrix are for one rubric, so a run the config splits over several fails.
    """
    paths = list(collect_paths(arguments, (options.out, options.per_report)))
    config = load_config(options.config)
    jobs, excluded = plan(paths, config, options.rubric, options.fail_under)
    if not jobs:
        raise InputError("no_reports", "没有找到可检查的报告文件 (no report files found)")
    rubrics = {job.rubric.rubric for job in jobs}
    if len(rubrics) > 1:
        names = "、".join(sorted(r.id for r in rubrics))
        raise ConfigError(
            "mixed_rubrics",
            f"按配置这些报告使用不同的评分细则（{names}），批量汇总只能用一个：请按文件夹分别运行 batch，"
            f"或用 --rubric 指定 (the config gives these reports different rubrics; run batch per folder"
            f" or pass --rubric)",
            str(config.path) if config.path else None,
        )
    return jobs, excluded


def run_batch(arguments: Iterable[str], options: BatchOptions, console: Console | None = None) -> BatchOutcome:
    """Check every report the arguments name, with the project config's settings; print or write the results."""
    prepare_outputs(options.out, options.per_report)
    jobs, excluded = _plan(list(arguments), options)
    spec = jobs[0].rubric.rubric
    config = WorkerConfig(spec, options.fmt == "jsonl", options.copies, options.per_report)
    tasks = (Task(i, job.source, job.fail_under, job.ignore) for i, job in enumerate(jobs))
    summary = Summary(spec)
    show_progress = sys.stderr.isatty() if options.progress is None else options.progress
    with ExitStack() as stack:
        index = stack.enter_context(CopyIndex())
        sink = _open_sink(options, spec, stack)
        rows = run_rows(tasks, config, options.jobs or os.cpu_count() or 1)
        for row in _with_progress(rows, len(jobs)) if show_progress else rows:
            summary.add(row)
            sink.add(row)
            if row.signature is not None:
                index.add(row.file, row.signature)
        pairs = index.find() if options.copies else []
        quotes = quote_examples(pairs)
        finish = getattr(sink, "finish", None)
        if finish is not None:
            finish(summary, pairs, quotes)
    _print(summary, pairs, quotes, options, console)
    return BatchOutcome(summary, pairs, tuple(excluded))


def _print(
    summary: Summary, pairs: list[CopyPair], quotes: dict[tuple[str, int], str], options: BatchOptions, console: Any
) -> None:
    """The summary goes to the terminal, or to --out for the table format; never into a data stream."""
    if options.fmt == "table" and options.out:
        with open(os.devnull, "w") as sink:
            recorder = Console(record=True, width=140, file=sink)
            print_summary(summary, pairs, quotes, recorder, options.copies)
        with atomic_text(options.out) as handle:
            handle.write(recorder.export_text())
    elif options.fmt == "table" or options.out:
        wide = None if sys.stdout.isatty() else 160
        print_summary(summary, pairs, quotes, console or Console(highlight=False, width=wide), options.copies)
