"""The output formats of ``reportcheck check``: one registry, one renderer signature.

Every format's module has ``render(items, rubrics) -> str``: ``items`` are the checked files in
order (each a Result, or the ErrorRecord of a file that could not be read, with its Document when
it was read) and ``rubrics`` maps each rubric id of the run to its Rubric. A binary format's module
(``binary``: a file, never the terminal) has ``render(items, limits) -> bytes`` instead: it may read
a report again, within the run's limits. A module is imported only when its format is chosen, so
start-up stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from checker.result import ErrorRecord, Outcome, Result
from checker.rubric.model import Rubric
from checker.text.document import Document

if TYPE_CHECKING:
    from checker.sources import Limits


class Checked(NamedTuple):
    """One file of a run: its outcome, and the Document it was read into (None when unreadable)."""

    outcome: Outcome
    document: Document | None = None


Renderer = Callable[[Sequence[Checked], Mapping[str, Rubric]], str]
BytesRenderer = Callable[[Sequence[Checked], "Limits"], bytes]


class Format(NamedTuple):
    """An output format: its name on the command line, its module and what it is for."""

    name: str
    module: str
    description: str
    binary: bool = False


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "checker.render.text", "中文文字报告 (Chinese report for a person)"),
        Format("json", "checker.render.json_out", "结果 JSON (the result contract)"),
        Format("jsonl", "checker.render.json_lines", "每份报告一行 JSON (one JSON object per line)"),
        Format("html", "checker.render.html", "独立网页 (a self-contained page)"),
        Format("markdown", "checker.render.markdown", "Markdown"),
        Format("sarif", "checker.render.sarif", "SARIF 2.1.0 (code scanning)"),
        Format("junit", "checker.render.junit", "JUnit XML (CI test reports)"),
        Format("github", "checker.render.github", "GitHub Actions annotations"),
        Format("docx", "checker.render.docx_review", "带批注的 Word 审阅副本 (reviewed copy, Word comments)", True),
    )
}


def renderer(name: str) -> Renderer:
    """The ``render`` function of a format, imported now."""
    render: Renderer = importlib.import_module(FORMATS[name].module).render
    return render


def bytes_renderer(name: str) -> BytesRenderer:
    """The ``render`` function of a binary format, imported now."""
    render: BytesRenderer = importlib.import_module(FORMATS[name].module).render
    return render


def results(items: Sequence[Checked]) -> list[Result]:
    """The Results among checked files, in order (unreadable files left out)."""
    return [item.outcome for item in items if isinstance(item.outcome, Result)]


def errors(items: Sequence[Checked]) -> list[ErrorRecord]:
    """The ErrorRecords of the files that could not be read, in order."""
    return [item.outcome for item in items if isinstance(item.outcome, ErrorRecord)]
