"""This year's report beside last year's from the same body: the score, the text repeated, the plan carried out.

- **Pairing.** Reports are paired by issuer, normalized (``泸县方洞镇人民政府`` and ``方洞镇人民政府`` are
  one body; ``…街道办事处`` is ``…街道``): equal names, or one ending with the other.
- **Repeated text.** This year's clauses (``checker.text.clauses``: paragraphs cut at punctuation,
  stock-length clauses only) whose hash is among last year's; the share is by characters, and the
  longest repeated clauses are quoted with their lines.
- **Follow-through.** Each task of last year's next-year plan is looked for in this year's work done:
  carried out when a sentence of this year's measures shares enough of the task's two-character words
  (at least three, and a third of them; words too common to tell tasks apart are left out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from checker.analysis.engine import CompiledRubric, read_parts
from checker.analysis.substance import COMMON_WORDS, words_of
from checker.result import Result
from checker.text.clauses import clause_hashes, paragraph_clauses
from checker.text.document import Document

_SUFFIX = re.compile(r"(?:人民政府|街道办事处|办事处|管理委员会|管委会|政府)$")
_PREFIX = re.compile(r"^中共")
_MIN_KEY = 3
_QUOTED = 5
_FOLLOW_MIN = 3
_FOLLOW_SHARE = 1 / 3
_CLAUSE_END = re.compile(r"[。；;！!？?]")


def issuer_key(name: str | None) -> str | None:
    """An issuer's name for pairing: no spaces, no 中共, no 人民政府/办事处 (…街道办事处 → …街道)."""
    if not name:
        return None
    key = _PREFIX.sub("", re.sub(r"\s+", "", name))
    key = key[:-3] if key.endswith("街道办事处") else _SUFFIX.sub("", key)
    return key if len(key) >= 2 else None


def same_body(a: str | None, b: str | None) -> bool:
    """Whether two issuer keys name one body: equal, or one a longer form of the other (泸县方洞镇, 方洞镇)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= _MIN_KEY and long.endswith(short))


class YearReport(NamedTuple):
    """One report as the next year sees it: who wrote it, for which year, its score, its clauses and
    its plan; and, for this year's side, the sentences of its work done."""

    file: str
    issuer: str | None
    key: str | None
    level: str | None
    year: int | None
    score: float
    clauses: tuple[tuple[int, int, int, str], ...]  # (hash, length, line, text) of each clause
    tasks: tuple[str, ...]
    measures: tuple[str, ...] = ()

    def hashes(self) -> set[int]:
        return {h for h, _, _, _ in self.clauses}


def year_report(result: Result, document: Document, rubric: CompiledRubric) -> YearReport:
    """A checked report, with what a comparison across years needs."""
    parts = read_parts(document, rubric)
    found = [(n + 1, c) for n, line in enumerate(document.lines) for c in paragraph_clauses(line)]
    hashes = clause_hashes([c for _, c in found])
    clauses = tuple((h, len(c), line, c) for h, (line, c) in zip(hashes, found, strict=True))
    issuer = result.report.issuer
    return YearReport(
        result.file,
        issuer,
        issuer_key(issuer),
        result.report.level,
        result.report.year,
        result.score,
        clauses,
        tuple(parts.tasks),
        tuple(parts.measures),
    )


class YearPair(NamedTuple):
    """This year's report and last year's from the same body, compared."""

    this: YearReport
    last: YearReport
    repeated_share: float  # of this year's clause characters, those repeated from last year
    repeated: tuple[tuple[int, str], ...]  # the longest repeated clauses, with their lines
    unfollowed: tuple[str, ...]  # last year's tasks not found in this year's work done

    @property
    def score_change(self) -> float:
        return round(self.this.score - self.last.score, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "previous_file": self.last.file,
            "previous_year": self.last.year,
            "previous_score": self.last.score,
            "score_change": self.score_change,
            "repeated_share": round(self.repeated_share, 3),
            "repeated": [{"line": line, "text": text} for line, text in self.repeated],
            "tasks": len(self.last.tasks),
            "unfollowed_tasks": list(self.unfollowed),
        }


def compare_years(this: YearReport, last: YearReport) -> YearPair:
    """This year's report against last year's from the same body."""
    earlier = last.hashes()
    total = sum(length for _, length, _, _ in this.clauses)
    repeated = [(length, line, text) for h, length, line, text in this.clauses if h in earlier]
    share = sum(length for length, _, _ in repeated) / total if total else 0.0
    longest = sorted(repeated, key=lambda r: (-r[0], r[1]))[:_QUOTED]
    quoted = tuple((line, text) for _, line, text in sorted(longest, key=lambda r: r[1]))
    return YearPair(this, last, share, quoted, tuple(unfollowed_tasks(last.tasks, this.measures)))


def unfollowed_tasks(tasks: Iterable[str], measures: Sequence[str]) -> list[str]:
    """The tasks no sentence of ``measures`` carries out: a task (or one of its sentences) is carried
    out when a sentence of the work done shares at least three of its two-character words, and a
    third of them. A task too short to tell (fewer than three words) is given the benefit of the doubt."""
    done = [words_of(sentence, COMMON_WORDS) for sentence in measures]
    out = []
    for task in tasks:
        parts = [words_of(part, COMMON_WORDS) for part in [task, *_CLAUSE_END.split(task)]]
        parts = [words for words in parts if len(words) >= _FOLLOW_MIN]
        if parts and not any(_carried_out(words, sentence) for words in parts for sentence in done):
            out.append(task)
    return out


def _carried_out(task: set[str], sentence: set[str]) -> bool:
    shared = len(task & sentence)
    return shared >= _FOLLOW_MIN and shared >= len(task) * _FOLLOW_SHARE


def find_previous(report: YearReport, earlier: Sequence[YearReport]) -> YearReport | None:
    """Last year's report of the same body: of the year before when both years are known."""
    for last in earlier:
        if same_body(report.key, last.key) and (report.year is None or last.year in (None, report.year - 1)):
            return last
    return None


class Pairing(NamedTuple):
    """Every pair found, and the reports of either year left without one."""

    pairs: list[YearPair]
    unpaired_this: list[YearReport]
    unpaired_last: list[YearReport]


def pair_years(this_year: Sequence[YearReport], last_year: Sequence[YearReport]) -> Pairing:
    """Pair each report with last year's report of the same body (the first match, each used once)."""
    free = list(last_year)
    pairs, alone = [], []
    for report in this_year:
        match = next((last for last in free if same_body(report.key, last.key)), None)
        if match is None:
            alone.append(report)
            continue
        free.remove(match)
        pairs.append(compare_years(report, match))
    return Pairing(pairs, alone, free)
