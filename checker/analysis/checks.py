"""The report-wide checks: covered year, next-year plan year, issuer (落款) and publication date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from checker.analysis.sections import SectionFinding
from checker.result import CheckResult
from checker.rubric.model import Check, Rubric
from checker.status import CheckStatus, Status
from checker.text.metadata import ReportMeta, years_in
from checker.text.textindex import ReportText

Verdict = tuple[CheckStatus, str, int | None]


_YEAR_CUE = {"heading": "一级标题", "opening": "开头一句", "plan": "下一年度安排的年份", "date": "成文日期"}


def _report_year(meta: ReportMeta, **_: object) -> Verdict:
    if meta.year is None:
        return CheckStatus.FAIL, "没有找到报告所属年度", None
    if meta.year_source == "body":
        return (
            CheckStatus.WARN,
            f"标题写的是{meta.title_year}年，正文和下一年度安排都按{meta.year}年写，按{meta.year}年检查；请改正标题",
            meta.title_line,
        )
    if meta.year_source == "title":
        if meta.body_year is not None and meta.body_year != meta.year:
            return (
                CheckStatus.WARN,
                f"标题写的是{meta.year}年，正文写的是{meta.body_year}年，请核对报告年度",
                meta.title_line,
            )
        return CheckStatus.PASS, f"报告年度：{meta.year}年", meta.title_line
    if meta.year_source in ("heading", "opening"):
        return CheckStatus.PASS, f"报告年度：{meta.year}年（标题没有写明年度，取自{_YEAR_CUE[meta.year_source]}）", None
    return CheckStatus.WARN, f"标题和正文都没有写明年度，按{_YEAR_CUE[meta.year_source]}推断为{meta.year}年", None


def _year_consistency(meta: ReportMeta, sections: dict[str, SectionFinding], text: ReportText, **_: object) -> Verdict:
    plan = sections.get("next_year")
    if meta.year is None or plan is None or plan.status is Status.MISSING:
        return CheckStatus.SKIP, "没有报告年度或下一年度安排，无法核对", None
    signature = {meta.date_line, meta.issuer_line}  # the 落款 after the last part is not part of the plan
    lines = sorted({i for lo, hi in plan.spans for i in range(lo, hi) if i in text.by_index and i not in signature})
    years = {y for i in lines for y in years_in(text.by_index[i].text)}
    expected = meta.year + 1
    if expected in years:
        return CheckStatus.PASS, f"下一年度安排写的是{expected}年", plan.line
    stale = sorted(y for y in years if y <= meta.year)
    if stale:
        shown = "、".join(str(y) for y in stale)
        first = next(i for i in lines if any(y <= meta.year for y in years_in(text.by_index[i].text)))
        return CheckStatus.FAIL, f"下一年度安排写的是{shown}年，应为{expected}年（报告年度为{meta.year}年）", first
    return CheckStatus.PASS, "下一年度安排没有写明年份", plan.line


def _issuer(meta: ReportMeta, text: ReportText, **_: object) -> Verdict:
    if meta.issuer is None:
        return CheckStatus.FAIL, "没有找到落款单位", None
    if meta.issuer_line is not None and meta.issuer_line == meta.title_line:
        return CheckStatus.WARN, f"文末没有落款，单位名称“{meta.issuer}”取自标题", meta.issuer_line
    last_lines = [line.index for line in text.lines[-8:]]
    if meta.issuer_line in last_lines:
        return CheckStatus.PASS, f"落款单位：{meta.issuer}", meta.issuer_line
    return CheckStatus.WARN, f"文末没有落款，单位名称“{meta.issuer}”取自开头", meta.issuer_line


def _cn(day: date) -> str:
    """A date as Chinese documents write it: 2025年4月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _publication_deadline(meta: ReportMeta, rubric: Rubric, **_: object) -> Verdict:
    if meta.year is None:
        return CheckStatus.SKIP, "没有报告年度，无法核对时限", None
    month, day = rubric.deadline
    deadline = date(meta.year + 1, month, day)
    if meta.date is None:
        return CheckStatus.WARN, f"没有找到成文或发布日期，无法确认是否在{_cn(deadline)}前公开", None
    shown = _cn(meta.date)
    if meta.date > deadline:
        return CheckStatus.FAIL, f"日期{shown}晚于公开时限{_cn(deadline)}", meta.date_line
    if meta.date.year < meta.year:
        return CheckStatus.WARN, f"日期{shown}早于报告年度{meta.year}年，请核对年份", meta.date_line
    if meta.date < date(meta.year, 12, 31):
        return (
            CheckStatus.WARN,
            f"日期{shown}在报告年度{meta.year}年结束之前，年度报告应在年度结束后成文，请核对年份或日期",
            meta.date_line,
        )
    return CheckStatus.PASS, f"日期{shown}，在{_cn(deadline)}之前", meta.date_line


CHECKS: dict[str, Callable[..., Verdict]] = {
    "report_year": _report_year,
    "year_consistency": _year_consistency,
    "issuer": _issuer,
    "publication_deadline": _publication_deadline,
}


def run_check(
    check: Check, meta: ReportMeta, sections: dict[str, SectionFinding], text: ReportText, rubric: Rubric
) -> CheckResult:
    """Run one of the rubric's global checks."""
    status, message, line = CHECKS[check.id](meta=meta, sections=sections, text=text, rubric=rubric)
    return CheckResult(
        id=check.id,
        title=check.title,
        status=status,
        message=message,
        hint=check.hint,
        weight=check.weight,
        required=check.required,
        line=text.line_number(line) if line is not None and line in text.by_index else None,
    )
