"""Rubrics that test themselves: every bundled element's ``examples:`` and ``reportcheck rubric test``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.analysis.engine import check_document, compile_rubric
from checker.cli import main
from checker.project.selftest import FILLER, filler_report, lacking_examples, run_examples
from checker.rubric.load import builtin_rubrics
from checker.status import Status

BUNDLED = sorted(builtin_rubrics())


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_every_bundled_element_has_a_present_and_a_not_present_example(rubric_id: str) -> None:
    assert lacking_examples(compile_rubric(rubric_id).rubric) == []


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_bundled_rubrics_pass_their_own_examples(rubric_id: str) -> None:
    outcome = run_examples(rubric_id)
    assert outcome.examples >= 2 * len(compile_rubric(rubric_id).rubric.elements)
    assert [str(f) for f in outcome.failures] == []


@pytest.mark.parametrize("rubric_id", BUNDLED)
def test_the_filler_around_examples_credits_no_element(rubric_id: str) -> None:
    compiled = compile_rubric(rubric_id)
    result = check_document(filler_report(compiled.rubric), compiled)
    assert [e.id for e in result.elements if e.status is not Status.MISSING] == []
    assert not any(FILLER in ev.text for e in result.elements for ev in e.evidence)


def _contradicting_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: fazhi-annual\n"
        "id: mine\n"
        "elements:\n"
        "  - id: four_personally\n"
        "    examples:\n"
        "      - present: 县长亲自部署法治政府建设年度任务，亲自过问行政争议案件3件。\n"
        "      - missing: 县长将亲自部署法治政府建设工作。\n"
        "      - present: 明年县长将亲自部署法治政府建设工作。  # contradicts the element: a plan\n",
        encoding="utf-8",
    )
    return path


def test_an_example_that_contradicts_its_element_fails_with_file_line_and_reason(tmp_path: Path) -> None:
    path = _contradicting_rubric(tmp_path)
    done = CliRunner().invoke(main, ["rubric", "test", str(path)])
    assert done.exit_code == 1
    failures = [line for line in done.stdout.splitlines() if "four_personally" in line]
    assert len(failures) == 1
    assert failures[0].startswith(f"{path}:8: four_personally: expected present, got missing (")
    assert "计划" in failures[0]  # the reason says a plan is not work done
    assert "1 处不符" in done.stderr


def test_an_element_without_examples_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text(
        "extends: fazhi-annual\nid: bare\nelements:\n  - id: four_personally\n    examples: []\n", encoding="utf-8"
    )
    outcome = run_examples(str(path))
    mine = [(f.file, f.line, f.expected, f.got) for f in outcome.failures if f.element == "four_personally"]
    assert mine == [(str(path), 5, "examples", "none")]


def test_rubric_test_of_the_bundled_rubrics_passes() -> None:
    done = CliRunner().invoke(main, ["rubric", "test"])
    assert done.exit_code == 0, done.stdout
    assert all(f"{rubric_id}:" in done.stderr for rubric_id in BUNDLED) and "通过" in done.stderr
