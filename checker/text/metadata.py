"""What the report says about itself: its title, the year it covers, its date and who issued it.

Each is read from every cue there is, and the result says which cue decided:
- the title: a short early line that names a report (…法治政府建设…报告/总结/年报), else the page's
  ``标题`` field;
- the year: the title's year (unless the body's year and its plan's year minus one agree on another:
  a title copied from last year), else a year in the headings of the work done (一、2021年主要工作情况),
  else the opening sentence (2022年，我局…), else the next-year plan's year minus one (八、2020年工作
  计划 → 2019), else the date (a report dated in the first ten months of a year covers the year
  before). The year of the body is kept beside the title's so a disagreement can be reported;
- the date: the signature's date, else the page's 成文日期, 发文日期, 发布日期, 发布时间, 时间…;
- the issuer: the signature line, else the page's 发文机关, else the line above the title, else the
  body named at the start of the title.
Years inside a 《title》 or a range (2021—2025年) are never cues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from checker.text.furniture import field_date
from checker.text.normalize import NormLine
from checker.text.numbers import chinese_to_number
from checker.text.outline import Heading

_YEAR = re.compile(r"(?<![\d\-—–~至到])(20\d\d)(?=年|度|法治)(?![\-—–~至到]\d)")
_RANGE = re.compile(r"20\d\d\s*[-—–~至到]\s*20\d\d|《[^》]*》|〔20\d\d〕|\[20\d\d\]")
_REPORT_WORDS = re.compile(r"报告|总结|年报|工作情况$|情况$")
_TITLE_TOPIC = re.compile(r"法治|依法行政|依法治")
_TITLE_MAX = 70
_CN_DATE = re.compile(r"([二〇零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_ORG_END = "人民政府|办事处|政府|委员会|管理委员会|管委会|管理局|局|厅|办公室|街道|镇|乡|司法所|中心|县委|市委|区委"
_ORG = re.compile(rf"^(?:中共)?[\u4e00-\u9fff()]{{2,40}}?(?:{_ORG_END})$")
_TITLE_ORG = re.compile(rf"^(?P<org>[\u4e00-\u9fff()]{{2,40}}?(?:{_ORG_END}))(?:关于|20\d\d年)")
_PLAN_HEADING = re.compile(r"计划|安排|打算|思路|要点|展望|下一步|下一年|明年")
_OPENING = re.compile(
    r"^(?:在)?(20\d\d)年(?:度)?(?:[,，]|以来|是|我|全|上半年|[\u4e00-\u9fff]{1,12}(?:县|区|市|镇|乡|街道|局|委|办))"
)
_REPORTED = re.compile(r"现将[^。]{0,30}?(20\d\d)年")
_TAIL_PIECES = 8
_ISSUER_FIELDS = ("发文机关", "发布机构", "发文单位", "制发机构", "成文单位")
DATE_FIELDS = (
    "成文日期",
    "发文日期",
    "印发日期",
    "发布日期",
    "发布时间",
    "公开日期",
    "时间",
    "日期",
    "更新时间",
    "生成日期",
)
_TITLE_FIELDS = ("标题", "名称", "文件名称", "信息名称")


class ReportMeta(NamedTuple):
    """Title, covered year, date and issuer, each with the piece it stands on and the cue that gave it."""

    title: str | None = None
    title_line: int | None = None
    year: int | None = None
    year_source: str = ""
    date: date | None = None
    date_line: int | None = None
    issuer: str | None = None
    issuer_line: int | None = None
    date_source: str | None = None
    issuer_source: str | None = None
    title_year: int | None = None
    body_year: int | None = None
    plan_year: int | None = None


def to_date(y: int, m: int, d: int) -> date | None:
    """The date, or None when it does not exist (2024-02-30)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A date written as 2024年1月5日 or 二〇二四年一月五日 somewhere in a normalized line."""
    match = _DATE.search(text)
    if match:
        return to_date(*(int(g) for g in match.groups()))
    match = _CN_DATE.search(text)
    if match:
        parts = [chinese_to_number(g) for g in match.groups()]
        if all(p is not None for p in parts):
            return to_date(*(int(p) for p in parts))  # type: ignore[arg-type]
    return None


def years_in(text: str) -> list[int]:
    """The years a piece of text speaks of, leaving out those in 《titles》, document numbers and ranges."""
    return [int(y) for y in _YEAR.findall(_RANGE.sub("", text))]


def is_title(text: str) -> bool:
    """Whether a short line reads as the title of a rule-of-law report."""
    return (
        len(text) <= _TITLE_MAX
        and bool(_TITLE_TOPIC.search(text))
        and bool(_REPORT_WORDS.search(text))
        and not re.search(r"[。，,；;]|^现将|如下", text)
    )


def find_title(lines: Sequence[NormLine], first_heading: int | None) -> tuple[str, int] | None:
    """The report's title: an early short line that names a rule-of-law report, one with a year first
    (a column's name such as 法治政府建设年报 may stand above the title)."""
    found = [
        (line.text, line.index)
        for line in lines
        if (first_heading is None or line.index < first_heading) and not line.noise and is_title(line.text)
    ]
    return next((t for t in found if years_in(t[0])), found[0] if found else None)


def _plan_heading(heading: Heading) -> bool:
    return bool(_PLAN_HEADING.search(heading.title))


def find_year(
    title: str | None, preamble: Sequence[str], top: Sequence[Heading], found_date: date | None
) -> tuple[int | None, str, int | None, int | None, int | None]:
    """The covered year and its cue, with the title's, the body's and the plan's years for comparison."""
    title_years = years_in(title) if title else []
    title_year = title_years[0] if title_years else None
    heading_years = [y for h in top if not _plan_heading(h) for y in years_in(h.title)[:1]]
    opening = _opening_year(preamble)
    body_year = heading_years[0] if heading_years else opening
    plan_years = [y for h in top if _plan_heading(h) for y in years_in(h.title)[:1]]
    plan_year = plan_years[0] if plan_years else None
    if title_year is not None:
        if body_year is not None and plan_year == body_year + 1 != title_year + 1:
            return body_year, "body", title_year, body_year, plan_year  # the body and its plan agree: a title typo
        return title_year, "title", title_year, body_year, plan_year
    if heading_years:
        return heading_years[0], "heading", None, body_year, plan_year
    if opening is not None:
        return opening, "opening", None, body_year, plan_year
    if plan_year is not None:
        return plan_year - 1, "plan", None, None, plan_year
    if found_date is not None:
        return (found_date.year if found_date.month >= 11 else found_date.year - 1), "date", None, None, None
    return None, "", None, None, None


def _opening_year(preamble: Sequence[str]) -> int | None:
    """The year the opening sentences report on (2022年，我局…; 现将2023年…报告如下)."""
    counts: Counter[int] = Counter()
    for text in preamble:
        cleaned = _RANGE.sub("", text)
        for sentence in re.split(r"[。！？；]", cleaned):
            match = _OPENING.match(sentence) or _REPORTED.search(sentence)
            if match:
                counts[int(match.group(1))] += 1
    return counts.most_common(1)[0][0] if counts else None


def find_date(lines: Sequence[NormLine], fields: Mapping[str, str]) -> tuple[date, int | None, str] | None:
    """The signing date in the closing lines (落款), else the page's own date fields."""
    content = [line for line in lines if not line.noise]
    for line in reversed(content[-_TAIL_PIECES:]):
        if len(line.text) <= 20:
            found = parse_date(line.text)
            if found:
                return found, line.index, "signature"
    for label in DATE_FIELDS:
        parts = field_date(fields[label]) if label in fields else None
        found = to_date(*parts) if parts else None
        if found:
            return found, None, label
    return None


def find_issuer(
    lines: Sequence[NormLine], title: tuple[str, int] | None, fields: Mapping[str, str]
) -> tuple[str, int | None, str] | None:
    """Who issued the report: the 落款 line, the page's 发文机关, the line above the title, or the title."""
    content = [line for line in lines if not line.noise]
    for line in reversed(content[-_TAIL_PIECES:]):
        if _ORG.match(line.text) and not _DATE.search(line.text):
            return line.text, line.index, "signature"
    for label in _ISSUER_FIELDS:
        if label in fields and _ORG.match(fields[label]):
            return fields[label], None, label
    if title is not None:
        match = _TITLE_ORG.match(title[0])
        if match:  # the title names its issuer: a line above it may be the website's name
            return match.group("org"), title[1], "title"
        before = [line for line in content if line.index < title[1]]
        if before and _ORG.match(before[-1].text):
            return before[-1].text, before[-1].index, "header"
    return None


def read_meta(lines: Sequence[NormLine], top: Sequence[Heading], fields: Mapping[str, str] | None = None) -> ReportMeta:
    """Gather title, year, date and issuer from the report's pieces and its page fields."""
    fields = fields or {}
    first_heading = top[0].line if top else None
    title = find_title(lines, first_heading)
    page_title = next((fields[k] for k in _TITLE_FIELDS if k in fields and is_title(fields[k])), None)
    found_date = find_date(lines, fields)
    preamble = [
        line.text for line in lines if not line.noise and (first_heading is None or line.index < first_heading)
    ][:6]
    year, source, title_year, body_year, plan_year = find_year(
        title[0] if title else page_title, preamble, top, found_date[0] if found_date else None
    )
    issuer = find_issuer(lines, title, fields)
    return ReportMeta(
        title=title[0] if title else page_title,
        title_line=title[1] if title else None,
        year=year,
        year_source=source,
        date=found_date[0] if found_date else None,
        date_line=found_date[1] if found_date else None,
        issuer=issuer[0] if issuer else None,
        issuer_line=issuer[1] if issuer else None,
        date_source=found_date[2] if found_date else None,
        issuer_source=issuer[2] if issuer else None,
        title_year=title_year,
        body_year=body_year,
        plan_year=plan_year,
    )
