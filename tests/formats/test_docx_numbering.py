"""Word automatic numbering (一、 （一） 1.) comes back as text so the outline sees the parts."""

from __future__ import annotations

from pathlib import Path

from checker.analysis.engine import check_path
from checker.sources import read_document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""


def _numbered_docx(path: Path, items: list[tuple[int | None, str]]) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(path)
    return path


def test_numbering_labels_rebuilt(tmp_path: Path) -> None:
    items = [
        (None, "青溪县2024年度法治政府建设情况报告"),
        (0, "主要举措和成效"),
        (1, "依法全面履行政府职能"),
        (2, "取消行政许可事项12项"),
        (2, "政务服务网上可办率达98.6%"),
        (1, "严格规范公正文明执法"),
        (2, "执法案卷评查合格率达96%"),
        (0, "存在的不足和原因"),
        (None, "基层执法力量薄弱，原因是编制不足。"),
    ]
    document = read_document(_numbered_docx(tmp_path / "numbered.docx", items))
    assert list(document.lines) == [
        "青溪县2024年度法治政府建设情况报告",
        "一、主要举措和成效",
        "（一）依法全面履行政府职能",
        "1.取消行政许可事项12项",
        "2.政务服务网上可办率达98.6%",
        "（二）严格规范公正文明执法",
        "1.执法案卷评查合格率达96%",
        "二、存在的不足和原因",
        "基层执法力量薄弱，原因是编制不足。",
    ]
    result = check_path(tmp_path / "numbered.docx")
    headings = {s.id: s.heading for s in result.sections}  # the rebuilt 一、 labels make them top-level parts
    assert headings["measures"] == "一、主要举措和成效"
    assert headings["shortcomings"] == "二、存在的不足和原因"
