"""Tell a file's real format from its first bytes, whatever its extension says."""

from __future__ import annotations

import codecs
import io
import re

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_MHTML = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related", re.I)


def _head_text(data: bytes) -> str:
    """The first kilobytes as text, good enough to look for markup."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("latin-1")


def sniff(data: bytes) -> str:
    """Return ``docx``, ``zip``, ``pdf``, ``ole``, ``image``, ``rtf``, ``mhtml``, ``html`` or ``text``."""
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_OLE2):
        return "ole"
    if data.startswith(_IMAGES):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if _MHTML.match(data[:8192]):
        return "mhtml"
    if _HTML_START.match(_head_text(data)):
        return "html"
    return "text"


def _sniff_zip(data: bytes) -> str:
    """A zip is a .docx when it holds word/document.xml; a broken zip still counts as one."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "docx"
    return "docx" if "word/document.xml" in names else "zip"
