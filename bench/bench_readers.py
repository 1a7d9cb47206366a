"""Benchmark the .docx and .pdf readers (median seconds per page) and .txt start-up.

Usage: python bench/bench_readers.py [--repeats N] [--copies N]

The same report text is written as .docx and .pdf (A4, 12 pt); a docx "page" is the page count of the
PDF rendering of the same text. Also compares pdfplumber (used) with pypdf on quality and speed, and
checks that checking a .txt does not import the heavy readers.
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "formats")]

import makers  # noqa: E402

from checker.sources import read_document  # noqa: E402

HEAVY = ("docx", "pdfplumber", "pdfminer", "pypdf", "lxml")


def _median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _content(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff0-9%]", "", text)


def _pdf_libraries(pdf: Path, source: str, repeats: int) -> dict[str, tuple[float, float, bool]]:
    """Per library: seconds, similarity of the raw text to the source, and whether it comes in reading order.

    The fixture draws each page's running header last, so only a reader that orders text by position
    puts the header before the body.
    """
    import pdfplumber
    from pypdf import PdfReader

    def plumber() -> str:
        with pdfplumber.open(pdf) as document:
            return "\n".join(page.extract_text() or "" for page in document.pages)

    def pypdf() -> str:
        return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)

    expected = _content(source)
    out = {}
    for name, extract in (("pdfplumber", plumber), ("pypdf", pypdf)):
        raw = extract()
        ratio = difflib.SequenceMatcher(None, _content(raw), expected, autojunk=False).ratio()
        in_order = raw.find("青溪县人民政府文件") < raw.find(makers.report_lines()[0])
        out[name] = (_median_seconds(extract, repeats), ratio, in_order)
    return out


def _startup_txt(path: Path, repeats: int) -> tuple[float, list[str]]:
    probe = (
        "import sys\nfrom checker.cli import main\nfrom checker.analysis.engine import check_path\n"
        f"check_path({str(path)!r})\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    loaded: list[str] = []

    def run() -> None:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        loaded[:] = [m for m in done.stdout.strip().split(",") if m]

    return _median_seconds(run, repeats), loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=4, help="how many times the report text is repeated")
    args = parser.parse_args()
    text = "\n".join([makers.REPORT_TEXT] * args.copies)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        txt = base / "report.txt"
        txt.write_text(text, encoding="utf-8")
        docx = makers.make_docx(base / "report.docx", text, table=True)
        pdf = makers.make_pdf(base / "report.pdf", text)
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
        read_document(docx), read_document(pdf)  # warm imports, so timings are reading only
        docx_page = _median_seconds(lambda: read_document(docx), args.repeats) / pages
        pdf_page = _median_seconds(lambda: read_document(pdf), args.repeats) / pages
        libraries = _pdf_libraries(pdf, text, args.repeats)
        startup, loaded = _startup_txt(txt, args.repeats)
    print(f"pages: {pages} (A4, 12 pt; {len(text)} characters)")
    print(f"docx read, median per page: {docx_page * 1000:.2f} ms")
    print(f"pdf  read, median per page: {pdf_page * 1000:.2f} ms")
    for name, (seconds, ratio, in_order) in libraries.items():
        print(
            f"  raw text {name:<10} {seconds / pages * 1000:6.2f} ms/page, content similarity {ratio:.4f},"
            f" page header in reading order: {in_order}"
        )
    print(f"txt check start-up (new process): {startup * 1000:.0f} ms; heavy modules loaded: {loaded or 'none'}")
    if loaded:
        sys.exit(f"heavy readers imported for a .txt: {loaded}")


if __name__ == "__main__":
    main()
