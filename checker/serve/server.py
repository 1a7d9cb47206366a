"""``reportcheck serve``: bind, say where, open the browser, serve until Ctrl-C, leave nothing behind.

The socket is bound here, before uvicorn runs, so a port in use is one clear line (exit 2) and
``--port 0`` can print the port the system chose. Off loopback a token is required: the one given,
or one made here and printed in the address to open. The private folder (uploads, results, the
rubric cache of this run) is removed when the server stops, however it stops.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import tempfile
import threading
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import click

from checker.errors import ReportcheckError
from checker.serve.guard import is_loopback
from checker.serve.limits import ServeLimits

DEFAULT_PORT = 8765


class ServeOptions(NamedTuple):
    """What ``reportcheck serve`` was asked to do."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str | None = None
    browser: bool = True
    workers: int | None = None
    limits: ServeLimits = ServeLimits()


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ReportcheckError("bad_host", f"无法识别的地址“{host}” (unknown host)") from None
    family, kind, _, _, address = infos[0]
    sock = socket.socket(family, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise ReportcheckError(
            "port_in_use", f"无法在 {host}:{port} 上监听：{error.strerror}；请用 --port 换一个端口 (cannot listen)"
        ) from None
    sock.listen(128)
    sock.set_inheritable(False)
    return sock


def _address(host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def access_token(host: str, given: str | None) -> str | None:
    """The token requests must carry: the one given; off loopback, one made now when none was given."""
    if given:
        return given
    return None if is_loopback(host) else secrets.token_urlsafe(18)


def serve(options: ServeOptions) -> None:
    """Run the server until it is stopped; raises ReportcheckError for a usage problem."""
    import uvicorn

    from checker.serve.app import AppConfig, create_app

    loopback = is_loopback(options.host)
    token = access_token(options.host, options.token)
    sock = _bind(options.host, options.port)
    port = sock.getsockname()[1]
    root = Path(tempfile.mkdtemp(prefix="reportcheck-serve-"))  # mode 0700: this user only
    os.environ["REPORTCHECK_CACHE_DIR"] = str(root / "cache")  # uploaded rubrics never reach the user's cache
    server: uvicorn.Server | None = None
    hung_up: list[int] = []
    try:
        config = AppConfig(
            root, options.limits, token, options.workers or os.cpu_count() or 1, lambda: _stopping(server)
        )
        app = create_app(config)
        server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=3, lifespan="on")
        )
        address = _address("127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host, port, token)
        _announce(address, loopback, token is not None and options.token is None, config.workers)
        if options.browser:
            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
        with _hangup_stops(server) as hung_up:
            server.run(sockets=[sock])
    finally:
        sock.close()
        shutil.rmtree(root, ignore_errors=True)
    if hung_up:
        signal.raise_signal(signal.SIGHUP)  # now the command's own handler: one line, status 129
    click.echo("reportcheck serve: 已停止，临时文件已删除 (stopped; temporary files removed)", err=True)


@contextmanager
def _hangup_stops(server: Any) -> Iterator[list[int]]:
    """SIGHUP (the terminal closed) stops the server as Ctrl-C does; the list says whether it came.

    uvicorn handles SIGINT and SIGTERM itself; a SIGHUP left to the command's handler would raise
    inside the event loop and print a traceback.
    """
    hung_up: list[int] = []
    if not hasattr(signal, "SIGHUP"):
        yield hung_up
        return

    def hangup(signum: int, frame: Any) -> None:
        hung_up.append(signum)
        server.handle_exit(signum, frame)

    previous = signal.signal(signal.SIGHUP, hangup)
    try:
        yield hung_up
    finally:
        signal.signal(signal.SIGHUP, previous)


def _stopping(server: object) -> bool:
    return bool(getattr(server, "should_exit", False))


def _announce(address: str, loopback: bool, made_token: bool, workers: int) -> None:
    click.echo(f"reportcheck serve: 请在浏览器中打开 open in a browser: {address}")
    if not loopback:
        click.echo(
            "reportcheck serve: 已对局域网开放，只有持有完整地址（含令牌）的人能使用；同事的电脑上请把地址中的"
            " 127.0.0.1 换成本机的局域网 IP (shared on the network: give colleagues this address with this"
            " computer's network IP; only those with the token can use it)"
        )
        if made_token:
            click.echo(
                "reportcheck serve: 令牌是本次启动时生成的；用 --token 可固定令牌 (token generated for this run)"
            )
    click.echo(
        f"reportcheck serve: 同时最多检查 {workers} 份，按 Ctrl-C 停止 (at most {workers} at once; Ctrl-C stops)"
    )
