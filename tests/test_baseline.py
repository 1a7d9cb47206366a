"""``--baseline``: fail only on findings that are new or worse than an earlier JSON result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import EXAMPLES

GOOD = "township_good.txt"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two reports and the JSON result of both, taken as the baseline."""
    for name in (GOOD, "slogans_only.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, ["check", GOOD, "slogans_only.txt", "--format", "json", "--out", "base.json"])
    assert done.exit_code == 1  # slogans_only fails: without a baseline the run fails
    return tmp_path


def _check(*extra: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["check", GOOD, "slogans_only.txt", "--format", "json", *extra])
    return done.exit_code, done.stderr


def _edit(old: str, new: str) -> None:
    path = Path(GOOD)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_findings_pass_even_when_the_report_fails(repo: Path) -> None:
    code, err = _check("--baseline", "base.json")
    assert code == 0
    assert "新增 0，变差 0，改善 0" in err and "未变 " in err


def test_a_new_finding_fails_and_is_named(repo: Path) -> None:
    _edit("述法", "汇报")
    code, err = _check("--baseline", "base.json", "--score-margin", "50")
    assert code == 1
    assert f"新增 new: {GOOD}: 述职述法 [report_on_law]：具备 → 缺失" in err


def test_a_worsened_finding_fails(repo: Path, tmp_path: Path) -> None:
    base = json.loads(Path("base.json").read_text(encoding="utf-8"))
    slogans = next(r for r in base if r["file"] == "slogans_only.txt")
    weak = next(e for e in slogans["elements"] if e["status"] == "missing")
    weak["status"] = "weak"  # the baseline had it weak; now it is missing
    Path("edited.json").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    code, err = _check("--baseline", "edited.json", "--score-margin", "50")
    assert code == 1 and f"变差 worse: slogans_only.txt: {weak['title']} [{weak['id']}]：薄弱 → 缺失" in err


def test_a_fixed_finding_passes_and_is_reported(repo: Path) -> None:
    base = json.loads(Path("base.json").read_text(encoding="utf-8"))
    good = next(r for r in base if r["file"] == GOOD)
    present = next(e for e in good["elements"] if e["status"] == "present")
    present["status"] = "missing"
    Path("edited.json").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in base), encoding="utf-8")
    code, err = _check("--baseline", "edited.json")  # JSON lines are read too
    assert code == 0 and f"改善 fixed: {GOOD}: {present['title']} [{present['id']}]：缺失 → 具备" in err


def test_a_score_that_falls_past_the_margin_fails(repo: Path) -> None:
    base = json.loads(Path("base.json").read_text(encoding="utf-8"))
    good = next(r for r in base if r["file"] == GOOD)
    good["score"] += 3
    Path("edited.json").write_text(json.dumps(base), encoding="utf-8")
    assert _check("--baseline", "edited.json", "--score-margin", "5")[0] == 0
    code, err = _check("--baseline", "edited.json", "--score-margin", "2")
    assert code == 1 and f"得分下降 score: {GOOD}:" in err


def test_a_report_missing_from_the_baseline_has_only_new_findings(repo: Path) -> None:
    base = json.loads(Path("base.json").read_text(encoding="utf-8"))
    Path("one.json").write_text(json.dumps(next(r for r in base if r["file"] == GOOD)), encoding="utf-8")
    code, err = _check("--baseline", "one.json")
    assert code == 1 and "新增 new: slogans_only.txt:" in err


@pytest.mark.parametrize("content", ["not json at all", "[1, 2", ""])
def test_a_baseline_that_is_not_a_result_is_a_usage_error(repo: Path, content: str) -> None:
    Path("bad.json").write_text(content, encoding="utf-8")
    code, err = _check("--baseline", "bad.json")
    assert code == 2 and "bad.json" in err and "Traceback" not in err


def test_a_missing_baseline_file_is_a_usage_error(repo: Path) -> None:
    code, err = _check("--baseline", "nowhere.json")
    assert code == 2 and "nowhere.json" in err
