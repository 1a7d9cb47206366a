"""Shared fixtures: real files in every format, generated once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import makers


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture file of issue 3, keyed by a short name."""
    folder = tmp_path_factory.mktemp("formats")
    built = {
        "txt": folder / "report.txt",
        "docx": makers.make_docx(folder / "report.docx", table=True),
        "plain_docx": makers.make_docx(folder / "plain.docx"),
        "pdf": makers.make_pdf(folder / "report.pdf"),
        "scanned_pdf": makers.make_scanned_pdf(folder / "scan.pdf"),
        "encrypted_pdf": makers.make_pdf(folder / "locked.pdf", encrypt="secret"),
        "html": makers.make_html(folder / "report.html"),
        "zip_bomb": makers.make_zip_bomb(folder / "bomb.docx"),
        "utf16_txt": folder / "utf16.txt",
        "empty": folder / "empty.txt",
        "binary_txt": folder / "binary.txt",
    }
    built["txt"].write_text(makers.REPORT_TEXT, encoding="utf-8")
    built["truncated_docx"] = makers.truncate(built["docx"], folder / "truncated.docx")
    built["utf16_txt"].write_bytes(makers.REPORT_TEXT.encode("utf-16"))
    built["empty"].write_bytes(b"")
    built["binary_txt"].write_bytes(bytes(range(256)) * 64)
    return built
