"""Read back the example paragraphs of copied pairs (only those, at the end of a batch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.errors import ReportcheckError
from checker.sources import read_document

if TYPE_CHECKING:
    from checker.batch.copies import CopyPair

QUOTE_CHARS = 60


def quote_examples(pairs: list[CopyPair], limit: int = 50) -> dict[tuple[str, int], str]:
    """The text of each example line of the first ``limit`` pairs, shortened, keyed by (file, line)."""
    wanted: dict[str, set[int]] = {}
    for pair in pairs[:limit]:
        for example in pair.examples:
            wanted.setdefault(pair.file_a, set()).add(example.line_a)
            wanted.setdefault(pair.file_b, set()).add(example.line_b)
    quotes: dict[tuple[str, int], str] = {}
    for file, lines in wanted.items():
        try:
            document = read_document(file)
        except ReportcheckError:
            continue
        for line in lines:
            text = document.lines[line - 1].strip() if line <= len(document.lines) else ""
            quotes[(file, line)] = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"
    return quotes
