"""Find the figures a report gives for the rubric's metrics, and tell achievements from targets.

A figure is a metric keyword with a value in the same clause: ``出庭应诉率达100%``,
``调解成功率98.6%``, ``共清理文件148件``, ``开展普法活动一百二十场``, ``1万余人``, ``百分之百``,
``九成``, ``全覆盖``. A value in the next-year part, or after 确保/力争/目标, is a target.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from typing import NamedTuple

from checker.analysis.derived import derive
from checker.rubric.model import Derivation, Metric
from checker.text.numbers import NUMBER, apply_multiplier, parse_number
from checker.text.textindex import Hit, ReportText

_CLAUSE_MARKS = "。;!?,"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
_WINDOW = 24
_PERCENT = re.compile(
    rf"(?P<num>{NUMBER})%|百分之(?P<pct>百|{NUMBER})|(?P<tenth>[一二三四五六七八九])成(?![员本果立绩效])"
    r"|(?P<full>全覆盖|全部覆盖|全面覆盖|实现全覆盖)"
)
_NEGATION = re.compile(r"未|没有|不到|不足|低于|尚未")
_TARGET_WORDS = re.compile(r"确保|力争|争取|目标|预计|拟|计划|要求|力求|不低于")


class Figure(NamedTuple):
    """A value found for a metric. ``kind`` is ``achieved`` or ``target``."""

    metric: str
    value: float
    unit: str
    line: int
    text: str
    kind: str
    approx: bool
    hit: Hit
    column: int | None = None
    derived: bool = False


def _clause_start(text: str, start: int) -> int:
    """Where the clause of a normalized line that contains position ``start`` begins."""
    return max(map(text.rfind, _CLAUSE_MARKS, repeat(0), repeat(start))) + 1


def _clause_end(text: str, start: int) -> int:
    """Where the clause of a normalized line that contains position ``start`` ends."""
    end = _CLAUSE_END.search(text, start)
    return end.start() if end else len(text)


def _percent_in(window: str) -> tuple[float, int, int] | None:
    match = _PERCENT.search(window)
    if not match:
        return None
    if match.group("full"):
        value: float | None = 100.0
    elif match.group("tenth"):
        value = parse_number(match.group("tenth"))
        value = value * 10 if value is not None else None
    elif match.group("pct"):
        pct = match.group("pct")
        value = 100.0 if pct == "百" else parse_number(pct)
    else:
        value = parse_number(match.group("num"))
    if value is None or value > 100:
        return None
    return value, match.start(), match.end()


def _derived(
    metric: Metric, rule: Derivation, text: ReportText, is_target_line: Callable[[int], bool], given: set[int]
) -> Iterator[Figure]:
    """Rates of ``metric`` worked out from a total and a part in a sentence and the next (not in the plan).

    Where the report states the rate itself (on the pieces ``given``), that rate stands.
    """
    pieces = text.lines
    for i, piece in enumerate(pieces):
        if is_target_line(piece.index) or not any(p in piece.text for p in rule.totals):
            continue
        following_piece = pieces[i + 1] if i + 1 < len(pieces) else None
        if piece.index in given or (following_piece is not None and following_piece.index in given):
            continue
        following = following_piece.text if following_piece is not None else ""
        for found in derive(piece.text + following, rule):
            if found.start >= len(piece.text):
                continue
            hit = Hit(piece.index, found.start, min(found.end, len(piece.text)), "derived")
            line, column = text.position(piece.index, found.start)
            quote = text.snippet(hit, before=4, after=max(0, found.end - len(piece.text)) + 4)
            yield Figure(metric.id, found.value, "%", line, quote, "achieved", False, hit, column, derived=True)


def _count_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    ordered = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?P<num>{NUMBER})(?P<rest>(?:万|亿)?(?:余|多)?)(?P<unit>{ordered})")


class FigureFinder:
    """Finds metric values near metric keywords; built once per rubric."""

    def __init__(self, metrics: Iterable[Metric]) -> None:
        self.metrics = list(metrics)
        self.count_patterns = {m.id: _count_pattern(m.units) for m in self.metrics if m.kind == "count"}

    def find(self, text: ReportText, hits: dict[str, list[Hit]], is_target_line: Callable[[int], bool]) -> list[Figure]:
        """Every figure in the report, one per metric and line position, in reading order."""
        figures: dict[tuple[str, int, int], Figure] = {}
        for metric in self.metrics:
            for keyword in metric.keywords:
                for hit in hits.get(keyword, ()):
                    line_text = text.by_index[hit.line].text
                    found = self._value_after(metric, line_text, hit)
                    if found is None:
                        continue
                    key = (metric.id, hit.line, hit.start + found[4])
                    if key not in figures:
                        figures[key] = self._figure(metric, text, line_text, hit, found, is_target_line)
            if metric.derive is not None:
                given = {key[1] for key in figures if key[0] == metric.id}
                for figure in _derived(metric, metric.derive, text, is_target_line, given):
                    figures.setdefault((metric.id, figure.hit.line, figure.hit.start), figure)
        return sorted(figures.values(), key=lambda f: (f.line, f.hit.start, f.metric))

    def _value_after(self, metric: Metric, line_text: str, hit: Hit) -> tuple[float, str, bool, int, int] | None:
        """The metric's value in the clause after its keyword: (value, unit, approx, start, end) in the window."""
        window = line_text[hit.start : min(_clause_end(line_text, hit.start), hit.end + _WINDOW)]
        found = self._value_in(metric, window)
        if found is None or _NEGATION.search(window, hit.end - hit.start, found[3]):
            return None  # 出庭应诉率未达到100% states a shortfall, not a figure
        return found

    def _figure(
        self,
        metric: Metric,
        text: ReportText,
        line_text: str,
        hit: Hit,
        found: tuple[float, str, bool, int, int],
        is_target_line: Callable[[int], bool],
    ) -> Figure:
        value, unit, approx, start, end = found
        span = Hit(hit.line, hit.start, hit.start + end, hit.phrase)
        prefix = line_text[_clause_start(line_text, hit.start) : hit.start + start]
        target = is_target_line(hit.line) or bool(_TARGET_WORDS.search(prefix))
        line, column = text.position(hit.line, hit.start)
        return Figure(
            metric=metric.id,
            value=value,
            unit=unit,
            line=line,
            column=column,
            text=text.snippet(span, before=12, after=8),
            kind="target" if target else "achieved",
            approx=approx,
            hit=span,
        )

    def _value_in(self, metric: Metric, window: str) -> tuple[float, str, bool, int, int] | None:
        if metric.kind == "percent":
            found = _percent_in(window)
            if found is None:
                return None
            value, start, end = found
            return value, "%", False, start, end
        match = self.count_patterns[metric.id].search(window)
        if not match:
            return None
        number = parse_number(match.group("num"))
        if number is None:
            return None
        rest = match.group("rest")
        value, _ = apply_multiplier(number, rest)
        approx = "余" in rest or "多" in rest
        return value, match.group("unit"), approx, match.start(), match.end()
