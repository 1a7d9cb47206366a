"""What a batch covered, in the words the workbook's title and the notice use."""

from __future__ import annotations

from checker.batch.summary import Summary, level_rank, level_title


def years_text(summary: Summary) -> str:
    """The year(s) the ranked reports are about, to go before a title: ``2024年度``, ``2023、2024年度``, or
    nothing when no report says."""
    years = summary.years()
    return "、".join(map(str, years)) + "年度" if years else ""


def rubrics_text(summary: Summary) -> str:
    """The rubrics the ranked reports were graded with: title, id and version of each."""
    rubrics = [summary.columns.rubrics[r] for r in summary.used_rubrics()]
    return "；".join(f"{r.title}（{r.id} {r.version}）" for r in rubrics) or "—"


def level_counts(summary: Summary) -> str:
    """How many ranked reports each level has: ``县级政府 3 份、乡镇街道 12 份``."""
    counts = summary.level_counts()
    return "、".join(f"{level_title(key)} {counts[key]} 份" for key in sorted(counts, key=level_rank))


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage (``—`` of nothing)."""
    return f"{part / whole:.0%}" if whole else "—"


def outcome_line(summary: Summary, pairs: int | None) -> str:
    """The batch in one line: how many reports, passed, failed, unreadable, set apart, late, copied pairs
    (``pairs`` None: copies were not looked for)."""
    failed = summary.checked - summary.passed
    parts = [
        f"共 {summary.total} 份报告",
        f"检查 {summary.checked} 份，通过 {summary.passed} 份（{share(summary.passed, summary.checked)}），"
        f"未通过 {failed} 份",
    ]
    if summary.errors:
        parts.append(f"无法读取 {len(summary.errors)} 份")
    if summary.apart:
        parts.append(f"不是{summary.year}年度、未参加排名 {len(summary.apart)} 份")
    parts.append(f"逾期 {len(summary.late)} 份" + (f"，疑似照搬照抄 {pairs} 对" if pairs is not None else ""))
    return "；".join(parts) + "。"
