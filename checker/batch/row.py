"""The compact row a worker sends back for one report: what the summary, matrix and copies need."""

from __future__ import annotations

from typing import Any, NamedTuple

from checker.batch.columns import IGNORED, NOT_APPLICABLE, Columns
from checker.batch.fingerprint import Signature
from checker.project.history import HistoryRecord
from checker.result import Result
from checker.status import CheckStatus


class Row(NamedTuple):
    """One report's outcome. ``error`` is set (code, message) when the file could not be checked.

    ``sections`` and ``elements`` hold one status code per column of the batch (``Columns``).
    """

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
    record: str | None = None
    signature: Signature | None = None
    rubric: str = ""
    level: str | None = None
    reason: str = ""  # why it failed, in one line (Result.failure_reason): the 结论原因
    previous: dict[str, Any] | None = None  # beside last year's report of the same body (--previous)
    history: HistoryRecord | None = None  # the row to keep in the history database (--db)


def row_from_result(
    index: int, result: Result, columns: Columns, record: str | None, signature: Signature | None
) -> Row:
    """Reduce a full Result to a Row, one code per column: its status, ignored, or not in its rubric.

    ``late`` is the deadline check's message when it failed.
    """
    rubric = columns.rubrics[result.rubric_id]
    own = {e.id for e in rubric.elements}
    status = {e.id: e.status.code for e in result.elements}
    sections = {s.id: s.status.code for s in result.sections}
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
        sections="".join(sections.get(s, NOT_APPLICABLE) for s in columns.section_ids),
        elements="".join(status.get(e, IGNORED if e in own else NOT_APPLICABLE) for e in columns.element_ids),
        figures=tuple((f.metric, f.value) for f in result.figures if f.kind == "achieved"),
        late=deadline.message if deadline is not None and deadline.status is CheckStatus.FAIL else None,
        record=record,
        signature=signature,
        rubric=result.rubric_id,
        level=result.report.level,
        reason=result.failure_reason,
    )
