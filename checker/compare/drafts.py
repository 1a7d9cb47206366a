"""Compare two drafts of the same report: score change, elements and parts that changed, figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.result import KIND_LABEL, FigureResult, Result
from checker.status import Status


@dataclass(frozen=True)
class StatusChange:
    """An element or part whose status differs between the drafts (None: not in that draft's rubric)."""

    id: str
    title: str
    old: Status | None
    new: Status | None
    reason: str

    @property
    def better(self) -> bool:
        return (self.new.rank if self.new else -1) > (self.old.rank if self.old else -1)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "old": self.old, "new": self.new, "reason": self.reason}


@dataclass(frozen=True)
class FigureChange:
    """A metric whose values differ: the values (with unit) in each draft and the new lines."""

    metric: str
    title: str
    kind: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    lines: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "title": self.title,
            "kind": self.kind,
            "old": list(self.old),
            "new": list(self.new),
            "lines": list(self.lines),
        }


@dataclass(frozen=True)
class Diff:
    old: Result
    new: Result
    sections: tuple[StatusChange, ...]
    elements: tuple[StatusChange, ...]
    figures: tuple[FigureChange, ...]

    @property
    def score_change(self) -> float:
        return round(self.new.score - self.old.score, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "reportcheck/diff@1",
            "old": {"file": self.old.file, "score": self.old.score, "grade": self.old.grade, "passed": self.old.passed},
            "new": {"file": self.new.file, "score": self.new.score, "grade": self.new.grade, "passed": self.new.passed},
            "score_change": self.score_change,
            "sections": [c.to_dict() for c in self.sections],
            "elements": [c.to_dict() for c in self.elements],
            "figures": [f.to_dict() for f in self.figures],
        }


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[StatusChange, ...]:
    out = []
    for key in list(dict.fromkeys([*old, *new])):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and before.status == after.status:
            continue
        item = after if after is not None else before
        assert item is not None  # the key came from one of the two
        out.append(
            StatusChange(
                id=key,
                title=item.title,
                old=before.status if before is not None else None,
                new=after.status if after is not None else None,
                reason=after.reason if after is not None else "",
            )
        )
    return tuple(out)


def _values(figures: tuple[FigureResult, ...]) -> dict[tuple[str, str], list[FigureResult]]:
    grouped: dict[tuple[str, str], list[FigureResult]] = {}
    for figure in figures:
        grouped.setdefault((figure.metric, figure.kind), []).append(figure)
    return grouped


def _figure_changes(old: Result, new: Result) -> tuple[FigureChange, ...]:
    before, after = _values(old.figures), _values(new.figures)
    out = []
    for key in list(dict.fromkeys([*before, *after])):
        old_values = tuple(dict.fromkeys(f.shown for f in before.get(key, [])))
        new_values = tuple(dict.fromkeys(f.shown for f in after.get(key, [])))
        if sorted(old_values) == sorted(new_values):
            continue
        title = (after.get(key) or before[key])[0].title
        lines = tuple(dict.fromkeys(f.line for f in after.get(key, [])))
        out.append(FigureChange(key[0], title, key[1], old_values, new_values, lines))
    return tuple(out)


def diff_results(old: Result, new: Result) -> Diff:
    """What changed from the old draft's result to the new one's."""
    return Diff(
        old=old,
        new=new,
        sections=_changes({s.id: s for s in old.sections}, {s.id: s for s in new.sections}),
        elements=_changes({e.id: e for e in old.elements}, {e.id: e for e in new.elements}),
        figures=_figure_changes(old, new),
    )


def _status(status: Status | None) -> str:
    return status.label if status else "不适用"


def render_diff_text(diff: Diff) -> str:
    """The comparison as plain Chinese text, improvements first."""
    old, new = diff.old, diff.new
    sign = "+" if diff.score_change > 0 else ""
    out = [
        f"旧稿 {old.file}：{old.score:g} 分（{old.grade}，{'通过' if old.passed else '未通过'}）",
        f"新稿 {new.file}：{new.score:g} 分（{new.grade}，{'通过' if new.passed else '未通过'}）",
        f"得分变化：{sign}{diff.score_change:g}",
    ]
    for label, changes in (("法定部分", diff.sections), ("要素", diff.elements)):
        better = [c for c in changes if c.better]
        worse = [c for c in changes if not c.better]
        for heading, items in ((f"{label}：改进", better), (f"{label}：退步", worse)):
            if items:
                out += ["", heading]
                out += [
                    f"  {'↑' if c.better else '↓'} {c.title} [{c.id}]：{_status(c.old)} → {_status(c.new)}"
                    + (f"（{c.reason}）" if c.new and c.new is not Status.PRESENT and c.reason else "")
                    for c in items
                ]
    if diff.figures:
        out += ["", "数据指标变化"]
        for change in diff.figures:
            kind = KIND_LABEL[change.kind]
            where = "、".join(f"第{n}行" for n in change.lines)
            out.append(
                f"  {change.title}（{kind}）：{'、'.join(change.old) or '无'} → {'、'.join(change.new) or '无'}"
                + (f"（{where}）" if where else "")
            )
    if not (diff.sections or diff.elements or diff.figures):
        out += ["", "两稿在各部分、要素和数据上没有变化。"]
    return "\n".join(out) + "\n"
