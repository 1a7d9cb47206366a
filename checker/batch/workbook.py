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
from checker.batch.summary import ALL, UNKNOWN_LEVEL, Placed, RankGroup, Summary, level_rank, level_title
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


def level_groups(summary: Summary) -> list[RankGroup]:
    """The ranking split by level, each report keeping its place (one group when there is one level)."""
    groups = summary.groups()
    if not groups or groups[0].key != ALL:
        return groups
    levels: dict[str, list[Placed]] = {}
    for placed in groups[0].reports:
        levels.setdefault(placed.report.level or UNKNOWN_LEVEL, []).append(placed)
    if len(levels) < 2:
        return groups
    return [RankGroup(key, level_title(key), levels[key]) for key in sorted(levels, key=level_rank)]


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
        groups = level_groups(summary)
        for group in groups:
            name = "要素矩阵" if len(groups) == 1 else f"矩阵-{group.title}"
            write_matrix(self.book.add_worksheet(name), self.styles, self.columns, group)
        if self.copies:
            self._copies(pairs, quotes)
        try:
            self.book.close()
        except FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from None

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
