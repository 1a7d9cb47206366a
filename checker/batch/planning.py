"""Which reports a batch checks and with which settings: the paths given, filtered by the config."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.batch.collect import collect_paths
from checker.errors import ConfigError, InputError
from checker.project.config import load_config
from checker.project.planning import Job, plan

if TYPE_CHECKING:
    from checker.batch.api import BatchOptions


def plan_batch(arguments: list[str], options: BatchOptions) -> tuple[list[Job], list[str]]:
    """The reports to check, each with its config settings, and those the config excludes.

    The summary and the matrix are for one rubric, so a run the config splits over several fails.
    """
    paths = list(collect_paths(arguments, (options.out, options.per_report)))
    config = load_config(options.config)
    jobs, excluded = plan(paths, config, options.rubric, options.fail_under)
    if not jobs:
        why = f"，{len(excluded)} 份已按配置排除 ({len(excluded)} excluded by config)" if excluded else ""
        raise InputError("no_reports", f"没有找到可检查的报告文件 (no report files found){why}")
    rubrics = {job.rubric.rubric for job in jobs}
    if len(rubrics) > 1:
        names = "、".join(sorted(r.id for r in rubrics))
        raise ConfigError(
            "mixed_rubrics",
            f"按配置这些报告使用不同的评分细则（{names}），批量汇总只能用一个：请按文件夹分别运行 batch，"
            "或用 --rubric 指定 (the config gives these reports different rubrics; run batch per folder"
            " or pass --rubric)",
            str(config.path) if config.path else None,
        )
    return jobs, excluded
