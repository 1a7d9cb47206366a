"""``reportcheck batch`` honours .reportcheck.yaml like ``check``: exclude, ignore, fail_under, rubric."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.analysis.engine import compile_rubric
from checker.cli import main
from tests.test_ci_repo import build_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The ci_repo fixture with the example reports filed into its folders; cwd is the repository."""
    build_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _batch(*args: str) -> tuple[int, str, dict[str, dict]]:
    result = CliRunner().invoke(main, ["batch", "--no-copies", "-j", "1", "--format", "jsonl", *args])
    records = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            records[Path(record["file"]).as_posix()] = record
    return result.exit_code, result.output, records


def test_an_override_with_another_rubric_grades_each_report_with_its_own(repo: Path) -> None:
    code, _, records = _batch(".", "--out", "r.jsonl")
    assert code in (0, 1)
    records = {
        Path(r["file"]).as_posix(): r
        for r in map(json.loads, (repo / "r.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert records["county/strong_county.txt"]["rubric"]["id"] == "fazhi-annual"
    assert records["townships/township_good.txt"]["rubric"]["id"] == "fazhi-annual-township"
    assert {r["rubric"]["chosen_by"] for r in records.values()} == {"config"}


def test_rubric_option_wins_and_config_exclude_ignore_fail_under_apply(repo: Path) -> None:
    code, output, records = _batch(".", "--rubric", "fazhi-annual")
    assert sorted(records) == [
        "county/strong_county.txt",
        "townships/first_responsible_folded.txt",
        "townships/nested/township_no_first_responsible.txt",
        "townships/township_good.txt",
    ]  # drafts/ is excluded
    assert "排除 1 份" in output
    assert code in (0, 1)
    county, township = records["county/strong_county.txt"], records["townships/township_good.txt"]
    assert {r["rubric"]["id"] for r in records.values()} == {"fazhi-annual"}
    assert county["fail_under"] == 60 and township["fail_under"] == 75
    county_ids = {e["id"] for e in county["elements"]}
    township_ids = {e["id"] for e in township["elements"]}
    assert "digital_government" not in county_ids | township_ids
    assert "normative_documents" in county_ids and "normative_documents" not in township_ids


def test_folder_found_by_walking_up_gets_its_override(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "townships")
    code, _, records = _batch(".")
    assert len(records) == 3
    assert {r["rubric"]["id"] for r in records.values()} == {"fazhi-annual-township"}
    assert {r["fail_under"] for r in records.values()} == {75}
    assert all("normative_documents" not in {e["id"] for e in r["elements"]} for r in records.values())
    assert code in (0, 1)
    strict, _, records = _batch(".", "--fail-under", "99.5")
    assert strict == 1 and {r["fail_under"] for r in records.values()} == {99.5}


def test_matrix_marks_ignored_elements_and_keeps_columns_aligned(repo: Path) -> None:
    result = CliRunner().invoke(
        main, ["batch", ".", "--rubric", "fazhi-annual", "--no-copies", "--format", "csv", "--out", "m.csv"]
    )
    assert result.exit_code in (0, 1), result.output
    rows = list(csv.reader((repo / "m.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {len(row) for row in rows} == {len(rows[0])}
    by_file = {Path(row[0]).as_posix(): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    county, township = by_file["county/strong_county.txt"], by_file["townships/township_good.txt"]
    normative = next(e.title for e in compile_rubric("fazhi-annual").rubric.elements if e.id == "normative_documents")
    assert township[normative] == "—" and county[normative] in {"✓", "△", "✗"}


def test_explicit_config_path(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "other.yaml").write_text("exclude: [townships/, drafts/]\nfail_under: 42\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, _, records = _batch(str(repo), "--config", str(repo / "other.yaml"))
    assert [Path(f).name for f in records] == ["strong_county.txt"]
    assert next(iter(records.values()))["fail_under"] == 42
    assert code == 0


def test_everything_excluded_is_exit_2_and_says_so(repo: Path) -> None:
    code, output, _ = _batch("drafts")
    assert code == 2 and "没有找到" in output and "1 excluded by config" in output
