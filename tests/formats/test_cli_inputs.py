"""Through the real command: every bad input is one line and exit code 2; .txt start-up stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BAD = ["scanned_pdf", "encrypted_pdf", "truncated_docx", "zip_bomb", "empty", "binary_txt"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_one_line_and_exit_2(files: dict[str, Path], name: str) -> None:
    done = _run("check", str(files[name]))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(files[name]) in lines[0]


@pytest.mark.parametrize("name", ["docx", "pdf", "html"])
def test_real_formats_check_through_cli(files: dict[str, Path], name: str) -> None:
    done = _run("check", str(files[name]), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["report"]["format"] == name
    assert report["report"]["year"] == 2024
    assert {s["id"]: s["status"] for s in report["sections"]}["first_responsible"] == "present"


def test_txt_check_does_not_import_heavy_readers(files: dict[str, Path]) -> None:
    probe = (
        "import sys\n"
        "from checker.cli import main\n"
        "from checker.analysis.engine import check_path\n"
        f"check_path({str(files['txt'])!r})\n"
        "heavy = sorted(m for m in ('docx', 'pdfplumber', 'pdfminer', 'pypdf', 'lxml')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
