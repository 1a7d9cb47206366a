"""One self-contained HTML page for the drafter: score, parts, findings and the highlighted full text.

No script, no external asset (a Content-Security-Policy forbids any), every piece of report text
escaped; printable on A4. Fed by the Result and the Document's own lines for the full text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from checker.render.findings import finding_line, finding_where, pending, section_title
from checker.render.formats import Checked
from checker.render.previous_year import last_year
from checker.result import ElementResult, ErrorRecord, Result
from checker.rubric.model import Rubric
from checker.status import CheckStatus, Status
from checker.text.document import Document

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"

_CSS = """
:root { --ok: #1a7f37; --weak: #9a6700; --bad: #cf222e; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1f2328; line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 1.8rem; }
a { color: #0550ae; }
.summary { display: flex; gap: 1.5rem; align-items: center; border: 1px solid var(--line);
  border-radius: .5rem; padding: 1rem 1.25rem; background: var(--soft); }
.score { font-size: 2.6rem; font-weight: 700; line-height: 1; white-space: nowrap; }
.score small { font-size: 1rem; font-weight: 400; }
.verdict { font-weight: 700; margin: .3rem 0; }
.verdict.pass { color: var(--ok); } .verdict.fail { color: var(--bad); }
.meta { color: #59636e; font-size: .9rem; }
ul.checklist { list-style: none; padding: 0; }
ul.checklist li { padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
.box { display: inline-block; width: 1.4rem; font-weight: 700; }
.st-present { color: var(--ok); } .st-weak { color: var(--weak); } .st-missing { color: var(--bad); }
.finding { border-left: 4px solid var(--line); padding: .4rem .8rem; margin: .6rem 0; break-inside: avoid; }
.finding.missing { border-color: var(--bad); } .finding.weak { border-color: var(--weak); }
.finding h3 { font-size: 1rem; margin: 0; }
.finding p { margin: .15rem 0; }
.tag { font-size: .8rem; color: #59636e; font-weight: 400; }
.hint { color: #0a3069; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
.fulltext { border: 1px solid var(--line); border-radius: .5rem; font-size: .92rem; }
.ln { display: grid; grid-template-columns: 3.2rem 1fr; border-bottom: 1px solid #eef1f4; }
.ln .no { text-align: right; padding-right: .6rem; color: #8c959f; text-decoration: none;
  user-select: none; }
.ln .tx { white-space: pre-wrap; word-break: break-all; padding-right: .5rem; }
.ln.hit { background: #fff8c5; }
.ln:target { outline: 2px solid #0969da; }
mark { background: #ffd33d; padding: 0 .1rem; }
.refs { font-size: .75rem; color: #59636e; }
.error { color: var(--bad); font-weight: 700; }
article + article { border-top: 4px double var(--line); margin-top: 2rem; }
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  .ln { break-inside: avoid; }
  article + article { break-before: page; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _link(prefix: str, line: int | None, label: str = "") -> str:
    """A link to a line of the report's text below, named where the line stands (第12段, 第3页第5行)."""
    return f'<a href="#{prefix}L{line}">{_e(label or f"第{line}行")}</a>' if line else ""


def _summary(result: Result) -> str:
    report = result.report
    kind = "pass" if result.passed else "fail"
    verdict = f'<div class="verdict {kind}">{_e(result.verdict)}</div>'
    return (
        f'<div class="summary"><div class="score">{result.score:g}<small> 分</small></div>'
        f"<div><div>等级 <strong>{_e(result.grade)}</strong>"
        f' <span class="meta">及格线 {result.fail_under:g}</span></div>{verdict}'
        f'<div class="meta">年度 {_e(report.year or "未找到")} · 落款 {_e(report.issuer or "未找到")}'
        f" · 日期 {_e(report.date or '未找到')} · 正文 {report.chars} 字"
        f" · 评分细则 {_e(result.rubric_id)} {_e(result.rubric_version)}</div>" + "</div></div>"
    )


def _sections(result: Result, prefix: str) -> str:
    items = []
    for section in result.sections:
        if not section.required and section.status is Status.MISSING:
            continue
        box = {"present": "☑", "weak": "◩", "missing": "☐"}[section.status]
        detail = section.heading if section.status is Status.PRESENT and section.heading else section.reason
        hint = f'<div class="hint">建议：{_e(section.hint)}</div>' if section.status is not Status.PRESENT else ""
        items.append(
            f'<li><span class="st-{section.status}"><span class="box">{box}</span><strong>{_e(section.title)}</strong>'
            f" — {section.status.label}</span> {_link(prefix, section.line, section.where)}"
            f'<div class="meta">{_e(detail)}</div>{hint}</li>'
        )
    return '<h2>法定部分</h2><ul class="checklist">' + "".join(items) + "</ul>"


def _finding(result: Result, element: ElementResult, prefix: str) -> str:
    quotes = "".join(f"<p>依据：{_link(prefix, ev.line, ev.where)} “{_e(ev.text)}”</p>" for ev in element.evidence)
    belongs = _link(prefix, finding_line(result, element), finding_where(result, element))
    evidence = quotes or f"<p>应写在：{_e(section_title(result, element.section))} {belongs}</p>"
    required = "（必备）" if element.required else ""
    return (
        f'<div class="finding {element.status}" id="{prefix}{element.id}">'
        f'<h3><span class="st-{element.status}">{element.status.label}</span> {_e(element.title)}{required}'
        f' <span class="tag">{_e(section_title(result, element.section))} · {_e(element.id)}</span></h3>'
        f"<p>原因：{_e(element.reason)}</p>{evidence}"
        f'<p class="hint">建议：{_e(element.hint)}</p></div>'
    )


def _findings(result: Result, prefix: str) -> str:
    items = pending(result)
    body = "".join(_finding(result, e, prefix) for e in items) or '<p class="st-present">全部要素均已具备。</p>'
    present = [e for e in result.elements if e.status is Status.PRESENT]
    done = "".join(f'<li id="{prefix}{e.id}">{_e(e.title)} {_first_quote_link(e, prefix)}</li>' for e in present)
    return (
        f"<h2>需要补充或加强的要素（{len(items)}）</h2>{body}"
        f"<h2>已具备的要素（{len(present)}/{len(result.elements)}）</h2><ul>{done}</ul>"
    )


def _first_quote_link(element: ElementResult, prefix: str) -> str:
    return _link(prefix, element.evidence[0].line, element.evidence[0].where) if element.evidence else ""


def _tables(result: Result, prefix: str) -> str:
    rows = "".join(
        f"<tr><td>{_e(f.title)}</td><td>{_e(f.shown)}</td><td>{f.kind_label}</td>"
        f"<td>{_link(prefix, f.line, f.where)}</td></tr>"
        for f in result.figures
    )
    figures = (
        f"<table><tr><th>指标</th><th>数值</th><th>类型</th><th>位置</th></tr>{rows}</table>"
        if rows
        else '<p class="st-weak">全文没有找到任何指标数据。</p>'
    )
    checks = "".join(
        f'<tr><td>{_e(c.title)}</td><td class="st-{"present" if c.status is CheckStatus.PASS else "weak"}">'
        f"{c.status.label}</td><td>{_e(c.message)}"
        f"{'' if c.status in ('pass', 'skip') else '。' + _e(c.hint)} {_link(prefix, c.line, c.where)}</td></tr>"
        for c in result.checks
    )
    return (
        f"<h2>数据指标</h2>{figures}"
        f"<h2>整体检查</h2><table><tr><th>检查</th><th>结果</th><th>说明</th></tr>{checks}</table>"
    )


def _marked(text: str, snippets: list[str]) -> str:
    """The line escaped, with each evidence quote found in it wrapped in <mark>."""
    spans = sorted((i, i + len(s)) for s in snippets if s and (i := text.find(s)) >= 0)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(_e(text[pos:start]) + f"<mark>{_e(text[start:end])}</mark>")
        pos = end
    return "".join(out) + _e(text[pos:])


def _fulltext(document: Document, result: Result, prefix: str) -> str:
    by_line: dict[int, list[ElementResult]] = {}
    for element in result.elements:
        for ev in element.evidence:
            by_line.setdefault(ev.line, []).append(element)
    rows = []
    for number, text in enumerate(document.lines, start=1):
        elements = by_line.get(number, [])
        snippets = [ev.text for e in elements for ev in e.evidence if ev.line == number]
        refs = "".join(f' <a href="#{prefix}{e.id}">{_e(e.title)}</a>' for e in dict.fromkeys(elements))
        rows.append(
            f'<div class="ln{" hit" if elements else ""}" id="{prefix}L{number}">'
            f'<a class="no" href="#{prefix}L{number}">{number}</a>'
            f'<div class="tx">{_marked(text, snippets)}'
            + (f'<div class="refs">↳{refs}</div>' if refs else "")
            + "</div></div>"
        )
    return '<h2>报告全文</h2><div class="fulltext">' + "".join(rows) + "</div>"


def _last_year(result: Result) -> str:
    found = last_year(result)
    if found is None:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in found.facts)
    details = "".join(f'<li class="meta">{_e(line)}</li>' for line in (*found.repeated, *found.unfollowed))
    return f"<h2>{_e(found.heading)}</h2><ul>{items}</ul>" + (f"<ul>{details}</ul>" if details else "")


def _article(document: Document, result: Result, prefix: str) -> str:
    return (
        f'<article><h1>{_e(result.report.title or result.file)}</h1><div class="meta">文件 {_e(result.file)}</div>'
        + _summary(result)
        + _sections(result, prefix)
        + _findings(result, prefix)
        + _tables(result, prefix)
        + _last_year(result)
        + _fulltext(document, result, prefix)
        + "</article>"
    )


def _error_article(record: ErrorRecord) -> str:
    return f'<article><h1>{_e(record.file)}</h1><p class="error">无法检查：{_e(record.message)}</p></article>'


def _item(item: Checked, prefix: str) -> str:
    outcome, document = item.outcome, item.document
    if isinstance(outcome, Result) and document is not None:
        return _article(document, outcome, prefix)
    assert isinstance(outcome, ErrorRecord), "a checked report is rendered with its document"
    return _error_article(outcome)


def render(items: Sequence[Checked], rubrics: Mapping[str, Rubric]) -> str:
    """The whole page for one or more checked reports (or error records of unreadable files)."""
    articles = [_item(item, f"r{i}-") for i, item in enumerate(items)]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>法治政府建设年度报告检查结果</title>"
        f"<style>{_CSS}</style></head><body>" + "".join(articles) + "</body></html>\n"
    )
