"""Check, before a batch starts, that its outputs are possible and can be written.

Everything here runs before the first report is checked: once the workers run, they write feedback
files, so a usage error found later would leave a half-done batch behind.
"""

from __future__ import annotations

import os

from checker.errors import ConfigError, ReportcheckError


def _unwritable(option: str, path: str, why: str) -> ReportcheckError:
    return ReportcheckError("output_unwritable", f"{option} 无法写入：{why} (cannot write {option}: {why})", path)


def _writable_folder(option: str, folder: str, path: str) -> None:
    """Create ``folder`` if needed; raise a one-line error unless it is a writable folder."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise _unwritable(option, path, exc.strerror or type(exc).__name__) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _unwritable(option, path, "没有写入权限 permission denied")


def prepare_outputs(out: str | None, per_report: str | None, fmt: str, notice: str | None = None) -> None:
    """Make sure ``--out``, ``--per-report`` and ``--notice`` can be written, creating their folders."""
    if fmt == "xlsx" and not out:
        raise ConfigError("xlsx_needs_out", "xlsx 格式需要用 --out 指定输出文件 (xlsx needs --out FILE)")
    if fmt == "docx" and not per_report:
        raise ConfigError(
            "docx_needs_per_report",
            "docx 格式需要用 --per-report 指定存放审阅副本的文件夹 (--format docx needs --per-report DIR)",
        )
    if per_report:
        _writable_folder("--per-report", per_report, per_report)
    for option, path in (("--out", out), ("--notice", notice)):
        if path:
            if os.path.isdir(path):
                raise _unwritable(option, path, "这是一个文件夹 is a directory")
            _writable_folder(option, os.path.dirname(os.path.abspath(path)), path)
