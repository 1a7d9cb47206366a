"""What the report says about itself: title, the year it covers, its date and who issued it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from checker.text.normalize import NormLine
from checker.text.numbers import chinese_to_number

_YEAR = re.compile(r"(20\d\d)年")
_TITLE = re.compile(r"(?:关于)?.*?(20\d\d)年(?:度)?.*(?:报告|年报|情况)$")
_CN_DATE = re.compile(r"([二〇零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")
_WEB_DATE = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|日期)[:]?(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ORG_END = "人民政府|办事处|政府|委员会|管理委员会|管委会|局|厅|办公室|街道|镇|乡|司法所|中心"
_ORG = re.compile(rf"^(?:中共)?[\u4e00-\u9fff()]{{2,40}}?(?:{_ORG_END})$")
_TITLE_ORG = re.compile(rf"^(?P<org>[\u4e00-\u9fff()]{{2,40}}?(?:{_ORG_END}))(?:关于|20\d\d年)")
_TAIL_LINES = 8


class ReportMeta(NamedTuple):
    """Title, covered year, date (signing or publication) and issuer, each with its 0-based line."""

    title: str | None = None
    title_line: int | None = None
    year: int | None = None
    year_source: str = ""
    date: date | None = None
    date_line: int | None = None
    issuer: str | None = None
    issuer_line: int | None = None


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


def find_title(lines: Sequence[NormLine], first_heading: int | None) -> tuple[str, int] | None:
    """The report's title: an early short line naming a year and 报告 (or 年报)."""
    for line in lines:
        if first_heading is not None and line.index >= first_heading:
            break
        if line.noise or len(line.text) > 60:
            continue
        if _TITLE.match(line.text) and "法治" in line.text:
            return line.text, line.index
    return None


def find_year(
    lines: Sequence[NormLine], title: str | None, first_heading: int | None, top_titles: Sequence[str]
) -> tuple[int | None, str]:
    """The year the report covers: from the title, the opening lines, then the first part's heading."""
    if title:
        match = _YEAR.search(title)
        if match:
            return int(match.group(1)), "title"
    preamble = [
        line.text for line in lines if not line.noise and (first_heading is None or line.index < first_heading)
    ][:6]
    counts = Counter(int(y) for text in preamble for y in _YEAR.findall(text))
    if counts:
        return counts.most_common(1)[0][0], "preamble"
    for heading in top_titles:
        match = _YEAR.search(heading)
        if match:
            return int(match.group(1)), "heading"
    return None, ""


def find_date(lines: Sequence[NormLine]) -> tuple[date, int] | None:
    """The signing date in the closing lines (落款), else the web page's 发布时间."""
    content = [line for line in lines if not line.noise]
    for line in reversed(content[-_TAIL_LINES:]):
        if len(line.text) <= 20:
            found = parse_date(line.text)
            if found:
                return found, line.index
    for line in lines:
        match = _WEB_DATE.search(line.text)
        if match:
            found = to_date(*(int(g) for g in match.groups()))
            if found:
                return found, line.index
    return None


def find_issuer(lines: Sequence[NormLine], title: tuple[str, int] | None) -> tuple[str, int] | None:
    """Who issued the report: the 落款 line near the end, else the line above the title, else the title."""
    content = [line for line in lines if not line.noise]
    for line in reversed(content[-_TAIL_LINES:]):
        text = line.text.strip("　 ")
        if _ORG.match(text) and not _DATE.search(text):
            return text, line.index
    if title is not None:
        before = [line for line in content if line.index < title[1]]
        if before and _ORG.match(before[-1].text):
            return before[-1].text, before[-1].index
        match = _TITLE_ORG.match(title[0])
        if match:
            return match.group("org"), title[1]
    return None


def read_meta(lines: Sequence[NormLine], first_heading: int | None, top_titles: Sequence[str]) -> ReportMeta:
    """Gather title, year, date and issuer from normalized lines."""
    title = find_title(lines, first_heading)
    year, source = find_year(lines, title[0] if title else None, first_heading, top_titles)
    found_date = find_date(lines)
    if year is None and found_date is not None:
        year, source = found_date[0].year - 1, "date"
    issuer = find_issuer(lines, title)
    return ReportMeta(
        title=title[0] if title else None,
        title_line=title[1] if title else None,
        year=year,
        year_source=source,
        date=found_date[0] if found_date else None,
        date_line=found_date[1] if found_date else None,
        issuer=issuer[0] if issuer else None,
        issuer_line=issuer[1] if issuer else None,
    )
