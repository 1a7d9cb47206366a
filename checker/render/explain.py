"""Explain one rubric element: what it asks for, how it is matched, an example, and a report's verdict."""

from __future__ import annotations

import difflib

from checker.errors import RubricError
from checker.render.findings import section_title
from checker.result import Result
from checker.rubric.model import Element, Rubric
from checker.status import Status

_TEMPLATES = {
    "measures": "本年度扎实推进{terms}工作{count}，取得明显成效。",
    "shortcomings": "{terms}方面仍有差距{count}，主要原因是基层法治力量不足。",
    "next_year": "下一年度将重点推进{terms}工作{count}。",
}
_REQUIRED = {True: "必备要素（缺失则不通过）", False: "一般要素"}


def find_element(rubric: Rubric, element_id: str) -> Element:
    """The element with this id, or a RubricError that names the closest ids."""
    for element in rubric.elements:
        if element.id == element_id:
            return element
    ids = [e.id for e in rubric.elements]
    close = difflib.get_close_matches(element_id, ids, n=3, cutoff=0.5)
    suggestion = (
        f"，是不是：{'、'.join(close)}" if close else f"；可用 reportcheck rubric show {rubric.id} 查看全部要素"
    )
    raise RubricError(
        "unknown_element", f"评分细则 {rubric.id} 中没有要素“{element_id}”{suggestion} (unknown element id)"
    )


def _quote(items: tuple[str, ...], limit: int = 12) -> str:
    shown = "、".join(f"“{item}”" for item in items[:limit])
    return shown + (f" 等 {len(items)} 个" if len(items) > limit else "")


def match_rules(element: Element, rubric: Rubric) -> list[str]:
    """How the element is found, one Chinese sentence per rule."""
    match, rules = element.match, []
    if match.figure:
        metric = rubric.metric(match.figure.metric)
        expect = match.figure.expect or (metric.expect if metric else None)
        title = metric.title if metric else match.figure.metric
        rules.append(
            f"要给出“{title}”的本年度实际数值（指标关键词：{_quote(metric.keywords) if metric else '—'}）；"
            "只写下一年度目标的算薄弱。"
        )
        if expect:
            rules.append(f"数值应满足 {expect}，达不到的算薄弱。")
    if match.any:
        rules.append(f"出现以下任一说法即算找到：{_quote(match.any)}。")
    if match.all:
        groups = "；".join(f"第{i}组 {_quote(group, 4)}" for i, group in enumerate(match.all, start=1))
        rules.append(f"以下每组都要至少出现一个，缺少的组算薄弱：{groups}。")
    if match.fuzzy:
        rules.append(f"与以下说法近似（相似度不低于 {match.fuzzy.threshold:g}）也算：{_quote(match.fuzzy.phrases)}。")
    if match.regex:
        rules.append(f"符合正则表达式 {match.regex} 的文字也算。")
    if match.accept:
        rules.append(f"写明以下情况的也算具备：{_quote(match.accept)}。")
    section = section_title_of(rubric, element.section)
    if element.where == "section":
        rules.append(f"必须写在“{section}”部分中；只在其他部分提到的算薄弱，只在标题中提到的也算薄弱。")
    else:
        rules.append(f"写在全文任何位置均可（归入“{section}”）。")
    if element.min_hits > 1:
        rules.append(f"至少要有 {element.min_hits} 处相关表述，否则算薄弱。")
    if element.needs_figure:
        rules.append("相关表述附近要有次数、件数、人数等数据，否则算薄弱。")
    return rules


def section_title_of(rubric: Rubric, section_id: str) -> str:
    section = rubric.section(section_id)
    return section.title if section else section_id


def example_sentence(element: Element, rubric: Rubric) -> tuple[str, bool]:
    """A sentence that satisfies the element and whether it is the rubric's own (False: built from the rules)."""
    if element.example:
        return element.example, True
    match = element.match
    if match.figure:
        metric = rubric.metric(match.figure.metric)
        if metric:
            expect = match.figure.expect or metric.expect
            base = 100.0 if metric.kind == "percent" else 12.0
            number = next((v for v in (base, expect.value if expect else base) if not expect or expect.met_by(v)), base)
            unit = "%" if metric.kind == "percent" else (metric.units[0] if metric.units else "件")
            return f"全年{metric.keywords[0]}{number:g}{unit}。", False
    count = "，全年共开展3次" if element.needs_figure else ""
    if match.all:
        terms = "、".join(group[0] for group in match.all)
    elif match.any:
        terms = "、".join(match.any[: max(1, element.min_hits)])
    elif match.fuzzy:
        terms = match.fuzzy.phrases[0]
    else:
        return "", False
    return _TEMPLATES.get(element.section, _TEMPLATES["measures"]).format(terms=terms, count=count), False


def describe(element: Element, rubric: Rubric) -> str:
    """What the element asks for and how it is matched."""
    section = section_title_of(rubric, element.section)
    out = [
        f"{element.title} [{element.id}]",
        f"评分细则：{rubric.title}（{rubric.id} {rubric.version}）",
        f"所属部分：{section} · 权重 {element.weight:g} · {_REQUIRED[element.required]}",
    ]
    if element.description:
        out.append(f"说明：{element.description}")
    out += ["", "要求（怎么写）：", f"  {element.hint}", "", "如何判断（匹配规则）："]
    out += [f"  - {rule}" for rule in match_rules(element, rubric)]
    sentence, own = example_sentence(element, rubric)
    if sentence:
        out += ["", "示例（评分细则给出）：" if own else "示例（按匹配规则生成）：", f"  {sentence}"]
    return "\n".join(out) + "\n"


def verdict(element: Element, result: Result, ignored: bool = False) -> str:
    """Why the element was or was not found in one checked report."""
    out = [f"在 {result.file} 中："]
    if ignored:
        out.append("  注意：配置文件忽略了该要素（ignore），它不参与评分；以下是不忽略时的结果。")
    found = next((e for e in result.elements if e.id == element.id), None)
    if found is None:
        return "\n".join([*out, "  该要素不在本次使用的评分细则中。"]) + "\n"
    out.append(f"  结论：{found.status.label} — {found.reason}")
    out += [f"  第{ev.line}行：“{ev.text}”" for ev in found.evidence]
    section = next((s for s in result.sections if s.id == found.section), None)
    if section is not None:
        where = f"（第{section.line}行）" if section.line else ""
        out.append(f"  “{section_title(result, section.id)}”部分：{section.status.label}{where}，{section.reason}")
    if found.status is not Status.PRESENT:
        out.append(f"  建议：{found.hint}")
    return "\n".join(out) + "\n"
