"""``reportcheck diff`` and ``reportcheck explain`` on the example reports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.analysis.engine import check_path, compile_rubric
from checker.cli import main
from checker.compare.drafts import diff_results, render_diff_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SLOGANS = str(EXAMPLES / "slogans_only.txt")
STRONG = str(EXAMPLES / "strong_county.txt")
TOWNSHIP = str(EXAMPLES / "township_no_first_responsible.txt")


def test_diff_of_a_thin_and_a_full_draft() -> None:
    old, new = (check_path(p, compile_rubric()) for p in (SLOGANS, STRONG))  # one rubric for both drafts
    diff = diff_results(old, new)
    assert diff.score_change == round(new.score - old.score, 1) > 0
    changes = {c.id: c for c in diff.elements}
    assert (changes["four_personally"].old, changes["four_personally"].new) == ("missing", "present")
    assert all(c.better for c in diff.elements)
    court = next(f for f in diff.figures if f.metric == "court_appearance_rate" and f.kind == "achieved")
    assert court.old == () and court.new == ("100%",)
    text = render_diff_text(diff)
    assert f"得分变化：+{diff.score_change:g}" in text and "↑ “四个亲自” [four_personally]：缺失 → 具备" in text
    back = diff_results(new, old)
    assert back.score_change == -diff.score_change and not any(c.better for c in back.elements)


def test_diff_of_one_changed_figure(tmp_path: Path) -> None:
    text = Path(STRONG).read_text(encoding="utf-8")
    assert "出庭应诉率100%" in text
    edited = tmp_path / "v2.txt"
    edited.write_text(text.replace("出庭应诉率100%", "出庭应诉率92%"), encoding="utf-8")
    diff = diff_results(check_path(STRONG), check_path(edited))
    assert [(f.metric, f.old, f.new) for f in diff.figures if f.kind == "achieved"] == [
        ("court_appearance_rate", ("100%",), ("92%",))
    ]
    changes = {c.id: c for c in diff.elements}
    assert (changes["court_appearance_rate_figure"].old, changes["court_appearance_rate_figure"].new) == (
        "present",
        "weak",
    )
    assert "92%" in changes["court_appearance_rate_figure"].reason
    assert diff.score_change < 0 and not any(c.better for c in diff.elements)


def test_diff_of_identical_drafts() -> None:
    diff = diff_results(check_path(STRONG), check_path(STRONG))
    assert (diff.score_change, diff.sections, diff.elements, diff.figures) == (0, (), (), ())
    assert "没有变化" in render_diff_text(diff)


def test_diff_cli_json_and_exit_codes() -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["diff", SLOGANS, TOWNSHIP, "--format", "json"])
    assert done.exit_code == 1  # the new draft fails
    data = json.loads(done.stdout)
    assert data["schema"] == "reportcheck/diff@1" and data["new"]["passed"] is False
    sections = {c["id"]: c for c in data["sections"]}
    assert sections["first_responsible"]["new"] == "missing"
    assert runner.invoke(main, ["diff", TOWNSHIP, STRONG]).exit_code == 0
    missing = runner.invoke(main, ["diff", TOWNSHIP, "nope.txt"])
    assert missing.exit_code == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr


def test_explain_without_a_file() -> None:
    done = CliRunner().invoke(main, ["explain", "four_personally"])
    assert done.exit_code == 0
    spec = compile_rubric().rubric
    part = spec.section("first_responsible").title
    assert "“亲自部署”" in done.stdout and f"必须写在“{part}”部分中" in done.stdout
    example = next(e for e in spec.elements if e.id == "four_personally").sample_text()
    assert "示例（评分细则给出）" in done.stdout and example in done.stdout
    assert "依据：《党政主要负责人履行推进法治建设第一责任人职责规定》第四条" in done.stdout


def test_explain_with_files() -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["explain", "four_personally", TOWNSHIP])
    assert (
        "结论：缺失" in missing.stdout
        and "部分：缺失" in missing.stdout
        and "建议：" in missing.stdout.split("在 ")[-1]
    )
    found = runner.invoke(main, ["explain", "four_personally", STRONG])
    element = next(e for e in check_path(STRONG).elements if e.id == "four_personally")
    assert (
        "结论：具备" in found.stdout and f"第{element.evidence[0].line}行：“{element.evidence[0].text}”" in found.stdout
    )
    township = runner.invoke(
        main, ["explain", "court_appearance_rate_figure", TOWNSHIP, "--rubric", "fazhi-annual-township"]
    )
    assert "也算具备：“无行政诉讼案件”" in township.stdout and "结论：具备 — 写明了" in township.stdout


def test_explain_unknown_element_suggests() -> None:
    done = CliRunner().invoke(main, ["explain", "four_personaly"])
    assert done.exit_code == 2 and "four_personally" in done.stderr and "Traceback" not in done.stderr
