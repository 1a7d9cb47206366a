"""Markdown output, for pasting into a ticket or a chat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.render.findings import finding_where, pending, section_title
from checker.render.formats import Checked
from checker.render.previous_year import last_year
from checker.result import CheckResult, Result
from checker.rubric.model import Rubric
from checker.status import Status

# emoji marks read better than ✓△✗ in a rendered Markdown table
_MARK = {"present": "✅", "weak": "⚠️", "missing": "❌"}
_CHECK_MARK = {"pass": "✅", "warn": "⚠️", "fail": "❌", "skip": "➖"}


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell: no pipes, line breaks or HTML."""
    value = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return value.replace("<", "&lt;").replace(">", "&gt;")


def _check_text(check: CheckResult) -> str:
    """A check's message, prefixed with its title unless the message already starts with it."""
    return check.message if check.message.startswith(check.title) else f"{check.title}：{check.message}"


def _result(result: Result) -> list[str]:
    report = result.report
    out = [
        f"## {_cell(result.file)}",
        "",
        f"**得分 {result.score:g}** · 等级 **{result.grade}**"
        f"（及格线 {result.fail_under:g}，评分细则 {result.rubric_id} {result.rubric_version}）",
        "",
        f"**结论：{_cell(result.verdict)}**",
        "",
        f"年度 {report.year or '未找到'} · 落款 {_cell(report.issuer or '未找到')} · 日期 {report.date or '未找到'}"
        f" · 正文 {report.chars} 字",
        "",
    ]
    out += ["", "### 法定部分", ""]
    for section in result.sections:
        if not section.required and section.status is Status.MISSING:
            continue
        where = f"（{section.where}）" if section.line else ""
        box = "x" if section.status is Status.PRESENT else " "
        out.append(f"- [{box}] {section.title} — {section.status.label}{where}：{_cell(section.reason)}")
    out += ["", "### 需要补充或加强的要素", ""]
    items = pending(result)
    if items:
        out += ["| 状态 | 要素 | 部分 | 位置 | 原因 | 建议 |", "| --- | --- | --- | --- | --- | --- |"]
        for element in items:
            out.append(
                f"| {_MARK[element.status]} {element.status.label} | {_cell(element.title)} `{element.id}` "
                f"| {_cell(section_title(result, element.section))} | {finding_where(result, element) or '—'} "
                f"| {_cell(element.reason)} | {_cell(element.hint)} |"
            )
    else:
        out.append("全部要素均已具备。")
    present = sum(1 for e in result.elements if e.status is Status.PRESENT)
    out += ["", f"要素统计：具备 {present}，薄弱或缺失 {len(items)}，共 {len(result.elements)}", ""]
    if result.figures:
        out += ["### 数据指标", "", "| 指标 | 数值 | 类型 | 位置 |", "| --- | --- | --- | --- |"]
        for figure in result.figures:
            out.append(f"| {_cell(figure.title)} | {figure.shown} | {figure.kind_label} | {figure.where} |")
        out.append("")
    out += ["### 整体检查", ""]
    out += [f"- {_CHECK_MARK[c.status]} {_cell(_check_text(c))}" for c in result.checks]
    found = last_year(result)
    if found is not None:
        out += ["", f"### {found.heading}", "", *(f"- {_cell(line)}" for line in found.facts)]
        out += [f"  - {_cell(line)}" for line in (*found.repeated, *found.unfollowed)]
    return [*out, ""]


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """One Markdown section per report; a file that could not be read gets one error line."""
    out = ["# 法治政府建设年度报告检查结果", ""]
    for item in items:
        outcome = item.outcome
        if isinstance(outcome, Result):
            out += _result(outcome)
        else:
            out += [f"## {_cell(outcome.file)}", "", f"❌ 无法检查：{_cell(outcome.message)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"
