"""Where a batch's results go: a JSON line per row as it arrives, or the CSV or XLSX matrix (in ranking
order, when the batch is done), or nowhere."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING, Protocol

from checker.batch.columns import Columns
from checker.batch.matrix import CsvMatrix
from checker.batch.row import Row
from checker.output import atomic_path, atomic_text
from checker.render.json_out import dumps
from checker.result import ErrorRecord

if TYPE_CHECKING:
    from checker.batch.api import BatchOptions
    from checker.batch.copies import CopyPair
    from checker.batch.summary import Summary


class Sink(Protocol):
    """Takes each row in input order, then the batch's summary and copied pairs."""

    def add(self, row: Row) -> None: ...

    def finish(self, summary: Summary, pairs: list[CopyPair], quotes: dict[tuple[str, int], str]) -> None: ...


class _Jsonl:
    """One JSON object per line: the full result, or the error record."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def add(self, row: Row) -> None:
        record = row.record if row.error is None else dumps(ErrorRecord(row.file, *row.error).to_dict())
        self.stream.write((record or "") + "\n")

    def finish(self, *_: object) -> None:
        """Every line is written as its row arrives."""


class _Nothing:
    def add(self, row: Row) -> None:
        pass

    def finish(self, *_: object) -> None:
        pass


def open_sink(options: BatchOptions, rubric: Columns, stack: ExitStack) -> Sink:
    """The sink for ``options.fmt``; its file is closed (atomically renamed) by ``stack``."""
    if options.fmt in ("table", "docx"):  # the summary only (docx: reviewed copies go with the feedback files)
        return _Nothing()
    if options.fmt == "xlsx":
        from checker.batch.workbook import BatchWorkbook

        assert options.out, "prepare_outputs asks for --out with xlsx"
        return BatchWorkbook(stack.enter_context(atomic_path(options.out, follow_links=True)), rubric, options.copies)
    encoding = "utf-8-sig" if options.fmt == "csv" else "utf-8"
    if options.out:
        stream: IO[str] = stack.enter_context(atomic_text(options.out, encoding, follow_links=True))
    else:
        stream = sys.stdout
        if options.fmt == "csv":
            stream.write("\ufeff")
    return CsvMatrix(stream, rubric) if options.fmt == "csv" else _Jsonl(stream)
