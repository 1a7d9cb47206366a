"""Word .docx reader: body paragraphs and tables in order, heading styles and numbering as outline.

Headers, footers and comments live in other parts of the package and are never read. python-docx
parses XML with entity resolution off; the zip is size-checked before anything is decompressed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.sources.archive import open_zip
from checker.sources.docx_numbering import Numbering, W, paragraph_numbering
from checker.text.document import Document

if TYPE_CHECKING:
    from checker.sources import Limits

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CHARS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr", _MC_FALLBACK}
_CONTAINERS = {f"{W}{tag}" for tag in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo")}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class _Styles:
    """Paragraph styles resolved through basedOn: heading level and numbering per style id."""

    levels: dict[str, int]
    numbering: dict[str, tuple[str, int]]


def read_docx(data: bytes, source: str, limits: Limits) -> Document:
    """Read a .docx from bytes into a Document."""
    word = open_word(data, source, limits)
    styles = _read_styles(word)
    lines: list[str] = []
    places: list[tuple[tuple[int, int, int], ...]] = []  # each line's paragraph (1-based, in reading order)
    marked: dict[int, int] = {}
    for number, (paragraph, label, own) in enumerate(paragraph_texts(word, styles), 1):
        text = label + own
        level = _paragraph_level(paragraph.find(f"{W}pPr"), styles)
        if level is not None and text.strip():
            marked[len(lines)] = level
        parts = text.split("\n")
        lines.extend(parts)
        places.extend(((0, number, n),) for n in range(1, len(parts) + 1))
    return Document(
        source=source, format="docx", lines=tuple(lines), marked_headings=marked, meta=_meta(word), places=tuple(places)
    )


def open_word(data: bytes, source: str, limits: Limits) -> Any:
    """The python-docx Document of ``data``, once the zip is known to be a sound, not too large Word file."""
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    with open_zip(data, source, limits.max_unzipped_bytes) as archive:
        if "word/document.xml" not in archive.namelist():
            raise InputError("not_docx", "这不是 Word 文档（压缩包中没有正文）(not a Word document)", source)
        xml = sum(info.file_size for info in archive.infolist() if info.filename.endswith((".xml", ".rels")))
        if xml > limits.max_xml_bytes:  # python-docx parses every XML part: about five times its size in memory
            raise InputError(
                "too_large",
                f"Word 文档的正文部分过大（{xml:,} 字节，超过上限 {limits.max_xml_bytes:,} 字节）"
                f" (document XML too large: {xml} bytes, limit {limits.max_xml_bytes})",
                source,
            )
        if archive.testzip() is not None:
            raise InputError("corrupt", "文件已损坏，无法作为 Word 文档打开 (corrupt .docx)", source)
    try:
        return open_docx(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise InputError("corrupt", "文件已损坏，无法作为 Word 文档打开 (corrupt .docx)", source) from None


def paragraph_texts(word: Any, styles: _Styles | None = None) -> Iterator[tuple[Any, str, str]]:
    """Every body paragraph (w:p) in reading order, with Word's numbering label and its own text.

    The reader reads ``label + text``; the text holds a line break for each w:br and nested paragraph,
    and the reader makes a line of each.
    """
    styles = styles or _read_styles(word)
    numbering = Numbering.from_element(_numbering_root(word))
    for paragraph in _paragraphs(word.element.body):
        num_id, ilvl = paragraph_numbering(paragraph.find(f"{W}pPr"), styles.numbering)
        yield paragraph, numbering.label(num_id, ilvl), _text(paragraph)


def _paragraphs(container: Any) -> Iterator[Any]:
    """Every w:p in reading order, descending into tables, content controls and tracked insertions."""
    for child in container:
        if child.tag == f"{W}p":
            yield child
        elif child.tag in _CONTAINERS:
            yield from _paragraphs(child)


def paragraph_pieces(paragraph: Any) -> list[tuple[Any, str]]:
    """Each child of a paragraph with the visible text it holds (empty for properties, deletions, markers)."""
    return [(child, _piece(child)) for child in paragraph]


def _text(element: Any) -> str:
    """The visible text of a paragraph: runs, hyperlinks and insertions; no deleted text or field codes."""
    return "".join(_piece(child) for child in element)


def _piece(child: Any) -> str:
    tag = child.tag
    if not isinstance(tag, str) or tag in _SKIP:
        return ""
    if tag == f"{W}t":
        return child.text or ""
    if tag in _CHARS:
        return _CHARS[tag]
    if tag == f"{W}p":
        return "\n" + _text(child)
    return _text(child)


def _read_styles(word: Any) -> _Styles:
    raw: dict[str, tuple[str | None, int | None, tuple[str, int] | None]] = {}
    for style in word.styles.element.iterfind(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        name_el = style.find(f"{W}name")
        name = name_el.get(f"{W}val", "") if name_el is not None else ""
        based = style.find(f"{W}basedOn")
        ppr = style.find(f"{W}pPr")
        level = None
        match = _HEADING_NAME.match(name.strip())
        if match:
            level = int(match.group(1))
        elif ppr is not None and (outline := ppr.find(f"{W}outlineLvl")) is not None:
            level = _outline_level(outline)
        num = None
        if ppr is not None and (num_pr := ppr.find(f"{W}numPr")) is not None:
            num_id = num_pr.find(f"{W}numId")
            ilvl = num_pr.find(f"{W}ilvl")
            if num_id is not None:
                num = (num_id.get(f"{W}val", ""), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)
        raw[style.get(f"{W}styleId", "")] = (based.get(f"{W}val") if based is not None else None, level, num)
    levels: dict[str, int] = {}
    numbering: dict[str, tuple[str, int]] = {}
    for style_id in raw:
        seen: set[str] = set()
        current: str | None = style_id
        level = num = None
        while current in raw and current not in seen:
            seen.add(current)
            based, own_level, own_num = raw[current]
            level = level if level is not None else own_level
            num = num or own_num
            current = based
        if level is not None:
            levels[style_id] = level
        if num is not None:
            numbering[style_id] = num
    return _Styles(levels=levels, numbering=numbering)


def _outline_level(element: Any) -> int | None:
    """w:outlineLvl 0–8 is heading level 1–9; 9 means body text."""
    try:
        value = int(element.get(f"{W}val", "9"))
    except ValueError:
        return None
    return value + 1 if 0 <= value < 9 else None


def _paragraph_level(ppr: Any, styles: _Styles) -> int | None:
    if ppr is None:
        return None
    outline = ppr.find(f"{W}outlineLvl")
    if outline is not None:
        return _outline_level(outline)
    style = ppr.find(f"{W}pStyle")
    return styles.levels.get(style.get(f"{W}val", "")) if style is not None else None


def _numbering_root(word: Any) -> Any:
    try:
        return word.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _meta(word: Any) -> dict[str, str]:
    """Title and author from the core properties; file times kept apart from the report's own date."""
    try:
        props = word.core_properties
        values = {"title": props.title, "author": props.author, "created": props.created, "modified": props.modified}
    except (ValueError, TypeError, KeyError):
        return {}
    meta = {}
    for key, value in values.items():
        if value:
            meta[key] = value.date().isoformat() if hasattr(value, "date") else str(value).strip()
    return {k: v for k, v in meta.items() if v}
