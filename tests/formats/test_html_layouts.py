"""Older government page layouts: a page-wide <form>, a logo in <h1>, layout tables, <h2> part headings."""

from __future__ import annotations

from pathlib import Path

import makers

from checker.sources import read_document

CONTENT = makers.report_lines()


def test_form_wrapped_table_layout_page(tmp_path: Path) -> None:
    parts = []
    for line in CONTENT[1:]:
        tag = "h2" if line[1] == "、" else "p"
        parts.append(f"<{tag}>{line}</{tag}>")
    page = f"""<html><head><meta charset="gb2312"><title>青溪县人民政府门户网站</title></head>
<body><form id="form1" action="Detail.aspx">
<div class="header"><h1>青溪县人民政府</h1><a>设为首页</a><a>加入收藏</a></div>
<table class="main"><tr><td class="left">
<ul><li><a>政务公开</a></li><li><a>政策文件</a></li><li><a>通知公告</a></li></ul></td>
<td class="right"><table><tr><td><h3>{CONTENT[0]}</h3></td></tr>
<tr><td>发布日期：2025年2月26日　　字体：[大 中 小]</td></tr>
<tr><td>{"".join(parts)}<br>扫一扫在手机打开当前页</td></tr></table></td></tr></table>
</form></body></html>"""
    path = tmp_path / "Detail.htm"
    path.write_bytes(page.encode("gb18030"))
    document = read_document(path)
    kept = [line for line in document.lines if "扫一扫" not in line]
    assert kept == CONTENT
    assert document.meta == {"title": CONTENT[0], "date": "2025-02-26"}
    headings = sorted(document.lines[i] for i, level in document.marked_headings.items() if level == 1)
    assert headings == sorted(line for line in CONTENT if line[1] == "、")
