"""Web page reader (.html/.htm/.mhtml): the article text only, in the page's own charset."""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from collections.abc import Iterator
from typing import Any

from checker.errors import InputError
from checker.sources.text import decode_text
from checker.text.document import Document
from checker.text.metadata import to_date

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "button", "select", "input", "textarea", "svg", "template",
    "object", "embed", "map", "head",
)  # fmt: skip
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form"}  # dropped unless they hold the article
_NOISE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|head|top|topbar|share|bdshare|breadcrumbs?|crumbs?|"
    r"position|location|login|search|sidebar|side|toolbar|tools?|qrcode|ewm|erweima|links?|friend|related|"
    r"pager|pagination|prev|next|comment|print|font|fontsize|zoomtool)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "table", "section",
    "article", "main", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "hr", "tbody", "caption",
}  # fmt: skip
_CONTAINER_TAGS = {"body", "div", "article", "section", "main", "table", "tbody", "tr", "td", "center", "form"}
_HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期)\s*[:：]?\s*(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_REPORT_TITLE = re.compile(r"20\d\d.*(?:报告|情况)")
_SPACE = re.compile(r"[ \t\r\n\f]+")
MAX_TAGS = 500_000  # a long report page has tens of thousands; millions of empty tags take gigabytes


def read_html(data: bytes, source: str, charset: str | None = None, fmt: str = "html") -> Document:
    """Read a saved web page; ``charset`` is the transport's (MHTML part header) when known."""
    import lxml.html
    from lxml import etree

    text = _decode(data, source, charset)
    tags = text.count("<")
    if tags > MAX_TAGS:  # each element costs the parser and the tree far more than its bytes
        raise InputError("too_large", f"网页标签过多（{tags} 个，上限 {MAX_TAGS}）(too many HTML tags: {tags})", source)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    # huge_tree: keep text nodes over 10 MB and nesting deeper than 256 (the size cap bounds both)
    parser = lxml.html.HTMLParser(no_network=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise InputError("corrupt", "网页文件无法解析 (cannot parse the web page)", source) from None
    if any(_over_limit(entry) for entry in parser.error_log):
        raise InputError(
            "too_deep", "网页结构嵌套过深，解析器无法完整读取 (HTML nested too deeply to read in full)", source
        )
    meta = _page_meta(root)
    _strip_noise(root)
    body = root.find("body")
    container = _main_container(body if body is not None else root)
    lines: list[str] = []
    marked: dict[int, int] = {}
    for line, level in _block_lines(container):
        if level is not None and line != meta.get("title"):
            marked[len(lines)] = level
        lines.append(line)
    title = meta.get("title")
    if title and not any(title in line for line in lines[:5]):
        lines.insert(0, title)
        marked = {k + 1: v for k, v in marked.items()}
    return Document(source=source, format=fmt, lines=tuple(lines), marked_headings=_relative(marked), meta=meta)


def _over_limit(entry: Any) -> bool:
    """A parser message saying libxml2 stopped reading part of the page (depth or size limit)."""
    return entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message


def read_mhtml(data: bytes, source: str) -> Document:
    """Read the first HTML part of a .mhtml web archive."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return read_html(payload, source, part.get_content_charset(), fmt="mhtml")
    raise InputError("corrupt", "网页存档中没有网页正文 (no HTML part in the .mhtml archive)", source)


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    label = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
    try:
        codec = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if codec in {"gb2312", "gbk", "hz"} else codec


def _decode(data: bytes, source: str, charset: str | None) -> str:
    """The page's own charset (BOM, transport, <meta>), else detection as for plain text."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, source)
    match = _META_CHARSET.search(data[:8192])
    for codec in (_codec(charset), _codec(match.group(1) if match else None)):
        if codec and not codec.startswith("utf-16"):
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):  # LookupError: rot13 and the like are not charsets
                continue
    return decode_text(data, source)


def _page_meta(root: Any) -> dict[str, str]:
    """Title (the article's heading, not the site logo) and 发布时间 from anywhere on the page."""
    meta: dict[str, str] = {}
    candidates = [str(v) for v in root.xpath("//meta[@name='ArticleTitle']/@content")]
    candidates += [h.text_content() for h in root.xpath("//h1 | //h2 | //h3")]
    candidates += [re.split(r"[_|｜]| - ", t.text_content())[0] for t in root.xpath("//title")]
    titles = [_SPACE.sub("", c).strip() for c in candidates if _CJK.search(c)]
    preferred = [t for t in titles if _REPORT_TITLE.search(t)]
    if preferred or titles:
        meta["title"] = (preferred or titles)[0]
    published = root.xpath("//meta[@name='PubDate']/@content")
    match = _PUBLISHED.search(root.text_content()) or (_date_in(published[0]) if published else None)
    found = to_date(*(int(g) for g in match.groups())) if match else None
    if found:
        meta["date"] = found.isoformat()
    return meta


def _date_in(text: str) -> re.Match[str] | None:
    return re.search(r"(20\d\d)\D(\d{1,2})\D(\d{1,2})", text)


def _strip_noise(root: Any) -> None:
    """Remove scripts, navigation, share bars and other page furniture in place."""
    for element in list(root.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    counts = _cjk_counts(root)  # before any furniture goes: an element's own subtree is still whole
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        attrs = f"{element.get('class', '')} {element.get('id', '')}"
        furniture = element.tag in _FURNITURE_TAGS or _NOISE_ATTR.search(attrs)
        if furniture and counts[element] < 200:
            element.drop_tree()


def _cjk(text: str | None) -> int:
    """Chinese characters in ``text``, counted by runs (no list of one-character strings)."""
    return sum(match.end() - match.start() for match in _CJK_RUN.finditer(text)) if text else 0


def _cjk_counts(root: Any) -> dict[Any, int]:
    """Chinese characters under each element, link text left out, in one pass from the leaves up.

    Counting each candidate's ``text_content()`` afresh costs depth x size: 250 nested divs over a
    megabyte of text took 45 s.
    """
    counts: dict[Any, int] = {}
    for element in reversed(list(root.iter())):  # every element after all of its descendants
        if element.tag == "a" or not isinstance(element.tag, str):
            counts[element] = 0
        else:
            counts[element] = _cjk(element.text) + sum(counts[child] + _cjk(child.tail) for child in element)
    return counts


def _main_container(element: Any) -> Any:
    """Descend while one container child (not a single paragraph) holds most of the page's text."""
    counts = _cjk_counts(element)
    total = counts[element]
    while total > 0:
        containers = (child for child in element if child.tag in _CONTAINER_TAGS)
        best = max(containers, key=lambda child: counts[child], default=None)
        if best is None:
            break
        share = counts[best]
        if share < total * 0.8:
            break
        element, total = best, share
    return element


def _block_lines(container: Any) -> Iterator[tuple[str, int | None]]:
    """Lines of text, broken at block elements; heading tags carry their level.

    Walked with lxml's event iterator, not recursion, so any nesting depth the parser keeps is read.
    """
    from lxml import etree

    buffer: list[str] = []
    level: int | None = None
    for event, element in etree.iterwalk(container, events=("start", "end", "comment", "pi")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK:
            line = _SPACE.sub(" ", "".join(buffer)).strip().strip("\u3000\xa0 ")
            buffer.clear()
            if line:
                yield line, level
            level = None
        if event == "start":
            if tag in _HEADING_TAGS:
                level = _HEADING_TAGS[tag]
            if tag and element.text:
                buffer.append(element.text)
        elif element.tail and element is not container:  # "end", or a comment's or instruction's only event
            buffer.append(element.tail)
    line = _SPACE.sub(" ", "".join(buffer)).strip().strip("\u3000\xa0 ")
    if line:
        yield line, level


def _relative(marked: dict[int, int]) -> dict[int, int]:
    """Shift heading tag levels so the highest one used in the article is level 1."""
    if not marked:
        return marked
    top = min(marked.values())
    return {line: level - top + 1 for line, level in marked.items()}
