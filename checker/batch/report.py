"""The supervisor's summary: rich tables on a terminal, plain aligned text in a pipe or a file.

The summary is built once as plain blocks (tables and lines); ``checker.batch.layout`` prints
them as plain text, and rich (imported only for a terminal) draws them with borders and colours.
Plain text is what a CI log or a saved file wants, and it takes a few milliseconds where rich
takes tens of them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from checker.batch.layout import Block, Line, Table, plain_text
from checker.batch.summary import Ranked, Summary
from checker.output import atomic_text

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

# How much of the ranking the terminal shows: (show all up to, top, bottom). When the full results
# go to a file (--out with csv/xlsx/jsonl) the terminal gets a brief digest.
FULL_RANKING = (200, 50, 100)
BRIEF_RANKING = (30, 10, 20)
PASSED, FAILED = "通过", "未通过"


def _ranking(summary: Summary, limits: tuple[int, int, int]) -> Table:
    columns = ("名次", "报告文件", "落款单位", "年度", "得分", "等级", "结论", "缺失部分", "薄弱要素", "缺失要素")
    show_all, top, bottom = limits
    ranked: list[tuple[int, Ranked | None]] = list(enumerate(summary.ranked(), start=1))
    hidden = len(ranked) - top - bottom
    if len(ranked) > show_all:
        ranked = [*ranked[:top], (0, None), *ranked[-bottom:]]
    rows: list[tuple[str, ...]] = []
    for place, r in ranked:
        if r is None:
            rows.append(("…", f"中间 {hidden} 份从略，完整排名见 --format xlsx 或 csv (middle {hidden} omitted)"))
            continue
        rows.append(
            (
                str(place),
                r.file,
                r.issuer or "—",
                str(r.year or "—"),
                f"{r.score:g}",
                r.grade,
                PASSED if r.passed else FAILED,
                "、".join(r.missing_parts) or "—",
                str(r.weak),
                str(r.missing),
            )
        )
    return Table("排名 ranking", columns, frozenset({0, 3, 4, 8, 9}), rows)


def _gaps(summary: Summary) -> Table:
    named = [(f"部分：{t.title}", t) for t in summary.part_gaps()] + [(t.title, t) for t in summary.top_gaps()]
    rows = [(title, t.id, str(t.missing), str(t.weak), str(t.missing + t.weak)) for title, t in named]
    columns = ("要素", "id", "缺失", "薄弱", "合计")
    return Table("最常缺失或薄弱的要素 most often missing or weak", columns, frozenset({2, 3, 4}), rows)


def _figures(summary: Summary) -> Table:
    checked = max(1, summary.checked)
    rows = [
        (
            stats.title,
            str(stats.reports),
            f"{stats.reports / checked:.0%}",
            f"{stats.minimum:g}",
            f"{stats.median:g}",
            f"{stats.maximum:g}",
        )
        for stats in summary.figure_stats()
    ]
    columns = ("指标", "给出的报告数", "占比", "最小", "中位数", "最大")
    return Table("关键数据统计 key figures", columns, frozenset({1, 2, 3, 4, 5}), rows)


def _copies(pairs: list[CopyPair], quotes: dict[tuple[str, int], str], limit: int) -> Table:
    rows = []
    for pair in pairs[:limit]:
        example = pair.examples[0]
        rows.append(
            (
                pair.file_a,
                pair.file_b,
                f"{pair.share:.0%}",
                str(pair.paragraphs),
                f"第{example.line_a}行 / 第{example.line_b}行：{quotes.get((pair.file_a, example.line_a), '')}",
            )
        )
    more = len(pairs) - limit
    caption = (
        f"另有 {more} 对从略，全部见 --format xlsx 的“照搬照抄”表 ({more} more pairs in the xlsx)" if more > 0 else None
    )
    columns = ("报告甲", "报告乙", "雷同占比", "雷同段落", "示例")
    return Table("疑似照搬照抄 copied paragraphs", columns, frozenset(), rows, caption)


def summary_blocks(
    summary: Summary,
    pairs: list[CopyPair],
    quotes: dict[tuple[str, int], str],
    copies: bool = True,
    brief: bool = False,
) -> list[Block]:
    """The batch summary as blocks; ``brief`` shortens the ranking and the copied pairs."""
    failed = summary.checked - summary.passed
    blocks: list[Block] = [
        Line(
            f"共 {summary.total} 份报告：检查 {summary.checked}，通过 {summary.passed}，未通过 {failed}，"
            f"无法读取 {len(summary.errors)}  (total {summary.total}, passed {summary.passed}, failed {failed}, "
            f"unreadable {len(summary.errors)})",
            "bold",
        ),
        _ranking(summary, BRIEF_RANKING if brief else FULL_RANKING),
        _gaps(summary),
        _figures(summary),
    ]
    metrics = {m.id: m for m in summary.columns.metrics}
    for metric in summary.columns.key_metrics():
        given = len(summary.values.get(metric, ()))
        spread = "，".join(f"{label} {count} 份" for label, count in summary.key_distribution(metric) if count)
        line = f"{metrics[metric].title}：{given} 份报告给出数据（共 {summary.checked} 份）"
        blocks.append(Line(line + (f"；分布 {spread}" if spread else "")))
    if summary.late:
        blocks.append(Line(f"逾期报告（晚于公开时限）late reports：{len(summary.late)} 份", "bold"))
        blocks += [Line(f"  {late.file}  {late.issuer or '—'}  {late.message}") for late in summary.late]
    if copies:
        if pairs:
            blocks.append(_copies(pairs, quotes, limit=10 if brief else 50))
        else:
            blocks.append(Line("疑似照搬照抄：未发现 (no copied paragraphs found)"))
    blocks += [Line(f"无法读取 unreadable {file}：{message} ({code})", "red") for file, code, message in summary.errors]
    return blocks


def _print_rich(blocks: list[Block], stream: TextIO) -> None:
    """Draw the blocks with rich: bordered tables, the verdict column in green and red."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(highlight=False, file=stream)
    for block in blocks:
        if isinstance(block, Line):
            console.print(Text(block.text, style=block.style or ""))
            continue
        table = RichTable(title=block.title, title_justify="left", caption=block.caption)
        for number, title in enumerate(block.columns):
            table.add_column(title, justify="right" if number in block.right else "left", overflow="fold")
        verdict = block.columns.index("结论") if "结论" in block.columns else -1
        for row in block.rows:
            cells = [
                Text(cell, style="green" if cell == PASSED else "red") if i == verdict else cell
                for i, cell in enumerate(row)
            ]
            table.add_row(*cells)
        console.print(table)


def emit_summary(
    summary: Summary,
    pairs: list[CopyPair],
    quotes: dict[tuple[str, int], str],
    out: str | None,
    copies: bool,
    brief: bool = False,
) -> None:
    """Write the full summary to ``out``, or print it (brief when the full results went to a file).

    A terminal gets rich tables; a pipe or a file gets plain aligned text.
    """
    if out:
        with atomic_text(out, follow_links=True) as handle:
            handle.write(plain_text(summary_blocks(summary, pairs, quotes, copies)))
    elif sys.stdout.isatty():
        _print_rich(summary_blocks(summary, pairs, quotes, copies, brief), sys.stdout)
    else:
        sys.stdout.write(plain_text(summary_blocks(summary, pairs, quotes, copies, brief)))
