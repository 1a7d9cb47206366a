"""JSON and JSON Lines output (the result contract of DESIGN.md)."""

from __future__ import annotations

import json
from typing import Any

from checker.errors import ReportcheckError
from checker.result import SCHEMA, Result


def error_record(error: ReportcheckError, source: str) -> dict[str, Any]:
    """The line a file that could not be checked gets in batch output."""
    return {"schema": SCHEMA, "file": source, "error": {"code": error.code, "message": error.message}}


def dumps(record: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def render_json(results: list[Result | dict[str, Any]]) -> str:
    """One object for one report, a list for several."""
    records = [r.to_dict() if isinstance(r, Result) else r for r in results]
    return dumps(records[0] if len(records) == 1 else records, indent=2) + "\n"


def render_jsonl(results: list[Result | dict[str, Any]]) -> str:
    """One compact JSON object per line."""
    return "".join(dumps(r.to_dict() if isinstance(r, Result) else r) + "\n" for r in results)
