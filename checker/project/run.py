"""``run_check``: check report files as ``reportcheck check`` does, and write what was asked for.

The command line only parses its options and calls these; a program that embeds the checker calls
them too. Exit codes (DESIGN.md): 0 passed, 1 checked and failed, 2 usage or input error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO, NamedTuple

from checker.analysis.engine import candidates, check_document
from checker.errors import EXIT_ERROR, EXIT_FAILED, EXIT_OK, ConfigError, ReportcheckError
from checker.output import write_atomic
from checker.project.baseline import Comparison, compare, load_baseline
from checker.project.config import Config, load_config
from checker.project.planning import plan
from checker.render.formats import FORMATS, Checked, bytes_renderer, errors, renderer, results
from checker.result import ErrorRecord, Result
from checker.rubric.model import Rubric
from checker.sources import DEFAULT_LIMITS, Limits, limits_with, read_document
from checker.status import Status


class CheckOptions(NamedTuple):
    """What ``reportcheck check`` was asked to do."""

    rubric: str | None = None
    fmt: str = "text"
    fail_under: float | None = None
    out: str | None = None
    config: str | None = None
    max_size_mb: float | None = None
    timeout: float | None = None  # seconds to read one file (None: the default)


class CheckRun(NamedTuple):
    """The checked files in order, the files the config excluded, and the rubrics used by id."""

    checked: list[Checked]
    excluded: list[str]
    rubrics: dict[str, Rubric]
    warnings: list[str]  # what the config should say better: a waiver without a reason, or one never used
    limits: Limits = DEFAULT_LIMITS  # what reading a file was allowed (a binary format may read it again)

    @property
    def exit_code(self) -> int:
        """2 if a file could not be read, else 1 if a report failed, else 0."""
        if errors(self.checked):
            return EXIT_ERROR
        return EXIT_FAILED if any(not r.passed for r in results(self.checked)) else EXIT_OK

    def against(self, baseline: str, margin: float) -> Comparison:
        """This run's findings against an earlier JSON result (see ``checker.project.baseline``)."""
        return compare(results(self.checked), load_baseline(baseline), margin)

    def baseline_exit_code(self, comparison: Comparison) -> int:
        """2 if a file could not be read, else 1 if anything got worse than the baseline, else 0."""
        if errors(self.checked):
            return EXIT_ERROR
        return EXIT_FAILED if comparison.worse else EXIT_OK


def refuse_output_over_input(out: str | None, files: Sequence[str]) -> None:
    """``--out`` must never replace one of the reports being checked."""
    if not out or not os.path.exists(out):
        return
    for source in files:
        if os.path.exists(source) and os.path.samefile(source, out):
            raise ReportcheckError(
                "out_is_input", "输出文件就是被检查的报告，不能覆盖 (--out would overwrite an input report)", out
            )


def run_check(files: Sequence[str], options: CheckOptions) -> CheckRun:
    """Read and check every file with the settings the options and the project config give it.

    Raises ReportcheckError for a usage problem (a bad rubric or config, ``--out`` naming an input);
    a file that cannot be read becomes an ErrorRecord and the others are still checked.
    """
    refuse_output_over_input(options.out, files)
    if FORMATS[options.fmt].binary:
        _one_report_into_a_file(options, files)
    config = load_config(options.config)
    jobs, excluded = plan(list(files), config, options.rubric, options.fail_under)
    limits = limits_with(options.max_size_mb, options.timeout)
    checked: list[Checked] = []
    for job in jobs:
        try:
            document = read_document(job.source, limits)
        except ReportcheckError as error:
            checked.append(Checked(ErrorRecord.of(error, job.source)))
            continue
        result = check_document(
            document, job.rubric, job.fail_under, job.ignore, chosen_by=job.chosen_by, reasons=dict(job.reasons)
        )
        checked.append(Checked(result, document))
    rubrics = {c.rubric.id: c.rubric for job in jobs for c in candidates(job.rubric)}
    warnings = [*config.warnings, *_unused_waivers(config, results(checked))]
    return CheckRun(checked, excluded, rubrics, warnings, limits)


def _unused_waivers(config: Config, checked: list[Result]) -> list[str]:
    """Waivers that spared no report of the run anything: every report had the element, or none had it waived."""
    needed = {e.id for result in checked for e in result.waived if e.status is not Status.PRESENT}
    unused = sorted({w.id for w in config.all_waivers()} - needed)
    where = f"{config.path}: " if config.path else ""
    return [f"{where}豁免“{element}”未用上：本次检查的报告都已具备这一要素 (unused waiver)" for element in unused]


def _one_report_into_a_file(options: CheckOptions, files: Sequence[str]) -> None:
    """A binary format (the reviewed Word copy) is one report's, and goes into the file ``--out`` names."""
    fmt = options.fmt
    if not options.out:
        raise ConfigError(f"{fmt}_needs_out", f"{fmt} 格式需要用 --out 指定输出文件 (--format {fmt} needs --out FILE)")
    if len(files) != 1:
        raise ConfigError(
            f"{fmt}_one_report",
            f"{fmt} 格式一次只审阅一份报告；多份报告请用 reportcheck batch 报告/ --per-report 文件夹 --format {fmt}"
            f" (--format {fmt} takes one report; for many use batch --per-report DIR --format {fmt})",
        )


def write_output(run: CheckRun, fmt: str, out: str | None, stream: IO[str] | None = None, quiet: bool = False) -> None:
    """Render the run in ``fmt`` into ``out`` (atomically) or onto ``stream`` (default: standard output).

    Without ``out`` the text format is drawn by rich (tables and colours on a terminal). A text
    report of nothing (every file unreadable) never replaces an earlier file, and JSON of nothing
    is not written at all. ``quiet`` gives a passing report one line in the text format. A binary
    format (``docx``) is written only into ``out``, and not at all when its report could not be read.
    """
    stream = stream or sys.stdout
    if FORMATS[fmt].binary:
        data = bytes_renderer(fmt)(run.checked, run.limits)
        if data and out:  # nothing when the report could not be read: never a half-written copy
            write_atomic(out, data, follow_links=True)
        return
    if fmt == "text":
        checked = [item for item in run.checked if not isinstance(item.outcome, ErrorRecord)]
        if out is None:
            _print_rich(checked, stream, quiet)
            return
        if not checked:
            return
    elif not run.checked and fmt in ("json", "jsonl"):
        return
    else:
        checked = run.checked
    text = renderer(fmt)(checked, run.rubrics)
    if out:
        write_atomic(out, text, follow_links=True)  # a link stays a link; /dev/stdout is written into
    else:
        stream.write(text)


def _print_rich(checked: list[Checked], stream: IO[str], quiet: bool) -> None:
    from rich.console import Console
    from rich.text import Text

    from checker.render.text import print_result

    console = Console(file=stream, highlight=False, soft_wrap=False)
    for result in results(checked):
        if quiet and result.passed:
            console.print(Text.assemble(("✓ ", "green"), f"{result.file}  {result.verdict}"))
        else:
            print_result(result, console)
