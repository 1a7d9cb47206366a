"""A matrix sheet of the workbook: one level's reports in ranking order × its parts and elements.

Two header rows: each statutory part over its own status and its elements, then their names,
wrapped; required ones are starred and shaded. An element's id is in its header cell's note.
"""

from __future__ import annotations

from typing import Any

from checker.batch.columns import Columns
from checker.batch.matrix import MARK, matrix_layout
from checker.batch.summary import RankGroup
from checker.batch.xlsx_style import A3, LINE_HEIGHT, print_setup, wrapped_lines
from checker.safetext import cell_text

FIXED = (("名次", 4.5, "centre"), ("落款单位", 20, "wrap"), ("得分", 6, "score"), ("结论", 6.5, "centre"))
MARK_WIDTH = 5
FILE_WIDTH = 26
LEGEND = "★ 必备　✓ 具备　△ 薄弱　✗ 缺失　— 按配置不查　空白：该报告的评分细则没有此项"
GROUP_ROW, HEADER_ROW = 1, 2


def write_matrix(sheet: Any, styles: dict[str, Any], columns: Columns, group: RankGroup) -> None:
    """The matrix of ``group``'s reports over the columns of the rubrics they were graded with."""
    used = dict.fromkeys(placed.report.rubric for placed in group.reports)
    layout = matrix_layout(columns, used)
    marks = [column for part in layout for column in part.columns]
    width = len(FIXED) + len(marks) + 1
    title = f"要素矩阵：{group.title}（{len(group.reports)} 份，评分细则 {'、'.join(used)}）"
    sheet.write_string(0, 0, f"{title}　{LEGEND}", styles["heading"])
    sheet.merge_range(GROUP_ROW, 0, GROUP_ROW, len(FIXED) - 1, "报告", styles["header"])
    column = len(FIXED)
    for part in layout:
        name, style = ("★" + part.title, styles["required"]) if part.required else (part.title, styles["header"])
        end = column + len(part.columns) - 1
        if end > column:
            sheet.merge_range(GROUP_ROW, column, GROUP_ROW, end, name, style)
        else:
            sheet.write_string(GROUP_ROW, column, name, style)
        column = end + 1
    sheet.write_blank(GROUP_ROW, column, None, styles["header"])
    for i, (title, size, _) in enumerate(FIXED):
        sheet.write_string(HEADER_ROW, i, title, styles["header"])
        sheet.set_column(i, i, size)
    lines = 1  # the header row is as tall as the longest wrapped name needs
    for i, mark in enumerate(marks, start=len(FIXED)):
        name = ("★" if mark.required else "") + mark.title
        sheet.write_string(HEADER_ROW, i, name, styles["small required" if mark.required else "small header"])
        sheet.write_comment(HEADER_ROW, i, f"id: {mark.id}" + ("（必备）" if mark.required else ""))
        lines = max(lines, wrapped_lines(name, MARK_WIDTH))
    sheet.write_string(HEADER_ROW, width - 1, "报告文件", styles["header"])
    sheet.set_column(len(FIXED), width - 2, MARK_WIDTH)
    sheet.set_column(width - 1, width - 1, FILE_WIDTH)
    sheet.set_row(HEADER_ROW, LINE_HEIGHT * lines + 4)
    row = HEADER_ROW
    for placed in group.reports:
        row += 1
        r = placed.report
        fixed = [placed.place, cell_text(r.issuer or "—"), r.score, r.verdict]
        for i, (value, (_, _, style)) in enumerate(zip(fixed, FIXED, strict=True)):
            sheet.write(row, i, value, styles[r.verdict if i == len(FIXED) - 1 else style])
        for i, mark in enumerate(marks, start=len(FIXED)):
            code = r.marks[mark.index]
            sheet.write_string(row, i, MARK[code], styles[f"mark:{code}"])
        sheet.write_string(row, width - 1, cell_text(r.file), styles["wrap"])
        names = (wrapped_lines(cell_text(r.issuer or "—"), FIXED[1][1]), wrapped_lines(r.file, FILE_WIDTH))
        if max(names) > 1:
            sheet.set_row(row, LINE_HEIGHT * max(names) + 2)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    sheet.autofilter(HEADER_ROW, 0, max(row, HEADER_ROW + 1), width - 1)
    print_setup(sheet, (GROUP_ROW, HEADER_ROW), (0, 1), paper=A3)
