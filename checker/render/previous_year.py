"""This report beside last year's (``Result.previous``, from ``--previous``), in words every format shows."""

from __future__ import annotations

from typing import NamedTuple

from checker.result import Result


class LastYear(NamedTuple):
    """The comparison as lines: a heading, the facts, the repeated text quoted, the tasks not carried out."""

    heading: str
    facts: list[str]
    repeated: list[str]
    unfollowed: list[str]


def last_year(result: Result) -> LastYear | None:
    """The comparison of one result with last year's report, or None when there is none."""
    found = result.previous
    if found is None:
        return None
    change = found["score_change"]
    done = found["tasks"] - len(found["unfollowed_tasks"])
    return LastYear(
        f"与上一年报告比较（{found['previous_year'] or '?'}年，{found['previous_file']}）",
        [
            f"得分 {found['previous_score']:g} → {result.score:g}（{'+' if change >= 0 else ''}{change:g}）",
            f"与上一年相同的文字占 {found['repeated_share']:.0%}",
            f"上一年安排的 {found['tasks']} 项任务，{done} 项在今年的举措中能找到",
        ],
        [f"第{quote['line']}行：“{quote['text']}”" for quote in found["repeated"]],
        [f"未见落实：{task[:60]}" for task in found["unfollowed_tasks"]],
    )
