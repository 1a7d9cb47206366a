"""Read a file the user named, safely: a regular file only, and no more than a size cap.

Everything the tool reads from a path goes through ``read_regular_file``: reports, the
``.reportcheck.yaml`` config, and (in the rubric loader) rubric files and their ``extends:`` targets.
A FIFO, socket or device is refused from its ``stat`` before it is ever opened (opening a FIFO
blocks until a writer comes; ``/dev/zero`` never ends), and the size is checked before reading.
"""

from __future__ import annotations

import os
import stat

from checker.errors import InputError, ReportcheckError

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS = (
    (stat.S_ISFIFO, "命名管道 FIFO"),
    (stat.S_ISSOCK, "套接字 socket"),
    (stat.S_ISCHR, "字符设备 character device"),
    (stat.S_ISBLK, "块设备 block device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "特殊文件 special file")


def _refuse_special(mode: int, source: str, error: type[ReportcheckError]) -> None:
    if stat.S_ISDIR(mode):
        raise error("is_directory", "这是一个文件夹，不是文件 (is a directory)", source)
    if not stat.S_ISREG(mode):
        raise error("not_regular_file", f"不是普通文件（{_kind(mode)}），不会读取 (not a regular file)", source)


def _refuse_size(size: int, max_bytes: int, source: str, error: type[ReportcheckError]) -> None:
    if size > max_bytes:
        raise error(
            "too_large",
            f"文件过大（{size:,} 字节，超过上限 {max_bytes:,} 字节，即 {max_bytes / 1048576:g} MB）"
            f"(file too large: {size} bytes, limit {max_bytes})",
            source,
        )


def read_regular_file(
    path: str | os.PathLike[str], max_bytes: int, error: type[ReportcheckError] = InputError
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or ``error`` with a stable code.

    Codes: ``not_found``, ``permission_denied``, ``is_directory``, ``not_regular_file`` (a FIFO,
    socket or device: never opened), ``too_large`` (checked before reading, and again while reading
    in case the file grows), ``unreadable``. Symbolic links are followed; what they point to must be
    a regular file. Callers pass the error class for what the file is (InputError for a report,
    ConfigError for a config, RubricError for a rubric or an ``extends:`` target).
    """
    source = os.fspath(path)
    try:
        _refuse_special(os.stat(source).st_mode, source, error)
        fd = os.open(source, _OPEN_FLAGS)
        try:
            info = os.fstat(fd)  # the file opened may not be the one stat saw: check again
            _refuse_special(info.st_mode, source, error)
            _refuse_size(info.st_size, max_bytes, source, error)
            data = os.read(fd, info.st_size + 1)  # all of it in one read (a buffer of the cap would cost more)
            if len(data) > info.st_size:  # it grew since: the rest, up to the cap
                data += os.read(fd, max_bytes + 1 - len(data))
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise error("not_found", "文件不存在 (file not found)", source) from None
    except PermissionError:
        raise error("permission_denied", "没有读取权限 (permission denied)", source) from None
    except IsADirectoryError:
        raise error("is_directory", "这是一个文件夹，不是文件 (is a directory)", source) from None
    except OSError as exc:
        raise error("unreadable", f"无法读取文件 (cannot read: {exc.strerror})", source) from None
    _refuse_size(len(data), max_bytes, source, error)
    return data
