"""Turn the hits and figures for one rubric element into present / weak / missing with a reason."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import chain

from checker.analysis.figures import Figure
from checker.analysis.matcher import PhraseMatcher
from checker.analysis.sections import SectionFinding
from checker.result import ElementResult, Evidence
from checker.rubric.model import Element, Rubric
from checker.status import Status
from checker.text.numbers import NUMBER
from checker.text.outline import Outline
from checker.text.textindex import Hit, ReportText

_MAX_EVIDENCE = 3
_COUNT_NEAR = re.compile(rf"{NUMBER}(?:万|余|多)*(?:次|场|件|期|人次|人|份|项|个|篇|条|起|%)")
_NEAR = 30


@dataclass
class Context:
    """Everything an element is judged against, computed once per report."""

    rubric: Rubric
    text: ReportText
    outline: Outline
    hits: dict[str, list[Hit]]
    figures: list[Figure]
    sections: dict[str, SectionFinding]
    heading_ends: dict[int, int]
    phrases: PhraseMatcher


def _hits_within(phrases: list[str], other: list[Hit], finding: SectionFinding | None, ctx: Context) -> list[Hit]:
    """The hits of ``phrases`` (and ``other`` hits) on the lines of one part, in reading order.

    Each phrase's hits are in reading order, so the part's line ranges are cut out by bisection
    instead of testing every hit of the report.
    """
    if finding is None:
        return []
    scoped = [h for h in other if h.line in finding.lines]
    for phrase in phrases:
        hits = ctx.hits[phrase]
        for lo, hi in finding.ranges:
            scoped += hits[bisect_left(hits, (lo,)) : bisect_left(hits, (hi,))]
    scoped.sort()
    return scoped


def _every_hit(phrases: list[str], other: list[Hit], ctx: Context) -> list[Hit]:
    """The hits of ``phrases`` and ``other`` hits anywhere in the report, in reading order."""
    return sorted(chain(chain.from_iterable(ctx.hits[p] for p in phrases), other))


def _keyword_hits(phrases: tuple[str, ...], ctx: Context) -> list[Hit]:
    """Every hit of any of ``phrases``, in reading order."""
    found = [ctx.hits[p] for p in phrases if p in ctx.hits]
    if len(found) == 1:
        return list(found[0])  # one phrase's hits are already in reading order
    return sorted(chain.from_iterable(found))


def _evidence(hits: list[Hit], ctx: Context, how: str) -> tuple[Evidence, ...]:
    if not ctx.text.quotes:  # checked without evidence
        return ()
    seen, out = set(), []
    for hit in hits:
        if hit.line in seen:
            continue
        seen.add(hit.line)
        out.append(Evidence(hit.line + 1, ctx.text.snippet(hit), how))
        if len(out) == _MAX_EVIDENCE:
            break
    return tuple(out)


def _in_heading(hit: Hit, ctx: Context) -> bool:
    end = ctx.heading_ends.get(hit.line)
    return end is not None and hit.end <= end


def _has_count_near(hit: Hit, ctx: Context) -> bool:
    line = ctx.text.by_index[hit.line].text
    return bool(_COUNT_NEAR.search(line, hit.start, min(len(line), hit.end + _NEAR)))


def _section_title(element: Element, ctx: Context) -> str:
    section = ctx.rubric.section(element.section)
    return section.title if section else element.section


def evaluate(element: Element, ctx: Context) -> ElementResult:
    """Judge one element against the report."""
    status, reason, evidence = _evaluate_figure(element, ctx) if element.match.figure else _evaluate_text(element, ctx)
    return ElementResult(
        id=element.id,
        title=element.title,
        section=element.section,
        status=status,
        weight=element.weight,
        required=element.required,
        reason=reason,
        hint=element.hint,
        evidence=evidence,
    )


Judged = tuple[Status, str, tuple[Evidence, ...]]


def _evaluate_figure(element: Element, ctx: Context) -> Judged:
    rule = element.match.figure
    assert rule is not None
    metric = ctx.rubric.metric(rule.metric)
    assert metric is not None
    expect = rule.expect or metric.expect
    figures = [f for f in ctx.figures if f.metric == rule.metric]
    achieved = [f for f in figures if f.kind == "achieved"]
    if achieved:
        shown = _evidence([f.hit for f in achieved], ctx, "figure")
        below = [f for f in achieved if expect and not expect.met_by(f.value)]
        if below:
            worst = below[0]
            return (
                Status.WEAK,
                f"{metric.title}为{worst.value:g}{worst.unit}，未达到期望（{expect}{worst.unit}）",
                shown,
            )
        first = achieved[0]
        return Status.PRESENT, f"给出了{metric.title}：{first.value:g}{first.unit}", shown
    accepted = _keyword_hits(element.match.accept, ctx)
    if accepted:
        said = max((h.phrase for h in accepted if h.line == accepted[0].line), key=len)
        return Status.PRESENT, f"写明了“{said}”", _evidence(accepted, ctx, "accept")
    targets = [f for f in figures if f.kind == "target"]
    if targets:
        return (
            Status.WEAK,
            f"只有下一年度的目标值（{targets[0].value:g}{targets[0].unit}），没有本年度实际数值",
            _evidence([f.hit for f in targets], ctx, "target"),
        )
    mentions = _keyword_hits(element.match.any + metric.keywords, ctx)
    if mentions:
        return (
            Status.WEAK,
            f"提到了“{mentions[0].phrase}”，但没有给出{metric.title}的数值",
            _evidence(mentions, ctx, "keyword"),
        )
    return Status.MISSING, f"全文没有{metric.title}的数值", ()


def _evaluate_text(element: Element, ctx: Context) -> Judged:
    match = element.match
    found = ctx.hits
    phrases = [p for p in match.any if found.get(p)]  # a phrase listed twice counts its hits twice
    missing_groups: list[str] = []
    for group in match.all:
        present = [p for p in group if found.get(p)]
        if present:
            phrases += present
        else:
            missing_groups.append(group[0])
    regex_hits = ctx.phrases.find_regex(element.id, ctx.text) if match.regex else []
    # Fuzzy phrases are the paraphrase fallback: tried only when nothing matched literally.
    fuzzy_hits = ctx.phrases.find_fuzzy(element.id, ctx.text) if match.fuzzy and not (phrases or regex_hits) else []
    how = "keyword" if phrases else ("regex" if regex_hits else "fuzzy")
    other = regex_hits + fuzzy_hits
    if not phrases and not other:
        return Status.MISSING, f"全文没有找到{element.title}的相关表述", ()
    in_section = element.where == "section"
    if in_section:
        scoped = _hits_within(phrases, other, ctx.sections.get(element.section), ctx)
    else:
        scoped = _every_hit(phrases, other, ctx)
    if missing_groups or not scoped:
        hits = _every_hit(phrases, other, ctx) if in_section else scoped
        if missing_groups:
            return Status.WEAK, f"缺少其中几项：{'、'.join(missing_groups)}", _evidence(hits, ctx, how)
        return (
            Status.WEAK,
            f"只在其他部分提到（第{hits[0].line + 1}行），不在“{_section_title(element, ctx)}”部分中",
            _evidence(hits, ctx, how),
        )
    evidence = _evidence(scoped, ctx, how)
    if all(_in_heading(h, ctx) for h in scoped):
        return Status.WEAK, "只在标题中提到，正文没有展开", evidence
    lines = {h.line for h in scoped}
    if len(lines) < element.min_hits and len(scoped) < element.min_hits:
        return Status.WEAK, f"只提到{len(scoped)}处，内容单薄（至少应有{element.min_hits}处）", evidence
    if element.needs_figure and not any(_has_count_near(h, ctx) for h in scoped):
        return Status.WEAK, "提到了，但没有给出次数、件数等数据", evidence
    return Status.PRESENT, f"找到{len(scoped)}处相关表述", evidence
