"""The workbook's first sheet: a title, the ranking a boss reads, then what most reports lack.

One grid serves every block: the ranking's columns, with the blocks below putting their numbers
in its narrow columns and their text in its wide ones. Ids (elements, metrics, error codes) go
to a hidden last column, so the sheet reads in Chinese and a formula can still find them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from checker.batch.scope import outcome_line, rubrics_text, years_text
from checker.batch.summary import Summary, level_title
from checker.batch.xlsx_style import LINE_HEIGHT, print_setup, wrapped_lines
from checker.safetext import cell_text

# the ranking's columns: (title, width, style)
RANKING = (
    ("名次", 5, "centre"),
    ("落款单位", 24, "wrap"),
    ("级别", 9, "centre"),
    ("年度", 6, "centre"),
    ("得分", 7, "score"),
    ("等级", 7, "centre"),
    ("结论", 7, "centre"),
    ("结论原因", 46, "wrap"),
    ("薄弱要素", 6, "centre"),
    ("缺失要素", 6, "centre"),
    ("评分细则", 21, "wrap"),
    ("报告文件", 30, "wrap"),
)
WIDTH = sum(width for _, width, _ in RANKING)
HEADER_ROW = 3
ID_COLUMN = len(RANKING)  # hidden
ISSUER, LEVEL, YEAR, SCORE, GRADE, VERDICT, REASON, RUBRIC, FILE = 1, 2, 3, 4, 5, 6, 7, 10, 11
GAP_LIMIT = 15


class SummarySheet:
    """Writes the summary sheet, top to bottom (the workbook streams rows in order)."""

    def __init__(self, sheet: Any, styles: dict[str, Any]) -> None:
        self.sheet = sheet
        self.styles = styles
        self.row = 0

    def write(self, summary: Summary, pairs: int | None, today: date) -> None:
        """The whole sheet; ``pairs``: how many copied pairs were found (None: not looked for)."""
        sheet, styles = self.sheet, self.styles
        last = len(RANKING) - 1
        sheet.merge_range(0, 0, 0, last, f"{years_text(summary)}法治政府建设年度报告评分汇总", styles["title"])
        sheet.set_row(0, 26)
        lines = [f"评分细则：{rubrics_text(summary)}　　生成日期：{today:%Y-%m-%d}", outcome_line(summary, pairs)]
        for row, line in enumerate(lines, start=1):
            sheet.merge_range(row, 0, row, last, line, styles["subtitle"])
            sheet.set_row(row, LINE_HEIGHT * wrapped_lines(line, WIDTH) + 2)
        for column, (_, width, _) in enumerate(RANKING):
            sheet.set_column(column, column, width)
        sheet.set_column(ID_COLUMN, ID_COLUMN, 24, None, {"hidden": True})
        self.row = HEADER_ROW
        self._ranking(summary)
        self._gaps(summary)
        self._figures(summary)
        self._listed(summary, pairs)
        print_setup(sheet, (HEADER_ROW, HEADER_ROW))

    def _header(self, titles: dict[int, str]) -> None:
        for column, title in titles.items():
            self.sheet.write_string(self.row, column, title, self.styles["header"])
        lines = max(wrapped_lines(title, RANKING[column][1]) for column, title in titles.items() if column < ID_COLUMN)
        if lines > 1:
            self.sheet.set_row(self.row, LINE_HEIGHT * lines + 2)
        self.row += 1

    def _heading(self, text: str) -> None:
        self.row += 1  # a blank row before each block
        self.sheet.write_string(self.row, 0, text, self.styles["heading"])
        self.row += 1

    def _cells(self, values: dict[int, Any], styles: dict[int, str]) -> None:
        """One row; as tall as its longest wrapped text needs (spreadsheets do not fit rows when they open)."""
        lines = 1
        for column, value in values.items():
            style = styles.get(column, "text")
            if isinstance(value, str):
                self.sheet.write_string(self.row, column, value, self.styles[style])
                if style == "wrap" and column < ID_COLUMN:
                    lines = max(lines, sum(wrapped_lines(part, RANKING[column][1]) for part in value.split("\n")))
            else:
                self.sheet.write(self.row, column, value, self.styles[style])
        if lines > 1:
            self.sheet.set_row(self.row, LINE_HEIGHT * lines + 2)
        self.row += 1

    def _ranking(self, summary: Summary) -> None:
        """The ranking, level by level (or all together): frozen header, filter, scores coloured red to green."""
        styles = {column: style for column, (_, _, style) in enumerate(RANKING)}
        self._header({column: title for column, (title, _, _) in enumerate(RANKING)})
        first = self.row
        for group in summary.groups():
            for placed in group.reports:
                r = placed.report
                values = [placed.place, cell_text(r.issuer or "—"), level_title(r.level), r.year or "—", r.score]
                values += [r.grade, r.verdict, r.reason or "—", r.weak, r.missing, r.rubric, cell_text(r.file)]
                self._cells(dict(enumerate(values)), {**styles, VERDICT: r.verdict})
        last = max(first, self.row - 1)
        self.sheet.freeze_panes(first, 2)
        self.sheet.autofilter(HEADER_ROW, 0, last, len(RANKING) - 1)
        scale = {"type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B"}
        self.sheet.conditional_format(first, SCORE, last, SCORE, scale)

    def _gaps(self, summary: Summary) -> None:
        """The parts and elements most often missing or weak, with their shares of the reports they apply to."""
        gaps = [(f"部分：{t.title}", t) for t in summary.part_gaps()]
        gaps += [(t.title, t) for t in summary.top_gaps(GAP_LIMIT)]
        self._heading("最常缺失或薄弱的部分和要素（占比：占适用该项的报告）")
        self._header({1: "部分或要素", 2: "缺失", 3: "占比", 4: "薄弱", 5: "占比", 6: "适用报告", ID_COLUMN: "id"})
        percent = {1: "wrap", 3: "percent", 5: "percent", 2: "centre", 4: "centre", 6: "centre"}
        for title, t in gaps:
            whole = max(1, t.reports)
            values = {1: title, 2: t.missing, 3: t.missing / whole, 4: t.weak, 5: t.weak / whole, 6: t.reports}
            self._cells({**values, ID_COLUMN: t.id}, percent)

    def _figures(self, summary: Summary) -> None:
        """How many reports give each figure, and its spread."""
        stats = summary.figure_stats()
        if not stats:
            return
        self._heading("关键数据统计")
        self._header({1: "指标", 2: "给出数据的报告", 3: "占比", 4: "最小", 5: "中位数", 6: "最大", ID_COLUMN: "id"})
        numbers = {1: "wrap", 2: "centre", 3: "percent", 4: "centre", 5: "centre", 6: "centre"}
        whole = max(1, summary.ranked_count)
        for s in stats:
            values = {1: s.title, 2: s.reports, 3: s.reports / whole, 4: s.minimum, 5: s.median, 6: s.maximum}
            self._cells({**values, ID_COLUMN: s.metric}, numbers)

    def _listed(self, summary: Summary, pairs: int | None) -> None:
        """Late reports, reports about another year, one issuer twice, copied pairs, unreadable files."""
        if summary.late:
            self._heading(f"逾期报告（晚于公开时限）：{len(summary.late)} 份")
            self._header({ISSUER: "落款单位", REASON: "说明", FILE: "报告文件"})
            for late in summary.late:
                self._cells(
                    {ISSUER: cell_text(late.issuer or "—"), REASON: late.message, FILE: cell_text(late.file)}, {}
                )
        if summary.apart:
            self._heading(f"不是{summary.year}年度的报告（未参加排名）：{len(summary.apart)} 份")
            self._header(
                {ISSUER: "落款单位", YEAR: "年度", SCORE: "得分", VERDICT: "结论", REASON: "结论原因", FILE: "报告文件"}
            )
            for r in sorted(summary.apart, key=lambda r: r.index):
                values = {ISSUER: cell_text(r.issuer or "—"), YEAR: r.year, SCORE: r.score, VERDICT: r.verdict}
                styles = {SCORE: "score", VERDICT: r.verdict, REASON: "wrap", FILE: "wrap"}
                self._cells({**values, REASON: r.reason or "—", FILE: cell_text(r.file)}, styles)
        duplicates = summary.duplicates()
        if duplicates:
            self._heading(f"同一单位同一年度有多份报告：{len(duplicates)} 家，请核实")
            self._header({ISSUER: "落款单位", YEAR: "年度", REASON: "报告文件"})
            for d in duplicates:
                files = "\n".join(cell_text(f) for f in d.files)
                self._cells({ISSUER: cell_text(d.issuer), YEAR: d.year, REASON: files}, {REASON: "wrap"})
        if pairs is not None:
            self._heading(f"疑似照搬照抄：{pairs} 对，详见“照搬照抄”表" if pairs else "疑似照搬照抄：未发现")
        if summary.errors:
            self._heading(f"无法读取的文件：{len(summary.errors)} 份")
            self._header({REASON: "原因", FILE: "报告文件", ID_COLUMN: "代码"})
            for file, code, message in summary.errors:
                self._cells({REASON: message, FILE: cell_text(file), ID_COLUMN: code}, {REASON: "wrap", FILE: "wrap"})
