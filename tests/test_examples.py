"""The example reports in examples/ give their expected results, and strong beats weak clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.analysis.engine import check_path, compile_rubric
from checker.result import Result
from tests.conftest import EXAMPLES, load_labels

LABELS = load_labels(EXAMPLES)


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    rubric = compile_rubric()
    return {name: check_path(EXAMPLES / name, rubric) for name in LABELS}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_example_matches_labels(name: str, results: dict[str, Result]) -> None:
    label: dict[str, Any] = LABELS[name]
    result = results[name]
    assert result.report.year == label["year"]
    assert result.report.date == label["date"].isoformat()
    assert result.report.issuer == label["issuer"]
    statuses = {s.id: s.status for s in result.sections}
    assert {k: statuses[k] for k in label["sections"]} == label["sections"]
    court = result.achieved("court_appearance_rate")
    assert (court.value if court else None) == label["court_appearance_rate"]


def test_every_weak_or_missing_finding_names_its_reason(results: dict[str, Result]) -> None:
    for result in results.values():
        for element in result.elements:
            if element.status != "present":
                assert element.reason and element.hint, (result.file, element.id)
        for section in result.sections:
            assert section.reason, (result.file, section.id)


def test_strong_report_scores_clearly_higher_than_weak_ones(results: dict[str, Result]) -> None:
    strong = results["strong_county.txt"]
    assert strong.passed and strong.grade == "优秀"
    for weak in ("slogans_only.txt", "very_short.txt", "township_no_first_responsible.txt"):
        assert strong.score - results[weak].score >= 20, weak
        assert not results[weak].passed, weak
    assert results["very_short.txt"].score < results["slogans_only.txt"].score


def test_missing_first_responsible_part_fails_the_report(results: dict[str, Result]) -> None:
    result = results["township_no_first_responsible.txt"]
    assert any("第一责任人" in failure for failure in result.failures)
    four = next(e for e in result.elements if e.id == "four_personally")
    assert four.status == "missing"


def test_merged_heading_is_shared_by_two_parts(results: dict[str, Result]) -> None:
    sections = {s.id: s for s in results["merged_out_of_order.txt"].sections}
    assert sections["shortcomings"].line == sections["next_year"].line
    assert "next_year" in sections["shortcomings"].shared_with
    assert sections["first_responsible"].line < sections["measures"].line


def test_slogans_report_lacks_figures_and_causes(results: dict[str, Result]) -> None:
    result = results["slogans_only.txt"]
    assert not result.figures
    by_id = {e.id: e for e in result.elements}
    assert by_id["shortcoming_causes"].status == "missing"
    assert all(by_id[i].status != "present" for i in ("pufa_figure", "mediation_figure", "leaders_study_law"))


def test_wrong_plan_year_and_late_date_fail(results: dict[str, Result]) -> None:
    checks = {c.id: c for c in results["wrong_year_late.txt"].checks}
    assert checks["year_consistency"].status == "fail" and "2024" in checks["year_consistency"].message
    assert checks["publication_deadline"].status == "fail"
    assert not results["wrong_year_late.txt"].passed
    good = {c.id: c.status for c in results["strong_county.txt"].checks}
    assert good == dict.fromkeys(good, "pass")


def test_court_rate_below_expectation_is_weak(results: dict[str, Result]) -> None:
    element = next(
        e for e in results["first_responsible_folded.txt"].elements if e.id == "court_appearance_rate_figure"
    )
    assert element.status == "weak" and "96.3" in element.reason


def test_township_rubric_accepts_no_lawsuits(tmp_path: Path) -> None:
    township = compile_rubric("fazhi-annual-township")
    result = check_path(EXAMPLES / "township_good.txt", township)
    element = next(e for e in result.elements if e.id == "court_appearance_rate_figure")
    assert element.status == "present" and "无行政诉讼案件" in element.reason
    assert result.rubric_id == "fazhi-annual-township"
    assert {e.id for e in result.elements} >= {"village_legal_advisers", "legal_understanders"}
