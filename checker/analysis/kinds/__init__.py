"""Element kinds: how an element of a rubric is read from YAML, found, judged and described.

A kind is one module here with one object that has:
- ``name``: what a rubric writes as ``kind:``;
- ``summary``: one line on what it judges (for the docs);
- ``shape`` and ``parse``: the keys it adds to an element and how they become its params;
- ``codec_types``: the record types of its params (the rubric cache builds only those);
- ``phrases(params)``: the literal phrases it needs the matcher to find;
- ``judge(element, ctx)``: status, reason and evidence for one report;
- ``describe(element, rubric)`` and ``sample(element, rubric)``: its rules in Chinese, and a sentence
  that satisfies it (for ``explain``, ``rubric show`` and docs/rubric.md).

``KINDS`` is the registry; asking it for a kind it does not have fails loudly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.analysis.kinds.base import Judgement, Kind
from checker.result import ElementResult
from checker.rubric.model import Element, Rubric

if TYPE_CHECKING:
    from checker.analysis.context import Context

__all__ = ["KINDS", "Judgement", "Kind", "Registry", "judge", "phrases"]


class Registry(dict[str, Kind]):
    """The element kinds by name; a name it does not know is an error, never a silent default."""

    def __missing__(self, name: str) -> Kind:
        raise KeyError(f"no element kind named {name!r} (known: {', '.join(sorted(self))})")


def _registry() -> Registry:
    from checker.analysis.kinds.answers import ANSWERS
    from checker.analysis.kinds.causes import CAUSES
    from checker.analysis.kinds.figure import FIGURE
    from checker.analysis.kinds.keywords import KEYWORDS
    from checker.analysis.kinds.specificity import SPECIFICITY
    from checker.analysis.kinds.tasks import TASKS

    kinds: tuple[Kind, ...] = (KEYWORDS, FIGURE, CAUSES, ANSWERS, TASKS, SPECIFICITY)
    return Registry({kind.name: kind for kind in kinds})


KINDS = _registry()


def judge(element: Element, ctx: Context) -> ElementResult:
    """Judge one element against the report with its kind."""
    verdict = KINDS[element.kind].judge(element, ctx)
    return ElementResult(
        id=element.id,
        title=element.title,
        section=element.section,
        status=verdict.status,
        weight=element.weight,
        required=element.required,
        reason=verdict.reason,
        hint=element.hint,
        evidence=verdict.evidence,
        reason_code=verdict.code,
        penalty=verdict.penalty,
    )


def phrases(rubric: Rubric) -> set[str]:
    """Every literal phrase the rubric's elements, parts and metrics need found."""
    found: set[str] = set()
    for section in rubric.sections:
        found.update(section.body_keywords)
    for metric in rubric.metrics:
        found.update(metric.keywords)
    for element in rubric.elements:
        found.update(KINDS[element.kind].phrases(element.params))
    return {p for p in found if p}
