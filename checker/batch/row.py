"""The compact row a worker sends back for one report: what the summary, matrix and copies need."""

from __future__ import annotations

from typing import NamedTuple

from checker.batch.fingerprint import Signature
from checker.result import Result
from checker.rubric.model import Rubric
from checker.status import CheckStatus

IGNORED = "-"  # an element the config's ``ignore`` leaves out for this report


class Row(NamedTuple):
    """One report's outcome. ``error`` is set (code, message) when the file could not be checked."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    file: str
    error: tuple[str, str] | None = None
    issuer: str | None = None
    year: int | None = None
    date: str | None = None
    chars: int = 0
    score: float = 0.0
    grade: str = ""
    passed: bool = False
    sections: str = ""
    elements: str = ""
    figures: tuple[tuple[str, float], ...] = ()
    late: str | None = None
    failures: tuple[str, ...] = ()
    record: str | None = None
    signature: Signature | None = None


def row_from_result(index: int, result: Result, rubric: Rubric, record: str | None, signature: Signature | None) -> Row:
    """Reduce a full Result to a Row, one element code per element of ``rubric`` (ignored ones too).

    ``late`` is the deadline check's message when it failed.
    """
    status = {e.id: e.status.code for e in result.elements}
    deadline = next((c for c in result.checks if c.id == "publication_deadline"), None)
    return Row(
        index=index,
        file=result.file,
        issuer=result.report.issuer,
        year=result.report.year,
        date=result.report.date,
        chars=result.report.chars,
        score=result.score,
        grade=result.grade,
        passed=result.passed,
        sections="".join(s.status.code for s in result.sections),
        elements="".join(status.get(e.id, IGNORED) for e in rubric.elements),
        figures=tuple((f.metric, f.value) for f in result.figures if f.kind == "achieved"),
        late=deadline.message if deadline is not None and deadline.status is CheckStatus.FAIL else None,
        failures=result.failures,
        record=record,
        signature=signature,
    )
