"""Typed rubric objects, built from a validated YAML mapping (see docs/rubric.md).

Immutable NamedTuples: cheaper to define at start-up than dataclasses, and hashable.
"""

from __future__ import annotations

from typing import NamedTuple

SECTION_IDS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
CHECK_IDS = ("report_year", "year_consistency", "issuer", "publication_deadline")


class Expectation(NamedTuple):
    """A bound a figure should meet, such as ``>= 100``."""

    op: str
    value: float

    def met_by(self, number: float) -> bool:
        return {
            ">=": number >= self.value,
            ">": number > self.value,
            "<=": number <= self.value,
            "<": number < self.value,
            "==": number == self.value,
        }[self.op]

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


class Metric(NamedTuple):
    """A figure the report may give: its keywords, the kind of value and what is expected."""

    id: str
    title: str
    keywords: tuple[str, ...]
    kind: str  # "percent" or "count"
    units: tuple[str, ...]
    expect: Expectation | None = None


class FigureRule(NamedTuple):
    metric: str
    expect: Expectation | None = None


class FuzzyRule(NamedTuple):
    phrases: tuple[str, ...]
    threshold: float = 85.0


class Match(NamedTuple):
    """How an element is found. Any of the parts that is given must be satisfied."""

    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    fuzzy: FuzzyRule | None = None
    regex: str | None = None
    figure: FigureRule | None = None
    accept: tuple[str, ...] = ()


class Element(NamedTuple):
    """One thing a supervisor looks for in the report."""

    id: str
    title: str
    section: str
    weight: float
    required: bool
    match: Match
    hint: str
    where: str = "section"  # "section" or "anywhere"
    min_hits: int = 1
    needs_figure: bool = False
    description: str = ""
    example: str = ""


class Section(NamedTuple):
    """One statutory part of the report."""

    id: str
    title: str
    required: bool
    weight: float
    heading_keywords: tuple[str, ...]
    heading_phrases: tuple[str, ...]
    body_keywords: tuple[str, ...]
    hint: str
    fuzzy_threshold: float = 80.0


class Check(NamedTuple):
    id: str
    title: str
    weight: float
    hint: str
    required: bool = False


class Grade(NamedTuple):
    name: str
    min: float


class Rubric(NamedTuple):
    id: str
    title: str
    version: str
    applies_to: tuple[str, ...]
    pass_threshold: float
    grades: tuple[Grade, ...]
    sections: tuple[Section, ...]
    elements: tuple[Element, ...]
    metrics: tuple[Metric, ...]
    checks: tuple[Check, ...]
    deadline: tuple[int, int] = (4, 1)
    source: str = ""
    description: str = ""

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def grade_for(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if score >= grade.min:
                return grade.name
        return self.grades[-1].name if self.grades else ""
