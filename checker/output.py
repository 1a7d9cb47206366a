"""Write output files atomically: a temporary file in the same folder, renamed when complete.

Readers never see a half-written file, and a failed write leaves no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from checker.errors import ReportcheckError

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cannot_write(path: str | os.PathLike[str], error: OSError) -> ReportcheckError:
    """The one-line error for an output file that cannot be written; a full disk says so."""
    if error.errno in _DISK_FULL:
        message = "磁盘已满，无法写入输出文件 (disk full: cannot write output)"
        return ReportcheckError("disk_full", message, os.fspath(path))
    reason = error.strerror or type(error).__name__
    return ReportcheckError("cannot_write", f"无法写入输出文件 (cannot write output: {reason})", os.fspath(path))


@contextmanager
def temporary_writes() -> Iterator[None]:
    """Turn a failure to write the batch's temporary files (its ranking, its copy index) into a
    one-line error naming the temporary folder: a full disk says so, and where to point ``TMPDIR``."""
    try:
        yield
    except OSError as error:
        folder = tempfile.gettempdir()
        if error.errno in _DISK_FULL:
            message = "临时文件夹已满，请用 TMPDIR 指定空间更大的文件夹 (temporary folder full: set TMPDIR)"
            raise ReportcheckError("disk_full", message, folder) from None
        reason = error.strerror or type(error).__name__
        message = f"无法写入临时文件 (cannot write temporary files: {reason})"
        raise ReportcheckError("cannot_write", message, folder) from None


def _special(path: str) -> bool:
    """Whether ``path`` names (through any links) something other than a regular file or a folder."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # what atomic_path names its temporary files


def remove_temporaries(folder: str | os.PathLike[str]) -> None:
    """Remove the temporary files ``atomic_path`` left in ``folder`` (a writer killed mid-write)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _TEMPORARY.fullmatch(name):
            Path(folder, name).unlink(missing_ok=True)


@contextmanager
def atomic_path(path: str | os.PathLike[str], follow_links: bool = False) -> Iterator[str]:
    """A temporary path beside ``path``; renamed onto it when the block succeeds, removed otherwise.

    The file gets the usual permissions (0666 less the umask), not the private mode of a temporary
    file, so a report written for colleagues stays readable by them.

    ``follow_links`` is for a path the user named (``--out``): a symbolic link stays a link and the
    file it points to is replaced, and a device or a FIFO (``/dev/stdout``) is written into directly,
    never replaced. Without it (caches, feedback files) a link itself is replaced, never followed.
    """
    if follow_links and _special(os.fspath(path)):
        try:
            yield os.fspath(path)
        except OSError as error:
            raise cannot_write(path, error) from None
        return
    target = Path(os.path.realpath(path) if follow_links else path)
    tmp = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException as error:  # a signal may stop the run here too: the file made so far goes
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise cannot_write(target, error) from None
        raise
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(target, error) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_text(path: str | os.PathLike[str], encoding: str = "utf-8", follow_links: bool = False) -> Iterator[IO[str]]:
    """Open a text stream that replaces ``path`` atomically when closed without error.

    A file name that is not valid UTF-8 (kept by Python as lone surrogates) is written as its
    ``\\udcXX`` escape: in JSON that is the escape of the very same string.
    """
    with (
        atomic_path(path, follow_links) as tmp,
        open(tmp, "w", encoding=encoding, errors="backslashreplace", newline="") as handle,
    ):
        yield handle


def write_atomic(path: str | os.PathLike[str], data: str | bytes, follow_links: bool = False) -> None:
    """Write ``data`` to ``path`` in one atomic step (text as UTF-8, undecodable names escaped)."""
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    with atomic_path(path, follow_links) as tmp, open(tmp, "wb") as handle:
        handle.write(payload)
