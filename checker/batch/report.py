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
from checker.batch.summary import ALL, PASSED, Duplicate, Placed, Ranked, RankGroup, Summary, level_title
from checker.output import atomic_text

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

# How much of the ranking the terminal shows: (show all up to, top, bottom). When the full results
# go to a file (--out with csv/xlsx/jsonl) the terminal gets a brief digest.
FULL_RANKING = (200, 50, 100)
BRIEF_RANKING = (30, 10, 20)


def _verdict(report: Ranked) -> tuple[str, str]:
    """The 结论 and 结论原因 cells of a report."""
    return report.verdict, report.reason or "—"


def _rank_line(place: int, report: Ranked, show_level: bool) -> tuple[str, ...]:
    cells = [str(place), report.file, report.issuer or "—"]
    if show_level:
        cells.append(level_title(report.level))
    cells += [report.rubric, str(report.year or "—"), f"{report.score:g}", report.grade]
    return (*cells, *_verdict(report), str(report.weak), str(report.missing))


def _ranking(group: RankGroup, limits: tuple[int, int, int]) -> Table:
    """One ranking table: a level's reports, or all of them with their levels."""
    show_level = group.key == ALL  # a level's own table says its level in the title
    columns = ("名次", "报告文件", "落款单位", *(("级别",) if show_level else ()), "评分细则", "年度", "得分", "等级")
    columns += ("结论", "结论原因", "薄弱要素", "缺失要素")
    show_all, top, bottom = limits
    reports = group.reports
    hidden = len(reports) - top - bottom
    placed: list[Placed | None] = (
        [*reports[:top], None, *reports[-bottom:]] if len(reports) > show_all else list(reports)
    )
    rows: list[tuple[str, ...]] = []
    for entry in placed:
        if entry is None:
            rows.append(("…", f"中间 {hidden} 份从略，完整排名见 --format xlsx 或 csv (middle {hidden} omitted)"))
        else:
            rows.append(_rank_line(entry.place, entry.report, show_level))
    title = "排名 ranking" if show_level else f"排名 ranking：{group.title}（{len(group.reports)} 份）"
    numbers = frozenset(columns.index(name) for name in ("名次", "年度", "得分", "薄弱要素", "缺失要素"))
    return Table(title, columns, numbers, rows)


def _apart(summary: Summary) -> Table:
    """Reports about another year than ``--year``: checked, not ranked."""
    columns = ("报告文件", "落款单位", "年度", "得分", "结论", "结论原因")
    rows = [
        (r.file, r.issuer or "—", str(r.year), f"{r.score:g}", *_verdict(r))
        for r in sorted(summary.apart, key=lambda r: r.index)
    ]
    title = f"不是 {summary.year} 年度的报告，未参加排名 (reports about another year, not ranked)"
    return Table(title, columns, frozenset({2, 3}), rows)


def _duplicate(duplicate: Duplicate) -> str:
    count = len(duplicate.files)
    return (
        f"{duplicate.issuer} {duplicate.year} 年度有 {count} 份报告 (one issuer, {count} reports for one year)："
        + "、".join(duplicate.files)
    )


def _years_hint(summary: Summary) -> list[Line]:
    """Reports about several years are ranked together unless ``--year`` sets the others apart."""
    years = summary.years()
    if summary.year is not None or len(years) < 2:
        return []
    listed = "、".join(map(str, years))
    return [
        Line(f"报告涉及 {listed} 多个年度，一并排名；用 --year 只排一个年度 (several years ranked together: --year)")
    ]


def warnings(summary: Summary) -> list[str]:
    """What a supervisor must not miss when no summary is shown: one issuer twice, reports about another year."""
    lines = [_duplicate(d) for d in summary.duplicates()]
    lines += [
        f"不是 {summary.year} 年度的报告，未参加排名 (about another year, not ranked)：{r.file}（{r.year}年度）"
        for r in sorted(summary.apart, key=lambda r: r.index)
    ]
    return lines


def _gaps(summary: Summary) -> Table:
    named = [(f"部分：{t.title}", t) for t in summary.part_gaps()] + [(t.title, t) for t in summary.top_gaps()]
    rows = [(title, t.id, str(t.missing), str(t.weak), str(t.missing + t.weak)) for title, t in named]
    columns = ("要素", "id", "缺失", "薄弱", "合计")
    return Table("最常缺失或薄弱的要素 most often missing or weak", columns, frozenset({2, 3, 4}), rows)


def _figures(summary: Summary) -> Table:
    checked = max(1, summary.ranked_count)
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


def _last_year(summary: Summary, brief: bool) -> list[Block]:
    """Each report beside last year's from the same body, and the reports of either year left without one."""
    out: list[Block] = [Line(f"与上一年比较 (beside last year)：{len(summary.beside)} 份找到上一年的报告", "bold")]
    shown = summary.beside[:10] if brief else summary.beside
    for item in sorted(shown, key=lambda b: -b.previous["repeated_share"]):
        found = item.previous
        change = found["score_change"]
        left = len(found["unfollowed_tasks"])
        out.append(
            Line(
                f"  {item.file}  {item.issuer or '—'}  得分 {found['previous_score']:g} → {item.score:g}"
                f"（{'+' if change >= 0 else ''}{change:g}）  与上一年相同 {found['repeated_share']:.0%}"
                f"  上一年任务 {found['tasks']} 项，未见落实 {left} 项"
            )
        )
    if summary.alone:
        out.append(Line(f"  上一年没有找到同一单位的报告 (no report of last year)：{'、'.join(summary.alone[:20])}"))
    if summary.unmatched_last:
        names = "、".join(summary.unmatched_last[:20])
        out.append(Line(f"  上一年有报告、今年没有对应报告 (last year's, not matched)：{names}"))
    return out


def summary_blocks(
    summary: Summary,
    pairs: list[CopyPair],
    quotes: dict[tuple[str, int], str],
    copies: bool = True,
    brief: bool = False,
) -> list[Block]:
    """The batch summary as blocks; ``brief`` shortens the ranking and the copied pairs."""
    failed = summary.checked - summary.passed
    apart = f"，其他年度 {len(summary.apart)}（未排名）" if summary.year is not None else ""
    apart_en = f", another year {len(summary.apart)}" if summary.year is not None else ""
    blocks: list[Block] = [
        Line(
            f"共 {summary.total} 份报告：检查 {summary.checked}，通过 {summary.passed}，未通过 {failed}，"
            f"无法读取 {len(summary.errors)}{apart}  (total {summary.total}, passed {summary.passed}, failed {failed}, "
            f"unreadable {len(summary.errors)}{apart_en})",
            "bold",
        ),
        *_years_hint(summary),
        *(Line(f"注意：{_duplicate(d)}", "yellow") for d in summary.duplicates()),
        *(_ranking(group, BRIEF_RANKING if brief else FULL_RANKING) for group in summary.groups()),
    ]
    if not summary.ranking:
        blocks.append(Line("没有可排名的报告 (no report to rank)"))
    if summary.apart:
        blocks.append(_apart(summary))
    blocks += [_gaps(summary), _figures(summary)]
    metrics = {m.id: m for m in summary.columns.metrics}
    for metric in summary.columns.key_metrics():
        given = len(summary.values.get(metric, ()))
        spread = "，".join(f"{label} {count} 份" for label, count in summary.key_distribution(metric) if count)
        line = f"{metrics[metric].title}：{given} 份报告给出数据（共 {summary.ranked_count} 份）"
        blocks.append(Line(line + (f"；分布 {spread}" if spread else "")))
    if summary.late:
        blocks.append(Line(f"逾期报告（晚于公开时限）late reports：{len(summary.late)} 份", "bold"))
        blocks += [Line(f"  {late.file}  {late.issuer or '—'}  {late.message}") for late in summary.late]
    if summary.previous_asked:
        blocks += _last_year(summary, brief)
    if copies:
        if pairs:
            blocks.append(_copies(pairs, quotes, limit=10 if brief else 50))
        else:
            blocks.append(Line("疑似照搬照抄：未发现 (no copied paragraphs found)"))
    if summary.errors:
        blocks.append(Line(f"无法读取的文件 unreadable files：{len(summary.errors)} 份", "bold"))
        blocks += [Line(f"  {file}：{message}", "red") for file, _, message in summary.errors]
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
