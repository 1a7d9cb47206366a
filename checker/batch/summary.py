"""Incremental aggregation of rows: the ranking, element tallies, figure statistics, late reports.

Each report's ranking line and its marks for the matrix (written in ranking order at the end) go
to a temporary file (``SpilledList``); memory keeps a few numbers per report to sort them by, and
running counts for everything else.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from checker.analysis.engine import LEVEL_LABEL
from checker.batch.columns import IGNORED, NOT_APPLICABLE, Columns
from checker.batch.row import Row
from checker.batch.spill import ReadSequence, SpilledList
from checker.compare.years import issuer_key

ALL, UNKNOWN_LEVEL = "all", "unknown"
PASSED, FAILED = "通过", "未通过"
RATE_BANDS = ((100.0, "100%"), (95.0, "95%–<100%"), (90.0, "90%–<95%"), (80.0, "80%–<90%"), (0.0, "<80%"))


class Ranked(NamedTuple):
    """One report of the ranking: what its line, its matrix row and the notice show."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    file: str
    issuer: str | None
    year: int | None
    score: float
    grade: str
    passed: bool
    reason: str  # 结论原因: why it failed ('' when it passed)
    weak: int
    missing: int
    rubric: str = ""
    level: str | None = None
    marks: str = ""  # one status code per column of the batch (Row.sections + Row.elements)

    @property
    def verdict(self) -> str:
        """结论: 通过 or 未通过."""
        return PASSED if self.passed else FAILED


class Placed(NamedTuple):
    """A report and its place: competition ranking, so equal scores share a place (1, 2, 2, 4)."""

    place: int
    report: Ranked


class PlacedReports(ReadSequence[Placed]):
    """Reports in ranking order with their places, each read from the summary's list when asked for."""

    def __init__(self, reports: Sequence[Ranked], positions: array, places: array) -> None:
        self.reports = reports
        self.positions = positions  # where each one is in ``reports``, best first
        self.places = places

    def __len__(self) -> int:
        return len(self.positions)

    def _item(self, position: int) -> Placed:
        return Placed(self.places[position], self.reports[self.positions[position]])


class RankGroup(NamedTuple):
    """The reports ranked together: one level (``--rank-by level``) or all of them."""

    key: str  # a level id, UNKNOWN_LEVEL, or ALL
    title: str
    reports: Sequence[Placed]


class Duplicate(NamedTuple):
    """Several reports from one issuer about one year."""

    issuer: str
    year: int
    files: tuple[str, ...]


class Tally(NamedTuple):
    """How often one element (or part) was missing or weak across the reports whose rubric has it."""

    id: str
    title: str
    missing: int
    weak: int
    reports: int = 0


class FigureStats(NamedTuple):
    """How many reports give a metric, and the spread of the values given."""

    metric: str
    title: str
    reports: int
    minimum: float
    median: float
    maximum: float


class Late(NamedTuple):
    file: str
    issuer: str | None
    date: str | None
    message: str


def _places(scores: array, positions: array) -> array:
    """Competition ranking of reports sorted best first: a tie shares the place, the next one skips."""
    places = array("I")
    for n, position in enumerate(positions):
        same = n and scores[positions[n - 1]] == scores[position]
        places.append(places[-1] if same else n + 1)
    return places


def _tally(counts: list[int], codes: str, code: str) -> None:
    """Count one report in ``counts`` at each position where ``codes`` has ``code``."""
    at = codes.find(code)
    while at >= 0:
        counts[at] += 1
        at = codes.find(code, at + 1)


def _median(values: Iterable[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count); ``statistics`` costs 6 ms to import."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def level_title(level: str | None) -> str:
    """The Chinese name of a report level (县级政府, 乡镇街道, …)."""
    return LEVEL_LABEL.get(level or "", "层级不明")


def level_rank(key: str) -> int:
    """Where a level comes in the ranking and the workbook: the order of LEVEL_LABEL, unknown last."""
    order = list(LEVEL_LABEL)
    return order.index(key) if key in order else len(order)


def _issuer_key(issuer: str) -> str:
    """An issuer compared across reports: full-width forms, spaces, 中共 and 人民政府/办事处 do not count."""
    plain = "".join(unicodedata.normalize("NFKC", issuer).split())
    return issuer_key(plain) or plain


class Beside(NamedTuple):
    """A report set beside last year's from the same body (``Row.previous``)."""

    file: str
    issuer: str | None
    score: float
    previous: dict[str, Any]


def _spilled_ranked() -> SpilledList[Ranked]:
    return SpilledList(Ranked._make)


@dataclass
class Summary:
    """Running totals over a batch; feed rows with ``add`` in any order.

    ``year``: reports about another year are checked but set apart (``apart``), out of the ranking
    and the tallies. ``by_level``: rank each level on its own (else all reports together).
    ``ranking``, ``apart``, ``errors`` and ``late`` live in temporary files: read them in order.
    """

    columns: Columns
    year: int | None = None
    by_level: bool = True
    total: int = 0
    passed: int = 0
    ranking: SpilledList[Ranked] = field(default_factory=_spilled_ranked)
    apart: SpilledList[Ranked] = field(default_factory=_spilled_ranked)
    errors: SpilledList[tuple[str, str, str]] = field(default_factory=lambda: SpilledList(tuple))
    late: SpilledList[Late] = field(default_factory=lambda: SpilledList(Late._make))
    element_missing: list[int] = field(init=False)
    element_weak: list[int] = field(init=False)
    element_skipped: list[int] = field(init=False)  # ranked reports an element does not apply to, or ignores
    section_missing: list[int] = field(init=False)
    section_weak: list[int] = field(init=False)
    values: dict[str, array] = field(default_factory=dict)
    previous_asked: bool = False  # --previous: each report is set beside last year's
    beside: list[Beside] = field(default_factory=list)
    alone: list[str] = field(default_factory=list)  # reports with no report of last year from their body
    unmatched_last: list[str] = field(default_factory=list)  # last year's reports no report of this year matched
    all_years: set[int] = field(default_factory=set)  # the years of every report checked, ranked or apart
    # per ranked report, by its position in ``ranking``: what the ranking is sorted and grouped by
    _scores: array = field(default_factory=lambda: array("d"), repr=False)
    _indexes: array = field(default_factory=lambda: array("q"), repr=False)
    _levels: array = field(default_factory=lambda: array("H"), repr=False)  # positions in _level_names
    _level_names: list[str] = field(default_factory=list, repr=False)
    _years: set[int] = field(default_factory=set, repr=False)
    _rubrics: set[str] = field(default_factory=set, repr=False)
    # per report with an issuer and a year: a hash of both, and where it is (``ranking`` >= 0, ``apart`` < 0)
    _issuer_years: array = field(default_factory=lambda: array("q"), repr=False)
    _issuer_where: array = field(default_factory=lambda: array("q"), repr=False)

    def __post_init__(self) -> None:
        self.element_missing = [0] * len(self.columns.elements)
        self.element_weak = [0] * len(self.columns.elements)
        self.element_skipped = [0] * len(self.columns.elements)
        self.section_missing = [0] * len(self.columns.sections)
        self.section_weak = [0] * len(self.columns.sections)

    def add(self, row: Row) -> None:
        """Count one report."""
        self.total += 1
        if row.error is not None:
            self.errors.append((row.file, *row.error))
            return
        self.passed += row.passed
        if row.year is not None:
            self.all_years.add(row.year)
        if row.previous is not None:
            self.beside.append(Beside(row.file, row.issuer, row.score, row.previous))
        elif self.previous_asked:
            self.alone.append(row.file)
        ranked = Ranked(
            row.index,
            row.file,
            row.issuer,
            row.year,
            row.score,
            row.grade,
            row.passed,
            row.reason,
            row.elements.count("w"),
            row.elements.count("m"),
            row.rubric,
            row.level,
            row.sections + row.elements,
        )
        apart = self.year is not None and row.year is not None and row.year != self.year
        if row.issuer and row.year is not None:
            self._issuer_years.append(hash((_issuer_key(row.issuer), row.year)))
            self._issuer_where.append(~len(self.apart) if apart else len(self.ranking))
        if apart:
            self.apart.append(ranked)
            return
        self._rank(ranked)
        _tally(self.element_missing, row.elements, "m")  # a few codes a row: found by str.find, not a loop
        _tally(self.element_weak, row.elements, "w")
        _tally(self.element_skipped, row.elements, NOT_APPLICABLE)
        _tally(self.element_skipped, row.elements, IGNORED)
        _tally(self.section_missing, row.sections, "m")
        _tally(self.section_weak, row.sections, "w")
        seen: set[str] = set()
        for metric, value in row.figures:
            if metric not in seen:
                seen.add(metric)
                self.values.setdefault(metric, array("d")).append(value)
        if row.late:
            self.late.append(Late(row.file, row.issuer, row.date, row.late))

    def _rank(self, ranked: Ranked) -> None:
        """Put a report in the ranking, keeping in memory only what the ranking is sorted and grouped by."""
        self.ranking.append(ranked)
        self._scores.append(ranked.score)
        self._indexes.append(ranked.index)
        level = ranked.level or UNKNOWN_LEVEL
        if level not in self._level_names:
            self._level_names.append(level)
        self._levels.append(self._level_names.index(level))
        if ranked.year is not None:
            self._years.add(ranked.year)
        self._rubrics.add(ranked.rubric)

    @property
    def checked(self) -> int:
        return self.total - len(self.errors)

    @property
    def ranked_count(self) -> int:
        """The reports in the ranking and the tallies (those about another year are not)."""
        return len(self.ranking)

    def _order(self) -> array:
        """Positions in ``ranking``, best score first; equal scores keep their input order."""
        by_input = sorted(range(len(self.ranking)), key=self._indexes.__getitem__)
        return array("I", sorted(by_input, key=self._scores.__getitem__, reverse=True))  # stable, even reversed

    def _placed(self, positions: array) -> PlacedReports:
        return PlacedReports(self.ranking, positions, _places(self._scores, positions))

    def _split(self, positions: array) -> dict[str, array]:
        """Positions by level, in the order given, the levels in LEVEL_LABEL's order."""
        levels: dict[int, array] = {}
        for position in positions:
            levels.setdefault(self._levels[position], array("I")).append(position)
        named = {self._level_names[code]: levels[code] for code in levels}
        return {key: named[key] for key in sorted(named, key=level_rank)}

    def groups(self) -> list[RankGroup]:
        """The ranking, best first in each group; equal scores share a place and keep their input order.

        No group when no report is ranked."""
        if not self.ranking:
            return []
        order = self._order()
        if not self.by_level:
            return [RankGroup(ALL, "全部报告", self._placed(order))]
        return [RankGroup(key, level_title(key), self._placed(mine)) for key, mine in self._split(order).items()]

    def level_groups(self) -> list[RankGroup]:
        """The ranking split by level, each report keeping its place (``groups`` when each level is
        ranked on its own or there is one level): a sheet per level in the workbook."""
        groups = self.groups()
        if not groups or groups[0].key != ALL:
            return groups
        ranked = groups[0].reports
        assert isinstance(ranked, PlacedReports)
        place_of = dict(zip(ranked.positions, ranked.places, strict=True))
        levels = self._split(ranked.positions)
        if len(levels) < 2:
            return groups
        return [
            RankGroup(key, level_title(key), PlacedReports(self.ranking, mine, array("I", map(place_of.get, mine))))
            for key, mine in levels.items()
        ]

    def level_counts(self) -> Counter[str]:
        """How many ranked reports each level has."""
        counts = Counter(self._levels)
        return Counter({self._level_names[code]: n for code, n in counts.items()})

    def duplicates(self) -> list[Duplicate]:
        """Issuers with more than one report about the same year (ranked or set apart), by first file."""
        ordered = sorted(self._issuer_years)
        shared = {a for a, b in pairwise(ordered) if a == b}
        seen: dict[tuple[str, int], list[Ranked]] = {}
        for key, where in zip(self._issuer_years, self._issuer_where, strict=True):
            if key in shared:
                report = self.ranking[where] if where >= 0 else self.apart[~where]
                assert report.issuer and report.year is not None
                seen.setdefault((_issuer_key(report.issuer), report.year), []).append(report)
        found = [sorted(same, key=lambda r: r.index) for same in seen.values() if len(same) > 1]
        found.sort(key=lambda same: same[0].index)
        return [Duplicate(same[0].issuer or "", same[0].year or 0, tuple(r.file for r in same)) for same in found]

    def used_rubrics(self) -> list[str]:
        """The ids of the rubrics the ranked reports were graded with, in the batch's order."""
        return [rubric_id for rubric_id in self.columns.rubrics if rubric_id in self._rubrics]

    def years(self) -> list[int]:
        """The years the ranked reports are about (the ``--year`` when given)."""
        if self.year is not None:
            return [self.year]
        return sorted(self._years)

    def top_gaps(self, limit: int = 10) -> list[Tally]:
        """Elements most often missing or weak, most frequent first."""
        ranked = self.ranked_count
        tallies = [
            Tally(e.id, e.title, self.element_missing[i], self.element_weak[i], ranked - self.element_skipped[i])
            for i, e in enumerate(self.columns.elements)
            if self.element_missing[i] or self.element_weak[i]
        ]
        tallies.sort(key=lambda t: (-(t.missing + t.weak), -t.missing, t.id))
        return tallies[:limit]

    def part_gaps(self) -> list[Tally]:
        """Required statutory parts that some reports lack or only touch on (an optional part is no gap)."""
        return [
            Tally(s.id, s.title, self.section_missing[i], self.section_weak[i], self.ranked_count)
            for i, s in enumerate(self.columns.sections)
            if s.required and (self.section_missing[i] or self.section_weak[i])
        ]

    def figure_stats(self) -> list[FigureStats]:
        """Per metric of the rubric given in at least one report, in rubric order."""
        return [
            FigureStats(
                m.id,
                m.title,
                len(self.values[m.id]),
                min(self.values[m.id]),
                _median(self.values[m.id]),
                max(self.values[m.id]),
            )
            for m in self.columns.metrics
            if m.id in self.values
        ]

    def key_distribution(self, metric: str) -> list[tuple[str, int]]:
        """How a key metric's values (出庭应诉率) spread over bands (100%, 95–<100%, …)."""
        counts = dict.fromkeys((label for _, label in RATE_BANDS), 0)
        for value in self.values.get(metric, ()):
            label = next(label for floor, label in RATE_BANDS if value >= floor)
            counts[label] += 1
        return list(counts.items())
