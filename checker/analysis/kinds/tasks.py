"""The ``tasks`` kind: the next-year part sets out concrete tasks, not a single vow.

The tasks are the part's items (sub-headings, 一是/二是, numbered items) or else its sentences;
a task is concrete when it gives a fact (a number, a date, a named document, a concrete word of the
rubric) or names a topic of the rubric (执法, 普法, 决策…) without being a stock vow (进一步加强法治
宣传教育 is a vow). Present with at least ``min_tasks`` concrete tasks; weak with fewer; missing when
the part is absent or sets out nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.analysis.kinds.base import Judgement
from checker.analysis.substance import is_fact, is_stock, topics_of
from checker.rubric.load import Env
from checker.rubric.model import Element, Rubric
from checker.rubric.schema import Field, KeyPath, Problems, Shape, at_least
from checker.status import Status
from checker.text.textindex import Hit

if TYPE_CHECKING:
    from checker.analysis.context import Context


def _concrete(text: str, lexicon: dict[str, tuple[str, ...]], stock: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether a task says something definite: one of its sentences gives a fact, or names a topic
    without being a stock vow (进一步加强法治宣传教育)."""
    return any(
        is_fact(part, words) or (topics_of(part, lexicon) and not is_stock(part, stock, words))
        for part in _CLAUSES.split(text)
    )


_CLAUSES = re.compile(r"[。；;]")


class TaskParams(NamedTuple):
    """How many concrete tasks the plan must set out."""

    min_tasks: int = 2


class Tasks:
    """The ``tasks`` kind (see the module docstring)."""

    name: str = "tasks"
    summary: str = "下一年度安排列出具体任务（有主题或数据的条目达到最少条数）"
    shape: Shape = Shape(
        "tasks element", (Field("min_tasks", "int", default=2, check=at_least(1), doc="至少要有的具体任务条数"),)
    )
    detail_shapes: tuple[Shape, ...] = ()
    codec_types: tuple[type, ...] = (TaskParams,)

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> TaskParams:
        return TaskParams(values["min_tasks"])

    def phrases(self, params: Any) -> Iterable[str]:
        return ()

    def judge(self, element: Element, ctx: Context) -> Judgement:
        params: TaskParams = element.params
        items = ctx.plan_items()
        if not items:
            return Judgement(Status.MISSING, "没有下一年度安排", "no_plan")
        rubric = ctx.rubric
        concrete = [
            item
            for item in items
            if _concrete(item[2], dict(rubric.topics), rubric.stock_phrases, rubric.concrete_words)
        ]
        evidence = ctx.evidence([Hit(line, start, start + 1, "task") for line, start, _ in concrete or items], "task")
        if len(concrete) >= params.min_tasks:
            return Judgement(Status.PRESENT, f"列出了{len(concrete)}项具体任务", "found", evidence)
        if concrete:
            reason = f"只有{len(concrete)}项具体任务（至少应有{params.min_tasks}项）"
            return Judgement(Status.WEAK, reason, "too_few", evidence)
        return Judgement(Status.WEAK, "安排只有原则性表述，没有落到具体领域的任务", "vague", evidence)

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        params: TaskParams = element.params
        return [
            "把下一年度安排拆成条目（小标题、一是/二是、1. 2.，或句子）。",
            "给出数据、时间、文件名，或落到具体领域（执法、普法、决策、队伍……）又不只是套话的条目算具体任务，"
            f"至少要有 {params.min_tasks} 项。",
        ]

    def brief(self, element: Element, rubric: Rubric) -> str:
        params: TaskParams = element.params
        return f"具体任务至少{params.min_tasks}项"

    def sample(self, element: Element, rubric: Rubric) -> str:
        return "（一）规范重大行政决策程序，2025年6月底前修订决策事项目录。（二）开展执法人员全员轮训。"


TASKS = Tasks()
