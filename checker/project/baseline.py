"""``--baseline``: compare this run's findings with an earlier JSON result and fail only on what got worse.

A repository that adopts the checker mid-year saves ``reportcheck check … --format json --out
baseline.json`` once; later runs with ``--baseline baseline.json`` report each finding (a part, an
element or a check that is not fully met) as new, worsened, unchanged or fixed, and fail only on new
or worsened findings, or on a score that fell by more than the margin. Reports are matched by the
path as given (normalized), so run both from the same folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from checker.errors import ReportcheckError
from checker.files import read_regular_file
from checker.result import Result
from checker.status import CheckStatus, Status

# the rank of a verdict, worst first, for parts and elements (present/weak/missing) and checks
_RANK = {**{s.value: s.rank for s in Status}, "fail": 0, "warn": 1, "pass": 2, "skip": 2}
_LABEL: dict[str | None, str] = {None: "（无）"}
_LABEL.update({s.value: s.label for s in Status})
_LABEL.update({s.value: s.label for s in CheckStatus})
_BASELINE_CAP = 64 * 1024 * 1024


class Finding(NamedTuple):
    """One part, element or check of one report, before and now (None: not in the baseline)."""

    file: str
    kind: str  # section | element | check
    id: str
    title: str
    before: str | None
    now: str

    @property
    def change(self) -> str:
        """new, worsened, unchanged or fixed."""
        if self.before is None or _RANK[self.before] == 2:
            return "new" if _RANK[self.now] < 2 else "fixed"
        if _RANK[self.now] < _RANK[self.before]:
            return "worsened"
        return "unchanged" if _RANK[self.now] == _RANK[self.before] else "fixed"

    def line(self) -> str:
        return f"{self.file}: {self.title} [{self.id}]：{_LABEL[self.before]} → {_LABEL[self.now]}"


class ScoreDrop(NamedTuple):
    file: str
    before: float
    now: float


class Comparison(NamedTuple):
    """Every finding with its change, and the scores that fell by more than the margin."""

    findings: list[Finding]
    score_drops: list[ScoreDrop]

    def of(self, change: str) -> list[Finding]:
        return [f for f in self.findings if f.change == change]

    @property
    def worse(self) -> bool:
        """Whether anything got worse: a new or worsened finding, or a score fallen past the margin."""
        return bool(self.of("new") or self.of("worsened") or self.score_drops)

    def lines(self) -> list[str]:
        """The comparison for a terminal or a CI log, in Chinese."""
        counts = {c: len(self.of(c)) for c in ("new", "worsened", "fixed", "unchanged")}
        out = [
            f"与基线比较 (baseline)：新增 {counts['new']}，变差 {counts['worsened']}，"
            f"改善 {counts['fixed']}，未变 {counts['unchanged']}，得分下降超出容差 {len(self.score_drops)}"
        ]
        out += [f"  新增 new: {f.line()}" for f in self.of("new")]
        out += [f"  变差 worse: {f.line()}" for f in self.of("worsened")]
        out += [f"  得分下降 score: {d.file}: {d.before:g} → {d.now:g}" for d in self.score_drops]
        out += [f"  改善 fixed: {f.line()}" for f in self.of("fixed")]
        return out


def load_baseline(path: str) -> dict[str, dict[str, Any]]:
    """The baseline's results by normalized file path (a JSON object, a list of them, or JSON lines)."""
    try:
        text = _read(path)
        records = _records(text)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise ReportcheckError(
            "bad_baseline", f"基线文件不是 reportcheck 的 JSON 结果 (not a reportcheck JSON result: {error})", path
        ) from None
    found = {_key(r["file"]): r for r in records if isinstance(r, dict) and "file" in r and "elements" in r}
    if not found:
        raise ReportcheckError(
            "bad_baseline", "基线文件中没有 reportcheck 的结果 (no reportcheck result in the baseline)", path
        )
    return found


def _read(path: str) -> str:
    return read_regular_file(path, _BASELINE_CAP).decode("utf-8")


def _records(text: str) -> list[Any]:
    stripped = text.strip()
    if stripped.startswith("[") or stripped.startswith("{"):
        try:
            data = json.loads(stripped)
            return data if isinstance(data, list) else [data]
        except json.JSONDecodeError:
            if not stripped.startswith("{"):
                raise
    return [json.loads(line) for line in stripped.splitlines() if line.strip()]  # JSON lines


def _key(file: str) -> str:
    return os.path.normpath(file)


def compare(results: Sequence[Result], baseline: dict[str, dict[str, Any]], margin: float) -> Comparison:
    """Each finding of ``results`` against the baseline, and the scores that fell by more than ``margin``."""
    findings: list[Finding] = []
    drops: list[ScoreDrop] = []
    for result in results:
        before = baseline.get(_key(result.file), {})
        old = {
            kind: {item["id"]: item["status"] for item in before.get(f"{kind}s", []) if "id" in item}
            for kind in ("section", "element", "check")
        }
        findings += _findings(result.file, "section", ((s.id, s.title, s.status) for s in result.sections), old)
        findings += _findings(result.file, "element", ((e.id, e.title, e.status) for e in result.elements), old)
        findings += _findings(result.file, "check", ((c.id, c.title, c.status) for c in result.checks), old)
        if "score" in before and before["score"] - result.score > margin:
            drops.append(ScoreDrop(result.file, before["score"], result.score))
    return Comparison(findings, drops)


def _findings(
    file: str, kind: str, items: Iterable[tuple[str, str, str]], old: dict[str, dict[str, str]]
) -> list[Finding]:
    out = []
    for item_id, title, status in items:
        was = old[kind].get(item_id)
        if _RANK[str(status)] < 2 or (was is not None and _RANK.get(was, 2) < 2):
            out.append(Finding(file, kind, item_id, title, was if was in _RANK else None, str(status)))
    return out
