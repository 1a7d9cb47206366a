"""PDF reader (pdfplumber): the text layer in reading order, page furniture removed, paragraphs rejoined."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.text.document import Document

if TYPE_CHECKING:
    from checker.sources import Limits

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－_\s]*$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．](?!\d)|[(（]\d+[)）])"
)
_EDGE = 0.1  # top and bottom tenth of a page is where headers, footers and page numbers sit


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    char_width: float
    page: int
    row: int = 0  # 1-based among the page's text lines, top to bottom, headers and footers included


def read_pdf(data: bytes, source: str, limits: Limits) -> Document:
    """Read a PDF's text layer; a scan or a password-protected file is a clear error."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages: list[list[_Line]] = []
    edges: list[tuple[list[_Line], list[_Line]]] = []
    images = 0
    drawn = _Drawn(source, limits.max_page_chars, limits.max_chars)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > limits.max_pdf_pages:
                raise InputError(
                    "too_many_pages",
                    f"PDF 页数过多（{count} 页，上限 {limits.max_pdf_pages}）(too many pages: {count})",
                    source,
                )
            for number, page in enumerate(pdf.pages):
                _lay_out(pdf, page, drawn)
                body, head, foot = _page_lines(page, number)
                images += len(page.images)
                pages.append(body)
                edges.append((head, foot))
                page.close()
    except PdfminerException as exc:
        raise _pdfminer_error(exc.args[0] if exc.args else exc, source) from None
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError) as exc:
        raise _pdfminer_error(exc, source) from None
    if not any(pages) and not any(head or foot for head, foot in edges):
        if images:
            raise InputError(
                "scanned_pdf",
                "PDF 没有文字层（扫描件），需要先做文字识别（OCR）(scanned PDF without a text layer: OCR needed)",
                source,
            )
        raise InputError("empty", "PDF 中没有文字内容 (no text in PDF)", source)
    _restore_edges(pages, edges)
    lines, places = _paragraphs(pages)
    return Document(source=source, format="pdf", lines=tuple(lines), places=tuple(places))


class _Drawn:
    """Counts the characters a PDF draws, page by page, and stops the drawing at the caps.

    A small PDF can draw millions of characters on one page (its content stream compresses well);
    pdfplumber keeps a large object per character and then sorts them into lines, so the caps are
    checked as each character is drawn, before any of that work is done.
    """

    def __init__(self, source: str, page_cap: int, total_cap: int) -> None:
        self.source, self.page_cap, self.total_cap = source, page_cap, total_cap
        self.page = self.total = 0

    def count(self) -> None:
        self.page += 1
        self.total += 1
        if self.page > self.page_cap:
            raise InputError(
                "too_much_text",
                f"PDF 单页文字过多（超过 {self.page_cap} 字）(too much text on one page)",
                self.source,
            )
        if self.total > self.total_cap:
            raise InputError("too_much_text", f"提取的文字过多（上限 {self.total_cap}）(too much text)", self.source)


def _lay_out(pdf: Any, page: Any, drawn: _Drawn) -> None:
    """Lay the page out as pdfplumber would, counting each character drawn against the caps.

    The result goes where pdfplumber keeps a page's layout (``_layout``), so its text extraction
    uses it instead of drawing the page again without the caps.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    draw = device.render_char

    def render_char(*args: Any, **kwargs: Any) -> float:
        drawn.count()
        return draw(*args, **kwargs)

    device.render_char = render_char  # type: ignore[method-assign]
    drawn.page = 0
    try:
        PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # as pdfplumber reports a failed page
        raise PdfminerException(exc) from None
    page._layout = device.get_result()


def _pdfminer_error(exc: object, source: str) -> InputError:
    if isinstance(exc, MemoryError):
        return InputError("too_large", "文件内容过大，内存不足 (out of memory while reading)", source)
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return InputError("encrypted", "PDF 已加密，请取消密码保护后再检查 (password-protected PDF)", source)
    return InputError("corrupt", "PDF 文件已损坏或不完整 (corrupt or truncated PDF)", source)


def _page_lines(page: object, number: int) -> tuple[list[_Line], list[_Line], list[_Line]]:
    """Split a page's text lines into body, top edge and bottom edge."""
    height = float(page.height)  # type: ignore[attr-defined]
    body: list[_Line] = []
    head: list[_Line] = []
    foot: list[_Line] = []
    rows = [raw for raw in page.extract_text_lines(strip=True, return_chars=True) if raw["text"].strip()]  # type: ignore[attr-defined]
    for row, raw in enumerate(rows, 1):
        text = raw["text"]
        widths = [c["x1"] - c["x0"] for c in raw["chars"] if not c["text"].isspace()]
        median = statistics.median(widths) if widths else 1.0
        line = _Line(text, raw["x0"], raw["x1"], raw["top"], median, number, row)
        if raw["top"] < height * _EDGE:
            head.append(line)
        elif raw["bottom"] > height * (1 - _EDGE):
            foot.append(line)
        else:
            body.append(line)
    return body, head, foot


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _restore_edges(pages: list[list[_Line]], edges: list[tuple[list[_Line], list[_Line]]]) -> None:
    """Put back edge lines that are real text: not page numbers, not repeated running headers."""
    repeats = Counter(key for head, foot in edges for key in {_furniture_key(line.text) for line in head + foot})
    threshold = max(2, len(pages) // 2)
    for body, (head, foot) in zip(pages, edges, strict=True):
        keep = [
            line
            for line in head + foot
            if not _PAGE_NUMBER.match(line.text) and repeats[_furniture_key(line.text)] < threshold
        ]
        body.extend(keep)
        body.sort(key=lambda line: line.top)


def _paragraphs(pages: list[list[_Line]]) -> tuple[list[str], list[tuple[tuple[int, int, int], ...]]]:
    """Join lines that were broken only because they reached the right margin.

    Also gives, for each paragraph, where each of its physical lines starts in it, with that line's page
    (1-based) and its line on the page (counting every text line of the page from the top, as a reader
    counts): ``(offset, page, line)``.
    """
    lines = [line for page in pages for line in page]
    if not lines:
        return [], []
    right = statistics.quantiles([line.x1 for line in lines], n=10)[-1] if len(lines) > 1 else lines[0].x1
    left = min(line.x0 for line in lines)
    out: list[str] = []
    places: list[list[tuple[int, int, int]]] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and out and _continues(previous, line, left, right):
            places[-1].append((len(out[-1]), line.page + 1, line.row))
            out[-1] += line.text
        else:
            out.append(line.text)
            places.append([(0, line.page + 1, line.row)])
        previous = line
    return out, [tuple(segments) for segments in places]


def _continues(previous: _Line, line: _Line, left: float, right: float) -> bool:
    """The next line goes on the same paragraph when the previous one filled the width."""
    width = max(previous.char_width, line.char_width)
    full = previous.x1 >= right - 1.5 * width
    indented = line.x0 > left + 1.2 * width
    return full and not indented and not _HEADING.match(line.text)
