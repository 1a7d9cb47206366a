"""The Result of checking one report: what every renderer is fed (DESIGN.md's JSON contract).

Immutable NamedTuples (cheap to define at start-up, cheap to send between processes).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from checker.errors import ReportcheckError
from checker.status import CheckStatus, Status

SCHEMA = "reportcheck/result@1"
KIND_LABEL = {"achieved": "实绩", "target": "目标"}


class Place(NamedTuple):
    """Where a line stands: its 1-based line in the extracted text, and the page and line on it (a PDF)
    or the paragraph (a Word file)."""

    line: int
    page: int | None = None
    page_line: int | None = None
    paragraph: int | None = None

    @property
    def label(self) -> str:
        """第3页第5行 / 第12段 / 第12行."""
        if self.page is not None:
            return f"第{self.page}页第{self.page_line}行"
        if self.paragraph is not None:
            return f"第{self.paragraph}段"
        return f"第{self.line}行"

    def fields(self) -> dict[str, int]:
        """The page, its line or the paragraph, for JSON (none for plain text)."""
        found = {"page": self.page, "page_line": self.page_line, "paragraph": self.paragraph}
        return {key: value for key, value in found.items() if value is not None}


def where(line: int | None, place: Place | None) -> str:
    """Where a line stands, in words: 第3页第5行 (PDF), 第12段 (Word), 第12行; "" without a line."""
    if place is not None:
        return place.label
    return f"第{line}行" if line else ""


def _with_place(record: dict[str, Any], place: Place | None) -> dict[str, Any]:
    return record | place.fields() if place else record


class Evidence(NamedTuple):
    """A quote from the user's file: its 1-based line and column, the text, and how it was found."""

    line: int
    text: str
    how: str = "keyword"
    column: int | None = None
    part: str | None = None  # the part of the report the quote stands in (None: the opening)
    place: Place | None = None  # its page and line on it (PDF) or paragraph (Word)

    @property
    def where(self) -> str:
        """第3页第5行 / 第12段 / 第12行."""
        return where(self.line, self.place)

    def to_dict(self) -> dict[str, Any]:
        record = {"line": self.line, "column": self.column, "text": self.text, "how": self.how, "part": self.part}
        return _with_place(record, self.place)


class SectionResult(NamedTuple):
    id: str
    title: str
    status: Status
    required: bool
    heading: str | None
    line: int | None
    reason: str
    hint: str
    shared_with: tuple[str, ...] = ()
    reason_code: str = ""
    specificity: dict[str, Any] | None = None  # sentences, those giving facts, those of stock phrases only
    place: Place | None = None

    @property
    def where(self) -> str:
        return where(self.line, self.place)

    def to_dict(self) -> dict[str, Any]:
        return _with_place(self._fields_dict(), self.place)

    def _fields_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "required": self.required,
            "heading": self.heading,
            "line": self.line,
            "reason": self.reason,
            "hint": self.hint,
            "shared_with": list(self.shared_with),
            "reason_code": self.reason_code,
            "specificity": self.specificity,
        }


class ElementResult(NamedTuple):
    id: str
    title: str
    section: str
    status: Status
    weight: float
    required: bool
    reason: str
    hint: str
    evidence: tuple[Evidence, ...] = ()
    reason_code: str = ""  # a stable id of the reason (found, outside_scope, not_content, below_expectation…)
    penalty: float = 0.0  # points taken off the report's score besides the element's weight
    waiver: str | None = None  # waived by the project config: why ("" when it gives no reason)

    @property
    def score(self) -> float:
        return self.status.score

    def to_dict(self) -> dict[str, Any]:
        record = self._fields_dict()
        if self.waiver is not None:
            record["waiver"] = self.waiver
        return record

    def _fields_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "status": self.status,
            "score": self.score,
            "weight": self.weight,
            "required": self.required,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "penalty": self.penalty,
            "hint": self.hint,
            "evidence": [e.to_dict() for e in self.evidence],
        }


class FigureResult(NamedTuple):
    metric: str
    title: str
    value: float
    unit: str
    line: int
    text: str
    kind: str
    approx: bool
    column: int | None = None
    derived: bool = False  # worked out from two counts the report gives (出庭17件 of 20件)
    place: Place | None = None

    @property
    def where(self) -> str:
        return where(self.line, self.place)

    @property
    def shown(self) -> str:
        """The value as a report writes it: 100%, 98.6%, 10000余人."""
        return f"{self.value:g}{'余' if self.approx else ''}{self.unit}"

    @property
    def kind_label(self) -> str:
        """实绩 (achieved in the year under review) or 目标 (a target in the plan)."""
        return KIND_LABEL[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return _with_place(self._fields_dict(), self.place)

    def _fields_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "title": self.title,
            "value": self.value,
            "unit": self.unit,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "kind": self.kind,
            "approx": self.approx,
            "derived": self.derived,
        }


class CheckResult(NamedTuple):
    id: str
    title: str
    status: CheckStatus
    message: str
    hint: str
    weight: float
    required: bool = False
    line: int | None = None
    place: Place | None = None

    @property
    def where(self) -> str:
        return where(self.line, self.place)

    def to_dict(self) -> dict[str, Any]:
        return _with_place(self._fields_dict(), self.place)

    def _fields_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "message": self.message,
            "hint": self.hint,
            "required": self.required,
            "line": self.line,
        }


class ReportInfo(NamedTuple):
    """What the report says about itself, with the cue each item was read from (``*_source``)."""

    title: str | None
    issuer: str | None
    year: int | None
    date: str | None
    chars: int
    format: str
    lines: int
    level: str | None = None
    level_source: str | None = None
    date_source: str | None = None
    year_source: str | None = None
    issuer_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "year": self.year,
            "date": self.date,
            "chars": self.chars,
            "format": self.format,
            "lines": self.lines,
            "level": self.level,
            "level_source": self.level_source,
            "date_source": self.date_source,
            "year_source": self.year_source,
            "issuer_source": self.issuer_source,
        }


class Result(NamedTuple):
    file: str
    rubric_id: str
    rubric_version: str
    report: ReportInfo
    score: float
    grade: str
    passed: bool
    fail_under: float
    sections: tuple[SectionResult, ...]
    elements: tuple[ElementResult, ...]
    figures: tuple[FigureResult, ...]
    checks: tuple[CheckResult, ...]
    failures: tuple[str, ...] = ()
    rubric_chosen_by: str = "option"
    rubric_reason: str = ""
    waived: tuple[ElementResult, ...] = ()  # judged but not graded: the config waives them
    previous: dict[str, Any] | None = None  # beside last year's report of the same body (--previous)

    @property
    def verdict(self) -> str:
        """The verdict in one line: passed, or why not (``failure_reason``)."""
        if self.passed:
            return f"通过（得分{self.score:g}，{self.grade}）"
        return f"未通过：{self.failure_reason}"

    @property
    def failure_reason(self) -> str:
        """Why the report failed, in one short line ('' when it passed); a batch's 结论原因.

        Says so when the score alone would pass; failures of one kind share their heading.
        """
        if self.passed:
            return ""
        low = self.score < self.fail_under
        reasons = _grouped(self.failures[:-1] if low else self.failures)
        if not low:
            return f"分数够“{self.grade}”，但{reasons}"
        return f"得分{self.score:g}低于及格线{self.fail_under:g}" + (f"，且{reasons}" if reasons else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "file": self.file,
            "rubric": {
                "id": self.rubric_id,
                "version": self.rubric_version,
                "chosen_by": self.rubric_chosen_by,
                "reason": self.rubric_reason,
            },
            "report": self.report.to_dict(),
            "score": self.score,
            "grade": self.grade,
            "passed": self.passed,
            "fail_under": self.fail_under,
            "failures": list(self.failures),
            "verdict": self.verdict,
            "sections": [s.to_dict() for s in self.sections],
            "elements": [e.to_dict() for e in self.elements],
            "waived": [e.to_dict() for e in self.waived],
            **({"previous": self.previous} if self.previous is not None else {}),
            "figures": [f.to_dict() for f in self.figures],
            "checks": [c.to_dict() for c in self.checks],
        }

    def achieved(self, metric: str) -> FigureResult | None:
        """The first achieved (not target) figure for a metric, if any."""
        return next((f for f in self.figures if f.metric == metric and f.kind == "achieved"), None)


def _grouped(failures: tuple[str, ...]) -> str:
    """``缺少必备要素：甲；缺少必备要素：乙`` as ``缺少必备要素：甲、乙``, kinds in their first order."""
    items: dict[str, list[str]] = {}
    for failure in failures:
        kind, mark, item = failure.partition("：")
        items.setdefault(kind if mark else failure, []).extend([item] if mark else [])
    return "；".join(f"{kind}：{'、'.join(found)}" if found else kind for kind, found in items.items())


class ErrorRecord(NamedTuple):
    """A file that could not be checked: its path and the error's stable code and message."""

    file: str
    code: str
    message: str

    @classmethod
    def of(cls, error: ReportcheckError, file: str) -> ErrorRecord:
        """The record of ``file`` for an error raised while reading or checking it."""
        return cls(file, error.code, error.message)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "file": self.file, "error": {"code": self.code, "message": self.message}}


Outcome = Result | ErrorRecord
"""What checking one file gives: a Result, or the ErrorRecord of a file that could not be read."""
