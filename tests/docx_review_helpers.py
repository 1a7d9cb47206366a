"""A real-shaped Word report for the reviewed-copy tests, and ways to read a reviewed copy back.

The report has what drafters' files have: a title in the Title style, parts numbered by Word itself
(一、 and （一） come from numbering.xml, not from the text), a table, an inline picture, a header and a
footer, paragraphs in several runs and one with a line break. It lacks the 第一责任人 part, gives a
出庭应诉率 below the rubric's expectation, plans for the wrong year and is dated after the deadline,
so every kind of comment shows.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NUMBERING = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""

TITLE = "青溪县人民政府关于2024年度法治政府建设情况的报告"
MEASURES = "2024年度推进法治政府建设的主要举措和成效"
SHORTCOMINGS = "2024年度推进法治政府建设存在的不足和原因"
PLAN = "下一年度推进法治政府建设的主要安排"
LOW_RATE = "行政机关负责人出庭应诉率为85%"
STALE_PLAN = "2024年要继续深化“放管服”改革，进一步优化法治化营商环境。"
BODY = {
    "依法全面履行政府职能": [
        "深化“放管服”改革，动态调整县级权责清单，全年取消和下放行政许可事项12项，政务服务事项网上可办率达98.6%。",
        "严格落实行政规范性文件合法性审核机制，全年审核规范性文件23件，共清理文件148件，废止7件，修改5件。",
        "严格执行重大行政决策程序，对3项重大行政决策事项开展公众参与、专家论证、风险评估和合法性审查。",
    ],
    "严格规范公正文明执法": [
        "全面推行行政执法三项制度，完成行政执法人员培训考试1120人次，全年行政执法案卷评查合格率达96%。",
    ],
    "依法有效化解社会矛盾纠纷": [
        "加强行政复议和行政应诉工作，全年办理行政复议案件41件，人民调解组织调解纠纷2150件，调解成功率98.2%。",
    ],
}
SHORTCOMING_TEXT = (
    "一是部分单位运用法治思维和法治方式解决问题的能力有待提升，原因在于学法用法的制度落实不到位。"
    "二是基层行政执法力量仍显薄弱，原因在于乡镇执法人员编制不足、培训不够系统。"
)
PLAN_TEXT = [
    "一是深入学习贯彻习近平法治思想，健全领导干部学法用法制度。",
    STALE_PLAN,
    "三是严格落实重大行政决策程序，确保行政机关负责人出庭应诉率保持100%。",
]
LATE_DATE = "2025年5月8日"
HEADER, FOOTER = "青溪县人民政府办公室印发", "内部资料 注意保存"
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _number(paragraph: Any, level: int) -> None:
    from docx.oxml import parse_xml

    numbering = f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
    paragraph._p.get_or_add_pPr().append(parse_xml(numbering))


def make_report(path: Path) -> Path:
    """Write the report described in the module docstring to ``path``."""
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Cm

    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    word.sections[0].header.paragraphs[0].text = HEADER
    word.sections[0].footer.paragraphs[0].text = FOOTER
    word.add_paragraph(TITLE, style="Title")
    word.add_paragraph("2024年，青溪县人民政府深入学习贯彻习近平法治思想，扎实推进依法行政。现将有关情况报告如下。")
    word.add_picture(io.BytesIO(_PNG), width=Cm(1))
    _number(word.add_paragraph(MEASURES, style="Heading 1"), 0)
    for heading, paragraphs in BODY.items():
        sub = word.add_paragraph(heading[:6], style="Heading 2")  # in two runs, after Word's label （一）
        sub.add_run(heading[6:])
        _number(sub, 1)
        for text in paragraphs:
            word.add_paragraph(text)
    several = word.add_paragraph("全年行政应诉案件20件，")
    several.add_run(LOW_RATE).bold = True
    several.add_run("，败诉率有所下降。")
    broken = word.add_paragraph("办理人大代表建议86件、政协委员提案74件。")
    broken.add_run().add_break()
    broken.add_run("主动公开政府信息4300余条。")
    table = word.add_table(rows=2, cols=2)
    for cell, value in zip(table._cells, ["指标", "数值", "行政复议纠错率", "12.5%"], strict=True):
        cell.text = value
    _number(word.add_paragraph(SHORTCOMINGS, style="Heading 1"), 0)
    word.add_paragraph(SHORTCOMING_TEXT)
    _number(word.add_paragraph(PLAN, style="Heading 1"), 0)
    for text in PLAN_TEXT:
        word.add_paragraph(text)
    word.add_paragraph("青溪县人民政府")
    word.add_paragraph(LATE_DATE)
    word.save(path)
    return path


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx by its name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def canonical(xml: bytes, drop_comments: bool = False) -> bytes:
    """An XML part in canonical form; with ``drop_comments``, without comment ranges and reference runs."""
    root = etree.fromstring(xml)
    if drop_comments:
        for marker in root.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd"):
            marker.getparent().remove(marker)
        for reference in list(root.iter(f"{W}commentReference")):
            run = reference.getparent()
            run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def anchored(data: bytes) -> dict[int, tuple[str, str]]:
    """Each comment's id: the text of the paragraph it stands in, and the text inside its range."""
    body = etree.fromstring(parts(data)["word/document.xml"])
    out = {}
    for start in body.iter(f"{W}commentRangeStart"):
        ident = start.get(f"{W}id")
        paragraph = start.getparent()
        inside, within = [], False
        for node in paragraph.iter():
            if node.tag == f"{W}commentRangeStart" and node.get(f"{W}id") == ident:
                within = True
            elif node.tag == f"{W}commentRangeEnd" and node.get(f"{W}id") == ident:
                within = False
            elif node.tag == f"{W}t" and within:
                inside.append(node.text or "")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        out[int(ident)] = (text, "".join(inside))
    return out


def comments(data: bytes) -> dict[int, tuple[str, str, str]]:
    """Each comment's id: its author, initials and text (paragraphs joined by newlines)."""
    root = etree.fromstring(parts(data)["word/comments.xml"])
    return {
        int(c.get(f"{W}id")): (
            c.get(f"{W}author"),
            c.get(f"{W}initials"),
            "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")),
        )
        for c in root.iter(f"{W}comment")
    }
