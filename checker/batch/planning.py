"""Which reports a batch checks and with which settings: the paths given, filtered by the config.

Each report may get its own rubric: the one the options or the config name, or (by default) the
built-in rubric of its level. The batch's rows and tables use the columns of all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from checker.analysis.engine import AUTO, AutoRubric, candidates
from checker.batch.clash import holds_own_notice, holds_own_output, refuse_clashes
from checker.batch.collect import collect_inputs
from checker.batch.columns import Columns
from checker.batch.worker import Task, feedback_names
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
    tasks = []
    for i, job in enumerate(jobs):
        key = AUTO if isinstance(job.rubric, AutoRubric) else job.rubric.rubric.id
        if key not in slots:
            slots[key] = len(specs)
            specs.append(AUTO if isinstance(job.rubric, AutoRubric) else job.rubric.rubric)
        tasks.append(Task(i, job.source, job.fail_under, job.ignore, slots[key], job.chosen_by))
    columns = Columns.of(c.rubric for job in jobs for c in candidates(job.rubric))
    return BatchPlan(tasks, tuple(specs), columns, excluded)
