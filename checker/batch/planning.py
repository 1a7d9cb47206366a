"""Which reports a batch checks and with which settings: the paths given, filtered by the config.

Each report may get its own rubric: the one the options or the config name, or (by default) the
built-in rubric of its level. The batch's rows and tables use the columns of all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from checker.analysis.engine import AUTO, AutoRubric, candidates
from checker.batch.collect import collect_paths
from checker.batch.columns import Columns
from checker.batch.worker import Task
from checker.errors import InputError
from checker.project.config import load_config
from checker.project.planning import plan
from checker.rubric.model import Rubric

if TYPE_CHECKING:
    from checker.batch.api import BatchOptions


class BatchPlan(NamedTuple):
    """The tasks, the rubrics the workers compile (by slot), the batch's columns and the excluded files."""

    tasks: list[Task]
    rubrics: tuple[Rubric | str, ...]
    columns: Columns
    excluded: list[str]


def plan_batch(arguments: list[str], options: BatchOptions) -> BatchPlan:
    """The reports to check, each with its config settings and rubric, and those the config excludes."""
    paths = list(collect_paths(arguments, (options.out, options.per_report)))
    config = load_config(options.config)
    jobs, excluded = plan(paths, config, options.rubric, options.fail_under)
    if not jobs:
        why = f"，{len(excluded)} 份已按配置排除 ({len(excluded)} excluded by config)" if excluded else ""
        raise InputError("no_reports", f"没有找到可检查的报告文件 (no report files found){why}")
    slots: dict[str, int] = {}
    specs: list[Rubric | str] = []
    tasks = []
    for i, job in enumerate(jobs):
        key = AUTO if isinstance(job.rubric, AutoRubric) else job.rubric.rubric.id
        if key not in slots:
            slots[key] = len(specs)
            specs.append(AUTO if isinstance(job.rubric, AutoRubric) else job.rubric.rubric)
        tasks.append(Task(i, job.source, job.fail_under, job.ignore, slots[key], job.chosen_by))
    columns = Columns.of(c.rubric for job in jobs for c in candidates(job.rubric))
    return BatchPlan(tasks, tuple(specs), columns, excluded)
