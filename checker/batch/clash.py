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
NOTICE_MARKER = "reportcheck notice"  # the comment in the properties of a notice the batch wrote
_PROPERTIES = "docProps/core.xml"


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


def holds_own_notice(path: str) -> bool:
    """Whether ``path`` is a Word file that an earlier batch wrote as its ``--notice`` (its properties say so).

    Like an earlier ``--out``, such a notice in an input folder is not a report: it is left out and replaced.
    """
    import zipfile

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with zipfile.ZipFile(path) as archive:
            properties = archive.getinfo(_PROPERTIES)
            return properties.file_size < 65536 and NOTICE_MARKER.encode() in archive.read(properties)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _clash(output: str, source: str) -> ReportcheckError:
    return ReportcheckError(
        "output_clash",
        f"输出会覆盖被检查的报告 {source}，请换一个输出位置 (the output would overwrite an input report: {source})",
        output,
    )


def refuse_clashes(
    inputs: list[Input],
    arguments: Iterable[str],
    files: Iterable[str | None],
    per_report: str | None,
    feedback: list[str],
) -> None:
    """Raise ``output_clash`` if an output file (``--out``, ``--notice``) or a ``--per-report`` file
    (``feedback``: names in that folder) is one of the inputs, or if the ``--per-report`` folder holds
    a folder given as input.
    """
    if per_report:
        folder = os.path.realpath(per_report)
        for argument in arguments:
            real = os.path.realpath(argument)
            if os.path.isdir(argument) and (real == folder or real.startswith(folder + os.sep)):
                raise _clash(per_report, argument)
    outputs: dict[FileKey, str] = {}
    for path in files:
        if path and (key := file_key(path)) is not None:
            outputs[key] = path
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
