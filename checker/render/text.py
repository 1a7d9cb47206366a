"""The Chinese terminal report (rich): summary, parts, weak and missing elements, figures, checks."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from checker.render.findings import pending, section_title
from checker.render.formats import Checked, results
from checker.render.previous_year import last_year
from checker.result import Result
from checker.rubric.model import Rubric
from checker.status import CheckStatus, Status

_STYLE = {Status.PRESENT: "green", Status.WEAK: "yellow", Status.MISSING: "red"}
_CHECK = {
    CheckStatus.PASS: ("✓", "green"),
    CheckStatus.WARN: ("△", "yellow"),
    CheckStatus.FAIL: ("✗", "red"),
    CheckStatus.SKIP: ("-", "dim"),
}


def _status(status: Status) -> Text:
    return Text(f"{status.mark} {status.label}", style=_STYLE[status])


def _check_status(status: CheckStatus) -> Text:
    mark, style = _CHECK[status]
    return Text(f"{mark} {status.label}", style=style)


def _summary(result: Result) -> Panel:
    report = result.report
    verdict = Text(result.verdict, style="bold green" if result.passed else "bold red")
    lines = Text.assemble(
        ("得分 ", "bold"),
        (f"{result.score:g}", "bold cyan"),
        "  等级 ",
        (result.grade, "bold"),
        "\n结论 ",
        verdict,
        "\n",
        f"年度 {report.year or '未找到'}   落款 {report.issuer or '未找到'}   日期 {report.date or '未找到'}\n",
        f"评分细则 {result.rubric_id} {result.rubric_version}   正文 {report.chars} 字",
    )
    return Panel(lines, title=f"[bold]{result.file}[/]", title_align="left", expand=False)


def _sections(result: Result) -> Table:
    table = Table(title="法定部分", title_justify="left", show_lines=False, expand=False)
    table.add_column("部分", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("位置", no_wrap=True)
    table.add_column("标题 / 说明", overflow="fold")
    for section in result.sections:
        if not section.required and section.status is Status.MISSING:
            continue
        detail = section.heading if section.status is Status.PRESENT else section.reason
        table.add_row(section.title, _status(section.status), section.where, detail or "")
    return table


def _findings(result: Result) -> Group:
    items: list[Text | Padding] = [Text("需要补充或加强的要素", style="bold")]
    todo = pending(result)
    for element in todo:
        head = Text.assemble(_status(element.status), " ", (element.title, "bold"))
        head.append(f"  [{section_title(result, element.section)}·{element.id}]", style="dim")
        body = Text(f"原因：{element.reason}\n")
        if element.evidence:
            first = element.evidence[0]
            body.append(f"依据：{first.where} “{first.text}”\n", style="dim")
        body.append(f"建议：{element.hint}", style="cyan")
        items += [head, Padding(body, (0, 0, 1, 4))]
    if not todo:
        items.append(Text("全部要素均已具备。", style="green"))
    present = sum(1 for e in result.elements if e.status is Status.PRESENT)
    items.append(
        Text(
            f"要素统计：具备 {present}，薄弱 {sum(1 for e in todo if e.status == 'weak')}，"
            f"缺失 {sum(1 for e in todo if e.status == 'missing')}，共 {len(result.elements)}"
        )
    )
    return Group(*items)


def _figures(result: Result) -> Table | Text:
    if not result.figures:
        return Text("数据指标：全文没有找到任何指标数据。", style="yellow")
    table = Table(title="数据指标", title_justify="left", expand=False)
    table.add_column("指标", overflow="fold")
    table.add_column("数值", justify="right", no_wrap=True)
    table.add_column("类型", no_wrap=True)
    table.add_column("位置", no_wrap=True)
    for figure in result.figures:
        kind = Text(figure.kind_label, style="yellow" if figure.kind == "target" else "")
        table.add_row(figure.title, figure.shown, kind, figure.where)
    return table


def _checks(result: Result) -> Table:
    table = Table(title="整体检查", title_justify="left", expand=False)
    table.add_column("检查", no_wrap=True)
    table.add_column("结果", no_wrap=True)
    table.add_column("说明", overflow="fold")
    for check in result.checks:
        message = (
            check.message if check.status in (CheckStatus.PASS, CheckStatus.SKIP) else f"{check.message}。{check.hint}"
        )
        table.add_row(check.title, _check_status(check.status), message)
    return table


def _waived(result: Result) -> Text:
    """The elements the project config waives: not graded, listed with the reason and this report's status."""
    lines = Text("按配置豁免、不计分的要素 (waived)", style="bold")
    for element in result.waived:
        reason = element.waiver or "未写理由"
        lines.append(f"\n  - {element.title} [{element.id}]：{reason}（本报告：{element.status.label}）", style="dim")
    return lines


def _previous(result: Result) -> Text:
    """This report beside last year's: the score change, the repeated text, last year's tasks not carried out."""
    found = last_year(result)
    assert found is not None
    out = Text(found.heading, style="bold")
    for fact in found.facts:
        out.append(f"\n  {fact}")
    for quote in found.repeated:
        out.append(f"\n    {quote}", style="dim")
    for task in found.unfollowed:
        out.append(f"\n    {task}", style="yellow")
    return out


def print_result(result: Result, console: Console) -> None:
    """Print one report's result."""
    blocks = [_summary(result), _sections(result), _findings(result), _figures(result), _checks(result)]
    blocks += [_waived(result)] if result.waived else []
    for block in [*blocks, *([_previous(result)] if result.previous else [])]:
        console.print(block)
        console.print()


def results_text(checked: list[Result], width: int = 100) -> str:
    """The terminal report of several results as plain text, for a file."""
    with open(os.devnull, "w", encoding="utf-8", errors="ignore") as sink:  # only the recording is kept
        console = Console(record=True, width=width, file=sink, highlight=False)
        for result in checked:
            print_result(result, console)
        return console.export_text()


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """The plain-text report of every checked file (files that could not be read are told on stderr)."""
    return results_text(results(items))
