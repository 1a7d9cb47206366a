"""What a reviewed copy of a report says in its margin, and where each comment is anchored.

One note sums the result up on the title; then one note per weak or missing part, per weak or
missing element, and per report-wide check that failed or needs a look. A weak element is anchored
on its evidence, a missing one on the heading of its part; a missing part on the heading before
which it belongs. The notes know lines of the user's file only; ``docx_review`` turns them into
Word comments.
"""

from __future__ import annotations

from typing import NamedTuple

from checker.render.findings import pending, section_title
from checker.result import CheckResult, ElementResult, Result, SectionResult
from checker.status import CheckStatus, Status

AUTHOR = "reportcheck"


class Note(NamedTuple):
    """One comment: its text and where it goes.

    ``line`` is the 1-based line of the user's file; ``quote`` and ``column`` (1-based) narrow the
    anchor to the evidence on that line.
    """

    line: int
    text: str
    quote: str = ""
    column: int | None = None


class _Place(NamedTuple):
    """Where a part's comments go: a line, and what to tell a drafter about a part that is missing."""

    line: int
    where: str = ""


def initials(result: Result) -> str:
    """The comments' initials: the tool and the rubric version, so one run's comments are told apart."""
    return f"RC {result.rubric_version}"


def needs_note(check: CheckResult) -> bool:
    """A check is commented when it failed or asks the drafter to look (warn)."""
    return check.status in (CheckStatus.FAIL, CheckStatus.WARN)


def noted_sections(result: Result) -> list[SectionResult]:
    """The parts that get a comment: weak ones, and missing ones the rubric requires."""
    return [s for s in result.sections if s.status is Status.WEAK or (s.status is Status.MISSING and s.required)]


def review_notes(result: Result, title_line: int) -> list[Note]:
    """Every comment of the reviewed copy: the summary on ``title_line`` first, then one per finding."""
    places = _places(result, title_line)
    notes = [Note(title_line, summary(result))]
    for section in noted_sections(result):
        place = places[section.id]
        if section.status is Status.MISSING:
            text = f"【缺少部分】{section.title}\n{place.where}\n建议：{section.hint}"
        else:
            text = f"【部分不完整】{section.title}\n{section.reason}\n建议：{section.hint}"
        notes.append(Note(place.line, text))
    for element in pending(result):
        notes.append(_element_note(result, element, places.get(element.section, _Place(title_line))))
    for check in result.checks:
        if needs_note(check):
            text = f"【{check.status.label}】{check.title}：{check.message}\n建议：{check.hint}"
            notes.append(Note(check.line or title_line, text))
    return notes


def summary(result: Result) -> str:
    """The comment on the title: score, grade, verdict, failures, what the other comments are, the rubric.

    A margin shows the first lines of a comment: the score and the verdict come first.
    """
    lines = [
        f"审阅结论：得分 {result.score:g}，等级 {result.grade}，{'通过' if result.passed else '未通过'}"
        f"（及格线 {result.fail_under:g}）",
        result.verdict,
    ]
    if result.failures:
        lines.append("未通过的原因：")
        lines += [f"{n}. {failure}" for n, failure in enumerate(result.failures, 1)]
    todo = pending(result)
    counts = (
        f"缺少或不完整的部分 {len(noted_sections(result))} 处，"
        f"缺失要素 {sum(1 for e in todo if e.status is Status.MISSING)} 项，"
        f"薄弱要素 {sum(1 for e in todo if e.status is Status.WEAK)} 项，"
        f"需注意的整体检查 {sum(1 for c in result.checks if needs_note(c))} 项"
    )
    lines.append(f"{counts}；每一处都在相应位置另有批注。")
    lines.append(f"评分细则：{result.rubric_id} {result.rubric_version}。")
    lines.append(f"这些批注的作者都是“{AUTHOR}”，改完后可在“审阅”中一次删除。")
    return "\n".join(lines)


def _element_note(result: Result, element: ElementResult, place: _Place) -> Note:
    if element.status is Status.WEAK:
        text = f"【薄弱】{element.title}\n{element.reason}\n建议：{element.hint}"
        if element.evidence:
            first = element.evidence[0]
            return Note(first.line, text, first.text, first.column)
        return Note(place.line, text)
    part = section_title(result, element.section)
    return Note(place.line, f"【缺失】{element.title}\n建议：{element.hint}\n{element.reason}（应写入“{part}”）")


def _places(result: Result, title_line: int) -> dict[str, _Place]:
    """Where each part's comments go: its heading; for a missing part, the heading it should come before."""
    present = [s for s in result.sections if s.status is Status.PRESENT and s.line is not None]
    places = {s.id: _Place(s.line) for s in result.sections if s.line is not None}
    previous: SectionResult | None = None
    for section in result.sections:
        if section.status is Status.PRESENT and section.line is not None:
            previous = section
        elif section.line is None:
            places[section.id] = _missing_place(present, previous, title_line)
    return places


def _missing_place(present: list[SectionResult], previous: SectionResult | None, title_line: int) -> _Place:
    """A missing part belongs after the last present part that comes before it in the rubric."""
    after = previous.line if previous is not None and previous.line is not None else 0
    following = min((s.line for s in present if s.line is not None and s.line > after), default=None)
    behind = f"（接在“{previous.title}”之后）" if previous is not None else ""
    if following is not None:
        return _Place(following, f"全文没有这一部分，请在此标题之前单列这一部分{behind}。")
    if previous is not None and previous.line is not None:
        return _Place(previous.line, f"全文没有这一部分，请在“{previous.title}”这一部分之后单列这一部分。")
    return _Place(title_line, "全文没有这一部分，也没有可对照的部分标题，请按规定的部分组织全文并单列这一部分。")
