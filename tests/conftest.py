"""Shared paths and helpers for the tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT.parent / "shared" / "samples"


def load_labels(folder: Path) -> dict[str, dict[str, Any]]:
    """The hand-made expected results of a folder of reports."""
    return yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_module(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m checker ARGS`` as a real process, as a user or CI would."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def check_json(path: Path | str, *extra: str) -> dict[str, Any]:
    """The JSON result of checking one file through the command line."""
    code, out, err = run_cli("check", str(path), "--format", "json", *extra)
    assert code in (0, 1), err
    return json.loads(out)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not (SAMPLES / "labels.yaml").is_file():
        pytest.skip("../shared/samples is not present")
    return SAMPLES


@pytest.fixture(autouse=True)
def private_rubric_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's own rubric cache."""
    monkeypatch.setenv("REPORTCHECK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "rubric-cache"))
