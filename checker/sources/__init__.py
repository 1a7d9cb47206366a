"""Readers: turn a path into a Document, choosing the reader by content and extension."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from checker.budget import OutOfTime, time_limit
from checker.errors import InputError
from checker.files import read_regular_file
from checker.sources.sniff import sniff
from checker.sources.text import read_text
from checker.text.document import Document

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_BINARY_SUFFIXES = {".docx": "Word", ".pdf": "PDF", ".doc": "Word", ".wps": "WPS", ".mhtml": "MHTML", ".mht": "MHTML"}
# every extension a reader handles: what a batch collects from a folder
REPORT_SUFFIXES = frozenset((TEXT_SUFFIXES | HTML_SUFFIXES | _BINARY_SUFFIXES.keys()) - {""})
_ENCRYPTED_OFFICE = "EncryptedPackage".encode("utf-16-le")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MIN_CJK = 10
_ENOUGH_CJK = re.compile(rf"(?:[\u4e00-\u9fff][^\u4e00-\u9fff]*){{{_MIN_CJK}}}")


@dataclass(frozen=True)
class Limits:
    """Hard limits that keep a hostile or broken file from taking the machine.

    ``timeout`` is the wall time reading one file may take (seconds); ``max_memory`` is how much a
    worker (or ``check``) may grow while reading and checking (bytes; see ``checker.budget``).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_chars: int = 2_000_000
    max_page_chars: int = 30_000  # ten times a dense A4 page; checked as a PDF page is drawn
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_xml_bytes: int = 32 * 1024 * 1024  # a .docx's XML parts; a 50,000-character report has about 1 MB
    max_pdf_pages: int = 1000
    timeout: float = 10.0
    max_memory: int = 1024 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def limits_with(
    max_size_mb: float | None = None, timeout: float | None = None, max_memory_mb: float | None = None
) -> Limits:
    """The default limits with what the command line changed (sizes in MB; 0 means no time or memory limit)."""
    limits = DEFAULT_LIMITS
    if max_size_mb is not None:
        limits = replace(limits, max_bytes=int(max_size_mb * 1048576))
    if timeout is not None:
        limits = replace(limits, timeout=timeout)
    if max_memory_mb is not None:
        limits = replace(limits, max_memory=int(max_memory_mb * 1048576))
    return limits


def read_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one report file into a Document, or raise InputError naming the problem.

    The reader is chosen by the file's content first (magic bytes, markup) and its extension second;
    plain text is read only from a text extension or one that claims a format the content is not.
    """
    source = os.fspath(path)
    data = _read_bytes(source, limits)
    suffix = Path(source).suffix.lower()
    try:
        with time_limit(limits.timeout):
            document = _dispatch(data, source, suffix, limits)
    except InputError:
        raise
    except OutOfTime:
        raise InputError(
            "timeout", f"读取超时（超过 {limits.timeout:g} 秒）(reading took longer than {limits.timeout:g} s)", source
        ) from None
    except MemoryError:
        raise InputError("too_large", "文件内容过大，内存不足 (out of memory while reading)", source) from None
    except Exception as exc:  # last resort: a third-party parser failed in a way it does not document
        raise InputError(
            "corrupt", f"文件已损坏或格式不正确，无法读取 (corrupt file: {type(exc).__name__})", source
        ) from None
    return check_text_content(_one_line_each(document), limits)


def _dispatch(data: bytes, source: str, suffix: str, limits: Limits) -> Document:
    kind = sniff(data)
    if kind == "docx":
        from checker.sources.docx import read_docx

        return read_docx(data, source, limits)
    if kind == "pdf":
        from checker.sources.pdf import read_pdf

        return read_pdf(data, source, limits)
    if kind in {"ole", "rtf"}:
        if kind == "ole" and _ENCRYPTED_OFFICE in data:
            raise InputError("encrypted", "文档已加密，请取消密码保护后再检查 (password-protected document)", source)
        from checker.sources.legacy import read_legacy

        return read_legacy(data, source, suffix, limits)
    if kind == "mhtml":
        from checker.sources.html import read_mhtml

        return read_mhtml(data, source)
    if kind == "html" or (kind == "text" and suffix in HTML_SUFFIXES):
        from checker.sources.html import read_html

        return read_html(data, source)
    if kind == "zip":
        raise InputError("not_docx", "这是压缩包，不是 Word 文档 (a zip archive, not a .docx)", source)
    if kind == "image":
        raise InputError(
            "image", "这是图片，不是文字报告，需要先做文字识别（OCR）(an image, not a text report: OCR needed)", source
        )
    if suffix in _BINARY_SUFFIXES:
        return _claimed_binary(data, source, suffix)
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            "unsupported_format",
            f"不支持的文件格式“{suffix}”，请另存为 .docx、.pdf 或 .txt 后再检查 (unsupported format {suffix})",
            source,
        )
    return read_text(data, source, fmt="md" if suffix == ".md" else "txt")


def _claimed_binary(data: bytes, source: str, suffix: str) -> Document:
    """A .docx/.pdf/... whose content is none of those: read it if it is plain text, else say so."""
    try:
        return check_text_content(read_text(data, source))
    except InputError:
        raise InputError(
            "wrong_format",
            f"扩展名是 {suffix}，但内容不是有效的 {_BINARY_SUFFIXES[suffix]} 文件，文件可能已损坏"
            f" (not a valid {suffix} file)",
            source,
        ) from None


def _one_line_each(document: Document) -> Document:
    """Split any line holding a line break so that line n is always ``lines[n - 1]``."""
    if len(document.text.splitlines()) == len(document.lines):  # one C-level pass; usually true
        return document
    lines: list[str] = []
    marked: dict[int, int] = {}
    for index, line in enumerate(document.lines):
        if index in document.marked_headings:
            marked[len(lines)] = document.marked_headings[index]
        lines.extend(line.splitlines() or [""])
    return Document(document.source, document.format, tuple(lines), marked, document.meta)


def _read_bytes(source: str, limits: Limits) -> bytes:
    try:
        data = read_regular_file(source, limits.max_bytes)
    except InputError as error:
        if error.code == "is_directory":
            _refuse_folder(source)
        raise
    if not data.strip():
        raise InputError("empty", "文件为空 (empty file)", source)
    return data


def _refuse_folder(source: str) -> None:
    """A folder given as a report; one a batch could not open becomes that error, not "is a folder"."""
    try:
        os.scandir(source).close()
    except OSError as exc:
        raise InputError("unreadable_folder", f"无法打开文件夹 (cannot open folder: {exc.strerror})", source) from None
    raise InputError("is_directory", "这是一个文件夹，不是报告文件 (is a directory)", source)


def check_text_content(document: Document, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Reject extracted text that is binary garbage, too long, or has no Chinese report text."""
    text = document.text
    if len(text) > limits.max_chars:
        raise InputError(
            "too_much_text",
            f"提取的文字过多（{len(text)} 字，上限 {limits.max_chars}）(too much text)",
            document.source,
        )
    if not text.strip():
        raise InputError("empty", "文件中没有文字内容 (no text in file)", document.source)
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise InputError("binary", "不是文本文件，可能是二进制文件 (binary file, not text)", document.source)
    if not _ENOUGH_CJK.search(text):
        raise InputError("no_chinese", "文件中没有中文报告内容 (no Chinese text found)", document.source)
    return document
