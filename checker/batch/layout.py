"""Summary blocks (tables and lines) and their plain-text layout.

Columns are aligned by display width: a Chinese character takes two cells of a monospaced
terminal or editor, an ASCII character one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple
from unicodedata import east_asian_width

GAP = "  "


class Line(NamedTuple):
    """A line of text; ``style`` (rich's: ``bold``, ``red``) only shows on a terminal."""

    text: str
    style: str | None = None


class Table(NamedTuple):
    """A titled table; a row shorter than ``columns`` is a note that does not set the widths."""

    title: str
    columns: tuple[str, ...]
    right: frozenset[int]  # the columns aligned right (numbers)
    rows: Sequence[tuple[str, ...]]
    caption: str | None = None


Block = Line | Table


def cell_width(text: str) -> int:
    """How many cells ``text`` takes; a byte a file name could not decode is written as ``\\udcXX``."""
    if text.isascii():
        return len(text)
    return sum(2 if east_asian_width(ch) in "WF" else 6 if "\ud800" <= ch <= "\udfff" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill


def table_lines(table: Table) -> list[str]:
    """The table as plain lines: title, header, a rule, the rows, and the caption if any."""
    full = [table.columns, *(row for row in table.rows if len(row) == len(table.columns))]
    widths = [max(cell_width(row[i]) for row in full) for i in range(len(table.columns))]

    def line(row: tuple[str, ...]) -> str:
        cells = [_pad(cell, widths[i], i in table.right) for i, cell in enumerate(row[:-1])]
        last = len(row) - 1
        cells.append(_pad(row[-1], widths[last], last in table.right) if len(row) == len(widths) else row[-1])
        return GAP.join(cells).rstrip()

    lines = [table.title, line(table.columns), GAP.join("-" * width for width in widths)]
    lines += [line(row) for row in table.rows]
    if table.caption:
        lines.append(table.caption)
    return lines


def plain_text(blocks: list[Block]) -> str:
    """All blocks as plain text, a blank line after each table."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(block.text)
        else:
            out += [*table_lines(block), ""]
    return "\n".join(out) + "\n"
