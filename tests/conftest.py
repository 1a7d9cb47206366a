"""Shared paths and helpers for the tests."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
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


def label_mismatches(report: dict[str, Any], label: dict[str, Any]) -> list[str]:
    """How a checked report's JSON record differs from its hand label (the fields the label gives)."""
    info = report["report"]
    got = {k: info.get(k) for k in ("issuer", "level", "year", "date", "date_source", "title")}
    want = {k: label[k] for k in got if k in label}
    if want.get("date") is not None:
        want["date"] = str(want["date"])
    out = [f"{k}: expected {v!r}, got {got[k]!r}" for k, v in want.items() if got[k] != v]
    statuses = {s["id"]: s["status"] for s in report["sections"]}
    wanted_parts = {"other": "missing", **label["sections"]} if "sections" in label else {}
    out += [f"sections.{k}: expected {v}, got {statuses[k]}" for k, v in wanted_parts.items() if statuses[k] != v]
    if "court_appearance_rate" in label:
        rates = [
            f["value"] for f in report["figures"] if f["metric"] == "court_appearance_rate" and f["kind"] == "achieved"
        ]
        rate, want_rate = (rates[0] if rates else None), label["court_appearance_rate"]
        if (rate is None) != (want_rate is None) or (rate is not None and abs(rate - want_rate) > 0.06):
            out.append(f"court_appearance_rate: expected {want_rate}, got {rate}")
    return out


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


def bench_module(name: str) -> ModuleType:
    """A script of bench/ imported as a module, once (its sibling modules importable, as when it runs)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(ROOT / "bench") not in sys.path:
        sys.path.append(str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
