"""JSON Lines output: one compact result object (or error record) per line, as a batch writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checker.render.formats import Checked
from checker.render.json_out import dumps
from checker.rubric.model import Rubric


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """One compact JSON object per line."""
    return "".join(dumps(item.outcome.to_dict()) + "\n" for item in items)
