"""Rubric self-tests: each element's ``examples:`` set into a plain report and judged as a report would be.

An example gives a text for the element's own part (or for several parts) and the status the element
must then have. The report around it has every part of the rubric with a neutral filler line that
matches no phrase of the rubric, so the example alone decides the verdict.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from checker.analysis.engine import CompiledRubric, check_document, compile_rubric
from checker.rubric.load import examples_line
from checker.rubric.model import Element, ElementExample, Rubric
from checker.text.document import Document

FILLER = "本部分其余内容从略。"
_NUMERALS = "一二三四五六七八九十"


class ExampleFailure(NamedTuple):
    """One example the element did not judge as its author said, or an element without examples."""

    file: str
    line: int
    element: str
    expected: str
    got: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.element}: expected {self.expected}, got {self.got} ({self.reason})"


class SelfTest(NamedTuple):
    """The outcome of one rubric's examples."""

    rubric: str
    examples: int
    failures: list[ExampleFailure]


def example_report(rubric: Rubric, element: Element, example: ElementExample) -> Document:
    """A report with every part of the rubric: the example's texts in their parts, filler elsewhere."""
    texts = {part or element.section: text for part, text in example.parts}
    lines = ["某县人民政府关于2025年度法治政府建设情况的报告", ""]
    for pos, section in enumerate(rubric.sections):
        if not section.required and section.id not in texts:
            continue
        heading = section.heading_phrases[0] if section.heading_phrases else section.title
        lines += [f"{_NUMERALS[pos]}、{heading}", texts.get(section.id, FILLER).strip(), ""]
    return Document.from_text("\n".join([*lines, "某县人民政府", "2026年1月10日"]))


def filler_report(rubric: Rubric) -> Document:
    """The report of an example that says nothing: every element should be missing in it."""
    blank = ElementExample("missing", ())
    return example_report(rubric, rubric.elements[0], blank)


def lacking_examples(rubric: Rubric) -> list[str]:
    """Ids of elements without at least one present example and one that is not present."""
    return [
        e.id
        for e in rubric.elements
        if not any(x.expect == "present" for x in e.examples) or all(x.expect == "present" for x in e.examples)
    ]


def run_examples(ref: str | None) -> SelfTest:
    """Judge every example of the rubric ``ref`` (id or path) and collect the disagreements."""
    compiled = compile_rubric(ref)
    rubric = compiled.rubric
    failures: list[ExampleFailure] = []
    count = 0
    for element in rubric.elements:
        if element.id in lacking_examples(rubric):
            file, line = examples_line(ref, element.id, 0)
            failures.append(
                ExampleFailure(_shown(file), line, element.id, "examples", "none", "缺少 present 与非 present 示例各一")
            )
        for pos, example in enumerate(element.examples):
            count += 1
            got, reason = _judge(compiled, element, example)
            if got != example.expect:
                file, line = examples_line(ref, element.id, pos)
                failures.append(ExampleFailure(_shown(file), line, element.id, example.expect, got, reason))
    return SelfTest(rubric.id, count, failures)


def _judge(compiled: CompiledRubric, element: Element, example: ElementExample) -> tuple[str, str]:
    result = check_document(example_report(compiled.rubric, element, example), compiled)
    found = next(e for e in result.elements if e.id == element.id)
    return str(found.status), found.reason


def _shown(path: str) -> str:
    """A path relative to the working folder when it lies under it, else as it is."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
