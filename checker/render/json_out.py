"""JSON output: the result contract of DESIGN.md, one object for one report, a list for several."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from checker.render.formats import Checked
from checker.rubric.model import Rubric


def dumps(record: dict[str, Any] | list[dict[str, Any]], indent: int | None = None) -> str:
    """JSON text with Chinese kept as it is."""
    return json.dumps(record, ensure_ascii=False, indent=indent)


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """One object for one report, a list for several."""
    records = [item.outcome.to_dict() for item in items]
    return dumps(records[0] if len(records) == 1 else records, indent=2) + "\n"
