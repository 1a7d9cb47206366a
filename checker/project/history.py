"""The grading history: every graded report's row in an SQLite file (``--db 评分.sqlite``).

One row per file, keyed by the sha256 of its bytes, so grading the same file again replaces its row.
A row holds who wrote the report (issuer, normalized key, level), its year, the rubric and version,
the score, grade and verdict, every part's, element's and check's status, the figures, and what next
year's comparison needs: the hashes and lengths of its clauses and its next-year tasks. Next year a
batch or a check takes the file as ``--previous``, and ``reportcheck history ISSUER`` shows the years.

The schema is versioned (``PRAGMA user_version``); ``MIGRATIONS[n]`` takes a database from version
``n`` to ``n + 1``, so a file written by an older release is upgraded in place when opened.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from checker.compare.years import YearReport, same_body
from checker.errors import ReportcheckError
from checker.files import read_regular_file
from checker.result import Result

MIGRATIONS = (
    # 0 → 1: the graded rows
    """
    CREATE TABLE reports (
        file_hash TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        issuer TEXT,
        issuer_key TEXT,
        level TEXT,
        year INTEGER,
        rubric_id TEXT NOT NULL,
        rubric_version TEXT NOT NULL,
        score REAL NOT NULL,
        grade TEXT NOT NULL,
        passed INTEGER NOT NULL,
        statuses TEXT NOT NULL,
        figures TEXT NOT NULL,
        graded_at TEXT NOT NULL
    );
    CREATE INDEX reports_by_issuer ON reports (issuer_key, year);
    """,
    # 1 → 2: what next year's comparison needs (repeated text, follow-through of the plan)
    """
    ALTER TABLE reports ADD COLUMN clause_hashes BLOB NOT NULL DEFAULT x'';
    ALTER TABLE reports ADD COLUMN clause_lengths BLOB NOT NULL DEFAULT x'';
    ALTER TABLE reports ADD COLUMN tasks TEXT NOT NULL DEFAULT '[]';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_HASH_CAP = 1 << 30


class HistoryRecord(NamedTuple):
    """One row to store, in the column order of the ``reports`` table (small and picklable: a batch
    worker makes it, the parent stores it)."""

    file_hash: str
    path: str
    issuer: str | None
    issuer_key: str | None
    level: str | None
    year: int | None
    rubric_id: str
    rubric_version: str
    score: float
    grade: str
    passed: int
    statuses: str
    figures: str
    graded_at: str
    clause_hashes: bytes
    clause_lengths: bytes
    tasks: str


def history_record(result: Result, report: YearReport, file_hash: str) -> HistoryRecord:
    """The row of one graded report."""
    statuses = {
        "sections": {s.id: str(s.status) for s in result.sections},
        "elements": {e.id: str(e.status) for e in result.elements},
        "checks": {c.id: str(c.status) for c in result.checks},
    }
    return HistoryRecord(
        file_hash,
        result.file,
        report.issuer,
        report.key,
        report.level,
        report.year,
        result.rubric_id,
        result.rubric_version,
        result.score,
        result.grade,
        int(result.passed),
        json.dumps(statuses, ensure_ascii=False),
        json.dumps([f.to_dict() for f in result.figures], ensure_ascii=False),
        datetime.now(UTC).isoformat(timespec="seconds"),
        array("Q", [h for h, _, _, _ in report.clauses]).tobytes(),
        array("H", [min(n, 65535) for _, n, _, _ in report.clauses]).tobytes(),
        json.dumps(list(report.tasks), ensure_ascii=False),
    )


def file_hash(path: str) -> str:
    """The sha256 of a file's bytes: a report graded again replaces its own row."""
    return hashlib.sha256(read_regular_file(path, _HASH_CAP)).hexdigest()


class HistoryRow(NamedTuple):
    """One graded report, as ``reportcheck history`` shows it."""

    year: int | None
    issuer: str | None
    score: float
    grade: str
    passed: bool
    rubric: str
    path: str
    graded_at: str


class History:
    """An open history database (created and migrated to the current schema when opened)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path)
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise ReportcheckError(
                "bad_history", f"无法打开评分数据库 (cannot open the history database: {error})", self.path
            ) from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ReportcheckError(
                "bad_history",
                f"评分数据库来自更新的版本（结构 {version}，本版本 {SCHEMA_VERSION}）(written by a newer release)",
                self.path,
            )
        with self.db:
            for step in range(version, SCHEMA_VERSION):
                self.db.executescript(MIGRATIONS[step])
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save(self, record: HistoryRecord) -> None:
        """Store one graded report, replacing an earlier row for the same file."""
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO reports (file_hash, path, issuer, issuer_key, level, year, rubric_id,"
                " rubric_version, score, grade, passed, statuses, figures, graded_at, clause_hashes,"
                " clause_lengths, tasks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record,
            )

    def all_reports(self) -> list[YearReport]:
        """Every stored report, newest grading first, as a comparison needs it."""
        rows = self.db.execute(
            "SELECT path, issuer, issuer_key, level, year, score, clause_hashes, clause_lengths, tasks"
            " FROM reports ORDER BY graded_at DESC"
        )
        return [_year_report(*row) for row in rows]

    def reports_of_year(self, year: int) -> list[YearReport]:
        """Every stored report of ``year``, as a comparison needs it (the newest row per issuer first)."""
        rows = self.db.execute(
            "SELECT path, issuer, issuer_key, level, year, score, clause_hashes, clause_lengths, tasks"
            " FROM reports WHERE year = ? ORDER BY graded_at DESC",
            (year,),
        )
        return [_year_report(*row) for row in rows]

    def rows_for(self, issuer: str) -> list[HistoryRow]:
        """Every stored report of one body (by its name in any usual form), oldest year first."""
        from checker.compare.years import issuer_key

        key = issuer_key(issuer)
        rows = self.db.execute(
            "SELECT year, issuer, issuer_key, score, grade, passed, rubric_id, rubric_version, path, graded_at"
            " FROM reports ORDER BY year, graded_at"
        )
        return [
            HistoryRow(year, name, score, grade, bool(passed), f"{rubric} {version}", path, graded)
            for year, name, stored, score, grade, passed, rubric, version, path, graded in rows
            if same_body(key, stored)
        ]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0])


def _year_report(
    path: str,
    issuer: str | None,
    key: str | None,
    level: str | None,
    year: int | None,
    score: float,
    hashes: bytes,
    lengths: bytes,
    tasks: str,
) -> YearReport:
    numbers, sizes = array("Q"), array("H")
    numbers.frombytes(hashes)
    sizes.frombytes(lengths)
    clauses = tuple((h, n, 0, "") for h, n in zip(numbers, sizes, strict=True))
    return YearReport(path, issuer, key, level, year, score, clauses, tuple(json.loads(tasks)))


def is_history(path: str | Path) -> bool:
    """Whether a path names an SQLite history file (by its suffix or its header)."""
    candidate = Path(path)
    if candidate.suffix.lower() in (".sqlite", ".sqlite3", ".db"):
        return True
    try:
        with open(candidate, "rb") as stream:
            return stream.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def history_lines(rows: list[HistoryRow]) -> Iterator[str]:
    """The rows of one body for a terminal, one a line."""
    for row in rows:
        verdict = "通过" if row.passed else "未通过"
        yield f"{row.year or '?'}年  {row.score:5.1f}  {row.grade}  {verdict}  {row.rubric}  {row.path}"
