"""Typed rubric objects, built from a validated YAML mapping (see docs/rubric.md).

Immutable NamedTuples: cheaper to define at start-up than dataclasses, and hashable.
"""

from __future__ import annotations

from typing import Any, NamedTuple

SECTION_IDS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
ASKS = ("result", "plan", "problem", "any")
# what an element of each part asks for, unless it says: work done, a plan, or a problem
ASKS_BY_SECTION = {"next_year": "plan", "shortcomings": "problem"}
CHECK_IDS = ("report_year", "year_consistency", "issuer", "publication_deadline")
LEVELS = ("county", "city", "township", "department")  # who issues a report (DESIGN.md: report.level)


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


class Derivation(NamedTuple):
    """How a rate is read from two counts: phrases next to the total (YAML ``of``) and the part (``count``)."""

    totals: tuple[str, ...]
    parts: tuple[str, ...]
    units: tuple[str, ...]


class Metric(NamedTuple):
    """A figure the report may give: its keywords, the kind of value and what is expected."""

    id: str
    title: str
    keywords: tuple[str, ...]
    kind: str  # "percent" or "count"
    units: tuple[str, ...]
    expect: Expectation | None = None
    derive: Derivation | None = None


class ElementExample(NamedTuple):
    """A snippet an element must judge as ``expect``: its text per part (``{part id: text}``)."""

    expect: str  # present | weak | missing
    parts: tuple[tuple[str, str], ...]
    note: str = ""


class Element(NamedTuple):
    """One thing a supervisor looks for in the report.

    ``kind`` names how it is judged (keywords, a figure, causes per problem, ...) and ``params``
    holds that kind's own settings; ``scope`` lists the parts whose text counts as its evidence
    (None: anywhere in the report).
    """

    id: str
    title: str
    section: str
    kind: str
    weight: float
    required: bool
    hint: str
    params: Any
    scope: tuple[str, ...] | None = None
    description: str = ""
    source: str = ""
    examples: tuple[ElementExample, ...] = ()
    asks: str = "result"  # what its evidence must say: result (work done), plan, problem, or any

    def sample_text(self) -> str:
        """The text of the element's first example that has it present, or "" when it has none."""
        example = next((x for x in self.examples if x.expect == "present"), None)
        return "\n".join(text.strip() for _, text in example.parts) if example else ""


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
    collects_unclaimed: bool = False  # top-level parts no other part claims are this one's (thematic layouts)
    min_chars: int = 0  # a part whose body is shorter than this is hollow (weak)
    needs: str | None = None  # facts: a part without one fact sentence is weak; specifics: without one non-stock
    content_cues: tuple[str, ...] = ()  # a part whose body names none of these is hollow (weak)


class Check(NamedTuple):
    """A report-wide check (report year, plan year, issuer, deadline) with its weight."""

    id: str
    title: str
    weight: float
    hint: str
    required: bool = False


class Grade(NamedTuple):
    """A grade band: the name a score of at least ``min`` gets."""

    name: str
    min: float


class Rubric(NamedTuple):
    """A validated rubric: its parts, elements, metrics, checks, grades and settings."""

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
    key_metric: str | None = None  # the figure a batch summary shows the spread of (出庭应诉率)
    stock_phrases: tuple[str, ...] = ()  # 高度重视, 扎实推进…: what a sentence of slogans is made of
    concrete_words: tuple[str, ...] = ()  # 编制, 经费, 案件…: words that make a sentence specific
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()  # topic name and its words: ties problems to plans

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def grade_for(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if score >= grade.min:
                return grade.name
        return self.grades[-1].name if self.grades else ""
