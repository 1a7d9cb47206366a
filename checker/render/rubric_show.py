"""``reportcheck rubric show``: a rubric's parts and elements, grouped by part, for a terminal or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from checker.analysis.kinds import KINDS
from checker.rubric.model import Rubric

if TYPE_CHECKING:
    from rich.console import RenderableType


def rubric_tables(spec: Rubric, ids: bool = False) -> list[RenderableType]:
    """A heading line and one table per part: element name, weight, required, how it is found.

    Chinese names only unless ``ids``; the id column never wraps, the other columns fold.
    """
    from rich.table import Table
    from rich.text import Text

    out: list[RenderableType] = [
        Text.assemble((spec.title, "bold"), f"  {spec.id} {spec.version}  及格线 {spec.pass_threshold:g}"),
    ]
    for section in spec.sections:
        elements = [e for e in spec.elements if e.section == section.id]
        mark = "必备" if section.required else "可选"
        table = Table(
            title=f"{section.title}（部分权重 {section.weight:g}，{mark}）",
            title_justify="left",
            expand=False,
            show_edge=False,
            pad_edge=False,
        )
        if ids:
            table.add_column("id", no_wrap=True, style="dim")
        table.add_column("要素", overflow="fold", ratio=2)
        table.add_column("权重", justify="right", no_wrap=True)
        table.add_column("如何判断", overflow="fold", ratio=3)
        for element in elements:
            name = f"★ {element.title}" if element.required else element.title
            row = [name, f"{element.weight:g}", _brief(element, spec)]
            table.add_row(*([element.id, *row] if ids else row))
        out.append(table if elements else Text(f"{section.title}：没有要素", style="dim"))
    out.append(Text("★ 必备要素：缺失即不通过。加 --ids 显示要素 id，--format json 输出全部字段。", style="dim"))
    return out


def _brief(element: Any, spec: Rubric) -> str:
    return KINDS[element.kind].brief(element, spec)


def rubric_json(spec: Rubric) -> str:
    """The rubric's parts and elements with their ids, as JSON."""
    return json.dumps(rubric_data(spec), ensure_ascii=False, indent=2) + "\n"


def rubric_data(spec: Rubric) -> dict[str, Any]:
    """The rubric's parts and elements with their ids and how each is found, as plain values."""
    return {
        "id": spec.id,
        "version": spec.version,
        "title": spec.title,
        "pass_threshold": spec.pass_threshold,
        "sections": [{"id": s.id, "title": s.title, "weight": s.weight, "required": s.required} for s in spec.sections],
        "elements": [
            {
                "id": e.id,
                "title": e.title,
                "section": e.section,
                "kind": e.kind,
                "weight": e.weight,
                "required": e.required,
                "matches": _brief(e, spec),
                "hint": e.hint,
                "source": e.source,
            }
            for e in spec.elements
        ],
    }
