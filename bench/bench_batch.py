"""Benchmark ``reportcheck batch`` end to end on generated corpora.

Generates (or reuses) corpora of each size with make_corpus.py under ``bench/out/`` (git-ignored),
runs ``reportcheck batch DIR --jobs J --format FMT --out FILE`` once to measure memory (which also
warms up bytecode and the file cache) and then several times to time it, and prints the median wall
time, reports per second, the machine's capacity beside it and their ratio, and peak memory: the
largest sum of RSS over the batch process and its workers and the largest sum of their PSS (both
sampled from /proc in the untimed run), and the largest single process (getrusage).

    python bench/bench_batch.py [--sizes 1000 10000] [--repeats 3] [--jobs 2] [--seeds examples]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from make_corpus import make_corpus
from proctree import tree_pss, tree_rss

HERE = Path(__file__).resolve().parent


def _environment() -> dict[str, str]:
    """The environment for the measured runs: bytecode caching on, as in an installed package.

    pip compiles a package's modules when it installs it; a development checkout with
    PYTHONDONTWRITEBYTECODE set would instead compile every module on every start.
    """
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(corpus: Path, jobs: int, fmt: str, out: Path, sample: bool = False) -> tuple[float, int, int]:
    """Wall seconds of one batch run, and its peak tree RSS and PSS in bytes when ``sample`` (else 0).

    Sampling /proc every 50 ms takes CPU from the batch on a small machine, so timed runs do not sample.
    """
    command = [sys.executable, "-m", "checker", "batch", str(corpus), "--jobs", str(jobs), "--format", fmt]
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(
            [*command, "--out", str(out)], stdout=sink, stderr=sink, env=_environment(), cwd=HERE.parent
        )  # run from the checkout: ``-m checker`` is this code, whatever is installed
        peak = proportional = 0
        while sample and process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            proportional = max(proportional, tree_pss(process.pid))
            time.sleep(0.05)
        process.wait()
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"batch failed with exit code {process.returncode}: {' '.join(command)}")
    return wall, peak, proportional


_ONE_PROCESS = """
import statistics, sys, time
from pathlib import Path
from checker.batch.api import BatchOptions
from checker.batch.planning import plan_batch
from checker.batch.worker import WorkerConfig, check_one, init_worker
paths = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.txt"))[:200]
planned = plan_batch(paths, BatchOptions(fmt="csv"))
tasks = planned.tasks
init_worker(WorkerConfig(planned.rubrics, planned.columns))
def one_pass():
    start = time.perf_counter()
    for task in tasks:
        check_one(task)
    return (time.perf_counter() - start) / len(tasks)
one_pass()
print(statistics.median(one_pass() for _ in range(3)) * 1000)
"""


def capacity(corpus: Path, jobs: int) -> float:
    """Reports per second that ``jobs`` processes, each doing a worker's work on its own (the
    worker's own ``check_one`` with the batch's plan: read, check with the rubric of each report's
    level, reduce to a row, copy signature), manage side by side: the most a batch could reach on
    this machine now. What the batch loses against it is the pool's and the main process's share.

    Printed beside every size: on a shared machine the cores' speed changes from minute to minute,
    and it need not be the same on every core.
    """
    command = [sys.executable, "-c", _ONE_PROCESS, str(corpus)]
    runs = [
        subprocess.Popen(command, cwd=HERE.parent, env=_environment(), stdout=subprocess.PIPE, text=True)
        for _ in range(jobs)
    ]
    return sum(1000 / float(run.communicate()[0]) for run in runs)


def corpus_for(size: int, seeds: Path, chars: int) -> Path:
    """The generated corpus of ``size`` reports, made once and reused."""
    folder = HERE / "out" / f"corpus-{size}-{chars}"
    manifest = folder / "manifest.json"
    if not (manifest.exists() and json.loads(manifest.read_text(encoding="utf-8"))["reports"] == size):
        print(f"generating {size} reports into {folder} …", flush=True)
        make_corpus(seeds, folder, size, chars=chars, pairs=max(5, size // 50))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="csv", choices=["table", "jsonl", "csv", "xlsx"])
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "examples")
    parser.add_argument("--chars", type=int, default=4000)
    args = parser.parse_args()
    header = f"{'reports':>8} {'median s':>9} {'reports/s':>10} {'capacity/s':>11} {'ratio':>6}"
    print(header + f" {'peak MB RSS (all)':>18} {'PSS (all)':>10} {'1 proc':>7}")
    for size in args.sizes:
        corpus = corpus_for(size, args.seeds, args.chars)
        out = HERE / "out" / f"result.{args.format}"
        _, peak, proportional = run_once(corpus, args.jobs, args.format, out, sample=True)  # the warm-up: not timed
        single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        before = capacity(corpus, args.jobs)
        walls = [run_once(corpus, args.jobs, args.format, out)[0] for _ in range(args.repeats)]
        most = (before + capacity(corpus, args.jobs)) / 2  # before and after the timed runs, as they found it
        wall = statistics.median(walls)
        speed = f"{wall:>9.2f} {size / wall:>10.0f} {most:>11.0f} {size / wall / most:>6.0%}"
        memory = f"{peak / 2**20:>18.0f} {proportional / 2**20:>10.0f} {single:>7.0f}"
        print(f"{size:>8} {speed} {memory}", flush=True)


if __name__ == "__main__":
    main()
