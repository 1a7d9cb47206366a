"""SARIF 2.1.0 output: one run per rubric, one result per weak or missing element.

The rule id is the element id and the rule metadata comes from the rubric; each result points at
the line of its evidence, or at the heading of the part where the element belongs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.render.findings import finding_line, finding_place, pending, section_title
from checker.render.formats import Checked, errors, results
from checker.result import ElementResult, ErrorRecord, Result
from checker.rubric.model import Element, Rubric
from checker.status import Status

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _level(element: ElementResult) -> str:
    if element.status is Status.MISSING:
        return "error" if element.required else "warning"
    return "note"


def _uri(file: str) -> str:
    """A valid URI reference: file:// for absolute paths, percent-encoded relative ones (空格 → %20)."""
    path = Path(file)
    return path.resolve().as_uri() if path.is_absolute() else quote(path.as_posix())


def _rule(element: Element, rubric: Rubric) -> dict[str, Any]:
    section = rubric.section(element.section)
    return {
        "id": element.id,
        "name": element.id,
        "shortDescription": {"text": element.title},
        "fullDescription": {"text": element.description or f"{section.title if section else ''}：{element.title}"},
        "help": {"text": element.hint + (f"\n示例：{sample}" if (sample := element.sample_text()) else "")},
        "defaultConfiguration": {"level": "error" if element.required else "warning"},
        "properties": {"section": element.section, "weight": element.weight, "required": element.required},
    }


def _result(result: Result, element: ElementResult, rule_index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(result.file)}}
    line = finding_line(result, element)
    place = finding_place(result, element)
    if line:  # the line of the extracted text; a Word paragraph or a PDF page is in the message and properties
        location["region"] = {"startLine": line}
        if element.evidence:
            location["region"]["snippet"] = {"text": element.evidence[0].text}
        if place:
            location["region"]["properties"] = place.fields()
    at = f"（{place.label}）" if place else ""
    message = (
        f"{element.status.label}：{element.title}（{section_title(result, element.section)}）{at}。"
        f"{element.reason}。建议：{element.hint}"
    )
    record: dict[str, Any] = {
        "ruleId": element.id,
        "ruleIndex": rule_index[element.id],
        "level": _level(element),
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "properties": {"status": element.status, "score": result.score, "grade": result.grade},
    }
    if element.waiver is not None:  # waived by the project: still reported, so removing the waiver is no surprise
        justification = element.waiver or "配置文件豁免，未写理由 (waived in the config, no reason given)"
        record["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    return record


def _waived(result: Result) -> list[ElementResult]:
    """The waived elements the report does not fully meet: results with a suppression."""
    return [e for e in result.waived if e.status is not Status.PRESENT]


def _run(rubric: Rubric, checked: list[Result], unreadable: list[ErrorRecord]) -> dict[str, Any]:
    rules = [_rule(e, rubric) for e in rubric.elements]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = [
        {"level": "error", "message": {"text": f"{e.file}: {e.message}"}, "descriptor": {"id": e.code}}
        for e in unreadable
    ]
    return {
        "tool": {
            "driver": {
                "name": "reportcheck",
                "version": __version__,
                "rules": rules,
                "properties": {"rubric": rubric.id, "rubricVersion": rubric.version, "rubricTitle": rubric.title},
            }
        },
        # one category per rubric: code-scanning services tell runs of one tool apart by this id
        "automationDetails": {"id": f"reportcheck/{rubric.id}/"},
        "invocations": [{"executionSuccessful": not unreadable, "toolExecutionNotifications": notifications}],
        "results": [_result(r, e, rule_index) for r in checked for e in (*pending(r), *_waived(r))],
    }


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """A SARIF log for the checked reports; ``rubrics`` maps each result's rubric id to its Rubric."""
    checked, unreadable = results(items), errors(items)
    order = list(dict.fromkeys(r.rubric_id for r in checked)) or list(rubrics)[:1]
    runs = [
        _run(rubrics[rid], [r for r in checked if r.rubric_id == rid], unreadable if i == 0 else [])
        for i, rid in enumerate(order)
    ]
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": runs}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
