"""End to end through the CLI on a report repository with a .reportcheck.yaml (tests/fixtures/ci_repo)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import run_module

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ci_repo"
LAYOUT = {
    "county/strong_county.txt": "strong_county.txt",
    "townships/township_good.txt": "township_good.txt",
    "townships/first_responsible_folded.txt": "first_responsible_folded.txt",
    "townships/nested/township_no_first_responsible.txt": "township_no_first_responsible.txt",
    "drafts/very_short.txt": "very_short.txt",
}


def build_repo(root: Path) -> Path:
    """The fixture repository in ``root``: its .reportcheck.yaml and the example reports in their folders."""
    shutil.copy(FIXTURE / ".reportcheck.yaml", root / ".reportcheck.yaml")
    for target, example in LAYOUT.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / example, root / target)
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture repository; cwd is a subfolder."""
    build_repo(tmp_path)
    monkeypatch.chdir(tmp_path / "townships")
    return tmp_path


def _check(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["check", "--format", "jsonl", *args])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, records


def test_each_folder_gets_its_rubric_and_ignores(repo: Path) -> None:
    code, records = _check("../county/strong_county.txt", "township_good.txt")
    assert code == 0
    county, township = records
    assert county["rubric"]["id"] == "fazhi-annual"
    assert township["rubric"]["id"] == "fazhi-annual-township"
    county_ids = {e["id"] for e in county["elements"]}
    township_ids = {e["id"] for e in township["elements"]}
    assert "digital_government" not in county_ids and "digital_government" not in township_ids
    assert "normative_documents" in county_ids and "normative_documents" not in township_ids
    assert county["fail_under"] == 60 and township["fail_under"] == 75


def test_ignoring_an_element_changes_the_score(repo: Path) -> None:
    (repo / "empty.yaml").write_text("", encoding="utf-8")
    _, (with_config,) = _check("township_good.txt")
    _, (without,) = _check("township_good.txt", "--config", "../empty.yaml", "--rubric", "fazhi-annual-township")
    assert {e["id"]: e["status"] for e in without["elements"]}["normative_documents"] == "missing"
    assert with_config["score"] > without["score"]


def test_excluded_files_are_not_checked(repo: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "jsonl", "../drafts/very_short.txt", "township_good.txt"])
    assert result.exit_code == 0
    files = [json.loads(line)["file"] for line in result.stdout.splitlines()]
    assert files == ["township_good.txt"]
    assert "very_short.txt" in result.stderr


def test_a_failing_report_exits_1(repo: Path) -> None:
    code, records = _check("township_good.txt", "nested/township_no_first_responsible.txt")
    assert code == 1
    assert [r["passed"] for r in records] == [True, False]
    assert records[1]["rubric"]["id"] == "fazhi-annual-township"


def test_command_line_options_win_over_the_file(repo: Path) -> None:
    code, (record,) = _check("first_responsible_folded.txt")
    assert code == 0 and record["fail_under"] == 75 and record["score"] < 99
    code, (record,) = _check("first_responsible_folded.txt", "--fail-under", "99")
    assert code == 1 and record["fail_under"] == 99 and not record["passed"]
    code, (record,) = _check("township_good.txt", "--rubric", "fazhi-annual")
    assert record["rubric"]["id"] == "fazhi-annual"
    assert "normative_documents" not in {e["id"] for e in record["elements"]}


def test_override_threshold_applies(repo: Path) -> None:
    config = yaml.safe_load((repo / ".reportcheck.yaml").read_text(encoding="utf-8"))
    config["overrides"][0]["fail_under"] = 99.9
    (repo / ".reportcheck.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    code, (township,) = _check("first_responsible_folded.txt")
    assert code == 1 and township["fail_under"] == 99.9
    assert _check("../county/strong_county.txt")[0] == 0


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"fail_under": 120}, "fail_under"),
        ({"ignore": ["no_such_element"]}, "ignore"),
        ({"colour": "red"}, "colour"),
        ({"overrides": [{"paths": "a/", "rubric": "no-such-rubric"}]}, "rubric"),
        ({"overrides": [{"rubric": "fazhi-annual"}]}, "overrides[0].paths"),
        ({"overrides": [{"paths": "a/", "fail_under": "high"}]}, "overrides[0].fail_under"),
    ],
)
def test_invalid_config_exits_2_naming_the_key(repo: Path, change: dict, key: str) -> None:
    config = yaml.safe_load((repo / ".reportcheck.yaml").read_text(encoding="utf-8"))
    config.update(change)
    (repo / ".reportcheck.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "township_good.txt"])
    assert result.exit_code == 2
    assert key in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_real_process_sarif_and_exit_code(repo: Path) -> None:
    """The installed entry point as CI runs it, from the repository root."""
    done = run_module("check", "--format", "sarif", *LAYOUT, cwd=repo)
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    assert [run["tool"]["driver"]["properties"]["rubric"] for run in log["runs"]] == [
        "fazhi-annual",
        "fazhi-annual-township",
    ]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for run in log["runs"] for r in run["results"]
    }
    assert "drafts/very_short.txt" not in uris
    assert "townships/nested/township_no_first_responsible.txt" in uris
    waived = [r for run in log["runs"] for r in run["results"] if r["ruleId"] == "digital_government"]
    assert waived and all(r["suppressions"][0]["kind"] == "external" for r in waived)  # waived: suppressed, kept
