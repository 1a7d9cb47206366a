"""The reports × elements matrix in ranking order: CSV (UTF-8 with BOM) and its layout for the workbook.

The CSV keeps every column of the batch's rubrics (a stable layout for other tools); the workbook
groups the columns of the rubrics a level was graded with under the part each belongs to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any, NamedTuple

from checker.batch.columns import IGNORED, NOT_APPLICABLE, Columns
from checker.batch.summary import Ranked, Summary, level_title
from checker.safetext import cell_text
from checker.status import Status

MARK = {**{s.code: s.mark for s in Status}, IGNORED: "—", NOT_APPLICABLE: ""}
FIXED = ("报告文件", "落款单位", "级别", "评分细则", "年度", "得分", "名次", "等级", "结论", "结论原因")
UNREADABLE = "无法读取"


def header(columns: Columns) -> list[str]:
    """CSV column titles: the report and its verdict, then each part and each element of the batch's rubrics."""
    return [*FIXED, *(f"部分：{s.title}" for s in columns.sections), *(e.title for e in columns.elements)]


def _cells(report: Ranked, place: int | str) -> list[Any]:
    """One CSV row; the file name and the issuer come from outside: written as text, never as a formula."""
    fixed = [
        cell_text(report.file),
        cell_text(report.issuer or ""),
        level_title(report.level),
        report.rubric,
        report.year or "",
        report.score,
        place,
        report.grade,
        report.verdict,
        report.reason,
    ]
    return fixed + [MARK[code] for code in report.marks]


def csv_rows(summary: Summary) -> Iterator[list[Any]]:
    """The ranking in order, then the reports about another year, then the files that could not be read."""
    for group in summary.groups():
        for placed in group.reports:
            yield _cells(placed.report, placed.place)
    for report in sorted(summary.apart, key=lambda r: r.index):
        yield _cells(report, f"未排名：不是{summary.year}年度")
    for file, _, message in summary.errors:
        yield [cell_text(file), "", "", "", "", "", "", "", UNREADABLE, message]


class CsvMatrix:
    """Writes the matrix as CSV when the batch is done; open the stream with ``utf-8-sig`` for Excel."""

    def __init__(self, stream: IO[str], columns: Columns) -> None:
        self.writer = csv.writer(stream)
        self.writer.writerow(header(columns))

    def add(self, row: object) -> None:
        """Rows are written in ranking order by ``finish``."""

    def finish(self, summary: Summary, *_: object) -> None:
        self.writer.writerows(csv_rows(summary))


class MatrixColumn(NamedTuple):
    """A column of the workbook's matrix: which status code of ``Ranked.marks`` it shows."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    title: str
    id: str
    required: bool


class MatrixGroup(NamedTuple):
    """A statutory part: its own status, then its elements."""

    title: str
    required: bool
    columns: list[MatrixColumn]


def matrix_layout(columns: Columns, rubric_ids: Iterable[str]) -> list[MatrixGroup]:
    """The parts and elements of these rubrics, each element under its part; required if any rubric says so.

    An optional part without elements of its own (其他需要报告的情况) is left out: its absence is no gap.
    """
    rubrics = [columns.rubrics[r] for r in rubric_ids]
    used = {s.id for r in rubrics for s in r.sections} | {e.id for r in rubrics for e in r.elements}
    required = {s.id for r in rubrics for s in r.sections if s.required}
    required |= {e.id for r in rubrics for e in r.elements if e.required}
    offset = len(columns.sections)
    groups = []
    for i, section in enumerate(columns.sections):
        if section.id not in used:
            continue
        own = [MatrixColumn(i, "本部分", section.id, section.id in required)]
        own += [
            MatrixColumn(offset + j, e.title, e.id, e.id in required)
            for j, e in enumerate(columns.elements)
            if e.section == section.id and e.id in used
        ]
        if len(own) > 1 or section.id in required:
            groups.append(MatrixGroup(section.title, section.id in required, own))
    return groups
