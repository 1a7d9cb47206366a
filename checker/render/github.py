"""GitHub Actions workflow commands: one annotation per weak or missing element, plus a summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.render.findings import finding_line, pending, section_title
from checker.render.formats import Checked
from checker.result import ElementResult, Result
from checker.rubric.model import Rubric
from checker.status import Status


def _data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, **props: str | int) -> str:
    args = ",".join(f"{key}={_prop(str(value))}" for key, value in props.items())
    return f"::{kind} {args}::{_data(message)}"


def _kind(element: ElementResult) -> str:
    if element.status is Status.MISSING:
        return "error" if element.required else "warning"
    return "notice"


def _annotations(result: Result) -> list[str]:
    out = []
    for element in pending(result):
        props: dict[str, str | int] = {"file": result.file}
        line = finding_line(result, element)
        if line:
            props["line"] = line
        props["title"] = f"{element.status.label}：{element.title} [{element.id}]"
        message = f"{section_title(result, element.section)}：{element.reason}。建议：{element.hint}"
        out.append(_command(_kind(element), message, **props))
    verdict = "通过" if result.passed else "未通过：" + "；".join(result.failures)
    summary = f"得分 {result.score:g}，等级 {result.grade}，{verdict}"
    out.append(_command("notice" if result.passed else "error", summary, file=result.file, title="reportcheck 得分"))
    return out


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """Workflow command lines for every checked report; unreadable files become error lines."""
    lines: list[str] = []
    for item in items:
        outcome = item.outcome
        if isinstance(outcome, Result):
            lines += _annotations(outcome)
        else:
            lines.append(_command("error", outcome.message, file=outcome.file, title="无法检查"))
    return "".join(line + "\n" for line in lines)
