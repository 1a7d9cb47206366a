"""Readers: turn a path into a Document, choosing the reader by content and extension."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from checker.document import Document
from checker.errors import InputError
from checker.sources.text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Limits:
    """Hard limits that keep a hostile or broken file from taking the machine."""

    max_bytes: int = 50 * 1024 * 1024
    max_chars: int = 2_000_000


DEFAULT_LIMITS = Limits()


def read_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one report file into a Document, or raise InputError naming the problem."""
    source = os.fspath(path)
    data = _read_bytes(Path(source), source, limits)
    suffix = Path(source).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            "unsupported_format",
            f"不支持的文件格式“{suffix}”，请另存为 .txt 后再检查 (unsupported format {suffix})",
            source,
        )
    document = read_text(data, source, fmt="md" if suffix == ".md" else "txt")
    return check_text_content(document, limits)


def _read_bytes(path: Path, source: str, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError("is_directory", "这是一个文件夹，不是报告文件 (is a directory)", source)
        if size > limits.max_bytes:
            raise InputError(
                "too_large",
                f"文件过大（{size / 1048576:.1f} MB，上限 {limits.max_bytes / 1048576:.0f} MB）"
                f" (file too large: {size} bytes)",
                source,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("not_found", "文件不存在 (file not found)", source) from None
    except PermissionError:
        raise InputError("permission_denied", "没有读取权限 (permission denied)", source) from None
    except IsADirectoryError:
        raise InputError("is_directory", "这是一个文件夹，不是报告文件 (is a directory)", source) from None
    except OSError as exc:
        raise InputError("unreadable", f"无法读取文件 (cannot read: {exc.strerror})", source) from None
    if not data.strip():
        raise InputError("empty", "文件为空 (empty file)", source)
    return data


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
    if len(_CJK.findall(text)) < 10:
        raise InputError("no_chinese", "文件中没有中文报告内容 (no Chinese text found)", document.source)
    return document
