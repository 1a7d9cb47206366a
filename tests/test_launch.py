"""The process entry point ends without interpreter teardown but keeps exit codes, output and exit handlers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, run_module

EXAMPLES = ROOT / "examples"


def test_exit_codes_and_output_survive_the_fast_exit(tmp_path) -> None:
    passing = run_module("check", str(EXAMPLES / "strong_county.txt"), "--format", "json")
    failing = run_module("check", str(EXAMPLES / "slogans_only.txt"), "--format", "json")
    missing = run_module("check", str(tmp_path / "没有这个文件.txt"))
    assert (passing.returncode, failing.returncode, missing.returncode) == (0, 1, 2)
    assert json.loads(passing.stdout)["passed"] is True  # the whole document arrived, flushed
    assert "没有这个文件.txt" in missing.stderr and "Traceback" not in missing.stderr
    assert run_module("--version").returncode == 0


def test_exit_handlers_still_run(tmp_path) -> None:
    """Coverage and multiprocessing save or clean up in atexit handlers: the entry point runs them."""
    marker = tmp_path / "ran"
    code = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        "sys.argv = ['reportcheck', '--version']\n"
        "from checker.launch import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "reportcheck" in done.stdout
    assert marker.read_text() == "yes"


def test_a_closed_pipe_is_not_a_traceback() -> None:
    reports = sorted(str(path) for path in EXAMPLES.glob("*.txt"))
    command = [sys.executable, "-m", "checker", "check", *reports, *reports, "--format", "json"]  # > a pipe's buffer
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # the reader goes away, as with | head
        error = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in error


def test_a_bug_is_one_line_and_exit_2_unless_debugging() -> None:
    code = (
        "import sys\n"
        "import checker.launch as launch\n"
        "def broken(): raise KeyError('planted')\n"
        "launch.main = broken\n"
        "launch.run()\n"
    )
    quiet = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    assert quiet.stderr.strip().splitlines() == [
        "reportcheck: 内部错误，请附上命令和输入报告此问题 (internal error: KeyError('planted'))"
    ]
    env = {**os.environ, "REPORTCHECK_DEBUG": "1"}
    loud = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    assert loud.returncode == 2 and "Traceback" in loud.stderr and "planted" in loud.stderr
