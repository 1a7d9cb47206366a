"""Run every hostile-input case as a fresh process and write the table of outcomes.

    python bench/hostile_table.py                      # all cases, table into docs/hostile-inputs.md
    python bench/hostile_table.py --only fifo-named    # some cases, table on stdout only
    python bench/hostile_table.py --code ../main --out -   # the same cases against another checkout

Each case (``bench/hostile.py``) is built in a temporary folder and run there as
``python -m checker ARGS`` with the checkout's code, its own rubric cache, an address-space limit
(so a case that eats memory fails instead of taking the machine) and a wall-time limit (a case
that hangs is killed and reported as hung). Time is wall time; peak memory is the largest peak
resident size (VmHWM) of the process or any of its workers, sampled every 10 ms (``wait4``'s
ru_maxrss would count the resident size of this script, which a child inherits at fork). For signal
cases, the workers running when the signal is sent are looked up again three seconds after the run
ended: any still alive is an orphan.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hostile import CASES, ROOT, Case, Outcome, plant_cache
from proctree import alive, descendants, peak_kb

HERE = Path(__file__).resolve().parent
WALL_LIMIT = 60.0  # seconds before a case counts as hung
MEMORY_LIMIT = 4 << 30  # bytes of address space for the case's process and its workers


def _text(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:  # CSV lines end in CR LF
        return handle.read()


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(
    code: Path, folder: Path, args: list[str], env: dict[str, str] | None, sig: tuple[float, int] | None, group: bool
) -> Outcome:
    """Run ``python -m checker ARGS`` in ``folder``; return the outcome."""
    environment = {**os.environ, "PYTHONPATH": str(code), "REPORTCHECK_CACHE_DIR": str(folder / ".cache")}
    environment.update(env or {})
    out_path, err_path = folder / ".stdout", folder / ".stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "checker", *args],
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
        family: set[int] = set()
        signalled = timed_out = False
        peak = 0
        while True:
            peak = max([peak, *(peak_kb(p) for p in {process.pid, *descendants(process.pid)})])
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.perf_counter() - start
            if sig is not None and not signalled and elapsed >= sig[0]:
                family = descendants(process.pid)
                (os.killpg if group else os.kill)(process.pid, sig[1])
                signalled = True
            if elapsed > WALL_LIMIT:
                family |= descendants(process.pid)
                os.killpg(process.pid, signal.SIGKILL)
                timed_out = True
                pid, status, _ = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    orphans = 0
    if family:
        time.sleep(3.0)
        orphans = sum(alive(pid) for pid in family)
    for pid in family:  # never leave anything behind, whatever the case did
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    return Outcome(
        code=process.returncode,
        stdout=_text(out_path),
        stderr=_text(err_path),
        seconds=seconds,
        peak_mb=peak / 1024,
        orphans=orphans,
        timed_out=timed_out,
    )


def run_case(case: Case, code: Path) -> tuple[bool, str, Outcome]:
    """Build ``case`` in a fresh folder, run it against ``code``, judge it."""
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case.id}-") as tmp:
        folder = Path(tmp)
        run = case.build(folder)
        if case.id == "rubric-cache-planted":  # fill the cache with a first run, then plant the pickle
            _run(code, folder, run.args, run.env, None, False)
            plant_cache(folder)
        outcome = _run(code, folder, run.args, run.env, run.signal, run.group)
        ok, said = case.judge(folder, outcome)
        for path in folder.rglob("*"):  # a chmod-000 folder must not stop the clean-up
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
    return ok, said, outcome


def table(rows: list[tuple[Case, bool, str, Outcome]]) -> str:
    lines = [
        "| case | item | input | wanted | outcome | s | peak MB | |",
        "|---|---|---|---|---|--:|--:|---|",
    ]
    for case, ok, said, outcome in rows:
        said = said.replace("|", "\\|")
        mark = "ok" if ok else "**no**"
        lines.append(
            f"| `{case.id}` | {case.item} | {case.what} | {case.expect} | {said} | {outcome.seconds:.2f}"
            f" | {outcome.peak_mb:.0f} | {mark} |"
        )
    return "\n".join(lines) + "\n"


HEADER = """# Hostile and careless inputs

Every case of issue 15, built by `bench/hostile.py` and run by `bench/hostile_table.py` (this file is
its output: rerun it with `python bench/hostile_table.py`). Each case runs as a fresh
`python -m checker` process in its own folder, with a 4 GB address-space limit and killed after
{limit:.0f} s. *item* is the issue's numbered item; *held* cases already held and must keep holding;
`5 (loader)` and `6 (loader)` are for the rubric loader and cache. *s* is wall time, *peak MB* the
largest peak resident size (sampled) of the process or one of its workers. Measured on {machine}.

"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None, help="case ids to run (default: all)")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose code to run (default: this one)")
    parser.add_argument("--out", default=None, help="where to write the table ('-': stdout only)")
    options = parser.parse_args()
    cases = [c for c in CASES if options.only is None or c.id in options.only]
    if not sys.platform.startswith("linux"):
        cases = [c for c in cases if not c.linux_only]
    rows = []
    for case in cases:
        ok, said, outcome = run_case(case, options.code.resolve())
        rows.append((case, ok, said, outcome))
        print(f"{'ok ' if ok else 'NO '} {case.id:32} {outcome.seconds:7.2f} s {outcome.peak_mb:6.0f} MB  {said}")
    text = table(rows)
    out = options.out or ("-" if options.only else str(ROOT / "docs" / "hostile-inputs.md"))
    if out != "-":
        machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"
        Path(out).write_text(HEADER.format(limit=WALL_LIMIT, machine=machine) + text, encoding="utf-8")
        print(f"written: {out}")
    else:
        print(text)


if __name__ == "__main__":
    main()
