"""The verdicts, typed: a part's or element's Status and a report-wide check's CheckStatus.

Both are string enums, so ``Status.PRESENT == "present"`` and JSON carries the plain words of the
result contract. Every label, mark and score of a verdict lives here, once.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Whether a statutory part or an element is covered: present, weak or missing."""

    PRESENT = "present"
    WEAK = "weak"
    MISSING = "missing"

    @property
    def score(self) -> float:
        """Its share of the weight in the score: 1, 0.5 or 0."""
        return _SCORE[self]

    @property
    def label(self) -> str:
        """具备 / 薄弱 / 缺失."""
        return _LABEL[self]

    @property
    def mark(self) -> str:
        """✓ / △ / ✗, as the matrix and the terminal show it."""
        return _MARK[self]

    @property
    def code(self) -> str:
        """One letter (p / w / m), as a batch row carries it."""
        return _CODE[self]

    @property
    def rank(self) -> int:
        """Order from worst to best: missing 0, weak 1, present 2."""
        return _RANK[self]

    @classmethod
    def from_code(cls, code: str) -> Status:
        """The status of a one-letter code."""
        return _FROM_CODE[code]


class CheckStatus(StrEnum):
    """The outcome of a report-wide check: pass, warn, fail, or skip (it could not be run)."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"

    @property
    def score(self) -> float | None:
        """Its share of the weight: 1, 0.5, 0; None for a skipped check, which is left out of the score."""
        return _CHECK_SCORE[self]

    @property
    def label(self) -> str:
        """通过 / 注意 / 不通过 / 跳过."""
        return _CHECK_LABEL[self]


_SCORE = {Status.PRESENT: 1.0, Status.WEAK: 0.5, Status.MISSING: 0.0}
_LABEL = {Status.PRESENT: "具备", Status.WEAK: "薄弱", Status.MISSING: "缺失"}
_MARK = {Status.PRESENT: "✓", Status.WEAK: "△", Status.MISSING: "✗"}
_CODE = {Status.PRESENT: "p", Status.WEAK: "w", Status.MISSING: "m"}
_RANK = {Status.MISSING: 0, Status.WEAK: 1, Status.PRESENT: 2}
_FROM_CODE = {code: status for status, code in _CODE.items()}
_CHECK_SCORE = {CheckStatus.PASS: 1.0, CheckStatus.WARN: 0.5, CheckStatus.FAIL: 0.0, CheckStatus.SKIP: None}
_CHECK_LABEL = {
    CheckStatus.PASS: "通过",
    CheckStatus.WARN: "注意",
    CheckStatus.FAIL: "不通过",
    CheckStatus.SKIP: "跳过",
}
