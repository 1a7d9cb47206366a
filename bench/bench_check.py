"""Benchmark one-report checking: wall time from process start, and in-process time per report.

Usage: python bench/bench_check.py [REPORT] [--runs N]
Prints medians (and min/max) for `reportcheck check REPORT --format json|text` as a fresh process,
the bare interpreter start for comparison, and the in-process time per report after warm-up.
Targets (issue 2): < 200 ms wall for --format json, < 2 ms per report in-process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of a command, run ``runs`` times after one warm-up run."""
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def in_process(report: Path, runs: int) -> list[float]:
    """Seconds per check_document call on an already-read document, after warm-up."""
    sys.path.insert(0, str(ROOT))
    from checker.engine import check_document, compile_rubric
    from checker.sources import read_document

    rubric = compile_rubric()
    document = read_document(report)
    for _ in range(20):
        check_document(document, rubric)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_document(document, rubric)
        times.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float], unit: float = 1000.0) -> None:
    print(
        f"{label:<42} median {statistics.median(times) * unit:8.2f} ms"
        f"   min {min(times) * unit:8.2f}   max {max(times) * unit:8.2f}   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default=str(ROOT / "examples" / "strong_county.txt"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    report = Path(args.report)
    chars = len(report.read_text(encoding="utf-8", errors="replace"))
    print(f"report: {report} ({chars} chars), python {sys.version.split()[0]}")
    base = wall([sys.executable, "-c", "pass"], args.runs)
    show("python -c pass (interpreter start)", base)
    cli = [sys.executable, "-m", "checker", "check", str(report)]
    json_times = wall([*cli, "--format", "json"], args.runs)
    show("reportcheck check --format json (wall)", json_times)
    show("reportcheck check --format text (wall)", wall([*cli, "--format", "text"], args.runs))
    per_report = in_process(report, args.runs * 20)
    show("check_document in-process (per report)", per_report)
    print(
        f"ratio json wall / interpreter start: {statistics.median(json_times) / statistics.median(base):.1f}x; "
        f"reports per second in one process: {1 / statistics.median(per_report):,.0f}"
    )


if __name__ == "__main__":
    main()
