"""XML inside a .docx is parsed without expanding entities: no billion laughs, no external files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import makers
import pytest

from checker.sources import read_document

DTD = (
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


def test_entities_in_docx_are_not_expanded(tmp_path: Path) -> None:
    source = makers.make_docx(tmp_path / "source.docx")
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, _, body = text.partition("?>")
                body = body.replace("主要举措和成效", "主要举措和成效&c;&xxe;", 1)
                data = (head + "?>" + DTD + body).encode("utf-8")
            out.writestr(item, data)
    document = read_document(hostile)
    text = document.text
    assert "哈哈" not in text
    assert "root:" not in text
    assert any(line.startswith("一、2024年度推进法治政府建设的主要举措和成效") for line in document.lines)


@pytest.mark.parametrize("entity", ["&xxe;", "&c;"])
def test_entities_in_html_are_not_expanded(tmp_path: Path, entity: str) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in makers.report_lines())
    page.write_text(f"<?xml version='1.0'?>{DTD}<html><body><p>{entity}</p>{body}</body></html>", encoding="utf-8")
    document = read_document(page)
    assert "哈哈" not in document.text
    assert "root:" not in document.text
