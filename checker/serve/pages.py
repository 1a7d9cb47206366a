"""The page templates (Jinja2, package data): every value is escaped unless a template says otherwise, and none does."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse

_ENV = Environment(
    loader=PackageLoader("checker.serve", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)
_ENV.filters["num"] = lambda value: f"{value:g}"
_ENV.filters["percent"] = lambda value: f"{value:.0%}"


def page(name: str, http_status: int = 200, /, **values: Any) -> HTMLResponse:
    """The template ``name`` drawn with ``values``, as an HTML response with ``http_status``."""
    return HTMLResponse(_ENV.get_template(name).render(**values), status_code=http_status)


def error_page(status: int, message: str, details: tuple[str, ...] = ()) -> HTMLResponse:
    """A refusal or a failure, in one Chinese sentence (and its details), never a traceback."""
    return page("error.html", status, status=status, message=message, details=details)
