"""What one request may send, how long results are kept, and the refusal a request gets past a limit."""

from __future__ import annotations

from typing import NamedTuple

from checker.rubric.load import MAX_RUBRIC_BYTES
from checker.sources import DEFAULT_LIMITS, Limits

MB = 1024 * 1024
FORM_OVERHEAD = 1 * MB  # the multipart framing and the small fields beside the files


class HttpError(Exception):
    """A request refused: the HTTP status and one Chinese sentence with the English beside it."""

    def __init__(self, status: int, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details  # further lines (a rubric's problems with their line numbers)


class ServeLimits(NamedTuple):
    """The server's limits. ``reader`` holds the readers' own: its size is each uploaded file's limit, its
    character count the pasted text's, and each check reads with its size, time and memory limits."""

    reader: Limits = DEFAULT_LIMITS
    max_files: int = 500  # reports in one batch, uploaded or in its zip
    max_batch_bytes: int = DEFAULT_LIMITS.max_unzipped_bytes  # a batch upload, and what its zips unpack to
    max_rubric_bytes: int = MAX_RUBRIC_BYTES
    max_waiting: int = 200  # jobs waiting for a free core; more is 503
    keep_seconds: float = 3600.0  # a finished job's results (and a batch's files) are kept this long
    max_kept: int = 100  # finished jobs kept at most, oldest removed first
    max_kept_batches: int = 10  # of which batches (they keep their reports for the per-report pages)

    @property
    def max_file_bytes(self) -> int:
        return self.reader.max_bytes

    @property
    def max_text_chars(self) -> int:
        return self.reader.max_chars


def too_large(what: str, english: str, size: int, limit: int) -> HttpError:
    """413 for an upload over its size limit, with both sizes (``size`` is how much had come when it stopped)."""
    return HttpError(
        413,
        f"{what}过大（至少 {size:,} 字节，上限 {limit:,} 字节，即 {limit / MB:g} MB）"
        f" ({english} too large: at least {size} bytes, limit {limit})",
    )


def too_many(limit: int) -> HttpError:
    """413 for a batch of more reports than it may have."""
    return HttpError(413, f"文件过多，一次最多 {limit} 份报告 (too many reports: at most {limit})")
