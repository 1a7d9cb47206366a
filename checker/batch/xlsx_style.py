"""Cell styles and print setup shared by the workbook's sheets."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from checker.batch.layout import cell_width

A4, A3 = 9, 8  # Excel's paper codes
LINE_HEIGHT = 13.5  # points a line of 10-point text takes
_BREAKS = re.compile(r"[\u2e80-\uffff]|[^\u2e80-\uffff/ ]+[/ ]?|[/ ]")  # the pieces a line may break between
_CELL = {"valign": "vcenter", "border": 1, "border_color": "#BFBFBF", "font_size": 10}
_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"font_size": 10, "font_color": "#404040", "text_wrap": True, "valign": "top"},
    "heading": {"bold": True, "font_size": 12},
    "header": {**_CELL, "bold": True, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7"},
    "required": {**_CELL, "bold": True, "text_wrap": True, "align": "center", "bg_color": "#FCE4D6"},
    "small header": {**_CELL, "font_size": 9, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7"},
    "small required": {**_CELL, "font_size": 9, "bold": True, "text_wrap": True, "align": "center"}
    | {"bg_color": "#FCE4D6"},
    "text": _CELL,
    "wrap": {**_CELL, "text_wrap": True},
    "centre": {**_CELL, "align": "center"},
    "score": {**_CELL, "align": "center", "num_format": "0.0"},
    "percent": {**_CELL, "align": "center", "num_format": "0%"},
    "通过": {**_CELL, "align": "center", "font_color": "#006100", "bg_color": "#C6EFCE"},
    "未通过": {**_CELL, "align": "center", "font_color": "#9C0006", "bg_color": "#FFC7CE"},
}
# fill and font colours of the matrix marks: Excel's "good / neutral / bad" cell styles, grey for ignored
COLOURS = {"p": ("#C6EFCE", "#006100"), "w": ("#FFEB9C", "#9C5700"), "m": ("#FFC7CE", "#9C0006")}
IGNORED_COLOURS = ("#F2F2F2", "#7F7F7F")


def add_styles(book: Any) -> dict[str, Any]:
    """The named formats, and one per matrix mark (``mark:p``, ``mark:w``, ``mark:m``, ``mark:-``)."""
    styles = {name: book.add_format(spec) for name, spec in _STYLES.items()}
    marks = {**COLOURS, "-": IGNORED_COLOURS}
    for code, (fill, font) in marks.items():
        styles[f"mark:{code}"] = book.add_format({**_CELL, "align": "center", "bg_color": fill, "font_color": font})
    styles["mark:."] = book.add_format({**_CELL, "align": "center"})
    return styles


def print_setup(sheet: Any, rows: tuple[int, int], columns: tuple[int, int] | None = None, paper: int = A4) -> None:
    """Landscape, one page wide, ``rows`` (and ``columns``) repeated on every page, page numbers below."""
    sheet.set_landscape()
    sheet.set_paper(paper)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*rows)
    if columns is not None:
        sheet.repeat_columns(*columns)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")


@lru_cache(maxsize=4096)  # reasons, levels and rubric ids repeat from row to row
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped as a spreadsheet does:
    after any Chinese character, a space or a ``/``; a longer run of Latin text is cut where the line ends.

    A Chinese character takes two cells; a column ``width`` wide holds about ``width`` cells of 10-point text.
    """
    per_line = max(2, int(width))
    lines, used = 1, 0
    for token in _BREAKS.findall(text):
        size = cell_width(token)
        if used + size > per_line and used:
            lines, used = lines + 1, 0
        lines += (used + size - 1) // per_line
        used = (used + size - 1) % per_line + 1
    return lines
