"""What the issue-oriented renderers share: the weak or missing elements and where each belongs."""

from __future__ import annotations

from checker.result import ElementResult, Place, Result, where
from checker.status import Status


def pending(result: Result) -> list[ElementResult]:
    """Weak and missing elements, missing first, then by weight."""
    items = [e for e in result.elements if e.status is not Status.PRESENT]
    return sorted(items, key=lambda e: (e.status is not Status.MISSING, not e.required, -e.weight))


def _anchor(result: Result, element: ElementResult) -> tuple[int | None, Place | None]:
    """The line (and page or paragraph) a finding points at: its first evidence, else its section's heading."""
    if element.evidence:
        return element.evidence[0].line, element.evidence[0].place
    section = next((s for s in result.sections if s.id == element.section), None)
    return (section.line, section.place) if section else (None, None)


def finding_line(result: Result, element: ElementResult) -> int | None:
    """The line a finding points at, or None."""
    return _anchor(result, element)[0]


def finding_place(result: Result, element: ElementResult) -> Place | None:
    """The page or paragraph a finding points at, for a PDF or a Word file (None for text)."""
    return _anchor(result, element)[1]


def finding_where(result: Result, element: ElementResult) -> str:
    """Where a finding points, in words (第12段, 第3页第5行, 第12行); "" when nowhere."""
    return where(*_anchor(result, element))


def section_title(result: Result, section_id: str) -> str:
    """The Chinese title of a section of the result (the id when unknown)."""
    return next((s.title for s in result.sections if s.id == section_id), section_id)
