"""Taking an upload: the body counted as it arrives, the form parsed within limits, files saved under safe names.

A request is refused from its ``Content-Length`` when that is over the limit, and otherwise as soon
as more than the limit has arrived (413). The form parser keeps file parts in anonymous temporary
files (no name on disk); each is then copied into the job's private folder under a name cleaned of
path separators and control characters. A file's type is judged by its extension and its first
bytes (415).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Message

from checker.serve.limits import HttpError, too_large, too_many
from checker.sources import REPORT_SUFFIXES
from checker.sources.sniff import sniff

_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\[\]]')  # separators, controls, what Windows or a glob reads
_MAX_STEM = 100
TYPES_TEXT = "txt、md、docx、pdf、html/htm/mhtml（网页）、doc/wps（需 LibreOffice）"


def counted(request: Request, limit: int) -> Request:
    """The request with a body of at most ``limit`` bytes: HttpError 413 before or while it arrives."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large("上传内容", "upload", int(declared), limit)
    seen = 0
    receive = request.receive

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise too_large("上传内容", "upload", seen, limit)
        return message

    return Request(request.scope, counting)


@asynccontextmanager
async def read_form(request: Request, limit: int, max_files: int) -> AsyncIterator[FormData]:
    """The multipart form of a request, within ``limit`` bytes and ``max_files`` files; closed after the block."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise HttpError(415, "请用网页上的表单上传文件 (expected a form: multipart/form-data)")
    try:
        form = await counted(request, limit).form(max_files=max_files, max_fields=20, max_part_size=limit)
    except HTTPException as error:  # the parser's own refusals, in English: said again in Chinese
        if "Too many files" in str(error.detail):
            raise too_many(max_files) from None
        raise HttpError(400, "上传的表单格式不对，请刷新页面后重试 (malformed form upload)") from None
    try:
        yield form
    finally:
        await form.close()


def safe_name(name: str | None, fallback: str) -> str:
    """A file name to store and show: the last part of ``name``, without separators, controls or a leading dot."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = base.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from an odd zip or form
    base = _UNSAFE.sub("_", base).strip().lstrip(".").strip()
    stem, dot, suffix = base.rpartition(".")
    if dot and len(stem) > _MAX_STEM:
        base = f"{stem[:_MAX_STEM]}.{suffix[:10]}"
    return base[: _MAX_STEM + 11] or fallback


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2).ext``, ``name (3).ext``… when another file has it (compared without case)."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem} ({number}){dot}{suffix}"
    taken.add(candidate.lower())
    return candidate


def suffix_of(name: str) -> str:
    return Path(name).suffix.lower()


def refuse_suffix(name: str) -> None:
    """415 unless ``name`` has the extension of a report format."""
    suffix = suffix_of(name)
    if suffix not in REPORT_SUFFIXES:
        raise HttpError(
            415,
            f"不支持的文件类型“{suffix or '无扩展名'}”（{name}）；可以上传 {TYPES_TEXT}"
            f" (unsupported file type {suffix or '(none)'})",
        )


def refuse_content(name: str, head: bytes) -> None:
    """415 when a file's first bytes show a picture or an archive, whatever its extension says."""
    kind = sniff(head)
    if kind == "image":
        raise HttpError(415, f"{name} 是图片，不是文字报告，需要先做文字识别（OCR）(an image, not a text report)")
    if kind == "zip":
        raise HttpError(415, f"{name} 是压缩包，不是报告；压缩包请在“批量评分”上传 (an archive, not a report)")


def _copy(source: IO[bytes], target: Path, limit: int) -> None:
    size = 0
    source.seek(0)
    with open(target, "xb") as out:  # never over an existing file
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(f"文件“{target.name}”", f"file {target.name!r}", size, limit)
            out.write(chunk)


async def save_upload(upload: UploadFile, target: Path, limit: int) -> None:
    """Copy an uploaded file to ``target`` (a new file), refusing it past ``limit`` bytes (413)."""
    await run_in_threadpool(_copy, upload.file, target, limit)


def head_of(path: Path, size: int = 64 * 1024) -> bytes:
    """The first bytes of a saved file, enough to tell its format."""
    with open(path, "rb") as handle:
        return handle.read(size)


def remove(path: Path) -> None:
    """Remove a file or a folder with what is in it; nothing when it is gone already."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
