"""Write output files atomically: a temporary file in the same folder, renamed when complete.

Readers never see a half-written file, and a failed write leaves no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from checker.errors import ReportcheckError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cannot_write(path: str | os.PathLike[str], error: OSError) -> ReportcheckError:
    """The one-line error for an output file that cannot be written."""
    reason = error.strerror or type(error).__name__
    return ReportcheckError("cannot_write", f"无法写入输出文件 (cannot write output: {reason})", os.fspath(path))


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary path beside ``path``; renamed onto it when the block succeeds, removed otherwise.

    The file gets the usual permissions (0666 less the umask), not the private mode of a temporary
    file, so a report written for colleagues stays readable by them.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as error:
        raise cannot_write(target, error) from None
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
def atomic_text(path: str | os.PathLike[str], encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text stream that replaces ``path`` atomically when closed without error."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline="") as handle:
        yield handle


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` in one atomic step."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(payload)
