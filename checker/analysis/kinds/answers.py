"""The ``answers`` kind: the next-year plan answers the shortcomings, problem by problem.

A problem is answered when a sentence of the next-year part speaks of the topic the problem names
first (the rubric's topic words: 执法, 普法, 队伍…; 执法人员素养不高 is about 执法, so a task on 法律明白人
队伍 does not answer it), or, for a problem of no known topic, shares two of its words. Present when
every problem is answered; weak when some are, naming those that are not; missing when none is, or
when there is no plan or no shortcomings to answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.analysis.kinds.base import Judgement, WithoutParams
from checker.analysis.kinds.causes import names
from checker.analysis.substance import COMMON_WORDS, Problem, main_topic, topics_of, words_of
from checker.rubric.model import Element, Rubric
from checker.rubric.schema import Shape
from checker.status import Status
from checker.text.textindex import Hit

if TYPE_CHECKING:
    from checker.analysis.context import Context


class Answers(WithoutParams):
    """The ``answers`` kind (see the module docstring)."""

    name: str = "answers"
    summary: str = "下一年度安排逐一回应不足部分列出的问题（按主题词或共同词语对应）"
    shape: Shape = Shape("answers element", ())

    def judge(self, element: Element, ctx: Context) -> Judgement:
        plan = ctx.sentences_of("next_year")
        found = ctx.problems()
        if not plan:
            return Judgement(Status.MISSING, "没有下一年度安排，无从回应不足", "no_plan")
        if not found:
            return Judgement(Status.MISSING, "不足部分没有列出具体问题，安排无从对应", "no_problems")
        lexicon = dict(ctx.rubric.topics)
        plan_text = "".join(s.text for s in plan)
        plan_topics = topics_of(plan_text, lexicon)
        answered: list[Problem] = []
        unanswered: list[Problem] = []
        for problem in found:
            topic = main_topic(problem.text, lexicon)
            if topic:
                hit = topic in plan_topics
            else:  # a problem of no known topic: two words in common
                hit = len(words_of(problem.text, COMMON_WORDS) & words_of(plan_text, COMMON_WORDS)) >= 2
            (answered if hit else unanswered).append(problem)
        evidence = ctx.evidence(
            [Hit(p.line, p.start, p.start + 1, "problem") for p in unanswered or answered], "problem"
        )
        if not unanswered:
            return Judgement(Status.PRESENT, f"不足部分的{len(found)}个问题在安排中都有对应任务", "found", evidence)
        if answered:
            reason = f"{len(unanswered)}个问题在下一年度安排中没有对应任务：{names(p.label for p in unanswered)}"
            return Judgement(Status.WEAK, reason, "some_unanswered", evidence)
        return Judgement(Status.MISSING, f"下一年度安排没有回应不足部分的{len(found)}个问题", "none_answered", evidence)

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        topics = "、".join(name for name, _ in rubric.topics[:10])
        return [
            f"不足部分的每个问题，下一年度安排中要有同一主题（{topics}等）的任务；没有主题词的问题，按共同词语对应。",
            "全部对应算具备，部分对应算薄弱（列出没有对应的问题），都没有对应算缺失。",
        ]

    def brief(self, element: Element, rubric: Rubric) -> str:
        return "安排逐条对应不足"

    def sample(self, element: Element, rubric: Rubric) -> str:
        return "针对执法力量不足的问题，2025年将为综合执法队补充执法人员5名，全员轮训一次。"


ANSWERS = Answers()
