"""Benchmark one-report checking: wall time from process start, and in-process time per report.

Usage: python bench/bench_check.py [REPORT] [--runs N]
Prints medians (and min/max) for `reportcheck check REPORT --format json|text` as a fresh process,
the bare interpreter start for comparison, and the in-process time per report after warm-up.
Targets (issue 2): < 200 ms wall for --format json, < 2 ms per report in-process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(cmd: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system) of a command, ``runs`` times after one warm-up run.

    CPU time is the steadier figure on a busy machine; wall time is what the user waits.
    """
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


def in_process(report: Path, runs: int) -> list[float]:
    """Seconds per check_document call on an already-read document, after warm-up."""
    sys.path.insert(0, str(ROOT))
    from checker.analysis.engine import check_document, compile_rubric
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
        f"{label:<46} median {statistics.median(times) * unit:8.2f} ms"
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
    base, base_cpu = wall([sys.executable, "-c", "pass"], args.runs)
    show("python -c pass (interpreter start, wall)", base)
    show("python -c pass (interpreter start, cpu)", base_cpu)
    cli = [sys.executable, "-m", "checker", "check", str(report)]
    json_times, json_cpu = wall([*cli, "--format", "json"], args.runs)
    text_times, text_cpu = wall([*cli, "--format", "text"], args.runs)
    show("reportcheck check --format json (wall)", json_times)
    show("reportcheck check --format json (cpu)", json_cpu)
    show("reportcheck check --format text (wall)", text_times)
    show("reportcheck check --format text (cpu)", text_cpu)
    per_report = in_process(report, args.runs * 20)
    show("check_document in-process (per report)", per_report)
    print(
        f"ratio json wall / interpreter start: {statistics.median(json_times) / statistics.median(base):.1f}x; "
        f"reports per second in one process: {1 / statistics.median(per_report):,.0f}"
    )


if __name__ == "__main__":
    main()
