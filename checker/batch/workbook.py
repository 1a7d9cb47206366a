"""The XLSX workbook: the summary a boss reads, a matrix sheet per level, and the copied pairs.

Every sheet is written when the batch is done, in ranking order, row after row (XlsxWriter's
constant-memory mode), and set up to print: landscape, one page wide, headers on every page.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from checker.batch.columns import Columns
from checker.batch.matrix_sheet import write_matrix
from checker.batch.summary import Summary
from checker.batch.summary_sheet import SummarySheet
from checker.batch.xlsx_style import add_styles, print_setup
from checker.safetext import cell_text

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

COPY_COLUMNS = (
    ("报告甲", 30),
    ("报告乙", 30),
    ("雷同占比", 8),
    ("雷同字数", 8),
    ("雷同段落", 8),
    ("甲行", 6),
    ("乙行", 6),
    ("示例段落", 60),
)

YEAR_COLUMNS = (
    ("报告", 30),
    ("落款单位", 18),
    ("上一年报告", 30),
    ("上一年得分", 9),
    ("今年得分", 9),
    ("变化", 7),
    ("与上一年相同", 10),
    ("上一年任务", 9),
    ("未见落实", 9),
    ("未见落实的任务", 60),
)


class BatchWorkbook:
    """Open with a path; ``finish`` writes every sheet and closes. ``add`` takes nothing: rows come ranked."""

    def __init__(self, path: str, columns: Columns, copies: bool = True) -> None:
        options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
        self.book = xlsxwriter.Workbook(path, {**options, "strings_to_urls": False})
        self.columns = columns
        self.copies = copies
        self.styles = add_styles(self.book)

    def add(self, row: object) -> None:
        """Rows are written in ranking order by ``finish``."""

    def finish(self, summary: Summary, pairs: list[CopyPair], quotes: dict[tuple[str, int], str]) -> None:
        """Write the sheets, then close the workbook.

        A failed write (a full disk) is raised as the OSError it is, for ``atomic_path`` to report.
        """
        SummarySheet(self.book.add_worksheet("汇总"), self.styles).write(
            summary, len(pairs) if self.copies else None, date.today()
        )
        groups = summary.level_groups()
        for group in groups:
            name = "要素矩阵" if len(groups) == 1 else f"矩阵-{group.title}"
            write_matrix(self.book.add_worksheet(name), self.styles, self.columns, group)
        if self.copies:
            self._copies(pairs, quotes)
        if summary.previous_asked:
            self._last_year(summary)
        try:
            self.book.close()
        except FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from None

    def _last_year(self, summary: Summary) -> None:
        """One row per report set beside last year's; the reports without one below."""
        sheet: Any = self.book.add_worksheet("与上一年比较")
        styles = self.styles
        for column, (title, width) in enumerate(YEAR_COLUMNS):
            sheet.write_string(0, column, title, styles["header"])
            sheet.set_column(column, column, width)
        n = 0
        for n, item in enumerate(sorted(summary.beside, key=lambda b: -b.previous["repeated_share"]), start=1):
            found = item.previous
            sheet.write_string(n, 0, cell_text(item.file), styles["wrap"])
            sheet.write_string(n, 1, cell_text(item.issuer or ""), styles["wrap"])
            sheet.write_string(n, 2, cell_text(found["previous_file"]), styles["wrap"])
            for column, value in enumerate((found["previous_score"], item.score, found["score_change"]), 3):
                sheet.write_number(n, column, value, styles["centre"])
            sheet.write_number(n, 6, found["repeated_share"], styles["percent"])
            sheet.write_number(n, 7, found["tasks"], styles["centre"])
            sheet.write_number(n, 8, len(found["unfollowed_tasks"]), styles["centre"])
            sheet.write_string(n, 9, cell_text("；".join(t[:40] for t in found["unfollowed_tasks"])), styles["wrap"])
        for label, files in (
            ("上一年没有找到同一单位的报告", summary.alone),
            ("上一年的报告、今年没有对应", summary.unmatched_last),
        ):
            if files:
                heading = n + 2
                sheet.write_string(heading, 0, label, styles["header"])
                for row, file in enumerate(files, start=heading + 1):
                    sheet.write_string(row, 0, cell_text(file), styles["wrap"])
                n = heading + len(files)
        sheet.freeze_panes(1, 0)
        print_setup(sheet, (0, 0))

    def _copies(self, pairs: list[CopyPair], quotes: dict[tuple[str, int], str]) -> None:
        sheet: Any = self.book.add_worksheet("照搬照抄")
        styles = self.styles
        for column, (title, width) in enumerate(COPY_COLUMNS):
            sheet.write_string(0, column, title, styles["header"])
            sheet.set_column(column, column, width)
        for n, pair in enumerate(pairs, start=1):
            example = pair.examples[0]
            sheet.write_string(n, 0, cell_text(pair.file_a), styles["wrap"])
            sheet.write_string(n, 1, cell_text(pair.file_b), styles["wrap"])
            sheet.write_number(n, 2, pair.share, styles["percent"])
            for column, value in enumerate((pair.copied_chars, pair.paragraphs, example.line_a, example.line_b), 3):
                sheet.write_number(n, column, value, styles["centre"])
            sheet.write_string(n, 7, cell_text(quotes.get((pair.file_a, example.line_a), "")), styles["wrap"])
        sheet.freeze_panes(1, 0)
        print_setup(sheet, (0, 0))
