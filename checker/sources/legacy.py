"""Legacy Word (.doc), WPS (.wps) and RTF: converted to .docx by LibreOffice in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.sources.docx import read_docx
from checker.text.document import Document

if TYPE_CHECKING:
    from checker.sources import Limits

CONVERT_TIMEOUT = 120
# What soffice says when no installed filter can open a Word file or write .docx: with Writer
# installed even a damaged file opens (as text), so these mean the Writer component is missing.
_NO_WRITER = (b"source file could not be loaded", b"no export filter")


def find_soffice() -> str | None:
    """The LibreOffice command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(data: bytes, source: str, suffix: str, limits: Limits) -> Document:
    """Convert a copy of the file with ``soffice --headless --convert-to docx`` and read the result."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError(
            "needs_libreoffice",
            "旧版 Word/WPS 文件需要 LibreOffice 才能读取：请用 Word 或 WPS 另存为 .docx，或安装 LibreOffice"
            " (legacy .doc/.wps needs LibreOffice: save as .docx or install LibreOffice)",
            source,
        )
    kind = suffix if suffix in {".doc", ".wps", ".rtf"} else ".doc"  # a .doc renamed .txt is still a .doc
    with tempfile.TemporaryDirectory(prefix="reportcheck-") as folder:
        work = Path(folder)
        original = work / f"input{kind}"
        original.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(original),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, cwd=folder)
        except subprocess.TimeoutExpired:
            raise InputError("convert_failed", "LibreOffice 转换超时 (conversion timed out)", source) from None
        except OSError as exc:
            raise InputError("convert_failed", f"无法运行 LibreOffice ({exc.strerror})", source) from None
        converted = work / "out" / f"{original.stem}.docx"
        if not converted.is_file() and _writer_missing(done.stdout + done.stderr):
            raise InputError(
                "needs_libreoffice_writer",
                "LibreOffice 缺少文字处理组件 Writer，无法转换旧版 Word/WPS 文件：请安装 libreoffice-writer，"
                "或用 Word 或 WPS 另存为 .docx (LibreOffice has no Writer component: install libreoffice-writer)",
                source,
            )
        if not converted.is_file():
            raise InputError(
                "convert_failed",
                "LibreOffice 无法转换该文件，文件可能已损坏或加密 (LibreOffice could not convert the file)",
                source,
            )
        document = read_docx(converted.read_bytes(), source, limits)
    return Document(
        source=source,
        format=kind.lstrip("."),
        lines=document.lines,
        marked_headings=document.marked_headings,
        meta=document.meta,
    )


def _writer_missing(output: bytes) -> bool:
    """Whether soffice's output says it has no filter for Word files (LibreOffice without Writer)."""
    return any(message in output for message in _NO_WRITER)
