"""Load on ``reportcheck serve``: N uploads at once of one report, their latency and the server's memory.

Starts ``python -m checker serve --no-browser --port 0`` on loopback (the traffic never leaves this
machine), sends N uploads at the same moment from N threads, follows each from its upload to its JSON
result, and prints the latency percentiles (upload sent → result read) and the peak memory: the
server process's own peak (VmHWM) and the largest sum of RSS over the server, its fork server and
the check processes (sampled every 50 ms). The suite's load test uses the same functions.

    python bench/bench_serve.py [REPORT] [--uploads 50] [--jobs 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import proctree

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


class Server:
    """``reportcheck serve`` on loopback as a child process; ``url`` once it answers. Stopped by Ctrl-C (SIGINT)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "checker", "serve", "--no-browser", "--port", "0", *args]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://\S+", line)
        if found is None:
            self.stop()
            raise RuntimeError(
                f"the server did not start: {line!r} {self.process.stderr.read() if self.process.stderr else ''}"
            )
        self.url = found.group(0)
        self.host, self.port = urlsplit(self.url).hostname or "", urlsplit(self.url).port or 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, timeout: float = 15, signum: int = signal.SIGINT) -> int:
        """Ctrl-C (or ``signum``), as a person would; the exit status (killed after ``timeout`` s)."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for field, filename, data in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request(
    server: Server, method: str, path: str, body: bytes = b"", kind: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection: status, headers (lower-case names), body."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers={"content-type": kind} if kind else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def check_once(server: Server, report: Path, deadline: float = 120) -> tuple[float, int, Any]:
    """Upload ``report`` as the page does and wait for its JSON result: (seconds, status, the JSON or the error)."""
    body, kind = _multipart({"rubric": "auto"}, [("file", report.name, report.read_bytes())])
    start = time.perf_counter()
    status, headers, _ = request(server, "POST", "/check", body, kind)
    if status != 303:
        return time.perf_counter() - start, status, None
    job = headers["location"]
    while time.perf_counter() - start < deadline:
        _, _, state = request(server, "GET", f"{job}/status")
        if json.loads(state)["state"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    status, _, data = request(server, "GET", f"{job}/report.json")
    return time.perf_counter() - start, status, json.loads(data) if status == 200 else data


class MemoryWatch:
    """The largest sum of RSS over a process and its descendants, sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, proctree.tree_rss(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load(server: Server, report: Path, uploads: int) -> list[tuple[float, int, Any]]:
    """``uploads`` checks of ``report`` sent at once, each from its own thread."""
    with ThreadPoolExecutor(uploads) as pool:
        return list(pool.map(lambda _: check_once(server, report), range(uploads)))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default=str(ROOT / "examples" / "strong_county.txt"))
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=None, help="checks at once (default: all cores)")
    options = parser.parse_args()
    report = Path(options.report)
    with Server(*(["--jobs", str(options.jobs)] if options.jobs else [])) as server, MemoryWatch(server.pid) as memory:
        check_once(server, report)  # warm up: the fork server, the rubric cache
        started = time.perf_counter()
        outcomes = load(server, report, options.uploads)
        wall = time.perf_counter() - started
        server_peak = proctree.peak_kb(server.pid) * 1024
    seconds = [s for s, status, _ in outcomes if status == 200]
    same = len({json.dumps(result, sort_keys=True) for _, _, result in outcomes}) == 1
    print(
        f"report {report.name} ({report.stat().st_size:,} bytes), {options.uploads} uploads at once,"
        f" {os.cpu_count()} cores"
    )
    print(f"succeeded {len(seconds)}/{len(outcomes)}, identical results: {same}, all done in {wall:.2f} s")
    if seconds:
        print(
            f"latency p50 {percentile(seconds, 0.5):.2f} s, p95 {percentile(seconds, 0.95):.2f} s, "
            f"max {max(seconds):.2f} s"
        )
    print(
        f"peak memory: server process {server_peak / MB:.0f} MB,"
        f" server with its check processes {memory.peak / MB:.0f} MB"
    )


if __name__ == "__main__":
    main()
