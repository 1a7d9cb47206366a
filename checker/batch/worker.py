"""What runs in each worker process: check one report and reduce it to a Row.

The rubric is compiled once per process (``init_worker``); a report that cannot be read, or that
trips an unexpected bug, becomes an error row so the batch always goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from checker.analysis.engine import (
    AUTO,
    AutoRubric,
    CompiledRubric,
    auto_rubric,
    candidates,
    check_document,
    compile_rubric,
)
from checker.batch.columns import Columns
from checker.batch.fingerprint import signature
from checker.batch.row import Row, row_from_result
from checker.compare.years import YearReport, compare_years, find_previous, year_report
from checker.errors import ReportcheckError
from checker.output import write_atomic
from checker.project.history import file_hash, history_record
from checker.render.json_out import dumps
from checker.result import Result
from checker.rubric.model import Rubric
from checker.sources import DEFAULT_LIMITS, Limits, read_document
from checker.text.document import Document


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs to know, picklable: the batch's rubrics (``auto`` for the rubric of
    each report's level) and the columns its rows are laid out in."""

    rubrics: tuple[Rubric | str, ...]
    columns: Columns
    records: bool = False
    copies: bool = True
    per_report: str | None = None
    limits: Limits = DEFAULT_LIMITS
    reviews: bool = False  # a reviewed Word copy of each report beside its feedback files
    previous: tuple[YearReport, ...] = ()  # last year's reports, to set each report beside its own (--previous)
    history: bool = False  # make each report's history row (--db)


class Task(NamedTuple):
    """One report to check, with the settings the config gives it (picklable, shipped in chunks)."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    path: str
    fail_under: float | None = None
    ignore: frozenset[str] = frozenset()
    rubric: int = 0  # which of WorkerConfig.rubrics
    chosen_by: str = "auto"


_state: dict[str, object] = {}


def init_worker(config: WorkerConfig) -> None:
    """Compile the rubrics once for this process."""
    _state["config"] = config
    _state["rubrics"] = [auto_rubric() if r == AUTO else compile_rubric(r) for r in config.rubrics]


REVIEW_SUFFIX = "-审阅.docx"


def per_report_name(index: int, path: str) -> str:
    """The file name (before ``.json``/``.txt``) a report's feedback gets: its position and its name."""
    return f"{index + 1:05d}_{Path(path).stem}"


def feedback_names(index: int, path: str, reviews: bool) -> list[str]:
    """The names of a report's feedback files: its result as JSON and text, and its reviewed copy when asked."""
    base = per_report_name(index, path)
    return [base + ".json", base + ".txt", *([base + REVIEW_SUFFIX] if reviews else [])]


def _write_feedback(
    folder: Path, config: WorkerConfig, task: Task, result: Result, record: str, document: Document
) -> None:
    from checker.render.text import results_text

    json_name, text_name, *review = feedback_names(task.index, result.file, config.reviews)
    write_atomic(folder / json_name, record + "\n")
    write_atomic(folder / text_name, results_text([result]))
    if review:
        from checker.render.docx_review import reviewed_docx

        write_atomic(folder / review[0], reviewed_docx(result, document, limits=config.limits))


def check_one(task: Task) -> Row:
    """Check one report in this worker; never raises, whatever the input or the feedback folder."""
    try:
        return _check(task)
    except ReportcheckError as error:
        return Row(index=task.index, file=task.path, error=(error.code, error.message))
    except MemoryError:  # past the worker's memory cap while checking (reading maps it itself)
        return Row(index=task.index, file=task.path, error=("too_large", "内存不足 (out of memory while checking)"))
    except Exception as error:  # a bug must not stop the batch: report it on the row
        return Row(
            index=task.index, file=task.path, error=("internal_error", f"检查时出错 (internal error: {error!r})")
        )


def _check(task: Task) -> Row:
    """Read, check and reduce one report; write its feedback when asked."""
    config: WorkerConfig = _state["config"]  # type: ignore[assignment]
    rubrics: list[CompiledRubric | AutoRubric] = _state["rubrics"]  # type: ignore[assignment]
    document = read_document(task.path, config.limits)
    detailed = config.records or config.per_report is not None  # only then is the full result written
    rubric = rubrics[task.rubric]
    result = check_document(document, rubric, task.fail_under, task.ignore, evidence=detailed, chosen_by=task.chosen_by)
    record = dumps(result.to_dict()) if detailed else None
    if config.per_report and record is not None:
        _write_feedback(Path(config.per_report), config, task, result, record, document)  # unwritable: cannot_write
    row = row_from_result(
        task.index,
        result,
        config.columns,
        record if config.records else None,
        signature(document.lines) if config.copies else None,
    )
    return _beside_other_years(row, config, rubric, result, document) if config.previous or config.history else row


def _beside_other_years(
    row: Row, config: WorkerConfig, rubric: CompiledRubric | AutoRubric, result: Result, document: Document
) -> Row:
    """The row with last year's comparison (--previous) and its history record (--db)."""
    used = next(c for c in candidates(rubric) if c.rubric.id == result.rubric_id)
    report = year_report(result, document, used)
    last = find_previous(report, config.previous) if config.previous else None
    return row._replace(
        previous=compare_years(report, last).to_dict() if last else None,
        history=history_record(result, report, file_hash(result.file)) if config.history else None,
    )


def check_chunk(chunk: list[Task]) -> list[Row]:
    """Check a chunk of tasks, in order."""
    return [check_one(task) for task in chunk]
