"""Each real fixture file gives the right document or the right error."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

import makers
import pytest

from checker.errors import InputError
from checker.sources import Limits, read_document
from checker.sources.sniff import sniff

CONTENT = makers.report_lines()


def _error(path: Path, limits: Limits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(path, limits) if limits else read_document(path)
    assert caught.value.path == str(path)
    return caught.value


def test_docx_headings_table_and_properties(files: dict[str, Path]) -> None:
    document = read_document(files["docx"])
    assert document.format == "docx"
    headings = {document.lines[i]: level for i, level in document.marked_headings.items()}
    assert headings == {line: 1 for line in CONTENT if line[0] in "一二三四" and line[1] == "、"}
    assert [line for line in document.lines if line in {"指标", "数值", "行政复议纠错率", "12.5%"}] == [
        "指标",
        "数值",
        "行政复议纠错率",
        "12.5%",
    ]
    assert document.lines.index("指标") == document.lines.index(CONTENT[8]) + 1
    assert not any("页眉" in line or "页脚" in line for line in document.lines)
    assert document.meta["title"] == "青溪县法治政府建设年度报告"
    assert document.meta["author"] == "青溪县司法局"
    assert "date" not in document.meta  # file times are not the report's signing date


def test_pdf_paragraphs_rejoined_without_page_furniture(files: dict[str, Path]) -> None:
    from pypdf import PdfReader

    assert len(PdfReader(files["pdf"]).pages) >= 2
    document = read_document(files["pdf"])
    assert list(document.lines) == CONTENT
    assert not any("—" in line and line.strip("— 0123456789") == "" for line in document.lines)


def test_pdf_page_limit(files: dict[str, Path]) -> None:
    assert _error(files["pdf"], Limits(max_pdf_pages=1)).code == "too_many_pages"


def test_scanned_pdf_needs_ocr(files: dict[str, Path]) -> None:
    error = _error(files["scanned_pdf"])
    assert error.code == "scanned_pdf"
    assert "OCR" in error.message


def test_encrypted_pdf(files: dict[str, Path]) -> None:
    error = _error(files["encrypted_pdf"])
    assert error.code == "encrypted"
    assert "加密" in error.message


def test_gbk_html_keeps_article_only(files: dict[str, Path]) -> None:
    raw = files["html"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    document = read_document(files["html"])
    assert list(document.lines) == CONTENT
    assert document.meta["date"] == "2025-02-25"
    assert document.meta["title"] == CONTENT[0]


def test_html_publication_date_used_only_without_signing_date(tmp_path: Path) -> None:
    from checker.analysis.engine import check_path

    unsigned = "\n".join(CONTENT[:-1])
    page = makers.make_html(tmp_path / "unsigned.htm", text=unsigned, encoding="gb2312", published="2025-03-01")
    assert check_path(page).report.date == "2025-03-01"
    signed = makers.make_html(tmp_path / "signed.htm", published="2025-03-01")
    assert check_path(signed).report.date == "2025-02-20"


def test_mhtml_archive(tmp_path: Path) -> None:
    html = makers.make_html(tmp_path / "page.html", encoding="utf-8").read_bytes()
    import base64

    archive = tmp_path / "page.mhtml"
    archive.write_bytes(
        b"From: <Saved by Blink>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html)
        + b"\r\n--B--\r\n"
    )
    document = read_document(archive)
    assert document.format == "mhtml"
    assert list(document.lines) == CONTENT


def test_utf16_text(files: dict[str, Path]) -> None:
    assert list(read_document(files["utf16_txt"]).lines) == makers.REPORT_TEXT.splitlines()


@pytest.mark.parametrize(
    ("name", "code"),
    [("truncated_docx", "corrupt"), ("zip_bomb", "zip_bomb"), ("empty", "empty"), ("binary_txt", "binary")],
)
def test_broken_files_give_one_clear_error(files: dict[str, Path], name: str, code: str) -> None:
    error = _error(files[name])
    assert error.code == code
    assert "\n" not in str(error)
    assert str(error).startswith(str(files[name]))


def test_zip_bomb_is_small_on_disk_and_limit_configurable(files: dict[str, Path]) -> None:
    assert files["zip_bomb"].stat().st_size < 1024 * 1024
    assert _error(files["plain_docx"], Limits(max_unzipped_bytes=10_000)).code == "zip_bomb"


def test_size_and_text_limits(files: dict[str, Path]) -> None:
    assert _error(files["txt"], Limits(max_bytes=1000)).code == "too_large"
    assert _error(files["docx"], Limits(max_chars=500)).code == "too_much_text"
    assert _error(files["pdf"], Limits(max_chars=500)).code == "too_much_text"


@pytest.mark.parametrize(("source", "renamed"), [("docx", "really.doc"), ("html", "really.txt"), ("pdf", "really.txt")])
def test_format_chosen_by_content(files: dict[str, Path], tmp_path: Path, source: str, renamed: str) -> None:
    target = shutil.copy(files[source], tmp_path / renamed)
    assert list(read_document(target).lines)[:3] == CONTENT[:3]


def test_text_with_binary_extension_is_read_and_garbage_is_named(files: dict[str, Path], tmp_path: Path) -> None:
    text_as_pdf = shutil.copy(files["txt"], tmp_path / "text.pdf")
    assert read_document(text_as_pdf).lines[0] == CONTENT[0]
    garbage = tmp_path / "fake.docx"
    garbage.write_bytes(bytes(range(256)) * 8)
    error = _error(garbage)
    assert error.code == "wrong_format"
    assert ".docx" in error.message


def test_unknown_extension_read_only_when_content_is_a_known_format(files: dict[str, Path], tmp_path: Path) -> None:
    assert read_document(shutil.copy(files["docx"], tmp_path / "report.bin")).format == "docx"
    error = _error(shutil.copy(files["txt"], tmp_path / "report.xyz"))
    assert error.code == "unsupported_format"
    assert ".xyz" in error.message


def test_no_chinese_text(tmp_path: Path) -> None:
    page = tmp_path / "english.html"
    page.write_text("<html><body><p>Annual report on the rule of law.</p></body></html>", encoding="utf-8")
    assert _error(page).code == "no_chinese"


def test_other_zips_images_and_encrypted_office(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "sheet.docx"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
    assert _error(archive).code == "not_docx"
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert _error(image).code == "image"
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le"))
    assert _error(locked).code == "encrypted"


def test_sniff_kinds(files: dict[str, Path]) -> None:
    assert sniff(files["docx"].read_bytes()) == "docx"
    assert sniff(files["pdf"].read_bytes()) == "pdf"
    assert sniff(files["html"].read_bytes()) == "html"
    assert sniff(files["txt"].read_bytes()) == "text"
    assert sniff(b"{\\rtf1\\ansi") == "rtf"


def test_inputs_never_modified(files: dict[str, Path]) -> None:
    for path in files.values():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with contextlib.suppress(InputError):
            read_document(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_html_publication_date_that_does_not_exist_is_ignored(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = "".join(f"<p>{line}</p>" for line in makers.report_lines())
    page.write_text(
        f'<html><head><meta charset="utf-8"></head><body><div>发布时间：2024-02-30</div>{body}</body></html>',
        encoding="utf-8",
    )
    assert "date" not in read_document(page).meta
