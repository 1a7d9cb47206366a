"""Build real fixture files (.docx, .pdf, .html, hostile files) from a report's text, for tests and the benchmark."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPORT_TEXT = (FIXTURES / "report.txt").read_text(encoding="utf-8")
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_FONT = "STSong-Light"


def report_lines(text: str = REPORT_TEXT) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def make_docx(path: Path, text: str = REPORT_TEXT, table: bool = False) -> Path:
    """Title in the Title style, 一、 parts in Heading 1, the rest as body paragraphs; optionally a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "青溪县法治政府建设年度报告"
    document.core_properties.author = "青溪县司法局"
    lines = report_lines(text)
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        document.add_paragraph(line, style="Heading 1" if _TOP.match(line) else None)
        if table and line.startswith("（六）"):
            grid = document.add_table(rows=2, cols=2)
            for cell, value in zip(grid._cells, ["指标", "数值", "行政复议纠错率", "12.5%"], strict=True):
                cell.text = value
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：青溪县人民政府办公室印发"
    section.footer.paragraphs[0].text = "页脚：内部资料注意保存"
    document.save(path)
    return path


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def make_pdf(path: Path, text: str = REPORT_TEXT, size: int = 12, encrypt: str | None = None) -> Path:
    """A4 pages with the text wrapped at the page width, first-line indents, a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _register_font()
    width, height = A4
    margin = 72
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    state = {"y": height - margin, "page": 1}

    def furniture() -> None:
        pdf.setFont(_FONT, 9)
        pdf.drawCentredString(width / 2, height - 40, "青溪县人民政府文件")
        pdf.drawCentredString(width / 2, 30, f"— {state['page']} —")

    def emit(chunk: str, x: float) -> None:
        if state["y"] < margin:
            furniture()
            pdf.showPage()
            state["page"] += 1
            state["y"] = height - margin
        pdf.setFont(_FONT, size)
        pdf.drawString(x, state["y"], chunk)
        state["y"] -= size * 1.6

    for number, line in enumerate(report_lines(text)):
        indent = 0 if number == 0 or _TOP.match(line) else 2 * size
        rest, x = line, margin + indent
        while rest:
            room = width - margin - x
            cut = 1
            while cut < len(rest) and stringWidth(rest[: cut + 1], _FONT, size) <= room:
                cut += 1
            emit(rest[:cut], x)
            rest, x = rest[cut:], margin
    furniture()
    pdf.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A 'scan': each page holds only an image, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 280), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 180, 60), fill=0)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return path


def make_html(path: Path, text: str = REPORT_TEXT, encoding: str = "gbk", published: str = "2025-02-25") -> Path:
    """A government-site page: navigation, login, share bar, QR prompt, scripts, the article in div#zoom."""
    lines = report_lines(text)
    body = "\n".join(f"<p>&nbsp;&nbsp;{line}</p>" for line in lines[1:])
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{lines[0]}_青溪县人民政府</title>
<script>var nav = "设为首页"; document.write("扫一扫");</script><style>.x{{color:red}}</style></head>
<body>
<div class="top-bar"><a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍</a>
 | <a href="#">长者模式</a></div>
<div class="login">账号密码登录 <a>立即注册</a> 忘记密码？</div>
<ul class="nav"><li><a>首页</a></li><li><a>政务公开</a></li><li><a>政务服务</a></li><li><a>互动交流</a></li></ul>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="article">
<h1>{lines[0]}</h1>
<div class="info">发布时间：{published} 来源：县司法局 浏览次数：1024 字号：大 中 小</div>
<div id="zoom" class="TRS_Editor">
{body}
</div>
<div class="bdshare">分享到：微信 微博 QQ空间</div>
<div class="ewm">扫一扫在手机打开当前页</div>
<div class="pages">上一篇：关于2023年度法治政府建设情况的报告 下一篇：无</div>
</div>
<div class="footer">主办：青溪县人民政府办公室 网站标识码：3300000000 ICP备案号：浙ICP备00000000号</div>
</body></html>"""
    path.write_bytes(page.encode("gbk" if encoding == "gb2312" else encoding))  # as sites do: GBK text, gb2312 label
    return path


def make_zip_bomb(path: Path, unzipped_mb: int = 210) -> Path:
    """A .docx-shaped zip whose document.xml inflates to ``unzipped_mb`` MB from a few hundred KB on disk."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unzipped_mb):
                member.write(chunk)
    return path


def truncate(source: Path, target: Path, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def docx_bytes(text: str = REPORT_TEXT) -> bytes:
    buffer = io.BytesIO()
    import docx

    document = docx.Document()
    for line in report_lines(text):
        document.add_paragraph(line)
    document.save(buffer)
    return buffer.getvalue()
