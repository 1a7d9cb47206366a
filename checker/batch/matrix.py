"""The reports × elements matrix, streamed row by row: CSV (UTF-8 with BOM) or an XLSX sheet."""

from __future__ import annotations

import csv
from typing import IO, Any

from checker.batch.columns import IGNORED, NOT_APPLICABLE, Columns
from checker.batch.row import Row
from checker.safetext import cell_text
from checker.status import Status

MARK = {**{s.code: s.mark for s in Status}, IGNORED: "—", NOT_APPLICABLE: ""}
FIXED = ("报告文件", "落款单位", "年度", "得分", "等级", "结论")
# fill and font colours of Excel's "good / neutral / bad" cell styles
COLOURS = {"p": ("#C6EFCE", "#006100"), "w": ("#FFEB9C", "#9C5700"), "m": ("#FFC7CE", "#9C0006")}


def header(rubric: Columns) -> list[str]:
    """Column titles: the report, its score, then each part and each element of the batch's rubrics."""
    return [*FIXED, *(f"部分：{s.title}" for s in rubric.sections), *(e.title for e in rubric.elements)]


def cells(row: Row) -> list[Any]:
    """One matrix row: fixed columns, then a ✓/△/✗ mark per part and element.

    The file name and the issuer come from outside: written as text, never as a formula.
    """
    if row.error is not None:
        return [cell_text(row.file), f"无法读取：{row.error[1]}", "", "", "", "错误"]
    fixed = [
        cell_text(row.file),
        cell_text(row.issuer or ""),
        row.year or "",
        row.score,
        row.grade,
        "通过" if row.passed else "未通过",
    ]
    return fixed + [MARK[code] for code in row.sections + row.elements]


class CsvMatrix:
    """Writes the matrix as CSV; open the stream with encoding ``utf-8-sig`` so Excel reads it."""

    def __init__(self, stream: IO[str], rubric: Columns) -> None:
        self.writer = csv.writer(stream)
        self.writer.writerow(header(rubric))

    def add(self, row: Row) -> None:
        self.writer.writerow(cells(row))


class XlsxMatrix:
    """Writes the matrix into an XlsxWriter worksheet (constant-memory mode: rows in order)."""

    def __init__(self, workbook: Any, rubric: Columns, name: str = "要素矩阵") -> None:
        self.sheet = workbook.add_worksheet(name)
        self.formats = {
            code: workbook.add_format({"bg_color": fill, "font_color": font, "align": "center"})
            for code, (fill, font) in COLOURS.items()
        }
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        titles = header(rubric)
        self.width = len(titles)
        self.sheet.write_row(0, 0, titles, bold)
        self.sheet.set_column(0, 0, 36)
        self.sheet.set_column(1, 1, 24)
        self.sheet.set_column(len(FIXED), self.width - 1, 6)
        self.sheet.freeze_panes(1, 1)
        self.rows = 0

    def add(self, row: Row) -> None:
        self.rows += 1
        values = cells(row)
        self.sheet.write_row(self.rows, 0, values[: len(FIXED)])
        codes = row.sections + row.elements if row.error is None else ""
        for column, code in enumerate(codes, start=len(FIXED)):
            if code != NOT_APPLICABLE:  # an element the report's rubric does not have stays blank
                self.sheet.write_string(self.rows, column, MARK[code], self.formats.get(code))

    def close(self) -> None:
        """Add the autofilter over every written row."""
        self.sheet.autofilter(0, 0, self.rows, self.width - 1)
