"""The ``causes`` kind: each problem the shortcomings part lists comes with its cause.

Present when every problem has a cause (原因是…, 主要是由于…, 受…影响, or one sentence on the causes of
all of them); weak when some do, naming the problems without one; missing when none does, when the
analysis is put off (将认真分析原因), or when there is no shortcomings part to speak of.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from checker.analysis.kinds.base import Judgement, WithoutParams
from checker.rubric.model import Element, Rubric
from checker.rubric.schema import Shape
from checker.status import Status
from checker.text.textindex import Hit

if TYPE_CHECKING:
    from checker.analysis.context import Context


def names(items: Iterable[str], limit: int = 4) -> str:
    """Short names quoted and joined: “人员少”、“经费不足” 等5项."""
    items = list(items)
    shown = "、".join(f"“{item}”" for item in items[:limit])
    return shown + (f" 等{len(items)}项" if len(items) > limit else "")


class Causes(WithoutParams):
    """The ``causes`` kind (see the module docstring)."""

    name: str = "causes"
    summary: str = "不足部分列出的每个问题都写了原因（原因是……、受……影响，或总述原因的一句）"
    shape: Shape = Shape("causes element", ())

    def judge(self, element: Element, ctx: Context) -> Judgement:
        found = ctx.problems()
        if not ctx.sentences_of("shortcomings"):
            return Judgement(Status.MISSING, "没有写存在的不足，也就没有原因分析", "no_part")
        if not found:
            return Judgement(Status.MISSING, "不足部分没有列出具体问题，也没有原因分析", "no_problems")
        evidence = ctx.evidence([Hit(p.line, p.start, p.start + 1, "problem") for p in found], "problem")
        without = [p.label for p in found if not p.cause]
        if not without:
            return Judgement(Status.PRESENT, f"列出的{len(found)}个问题都写了原因", "found", evidence)
        if len(without) < len(found):
            reason = f"{len(found)}个问题中有{len(without)}个没有写原因：{names(without)}"
            return Judgement(Status.WEAK, reason, "some_without_cause", evidence)
        deferred = any("分析" in s.text and "将" in s.text for s in ctx.sentences_of("shortcomings"))
        reason = f"列出了{len(found)}个问题，都没有写原因" + ("（只说将要分析研究）" if deferred else "")
        return Judgement(Status.MISSING, reason, "no_cause", evidence)

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        return [
            "把“存在的不足”部分拆成一个个问题（小标题、一是/二是、1. 2. 或写问题的句子）。",
            "每个问题要写出原因：“原因是……”“主要是由于……”“受……影响”，或有一句总述上述问题的原因；"
            "只说“将认真分析原因”不算。",
            "全部有原因算具备，部分有原因算薄弱（列出没有原因的问题），都没有算缺失。",
        ]

    def brief(self, element: Element, rubric: Rubric) -> str:
        return "逐个问题找原因"

    def sample(self, element: Element, rubric: Rubric) -> str:
        return "一是执法人员法律素养不高，原因主要是基层执法力量不足、系统培训少。"


CAUSES = Causes()
