"""Incremental aggregation of rows: the ranking, element tallies, figure statistics, late reports.

Only a small tuple per report is kept (for the ranking); everything else is a running count.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from checker.batch.columns import IGNORED, NOT_APPLICABLE, Columns
from checker.batch.row import Row

RATE_BANDS = ((100.0, "100%"), (95.0, "95%–<100%"), (90.0, "90%–<95%"), (80.0, "80%–<90%"), (0.0, "<80%"))


class Ranked(NamedTuple):
    """One line of the ranking table."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    file: str
    issuer: str | None
    year: int | None
    score: float
    grade: str
    passed: bool
    missing_parts: tuple[str, ...]
    weak: int
    missing: int
    rubric: str = ""
    level: str | None = None
    failures: tuple[str, ...] = ()  # why it failed (the verdict's reasons)


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


def _median(values: Iterable[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count); ``statistics`` costs 6 ms to import."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class Summary:
    """Running totals over a batch; feed rows with ``add`` in any order."""

    columns: Columns
    total: int = 0
    passed: int = 0
    ranking: list[Ranked] = field(default_factory=list)
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    late: list[Late] = field(default_factory=list)
    element_missing: list[int] = field(init=False)
    element_weak: list[int] = field(init=False)
    element_reports: list[int] = field(init=False)
    section_missing: list[int] = field(init=False)
    section_weak: list[int] = field(init=False)
    values: dict[str, array] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.element_missing = [0] * len(self.columns.elements)
        self.element_weak = [0] * len(self.columns.elements)
        self.element_reports = [0] * len(self.columns.elements)
        self.section_missing = [0] * len(self.columns.sections)
        self.section_weak = [0] * len(self.columns.sections)

    def add(self, row: Row) -> None:
        """Count one report."""
        self.total += 1
        if row.error is not None:
            self.errors.append((row.file, *row.error))
            return
        self.passed += row.passed
        for i, code in enumerate(row.elements):
            self.element_missing[i] += code == "m"
            self.element_weak[i] += code == "w"
            self.element_reports[i] += code not in (NOT_APPLICABLE, IGNORED)
        for i, code in enumerate(row.sections):
            self.section_missing[i] += code == "m"
            self.section_weak[i] += code == "w"
        seen: set[str] = set()
        for metric, value in row.figures:
            if metric not in seen:
                seen.add(metric)
                self.values.setdefault(metric, array("d")).append(value)
        if row.late:
            self.late.append(Late(row.file, row.issuer, row.date, row.late))
        required = {s.id for s in self.columns.rubrics[row.rubric].sections if s.required}
        parts = tuple(
            s.title
            for s, code in zip(self.columns.sections, row.sections, strict=True)
            if s.id in required and code == "m"
        )
        self.ranking.append(
            Ranked(
                row.index,
                row.file,
                row.issuer,
                row.year,
                row.score,
                row.grade,
                row.passed,
                parts,
                row.elements.count("w"),
                row.elements.count("m"),
                row.rubric,
                row.level,
                row.failures,
            )
        )

    @property
    def checked(self) -> int:
        return self.total - len(self.errors)

    def ranked(self) -> list[Ranked]:
        """Reports best first; equal scores keep their input order."""
        return sorted(self.ranking, key=lambda r: (-r.score, r.index))

    def top_gaps(self, limit: int = 10) -> list[Tally]:
        """Elements most often missing or weak, most frequent first."""
        tallies = [
            Tally(e.id, e.title, self.element_missing[i], self.element_weak[i], self.element_reports[i])
            for i, e in enumerate(self.columns.elements)
            if self.element_missing[i] or self.element_weak[i]
        ]
        tallies.sort(key=lambda t: (-(t.missing + t.weak), -t.missing, t.id))
        return tallies[:limit]

    def part_gaps(self) -> list[Tally]:
        """Required statutory parts that some reports lack or only touch on (an optional part is no gap)."""
        return [
            Tally(s.id, s.title, self.section_missing[i], self.section_weak[i], self.checked)
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
