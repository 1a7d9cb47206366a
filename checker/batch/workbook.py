"""The XLSX workbook: a summary sheet, the element matrix (streamed) and the copied pairs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from checker.batch.columns import Columns
from checker.batch.matrix import XlsxMatrix
from checker.batch.summary import Summary
from checker.safetext import cell_text

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair


class BatchWorkbook:
    """Open with a path; ``add`` rows while the batch runs; ``finish`` writes the summary and closes."""

    def __init__(self, path: str, rubric: Columns) -> None:
        options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
        self.book = xlsxwriter.Workbook(path, {**options, "strings_to_urls": False})
        self.summary_sheet = self.book.add_worksheet("汇总")
        self.matrix = XlsxMatrix(self.book, rubric)
        self.bold = self.book.add_format({"bold": True})
        self.percent = self.book.add_format({"num_format": "0%"})

    def add(self, row: Any) -> None:
        self.matrix.add(row)

    def finish(self, summary: Summary, pairs: list[CopyPair], quotes: dict[tuple[str, int], str]) -> None:
        """Write the summary and copies sheets, then close the workbook.

        A failed write (a full disk) is raised as the OSError it is, for ``atomic_path`` to report.
        """
        self.matrix.close()
        self._summary(summary)
        self._copies(pairs, quotes)
        try:
            self.book.close()
        except FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from None

    def _block(self, row: int, title: str, columns: list[str], lines: list[list[Any]]) -> int:
        sheet = self.summary_sheet
        sheet.write_string(row, 0, title, self.bold)
        sheet.write_row(row + 1, 0, columns, self.bold)
        for offset, values in enumerate(lines, start=2):
            sheet.write_row(row + offset, 0, values)
        return row + len(lines) + 3

    def _summary(self, summary: Summary) -> None:
        sheet = self.summary_sheet
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, 2, 30)
        failed = summary.checked - summary.passed
        sheet.write_string(0, 0, "法治政府建设年度报告批量评分汇总", self.bold)
        sheet.write_row(1, 0, ["报告总数", summary.total, "通过", summary.passed, "未通过", failed])
        sheet.write_row(2, 0, ["无法读取", len(summary.errors), "逾期", len(summary.late)])
        row = self._block(
            4,
            "排名",
            ["名次", "报告文件", "落款单位", "年度", "得分", "等级", "结论", "缺失部分", "薄弱要素", "缺失要素"],
            [
                [
                    n,
                    cell_text(r.file),
                    cell_text(r.issuer or ""),
                    r.year or "",
                    r.score,
                    r.grade,
                    "通过" if r.passed else "未通过",
                    "、".join(r.missing_parts),
                    r.weak,
                    r.missing,
                ]
                for n, r in enumerate(summary.ranked(), start=1)
            ],
        )
        gaps = [*summary.part_gaps(), *summary.top_gaps()]
        row = self._block(
            row,
            "最常缺失或薄弱的要素",
            ["id", "要素", "缺失", "薄弱"],
            [[t.id, t.title, t.missing, t.weak] for t in gaps],
        )
        row = self._block(
            row,
            "关键数据统计",
            ["id", "指标", "给出的报告数", "最小", "中位数", "最大"],
            [[s.metric, s.title, s.reports, s.minimum, s.median, s.maximum] for s in summary.figure_stats()],
        )
        titles = {m.id: m.title for m in summary.columns.metrics}
        for metric in summary.columns.key_metrics():
            bands = [["", *b] for b in summary.key_distribution(metric)]
            row = self._block(row, f"{titles[metric]}分布", ["", "区间", "报告数"], bands)
        row = self._block(
            row,
            "逾期报告（晚于公开时限）",
            ["", "报告文件", "落款单位", "日期", "说明"],
            [["", cell_text(late.file), cell_text(late.issuer or ""), *late[2:]] for late in summary.late],
        )
        errors = [["", cell_text(file), code, message] for file, code, message in summary.errors]
        self._block(row, "无法读取的文件", ["", "报告文件", "代码", "原因"], errors)

    def _copies(self, pairs: list[CopyPair], quotes: dict[tuple[str, int], str]) -> None:
        sheet = self.book.add_worksheet("照搬照抄")
        titles = ["报告甲", "报告乙", "雷同占比", "雷同字数", "雷同段落", "甲行", "乙行", "示例段落"]
        sheet.write_row(0, 0, titles, self.bold)
        sheet.set_column(0, 1, 36)
        sheet.set_column(7, 7, 60)
        for n, pair in enumerate(pairs, start=1):
            example = pair.examples[0]
            sheet.write_row(n, 0, [cell_text(pair.file_a), cell_text(pair.file_b)])
            sheet.write_number(n, 2, pair.share, self.percent)
            sheet.write_row(n, 3, [pair.copied_chars, pair.paragraphs, example.line_a, example.line_b])
            sheet.write_string(n, 7, cell_text(quotes.get((pair.file_a, example.line_a), "")))
        sheet.freeze_panes(1, 0)
