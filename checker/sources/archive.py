"""Zip safety for Office files: size limits checked before anything is decompressed."""

from __future__ import annotations

import io
import zipfile

from checker.errors import InputError

MAX_MEMBERS = 5000


def open_zip(data: bytes, source: str, max_unzipped: int) -> zipfile.ZipFile:
    """Open a zip from bytes, refusing truncated archives and zip bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(
            "corrupt",
            "文件已损坏或不完整，无法作为 Word 文档打开 (corrupt or truncated .docx)",
            source,
        ) from None
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    if len(members) > MAX_MEMBERS or total > max_unzipped:
        archive.close()
        raise InputError(
            "zip_bomb",
            f"文档解压后过大（{total:,} 字节，上限 {max_unzipped:,} 字节）"
            f"或文件过多（{len(members)} 个），疑似压缩炸弹"
            f" (decompressed size {total} bytes or {len(members)} members exceed the limits)",
            source,
        )
    if any(info.flag_bits & 0x1 for info in members):
        archive.close()
        raise InputError("encrypted", "文档已加密，请取消密码保护后再检查 (password-protected document)", source)
    return archive
