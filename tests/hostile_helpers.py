"""Shared helpers for the hostile-input tests: the case corpus of bench/hostile.py, and a bounded runner.

Cases that could hang or eat memory on broken code run as separate processes with a wall-time
and an address-space limit, so a regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.conftest import bench_module

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 2 << 30


def load_corpus() -> ModuleType:
    """bench/hostile.py, the hostile-input corpus."""
    return bench_module("hostile")


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: list[str], cwd: Path, timeout: float = 30, env: dict[str, str] | None = None) -> Any:
    """Run ``python -m checker ARGS`` in ``cwd`` with time and memory limits; return the corpus Outcome.

    A run that overstays ``timeout`` is killed and comes back with ``timed_out`` set.
    """
    corpus = load_corpus()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_limit_memory,
    )
    try:
        out, err = process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        out, err = process.communicate()
        timed_out = True
    return corpus.Outcome(
        code=process.returncode,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        seconds=time.perf_counter() - start,
        peak_mb=0.0,
        timed_out=timed_out,
    )


def run_case(case_id: str, folder: Path, timeout: float = 30) -> tuple[bool, str, Any]:
    """Build a corpus case in ``folder``, run it bounded, and return (ok, description, outcome)."""
    corpus = load_corpus()
    case = next(c for c in corpus.CASES if c.id == case_id)
    run = case.build(folder)
    outcome = run_bounded(run.args, folder, timeout, run.env)
    ok, said = case.judge(folder, outcome)
    return ok, said, outcome
