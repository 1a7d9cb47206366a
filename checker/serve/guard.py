"""Every request passes here: the token, the Host and Origin checks, the session cookie, the security headers.

- **Token.** When the server has one (always, off loopback), a request carries it as a cookie, as
  ``Authorization: Bearer …`` or, on the first visit, as ``?token=…``: that sets the cookie and
  sends the browser to the same address without it, so it stays out of history and logs.
- **Host.** On loopback without a token, a ``Host`` that is not a loopback name is refused: a web
  page cannot reach this server by rebinding its own domain name to 127.0.0.1.
- **Origin.** A POST from a page of another origin is refused (no cross-site form submission).
- **Headers.** A Content-Security-Policy that allows nothing from outside this server, ``nosniff``,
  no referrer to other sites, no framing by other sites, and ``no-store`` on everything but the page's own files.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "reportcheck_token"
SESSION_COOKIE = "reportcheck_session"
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
# a report page: its own inline style only, no script at all, sandboxed (the page around it may size it)
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'self'; sandbox allow-same-origin allow-popups allow-modals"
)
_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # no-referrer would make a form's Origin "null"
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
_LOOPBACK_NAMES = {"localhost", "localhost.", "::1"}
Refusal = Callable[[int, str], Response]


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    """The name in a ``Host`` header, without its port (``[::1]:8765`` → ``::1``)."""
    return urlsplit(f"//{host}").hostname or ""


class Guard:
    """ASGI middleware in front of the whole app; ``refuse`` draws the page for a refused request."""

    def __init__(self, app: ASGIApp, token: str | None, refuse: Refusal) -> None:
        self.app = app
        self.token = token
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = SimpleCookie(headers.get("cookie", ""))
        session = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else None
        refused = self._refusal(scope, headers, cookies)
        if refused is not None:
            await self._secured(refused, scope)(scope, receive, send)
            return
        new_session = session is None or not session.isalnum() or len(session) > 64
        scope.setdefault("state", {})["session"] = secrets.token_hex(16) if new_session else session
        await self.app(scope, receive, self._sending(scope, send, new_session))

    def _refusal(self, scope: Scope, headers: Headers, cookies: SimpleCookie) -> Response | None:
        """The response for a request refused (or redirected to drop its token), else None."""
        host = headers.get("host", "")
        if self.token is None and not is_loopback(_host_name(host)):
            return self.refuse(400, "只接受本机地址的访问 (only loopback host names are accepted)")
        if self.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            given = _bearer(headers) or (cookies[TOKEN_COOKIE].value if TOKEN_COOKIE in cookies else "")
            if not given and "token" in query and secrets.compare_digest(query["token"], self.token):
                return self._drop_token(scope, query)
            if not secrets.compare_digest(given, self.token):
                return self.refuse(401, "需要访问令牌：请使用启动服务时显示的完整地址 (a valid token is required)")
        origin = headers.get("origin")
        if scope["method"] not in ("GET", "HEAD") and origin and urlsplit(origin).netloc != host:
            return self.refuse(403, "不接受来自其他网站的提交 (cross-site request refused)")
        return None

    def _drop_token(self, scope: Scope, query: dict[str, str]) -> Response:
        rest = urlencode({k: v for k, v in query.items() if k != "token"})
        response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
        assert self.token is not None
        response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
        return response

    def _secured(self, response: Response, scope: Scope) -> ASGIApp:
        _add_headers(response.headers, scope["path"])
        return response

    def _sending(self, scope: Scope, send: Send, new_session: bool) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _add_headers(headers, scope["path"])
                if new_session:
                    cookie = f"{SESSION_COOKIE}={scope['state']['session']}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append("set-cookie", cookie)
            await send(message)

        return sending


def _bearer(headers: Headers) -> str:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _add_headers(headers: MutableHeaders, path: str) -> None:
    """The security headers a response does not set itself; results are never cached."""
    headers.setdefault("content-security-policy", APP_CSP)
    for name, value in _HEADERS.items():
        headers.setdefault(name, value)
    headers.setdefault("cache-control", "no-cache" if path.startswith("/static/") else "no-store")
