"""The parts and elements of every rubric a batch uses, as one list of columns.

A batch may grade each report with the rubric of its level (a township's, a department's, a
county's), so its rows, tallies and matrix use the union of the rubrics' parts and elements, in
the order the rubrics give them. A report whose rubric has no such element gets ``NOT_APPLICABLE``
in that column; an element its config ignores gets ``IGNORED``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from checker.rubric.model import Element, Metric, Rubric, Section

NOT_APPLICABLE = "."
IGNORED = "-"


class Columns(NamedTuple):
    """The union of the batch's rubrics: parts, elements and metrics by id, in order."""

    rubrics: dict[str, Rubric]
    sections: tuple[Section, ...]
    elements: tuple[Element, ...]
    metrics: tuple[Metric, ...]

    @classmethod
    def of(cls, rubrics: Iterable[Rubric]) -> Columns:
        """The columns of these rubrics (the first to name an id gives its title)."""
        by_id = {r.id: r for r in rubrics}
        sections: dict[str, Section] = {}
        elements: dict[str, Element] = {}
        metrics: dict[str, Metric] = {}
        for rubric in by_id.values():
            for section in rubric.sections:
                sections.setdefault(section.id, section)
            for element in rubric.elements:
                elements.setdefault(element.id, element)
            for metric in rubric.metrics:
                metrics.setdefault(metric.id, metric)
        return cls(by_id, tuple(sections.values()), tuple(elements.values()), tuple(metrics.values()))

    @property
    def element_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.elements)

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    def required(self, element_id: str) -> bool:
        """Whether any of the batch's rubrics requires the element."""
        return any(e.required for r in self.rubrics.values() for e in r.elements if e.id == element_id)

    def key_metrics(self) -> tuple[str, ...]:
        """The metrics whose spread the summary shows (each rubric's ``key_metric``), in order."""
        return tuple(dict.fromkeys(r.key_metric for r in self.rubrics.values() if r.key_metric))
