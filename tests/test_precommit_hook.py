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


def test_manifest_is_valid_and_runs_the_check(tmp_path: Path) -> None:
    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "reportcheck" and hook["language"] == "python" and hook["pass_filenames"]
    shutil.copy(FIXTURE, tmp_path / ".reportcheck.yaml")
    staged = {
        "county/strong_county.txt": "strong_county.txt",
        "townships/very_short.txt": "very_short.txt",
        "drafts/slogans_only.txt": "slogans_only.txt",
    }
    for target, example in staged.items():
        (tmp_path / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "examples" / example, tmp_path / target)
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
