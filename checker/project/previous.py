"""``--previous`` and ``--db`` for a run: last year's reports beside this year's, and the history kept.

``--previous`` takes last year's report (a drafter: ``check THIS --previous LAST``), a folder of them,
or a history database; ``--db`` stores this run's rows in a history database for next year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from checker.analysis.engine import auto_rubric, check_document, compile_rubric, resolve
from checker.compare.years import Pairing, YearReport, compare_years, pair_years, year_report
from checker.errors import ReportcheckError
from checker.project.history import History, file_hash, history_record, is_history
from checker.project.run import CheckRun
from checker.render.formats import Checked
from checker.result import Result
from checker.rubric.model import Rubric
from checker.sources import REPORT_SUFFIXES, Limits, read_document
from checker.text.document import Document


def this_year(checked: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> list[tuple[Result, Document, YearReport]]:
    """The checked reports of a run (``rubrics``: the run's rubrics by id) with what a comparison needs."""
    out = []
    for item in checked:
        if isinstance(item.outcome, Result) and item.document is not None:
            rubric = compile_rubric(rubrics[item.outcome.rubric_id])
            out.append((item.outcome, item.document, year_report(item.outcome, item.document, rubric)))
    return out


def last_year(path: str, year: int | None, limits: Limits) -> list[YearReport]:
    """Last year's reports: one file, every report file of a folder, or a history database's rows."""
    if is_history(path):
        with History(path) as history:
            return history.reports_of_year(year - 1) if year is not None else history.all_reports()
    source = Path(path)
    files = sorted(p for p in source.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES) if source.is_dir() else [source]
    reports = []
    for file in files:
        try:
            document = read_document(file, limits)
        except ReportcheckError:
            if not source.is_dir():
                raise
            continue  # a folder of last year's reports: an unreadable one is left out
        rubric, _ = resolve(auto_rubric(), document)
        reports.append(year_report(check_document(document, rubric), document, rubric))
    return reports


def compare_run(checked: Sequence[Checked], rubrics: Mapping[str, Rubric], previous: str, limits: Limits) -> Pairing:
    """This run's reports beside last year's: one report and one file given are paired whatever their names."""
    current = [report for _, _, report in this_year(checked, rubrics)]
    year = next((r.year for r in current if r.year), None)
    earlier = last_year(previous, year, limits)
    if len(current) == 1 and len(earlier) == 1 and not Path(previous).is_dir() and not is_history(previous):
        return Pairing([compare_years(current[0], earlier[0])], [], [])
    return pair_years(current, earlier)


def store(checked: Sequence[Checked], rubrics: Mapping[str, Rubric], db: str) -> int:
    """Store this run's graded reports in the history database; the number stored."""
    stored = 0
    with History(db) as history:
        for result, _, report in this_year(checked, rubrics):
            history.save(history_record(result, report, file_hash(result.file)))
            stored += 1
    return stored


def beside_last_year(run: CheckRun, previous: str, limits: Limits) -> tuple[CheckRun, list[str]]:
    """The run with each report set beside last year's (``previous`` in its result), and the files of
    the reports no report of last year was found for."""
    pairing = compare_run(run.checked, run.rubrics, previous, limits)
    paired = {pair.this.file: pair.to_dict() for pair in pairing.pairs}
    checked = [
        Checked(item.outcome._replace(previous=paired[item.outcome.file]), item.document)
        if isinstance(item.outcome, Result) and item.outcome.file in paired
        else item
        for item in run.checked
    ]
    return run._replace(checked=checked), [report.file for report in pairing.unpaired_this]
