"""How a batch ends when it is stopped or a worker is lost (issue 15, items 3 and 7).

Ctrl-C and SIGTERM stop it quietly: exit 130 or 143, one line, no temporary file, no worker left.
A killed parent's workers leave on their own. A worker that dies, or that a report keeps past its
budget, costs that report only. Each runs as a real process with a wall-time limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_helpers import ROOT, load_corpus

corpus = load_corpus()
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")


def _workers(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        found |= {int(n) for n in Path(f"/proc/{pid}/task/{task}/children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] not in "ZX"
    except OSError:
        return False


def _start(folder: Path, extra: list[str]) -> subprocess.Popen[bytes]:
    args = ["batch", "in", "-j", "2", "--format", "jsonl", "--out", "res.jsonl", "--per-report", "fb", *extra]
    return subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _running(process: subprocess.Popen[bytes], folder: Path) -> set[int]:
    """Wait until the workers have written some feedback; return their process ids."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        feedback = folder / "fb"
        if feedback.is_dir() and len(os.listdir(feedback)) >= 20:
            return _workers(process.pid)
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the batch did not start")


def _corpus(folder: Path, count: int = 3000) -> None:
    for n in range(count):
        corpus.write(folder / "in" / f"r{n:04d}.txt", "\n".join(corpus.LINES[n % 7 :]) + "\n")


@pytest.mark.parametrize(("number", "status", "group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)])
def test_a_stopped_batch_leaves_nothing_behind(tmp_path: Path, number: int, status: int, group: bool) -> None:
    _corpus(tmp_path)
    process = _start(tmp_path, [])
    workers = _running(process, tmp_path)
    (os.killpg if group else os.kill)(process.pid, number)  # Ctrl-C reaches the whole process group
    try:
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == status
    assert err.decode().strip().splitlines() == [f"reportcheck: 已中断 interrupted ({signal.Signals(number).name})"]
    assert not list(tmp_path.rglob("*.tmp")) and not (tmp_path / "res.jsonl").exists()
    assert workers and not any(_alive(pid) for pid in workers)


def test_workers_leave_when_their_parent_is_killed(tmp_path: Path) -> None:
    _corpus(tmp_path, 1500)
    corpus.one_line_pdf(tmp_path / "in" / "a.pdf", 1_500_000)  # keeps a worker busy for its whole budget
    process = _start(tmp_path, [])
    workers = _running(process, tmp_path)
    process.kill()
    process.communicate(timeout=20)
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert workers and not left


SCRIPT = """
import os, sys, time
import checker.batch.runner as runner
import checker.batch.worker as worker
from checker.batch import BatchOptions, run_batch

runner.WATCHDOG_GRACE = 0.5
read = worker.read_document

def hostile(path, *args):
    if path.endswith("die.txt"):
        os.kill(os.getpid(), 9)  # a crash, or the out-of-memory killer
    if path.endswith("stuck.txt"):
        time.sleep(60)  # stuck where the alarm cannot reach (outside the reader)
    return read(path, *args)

worker.read_document = hostile
outcome = run_batch([sys.argv[1]], BatchOptions(jobs=2, fmt="jsonl", copies=False, timeout=0.5))
sys.exit(outcome.exit_code)
"""


def test_a_dead_or_stuck_worker_costs_its_report_only(tmp_path: Path) -> None:
    names = [f"r{n:02d}.txt" for n in range(30)]
    names[5], names[17] = "r05_die.txt", "r17_stuck.txt"
    corpus.reports(tmp_path / "in", *names)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "in")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    rows = corpus.jsonl(done.stdout)
    assert [Path(r["file"]).name for r in rows] == names  # every report, in order
    errors = {Path(r["file"]).name: r["error"]["code"] for r in rows if "error" in r}
    assert errors == {"r05_die.txt": "worker_died", "r17_stuck.txt": "timeout"}, done.stderr
    assert done.returncode == 2 and "Traceback" not in done.stderr


SMALL_BUFFERS = """
import os, socket, sys
import multiprocessing.connection as connection

real = connection.Pipe

def small(duplex=True):  # socket buffers as small as macOS gives by default
    ends = real(duplex)
    for end in ends:
        sock = socket.socket(fileno=os.dup(end.fileno()))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.close()
    return ends

connection.Pipe = small
from checker.batch import BatchOptions, run_batch
sys.exit(run_batch([sys.argv[1]], BatchOptions(jobs=2, fmt="jsonl", copies=False)).exit_code)
"""


def test_large_chunks_and_rows_over_small_socket_buffers_do_not_deadlock(tmp_path: Path) -> None:
    folder = tmp_path / ("法" * 80) / ("治" * 80)  # long paths: a chunk of tasks fills the buffer
    corpus.reports(folder, *(f"report-with-a-long-name-{n:04d}.txt" for n in range(300)))
    done = subprocess.run(
        [sys.executable, "-c", SMALL_BUFFERS, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert len(corpus.jsonl(done.stdout)) == 300, done.stderr
