"""The ``figure`` kind: an element that needs the year's achieved value of a metric (出庭应诉率100%).

Present with an achieved value in the element's scope that meets the expectation (a rate may be
derived from two counts, 出庭17件 of 案件20件 → 85%, and is marked ``derived``), or with an accepted
statement that stands in for it (全年无行政诉讼案件); weak with a value below the expectation (and
``penalty`` points off the score), with the value only in a part outside the scope, or with the
metric named in scope but no value; missing when there is no value, or only next year's target.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.analysis.kinds.base import Judgement
from checker.analysis.mood import Mood
from checker.rubric.load import Env, expectation, phrases
from checker.rubric.model import Element, Expectation, Rubric
from checker.rubric.schema import Field, KeyPath, Problems, Shape, at_least
from checker.status import Status

if TYPE_CHECKING:
    from checker.analysis.context import Context


class FigureParams(NamedTuple):
    """Which metric the element needs, the bound it must meet, and what else counts."""

    metric: str
    expect: Expectation | None = None
    accept: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    penalty: float = 0.0  # points off the score when the achieved value misses the expectation


MATCH = Shape(
    "match",
    (
        Field("figure", "mapping", required=True, doc="{metric, expect}：要给出的指标和期望值"),
        Field("any", "strings", default=[], doc="提到指标的其他说法（只提到、没有数值算薄弱）"),
        Field("accept", "strings", default=[], doc="可代替数值的说法，如“无行政诉讼案件”"),
    ),
)
RULE = Shape(
    "match.figure",
    (
        Field("metric", "str", required=True, doc="指标 id（metrics 中声明）"),
        Field("expect", "scalar", doc='期望值，如 ">= 100"；不写时用指标自己的 expect'),
    ),
)


def _quote(items: Iterable[str]) -> str:
    return "、".join(f"“{item}”" for item in items)


class FigureKind:
    """The ``figure`` kind (see the module docstring)."""

    name: str = "figure"
    summary: str = "要给出某项指标本年度的实际数值，并达到期望值；下一年度的目标不算"
    shape: Shape = Shape(
        "figure element",
        (
            Field("match", "mapping", required=True, doc="figure、any、accept（见下）"),
            Field("penalty", "number", default=0.0, check=at_least(0), doc="数值未达到期望时另扣的分数（百分制）"),
        ),
    )
    detail_shapes: tuple[Shape, ...] = (MATCH, RULE)
    codec_types: tuple[type, ...] = (FigureParams,)

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> FigureParams | None:
        here = (*path, "match")
        match = MATCH.read(values["match"], here, problems)
        if match is None:
            return None
        rule = RULE.read(match["figure"], (*here, "figure"), problems) if match["figure"] is not None else None
        if rule is None or rule["metric"] is None:
            return None
        if rule["metric"] not in env.metrics:
            known = "、".join(sorted(env.metrics))
            problems.add(
                (*here, "figure", "metric"), f"没有这个指标：{rule['metric']}（可用：{known}）(no such metric)"
            )
        return FigureParams(
            metric=rule["metric"],
            expect=expectation(rule["expect"], (*here, "figure", "expect"), problems),
            accept=phrases(match["accept"]),
            mentions=phrases(match["any"]),
            penalty=values["penalty"],
        )

    def phrases(self, params: FigureParams) -> Iterable[str]:
        yield from params.mentions
        yield from params.accept

    def judge(self, element: Element, ctx: Context) -> Judgement:
        params: FigureParams = element.params
        metric = ctx.rubric.metric(params.metric)
        assert metric is not None, "the loader checks the metric exists"
        expect = params.expect or metric.expect
        figures = [f for f in ctx.figures if f.metric == params.metric]
        achieved = [f for f in figures if f.kind == "achieved"]
        inside = [f for f in achieved if ctx.in_scope(f.hit, element.scope)]
        if inside:
            shown = ctx.evidence([f.hit for f in inside], "derived" if inside[0].derived else "figure")
            below = [f for f in inside if expect and not expect.met_by(f.value)]
            if below:
                worst = below[0]
                worked = "（由案件数和出庭数算出）" if worst.derived else ""
                reason = f"{metric.title}为{worst.value:g}{worst.unit}{worked}，未达到期望（{expect}{worst.unit}）"
                if params.penalty:
                    reason += f"，扣{params.penalty:g}分"
                return Judgement(Status.WEAK, reason, "below_expectation", shown, params.penalty)
            first = inside[0]
            worked = "（由两个计数算出）" if first.derived else ""
            return Judgement(
                Status.PRESENT, f"给出了{metric.title}：{first.value:g}{first.unit}{worked}", "figure", shown
            )
        accepted = [
            h
            for h in ctx.keyword_hits(params.accept)
            if ctx.mood(h) not in (Mood.PLAN, Mood.HEADING) and ctx.in_scope(h, element.scope)
        ]
        if accepted:
            said = max((h.phrase for h in accepted if h.line == accepted[0].line), key=len)
            return Judgement(Status.PRESENT, f"写明了“{said}”", "accepted", ctx.evidence(accepted, "accept"))
        if achieved:
            first = achieved[0]
            reason = (
                f"给出了{metric.title}（{first.value:g}{first.unit}），但写在了“{ctx.where(first.hit)}”部分，"
                f"不在“{ctx.section_title(element)}”部分中"
            )
            return Judgement(Status.WEAK, reason, "outside_scope", ctx.evidence([f.hit for f in achieved], "figure"))
        targets = [f for f in figures if f.kind == "target"]
        if targets:
            reason = f"只有下一年度的目标值（{targets[0].value:g}{targets[0].unit}），没有本年度实际数值"
            return Judgement(Status.MISSING, reason, "target_only", ctx.evidence([f.hit for f in targets], "target"))
        mentions = ctx.sort_hits(ctx.keyword_hits(params.mentions + metric.keywords), element)
        if mentions.inside:
            reason = f"提到了“{mentions.inside[0].phrase}”，但没有给出{metric.title}的数值"
            return Judgement(Status.WEAK, reason, "no_value", ctx.evidence(mentions.inside, "keyword"))
        return Judgement(Status.MISSING, f"全文没有{metric.title}的数值", "not_found")

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        params: FigureParams = element.params
        metric = rubric.metric(params.metric)
        expect = params.expect or (metric.expect if metric else None)
        title = metric.title if metric else params.metric
        rules = [
            f"要给出“{title}”的本年度实际数值（指标关键词：{_quote(metric.keywords) if metric else '—'}）；"
            "只写下一年度目标的不算（计划不是成效）。"
        ]
        if expect:
            rules.append(f"数值应满足 {expect}，达不到的算薄弱。")
        if params.mentions:
            rules.append(f"出现以下任一说法即算找到：{_quote(params.mentions)}。")
        if params.accept:
            rules.append(f"写明以下情况的也算具备：{_quote(params.accept)}。")
        return rules

    def brief(self, element: Element, rubric: Rubric) -> str:
        params: FigureParams = element.params
        expect = f" {params.expect}" if params.expect else ""
        metric = rubric.metric(params.metric)
        parts = [f"数据：{metric.title if metric else params.metric}{expect}"]
        if params.mentions:
            parts.append("任一：" + "、".join(params.mentions[:4]) + ("…" if len(params.mentions) > 4 else ""))
        return "；".join(parts)

    def sample(self, element: Element, rubric: Rubric) -> str:
        params: FigureParams = element.params
        metric = rubric.metric(params.metric)
        if metric is None:
            return ""
        expect = params.expect or metric.expect
        base = 100.0 if metric.kind == "percent" else 12.0
        number = next((v for v in (base, expect.value if expect else base) if not expect or expect.met_by(v)), base)
        unit = "%" if metric.kind == "percent" else (metric.units[0] if metric.units else "件")
        return f"全年{metric.keywords[0]}{number:g}{unit}。"


FIGURE = FigureKind()
