"""``--notice``: a Word draft of the 通报 a supervisor sends after grading a batch.

Plain python-docx on its default template: 仿宋_GB2312 for the text and 黑体 for headings (named for
East Asian text through ``w:eastAsia``), A4 with the margins of GB/T 9704. The supervisor edits it:
the facts are the batch's, the wording of the requirements is theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from checker.batch.clash import NOTICE_MARKER
from checker.batch.scope import level_counts, rubrics_text, share, years_text
from checker.batch.summary import ALL, Ranked, Summary
from checker.output import atomic_path

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

BODY, HEADING, TITLE = "仿宋_GB2312", "黑体", "宋体"
NUMBERS = "一二三四五六七八九十"
GAP_LIMIT = 10


def _font(run_or_style: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Name the font for Latin and East Asian text alike (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = name
    fonts = font.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold


class _Notice:
    """The document being written, with its numbered headings."""

    def __init__(self) -> None:
        from docx import Document
        from docx.shared import Cm

        self.document = Document()
        _font(self.document.styles["Normal"], BODY, 16)
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        self.document.core_properties.comments = NOTICE_MARKER  # a later batch knows its own notice
        self.headings = 0

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(text), TITLE, 22, bold=True)

    def heading(self, text: str) -> None:
        from docx.shared import Pt

        self.headings += 1
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12)
        _font(paragraph.add_run(f"{NUMBERS[self.headings - 1]}、{text}"), HEADING, 16)

    def text(self, text: str) -> None:
        from docx.shared import Pt

        self.document.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)  # two characters

    def signature(self, lines: Sequence[str]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for line in lines:
            self.document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def table(self, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[object]]) -> None:
        """A grid table of ``columns`` (title, width in cm) in 10.5-point text, its header row bold and
        repeated on every page; narrow columns (numbers, marks) centred."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm

        table = self.document.add_table(rows=len(rows) + 1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        texts = [title for title, _ in columns]
        for column, (_, width) in zip(table.columns, columns, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice reads; Word reads each cell's
        for n, (row, values) in enumerate(zip(table.rows, [texts, *rows], strict=True)):
            for cell, value, (_, width) in zip(row.cells, values, columns, strict=True):
                cell.width = Cm(width)
                paragraph = cell.paragraphs[0]
                if n == 0 or width < 3:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _font(paragraph.add_run(str(value)), BODY, 10.5, bold=n == 0 or None)
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)

    def save(self, path: str) -> None:
        """Write the file atomically: a reader never sees half of it."""
        with atomic_path(path, follow_links=True) as tmp:
            self.document.save(tmp)


def _name(report: Ranked) -> str:
    return report.issuer or report.file


def write_notice(path: str, summary: Summary, pairs: list[CopyPair] | None, today: date) -> None:
    """Write the notice draft for this batch to ``path`` (``pairs`` None: copies were not looked for)."""
    notice = _Notice()
    years = years_text(summary)
    notice.title(f"关于{years}法治政府建设年度报告评查情况的通报（草稿）")
    _scope(notice, summary, pairs)
    _ranking(notice, summary)
    _gaps(notice, summary)
    notice.heading("逾期报告")
    if summary.late:
        notice.text(f"以下 {len(summary.late)} 份报告晚于公开时限：")
        for late in summary.late:
            notice.text(f"{late.issuer or late.file}：{late.message}。")
    else:
        notice.text("未发现晚于公开时限的报告。")
    if pairs is not None:
        notice.heading("疑似照搬照抄")
        if pairs:
            notice.text(f"以下 {len(pairs)} 对报告有段落几乎逐字相同（常见套话已排除），请核实：")
            rows = [(p.file_a, p.file_b, f"{p.share:.0%}", p.paragraphs) for p in pairs]
            notice.table((("报告甲", 5.6), ("报告乙", 5.6), ("雷同占比", 2.2), ("雷同段落", 2.2)), rows)
        else:
            notice.text("未发现段落几乎逐字相同的报告。")
    _fixes(notice, summary)
    notice.heading("工作要求")
    notice.text("（请在此写明整改要求和时限。）")
    notice.signature(("（落款单位）", f"{today.year}年{today.month}月{today.day}日"))
    notice.save(path)


def _scope(notice: _Notice, summary: Summary, pairs: list[CopyPair] | None) -> None:
    notice.heading("基本情况")
    failed = summary.checked - summary.passed
    text = f"本次共收到报告 {summary.total} 份"
    text += f"（{level_counts(summary)}）" if summary.ranking else ""
    text += f"，按评分细则（{rubrics_text(summary)}）逐份检查。检查 {summary.checked} 份，"
    text += f"通过 {summary.passed} 份，占 {share(summary.passed, summary.checked)}；未通过 {failed} 份。"
    if summary.errors:
        text += f"另有 {len(summary.errors)} 份无法读取：{'、'.join(file for file, _, _ in summary.errors)}。"
    notice.text(text)
    if summary.apart:
        names = "、".join(f"{_name(r)}（{r.year}年度）" for r in sorted(summary.apart, key=lambda r: r.index))
        notice.text(f"以下 {len(summary.apart)} 份报告不是{summary.year}年度的，未参加排名：{names}。")
    for duplicate in summary.duplicates():
        files = "、".join(duplicate.files)
        notice.text(f"{duplicate.issuer}报送了 {len(duplicate.files)} 份{duplicate.year}年度报告（{files}），请核实。")


def _ranking(notice: _Notice, summary: Summary) -> None:
    notice.heading("评分排名")
    groups = summary.groups()
    if not groups:
        notice.text("没有可排名的报告。")
    for n, group in enumerate(groups):
        if group.key != ALL:
            notice.text(f"（{NUMBERS[n]}）{group.title}（{len(group.reports)} 份）")
        rows = [
            (p.place, _name(p.report), f"{p.report.score:g}", p.report.grade, p.report.verdict) for p in group.reports
        ]
        notice.table((("名次", 1.6), ("单位", 7.4), ("得分", 2.2), ("等级", 2.2), ("结论", 2.2)), rows)


def _gaps(notice: _Notice, summary: Summary) -> None:
    notice.heading("最常缺失的要素")
    every = summary.top_gaps(len(summary.columns.elements))
    gaps = sorted((t for t in every if t.missing), key=lambda t: (-t.missing, -t.weak, t.id))[:GAP_LIMIT]
    if not gaps:
        notice.text("各报告均未缺失评分细则所列要素。")
        return
    notice.text("按缺失的报告数排列，占比为占适用该要素的报告：")
    rows = [(t.title, t.missing, share(t.missing, t.reports), t.weak) for t in gaps]
    notice.table((("要素", 8.2), ("缺失份数", 2.4), ("占比", 2.4), ("薄弱份数", 2.4)), rows)


def _fixes(notice: _Notice, summary: Summary) -> None:
    notice.heading("需要整改的报告")
    failing = [p.report for group in summary.groups() for p in group.reports if not p.report.passed]
    if not failing:
        notice.text("参加排名的报告均已通过。")
        return
    for n, report in enumerate(failing, start=1):
        more = (
            f"（另有缺失要素 {report.missing} 项、薄弱要素 {report.weak} 项）" if report.missing or report.weak else ""
        )
        notice.text(f"{n}. {_name(report)}（{report.file}，{report.score:g} 分）：{report.reason}{more}。")
