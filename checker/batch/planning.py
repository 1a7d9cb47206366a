"""Which reports a batch checks and with which settings: the paths given, filtered by the config.

Each report may get its own rubric: the one the options or the config name, or (by default) the
built-in rubric of its level. The batch's rows and tables use the columns of all of them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.analysis.engine import AUTO, AutoRubric, CompiledRubric, candidates
from checker.batch.clash import holds_own_notice, holds_own_output, refuse_clashes
from checker.batch.collect import collect_inputs
from checker.batch.columns import Columns
from checker.batch.spill import ReadSequence
from checker.batch.worker import Task, feedback_names
from checker.errors import InputError
from checker.project.config import load_config
from checker.project.planning import plan
from checker.rubric.model import Rubric

if TYPE_CHECKING:
    from checker.batch.api import BatchOptions


class TaskList(ReadSequence[Task]):
    """The planned tasks, packed: the paths in one string, each task's settings by number.

    100,000 tasks take about 13 MB instead of 25, and being few objects they let the memory the
    planning's objects took go back (those left among 100,000 small tasks, it stayed the whole batch).
    """

    def __init__(self, tasks: Iterable[Task]) -> None:
        settings: dict[tuple[Any, ...], int] = {}
        paths, codes = [], array("H")
        for n, task in enumerate(tasks):
            assert task.index == n, "a task's index is its place"
            paths.append(task.path)
            codes.append(settings.setdefault(task[2:], len(settings)))
        self._paths = "\0".join(paths)
        self._starts = array("Q", accumulate((len(path) + 1 for path in paths), initial=0))
        self._codes = codes
        self._settings = list(settings)

    def __len__(self) -> int:
        return len(self._codes)

    def _item(self, n: int) -> Task:
        path = self._paths[self._starts[n] : self._starts[n + 1] - 1]
        return Task(n, path, *self._settings[self._codes[n]])


class BatchPlan(NamedTuple):
    """The tasks, the rubrics the workers compile (by slot), the batch's columns and the excluded files."""

    tasks: TaskList
    rubrics: tuple[Rubric | str, ...]
    columns: Columns
    excluded: list[str]


def plan_batch(arguments: list[str], options: BatchOptions) -> BatchPlan:
    """The reports to check, each with its config settings and rubric, and those the config excludes.

    An output that would overwrite an input fails (``output_clash``), before any report is read.
    """
    own = options.out if options.out and holds_own_output(options.out) else None  # an earlier run's --out
    notice = options.notice if options.notice and holds_own_notice(options.notice) else None
    inputs = list(collect_inputs(arguments, skip_folders=[options.per_report], skip_files=[own, notice]))
    config = load_config(options.config)
    jobs, excluded = plan([item.path for item in inputs], config, options.rubric, options.fail_under)
    if not jobs:
        why = f"，{len(excluded)} 份已按配置排除 ({len(excluded)} excluded by config)" if excluded else ""
        raise InputError("no_reports", f"没有找到可检查的报告文件 (no report files found){why}")
    reviews, named = options.fmt == "docx", jobs if options.per_report else []
    feedback = [name for i, job in enumerate(named) for name in feedback_names(i, job.source, reviews)]
    refuse_clashes(inputs, arguments, (options.out, options.notice), options.per_report, feedback)
    slots: dict[str, int] = {}
    specs: list[Rubric | str] = []
    for job in jobs:
        key = _slot_key(job.rubric)
        if key not in slots:
            slots[key] = len(specs)
            specs.append(AUTO if isinstance(job.rubric, AutoRubric) else job.rubric.rubric)
    tasks = TaskList(
        Task(i, job.source, job.fail_under, job.ignore, slots[_slot_key(job.rubric)], job.chosen_by)
        for i, job in enumerate(jobs)
    )
    columns = Columns.of(c.rubric for job in jobs for c in candidates(job.rubric))
    return BatchPlan(tasks, tuple(specs), columns, excluded)


def _slot_key(rubric: CompiledRubric | AutoRubric) -> str:
    return AUTO if isinstance(rubric, AutoRubric) else rubric.rubric.id
