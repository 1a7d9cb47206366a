"""Outputs never overwrite inputs: before a batch starts, every file it will write is checked against
every input, by what the files are (device and inode, so links and second names are caught too).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable

from checker.batch.collect import FileKey, Input, file_key
from checker.errors import ReportcheckError

# How each kind of batch output begins: a JSON line, the CSV matrix (after its BOM), the summary text.
_OWN_HEAD = re.compile(r'^(?:\{"schema": "reportcheck/|\ufeff报告文件,|共 \d+ 份报告：)')
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def holds_own_output(path: str) -> bool:
    """Whether ``path`` is a regular file that an earlier batch wrote (JSON lines, CSV matrix, summary).

    Such a file in an input folder is the batch's own ``--out`` from a previous run: it is left out
    of the reports and replaced. Any other file there is an input, and writing over it is refused.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        fd = os.open(path, _OPEN_FLAGS)
        try:
            head = os.read(fd, 64)
        finally:
            os.close(fd)
    except OSError:
        return False
    return _OWN_HEAD.match(head.decode("utf-8", "ignore")) is not None


def _clash(output: str, source: str) -> ReportcheckError:
    return ReportcheckError(
        "output_clash",
        f"输出会覆盖被检查的报告 {source}，请换一个输出位置 (the output would overwrite an input report: {source})",
        output,
    )


def refuse_clashes(
    inputs: list[Input], arguments: Iterable[str], out: str | None, per_report: str | None, feedback: list[str]
) -> None:
    """Raise ``output_clash`` if ``--out`` or a ``--per-report`` file (``feedback``: names in that
    folder) is one of the inputs, or if the ``--per-report`` folder holds a folder given as input.
    """
    if per_report:
        folder = os.path.realpath(per_report)
        for argument in arguments:
            real = os.path.realpath(argument)
            if os.path.isdir(argument) and (real == folder or real.startswith(folder + os.sep)):
                raise _clash(per_report, argument)
    outputs: dict[FileKey, str] = {}
    if out and (key := file_key(out)) is not None:
        outputs[key] = out
    if per_report and feedback:
        try:
            existing = set(os.listdir(per_report)).intersection(feedback)
        except OSError:
            existing = set()
        for name in existing:
            path = os.path.join(per_report, name)
            if (key := file_key(path)) is not None:
                outputs[key] = path
    for item in inputs:
        if item.key in outputs:
            raise _clash(outputs[item.key], item.path)
