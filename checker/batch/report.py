"""The supervisor's summary on a terminal or in a text file (rich tables, Chinese headings)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.batch.summary import KEY_METRIC, Ranked, Summary
from checker.output import atomic_text

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

# How much of the ranking the terminal shows: (show all up to, top, bottom). When the full results
# go to a file (--out with csv/xlsx/jsonl) the terminal gets a brief digest.
FULL_RANKING = (200, 50, 100)
BRIEF_RANKING = (30, 10, 20)


def _ranking(summary: Summary, limits: tuple[int, int, int]) -> Table:
    table = Table(title="排名 ranking", title_justify="left")
    for title, justify in (("名次", "right"), ("报告文件", "left"), ("落款单位", "left"), ("年度", "right")):
        table.add_column(title, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for title in ("得分", "等级", "结论", "缺失部分", "薄弱要素", "缺失要素"):
        table.add_column(title, justify="right" if title in ("得分", "薄弱要素", "缺失要素") else "left")
    show_all, top, bottom = limits
    ranked: list[tuple[int, Ranked | None]] = list(enumerate(summary.ranked(), start=1))
    hidden = len(ranked) - top - bottom
    if len(ranked) > show_all:
        ranked = [*ranked[:top], (0, None), *ranked[-bottom:]]
    for place, r in ranked:
        if r is None:
            table.add_row("…", f"中间 {hidden} 份从略，完整排名见 --format xlsx 或 csv (middle {hidden} omitted)")
            continue
        table.add_row(
            str(place),
            r.file,
            r.issuer or "—",
            str(r.year or "—"),
            f"{r.score:g}",
            r.grade,
            Text("通过", style="green") if r.passed else Text("未通过", style="red"),
            "、".join(r.missing_parts) or "—",
            str(r.weak),
            str(r.missing),
        )
    return table


def _gaps(summary: Summary) -> Table:
    table = Table(title="最常缺失或薄弱的要素 most often missing or weak", title_justify="left")
    for title in ("要素", "id", "缺失", "薄弱", "合计"):
        table.add_column(title, justify="right" if title in ("缺失", "薄弱", "合计") else "left")
    named = [(f"部分：{t.title}", t) for t in summary.part_gaps()] + [(t.title, t) for t in summary.top_gaps()]
    for title, t in named:
        table.add_row(title, t.id, str(t.missing), str(t.weak), str(t.missing + t.weak))
    return table


def _figures(summary: Summary) -> Table:
    table = Table(title="关键数据统计 key figures", title_justify="left")
    for title in ("指标", "给出的报告数", "占比", "最小", "中位数", "最大"):
        table.add_column(title, justify="left" if title == "指标" else "right")
    checked = max(1, summary.checked)
    for stats in summary.figure_stats():
        table.add_row(
            stats.title,
            str(stats.reports),
            f"{stats.reports / checked:.0%}",
            f"{stats.minimum:g}",
            f"{stats.median:g}",
            f"{stats.maximum:g}",
        )
    return table


def _copies(pairs: list[CopyPair], quotes: dict[tuple[str, int], str], limit: int) -> Table:
    table = Table(title="疑似照搬照抄 copied paragraphs", title_justify="left")
    for title in ("报告甲", "报告乙", "雷同占比", "雷同段落", "示例"):
        table.add_column(title, overflow="fold")
    for pair in pairs[:limit]:
        example = pair.examples[0]
        table.add_row(
            pair.file_a,
            pair.file_b,
            f"{pair.share:.0%}",
            str(pair.paragraphs),
            f"第{example.line_a}行 / 第{example.line_b}行：{quotes.get((pair.file_a, example.line_a), '')}",
        )
    if len(pairs) > limit:
        more = len(pairs) - limit
        table.caption = f"另有 {more} 对从略，全部见 --format xlsx 的“照搬照抄”表 ({more} more pairs in the xlsx)"
    return table


def print_summary(
    summary: Summary,
    pairs: list[CopyPair],
    quotes: dict[tuple[str, int], str],
    console: Console,
    copies: bool = True,
    brief: bool = False,
) -> None:
    """Print the batch summary; ``brief`` shortens the ranking and the copied pairs."""
    failed = summary.checked - summary.passed
    console.print(
        f"[bold]共 {summary.total} 份报告[/]：检查 {summary.checked}，通过 {summary.passed}，未通过 {failed}，"
        f"无法读取 {len(summary.errors)}  (total {summary.total}, passed {summary.passed}, failed {failed}, "
        f"unreadable {len(summary.errors)})"
    )
    console.print(_ranking(summary, BRIEF_RANKING if brief else FULL_RANKING))
    console.print(_gaps(summary))
    console.print(_figures(summary))
    given = len(summary.values.get(KEY_METRIC, ()))
    spread = "，".join(f"{label} {count} 份" for label, count in summary.key_distribution() if count)
    line = f"出庭应诉率：{given} 份报告给出数据（共 {summary.checked} 份）"
    console.print(line + (f"；分布 {spread}" if spread else ""))
    if summary.late:
        console.print(f"[bold]逾期报告（晚于4月1日）late reports[/]：{len(summary.late)} 份")
        for late in summary.late:
            console.print(f"  {late.file}  {late.issuer or '—'}  {late.message}")
    if copies:
        if pairs:
            console.print(_copies(pairs, quotes, limit=10 if brief else 50))
        else:
            console.print("疑似照搬照抄：未发现 (no copied paragraphs found)")
    for file, code, message in summary.errors:
        console.print(f"[red]无法读取 unreadable[/] {file}：{message} ({code})")


def emit_summary(
    summary: Summary,
    pairs: list[CopyPair],
    quotes: dict[tuple[str, int], str],
    out: str | None,
    copies: bool,
    brief: bool = False,
) -> None:
    """Print the summary on the terminal (brief when the full results went to a file), or write it to ``out``."""
    if out:
        with open(os.devnull, "w") as sink:
            recorder = Console(record=True, width=140, file=sink)
            print_summary(summary, pairs, quotes, recorder, copies)
        with atomic_text(out) as handle:
            handle.write(recorder.export_text())
    else:
        wide = None if sys.stdout.isatty() else 160
        print_summary(summary, pairs, quotes, Console(highlight=False, width=wide), copies, brief)
