"""Plain-text reader (.txt, .md): detects the encoding and decodes to lines."""

from __future__ import annotations

import codecs
import re

from checker.errors import InputError
from checker.text.document import Document

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s\u2010-\u201f]")
_PLAUSIBLE_SHARE = 0.9


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM when one byte order gives plausible Chinese or ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(_PLAUSIBLE.findall(text)) >= _PLAUSIBLE_SHARE * len(text):
            return text
    return None


def decode_text(data: bytes, source: str) -> str:
    """Decode report bytes: BOM, UTF-8, UTF-16 without BOM, GB18030, then detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    "undecodable", f"文件编码损坏，无法按 {codec} 解码 (cannot decode as {codec}: {exc.reason})", source
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise InputError("binary", "不是文本文件，可能是二进制文件 (binary file, not text)", source)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("undecodable", "无法识别文件编码 (cannot detect the text encoding)", source)
    return str(best)


def read_text(data: bytes, source: str, fmt: str = "txt") -> Document:
    """Read a .txt/.md report from its bytes."""
    return Document.from_text(decode_text(data, source), source=source, fmt=fmt)
