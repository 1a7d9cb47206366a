"""Explain one rubric element: what it asks for, how it is matched, an example, and a report's verdict."""

from __future__ import annotations

import difflib

from checker.analysis.kinds import KINDS
from checker.errors import RubricError
from checker.render.findings import section_title
from checker.result import Result
from checker.rubric.model import Element, Rubric
from checker.status import Status

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


def match_rules(element: Element, rubric: Rubric) -> list[str]:
    """How the element is found, one Chinese sentence per rule: its kind's rules, then where it counts."""
    rules = KINDS[element.kind].describe(element, rubric)
    section = section_title_of(rubric, element.section)
    if element.scope is not None:
        rules.append(f"必须写在“{section}”部分中；只在其他部分提到的算薄弱，只在标题中提到的也算薄弱。")
    else:
        rules.append(f"写在全文任何位置均可（归入“{section}”）。")
    return rules


def section_title_of(rubric: Rubric, section_id: str) -> str:
    section = rubric.section(section_id)
    return section.title if section else section_id


def example_sentence(element: Element, rubric: Rubric) -> tuple[str, bool]:
    """A sentence that satisfies the element and whether it is the rubric's own (False: built from the rules)."""
    own = element.sample_text()
    if own:
        return own, True
    return KINDS[element.kind].sample(element, rubric), False


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
    if element.source:
        out.append(f"依据：{element.source}")
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
    out += [f"  {ev.where}：“{ev.text}”" for ev in found.evidence]
    section = next((s for s in result.sections if s.id == found.section), None)
    if section is not None:
        where = f"（{section.where}）" if section.line else ""
        out.append(f"  “{section_title(result, section.id)}”部分：{section.status.label}{where}，{section.reason}")
    if found.status is not Status.PRESENT:
        out.append(f"  建议：{found.hint}")
    return "\n".join(out) + "\n"
