"""``reportcheck serve`` as a real process on loopback: start, answer, stop on Ctrl-C, and 50 uploads at once.

The load test uses bench/bench_serve.py (the same client and measurements as the benchmark). It is
bounded: each upload waits at most two minutes for its result, and the whole at most three.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.serve.guard import is_loopback
from checker.serve.server import access_token
from tests.conftest import EXAMPLES, ROOT, bench_module, run_module

UPLOADS = 50
MEMORY_LIMIT = 300 * 1024 * 1024


def test_other_commands_do_not_load_the_web_stack() -> None:
    code = "import sys, checker.cli; print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_loopback_and_token() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "example.org", "::"))
    assert access_token("127.0.0.1", None) is None
    assert access_token("127.0.0.1", "given") == "given"
    made = access_token("0.0.0.0", None)
    assert made and len(made) >= 20 and made != access_token("0.0.0.0", None)


def test_a_port_in_use_is_one_clear_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_module("serve", "--no-browser", "--port", str(port))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "请用 --port 换一个端口" in done.stderr


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_serves_and_stops_cleanly(tmp_path: Path, signum: int, status: int) -> None:
    bench = bench_module("bench_serve")
    server = bench.Server(env={"TMPDIR": str(tmp_path)})
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert [p.name.startswith("reportcheck-serve-") for p in tmp_path.iterdir()] == [True]
        answer, headers, page = bench.request(server, "GET", "/")
        assert answer == 200 and "检查一份报告" in page.decode() and headers["x-content-type-options"] == "nosniff"
        _, answer, result = bench.check_once(server, EXAMPLES / "township_no_first_responsible.txt")
        assert answer == 200 and result["sections"][2]["status"] == "missing"
        helpers = bench.proctree.descendants(server.pid)  # the fork server
        assert helpers
    finally:
        code = server.stop(signum=signum)
    said = server.process.stderr.read()
    assert code == status and "已中断" in said and "Traceback" not in said and "ERROR" not in said
    assert list(tmp_path.iterdir()) == []  # the private folder is gone
    deadline = time.monotonic() + 5
    while any(bench.proctree.alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(bench.proctree.alive(pid) for pid in helpers)


def test_fifty_uploads_at_once(tmp_path: Path) -> None:
    bench = bench_module("bench_serve")
    report = EXAMPLES / "strong_county.txt"  # 16.6 KB, 5,900 characters: a real-sized report
    with bench.Server(env={"TMPDIR": str(tmp_path)}) as server, bench.MemoryWatch(server.pid) as memory:
        started = time.monotonic()
        outcomes = bench.load(server, report, UPLOADS)
        wall = time.monotonic() - started
        server_peak = bench.proctree.peak_kb(server.pid) * 1024
    assert [status for _, status, _ in outcomes] == [200] * UPLOADS
    results = {json.dumps(result, sort_keys=True) for _, _, result in outcomes}
    assert len(results) == 1 and json.loads(results.pop())["score"] > 0
    assert wall < 180
    assert server_peak < MEMORY_LIMIT and memory.peak < MEMORY_LIMIT
    seconds = [s for s, _, _ in outcomes]
    print(
        f"\n{UPLOADS} uploads in {wall:.2f} s on {os.cpu_count()} cores: p95 {bench.percentile(seconds, 0.95):.2f} s;"
        f" peak memory: server {server_peak / 2**20:.0f} MB, with its check processes {memory.peak / 2**20:.0f} MB"
    )


def test_help_names_the_options() -> None:
    done = run_module("serve", "--help")
    assert done.returncode == 0
    assert all(flag in done.stdout for flag in ("--host", "--port", "--token", "--no-browser", "--jobs"))
