"""Legacy .doc/.wps go through LibreOffice when installed, otherwise a clear message; temp files never stay."""

from __future__ import annotations

import tempfile
from pathlib import Path

import makers
import pytest

from checker.errors import InputError
from checker.sources import legacy, read_document

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Conversions use a temporary folder of this test's own, so other runs cannot disturb the count."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("reportcheck-*")}


def test_without_libreoffice_says_save_as_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    old = tmp_path / "old.wps"
    old.write_bytes(OLE_HEADER + bytes(600))
    with pytest.raises(InputError) as caught:
        read_document(old)
    assert caught.value.code == "needs_libreoffice"
    assert ".docx" in caught.value.message


def test_failed_conversion_is_clear_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake))
    broken = tmp_path / "broken.doc"
    broken.write_bytes(OLE_HEADER + bytes(600))
    before = _leftovers()
    with pytest.raises(InputError) as caught:
        read_document(broken)
    assert caught.value.code == "convert_failed"
    assert _leftovers() == before
    assert broken.read_bytes() == OLE_HEADER + bytes(600)


@pytest.mark.skipif(legacy.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_converted_by_libreoffice(tmp_path: Path) -> None:
    import subprocess

    source = makers.make_docx(tmp_path / "src.docx")
    subprocess.run(
        [legacy.find_soffice() or "", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    before = _leftovers()
    document = read_document(tmp_path / "src.doc")
    assert document.format == "doc"
    assert document.lines[0] == makers.report_lines()[0]
    assert _leftovers() == before
