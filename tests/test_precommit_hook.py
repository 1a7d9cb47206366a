"""The .pre-commit-hooks.yaml manifest is valid for pre-commit and its entry checks the files it selects."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ci_repo" / ".reportcheck.yaml"


def _repository(folder: Path, staged: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """A report repository in ``folder`` with the CI config and ``staged`` examples; the hook it would run."""
    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    shutil.copy(FIXTURE, folder / ".reportcheck.yaml")
    for target, example in staged.items():
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "examples" / example, folder / target)
    return hook


def test_manifest_is_valid_and_runs_the_check(tmp_path: Path) -> None:
    staged = {
        "county/strong_county.txt": "strong_county.txt",
        "townships/very_short.txt": "very_short.txt",
        "drafts/slogans_only.txt": "slogans_only.txt",
    }
    hook = _repository(tmp_path, staged)
    assert hook["id"] == "reportcheck" and hook["language"] == "python" and hook["pass_filenames"]
    (tmp_path / "README.md").write_text("# 报告库\n", encoding="utf-8")
    candidates = [*staged, "README.md", "scan.png"]
    files = [f for f in candidates if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    assert files == list(staged)
    assert all(re.search(hook["files"], f"r.{ext}") for ext in ("docx", "pdf", "html", "mhtml", "doc"))
    program, *args = shlex.split(hook["entry"])
    assert program == "reportcheck"
    run = [sys.executable, "-m", "checker", *args, *hook["args"]]
    failing = subprocess.run([*run, *files], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert failing.returncode == 1, failing.stderr  # very_short.txt fails; drafts/ is excluded
    assert "drafts/slogans_only.txt" in failing.stderr and "townships/very_short.txt" in failing.stdout
    passing = subprocess.run([*run, files[0]], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert passing.returncode == 0, passing.stderr


def test_the_hook_prints_one_line_per_passing_file_and_the_findings_of_failing_ones(tmp_path: Path) -> None:
    staged = {
        "county/strong_county.txt": "strong_county.txt",
        "county/first_responsible_folded.txt": "first_responsible_folded.txt",
        "townships/township_good.txt": "township_good.txt",
        "townships/very_short.txt": "very_short.txt",
    }
    hook = _repository(tmp_path, staged)
    _, *args = shlex.split(hook["entry"])
    run = [sys.executable, "-m", "checker", *args, *hook["args"], *staged]
    done = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    for passing in ("county/strong_county.txt", "county/first_responsible_folded.txt", "townships/township_good.txt"):
        assert sum(passing in line for line in lines) == 1, passing
        assert any(line.startswith(f"✓ {passing}  通过") for line in lines)
    assert sum(line.startswith("✓ ") for line in lines) == 3
    assert (
        "townships/very_short.txt" in done.stdout and "需要补充或加强的要素" in done.stdout
    )  # the failing one in full
