"""Legacy Word (.doc), WPS (.wps) and RTF: converted to .docx by LibreOffice in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from checker.errors import InputError
from checker.sources.docx import read_docx
from checker.text.document import Document

CONVERT_TIMEOUT = 120


def find_soffice() -> str | None:
    """The LibreOffice command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(data: bytes, source: str, suffix: str, max_unzipped: int) -> Document:
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
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, cwd=folder)
        except subprocess.TimeoutExpired:
            raise InputError("convert_failed", "LibreOffice 转换超时 (conversion timed out)", source) from None
        except OSError as exc:
            raise InputError("convert_failed", f"无法运行 LibreOffice ({exc.strerror})", source) from None
        converted = work / "out" / f"{original.stem}.docx"
        if not converted.is_file():
            raise InputError(
                "convert_failed",
                "LibreOffice 无法转换该文件，文件可能已损坏或加密 (LibreOffice could not convert the file)",
                source,
            )
        document = read_docx(converted.read_bytes(), source, max_unzipped)
    return Document(
        source=source,
        format=kind.lstrip("."),
        lines=document.lines,
        marked_headings=document.marked_headings,
        meta=document.meta,
    )
