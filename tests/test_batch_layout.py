"""Plain-text summary tables line up in a terminal: Chinese characters take two cells."""

from __future__ import annotations

import io

from checker.batch.layout import Line, Table, cell_width, plain_text, table_lines
from checker.batch.report import PASSED, _print_rich

TABLE = Table(
    "排名 ranking",
    ("名次", "报告文件", "得分", "结论"),
    frozenset({0, 2}),
    [
        ("1", "a/石门乡.txt", "86.6", PASSED),
        ("…", "中间 120 份从略，这一行很长也不会把列撑宽 (a note row)"),
        ("12", "b/long_ascii_name_of_a_report.txt", "7", "未通过"),
    ],
    "caption here",
)


def _column_start(line: str, cell: str) -> int:
    return cell_width(line[: line.index(cell)])


def test_cell_width_counts_chinese_as_two() -> None:
    assert cell_width("abc") == 3
    assert cell_width("石门乡") == 6
    assert cell_width("（一）1.") == 8  # full-width brackets too


def test_columns_line_up_by_display_width() -> None:
    title, header, rule, first, note, last, caption = table_lines(TABLE)
    assert (title, caption) == ("排名 ranking", "caption here")
    assert _column_start(header, "报告文件") == _column_start(first, "a/石门乡") == _column_start(last, "b/long")
    assert _column_start(header, "结论") == _column_start(first, PASSED) == _column_start(last, "未通过")
    # right-aligned numbers end in the same cell
    assert cell_width(first[: first.index("86.6") + 4]) == cell_width(last[: last.index(" 7 ") + 2])
    assert cell_width(header[: header.index("得分") + 2]) == cell_width(first[: first.index("86.6") + 4])
    # the note row is printed whole and does not widen the file column
    assert note.endswith("(a note row)")
    widest = len("b/long_ascii_name_of_a_report.txt")
    assert _column_start(header, "得分") - _column_start(header, "报告文件") == widest + 2
    assert set(rule) == {"-", " "}


def test_plain_text_keeps_lines_and_leaves_out_styles() -> None:
    text = plain_text([Line("共 3 份报告", "bold"), TABLE, Line("完", "red")])
    assert text.startswith("共 3 份报告\n排名 ranking\n")
    assert text.endswith("caption here\n\n完\n")
    assert "[" not in text


def test_terminal_rendering_draws_borders_and_colours_the_verdict() -> None:
    stream = io.StringIO()
    _print_rich([TABLE], stream)
    drawn = stream.getvalue()
    assert "石门乡" in drawn and "│" in drawn and "caption here" in drawn
