"""``reportcheck serve`` in headless Chromium (Debian's ``chromium``, driven by Playwright): a draft checked
and a batch graded as a person would, through the page.

The server is the real one (bench/bench_serve.py starts it on loopback). Every request the page makes
is recorded: none may leave the server. ``REPORTCHECK_SCREENSHOTS=DIR`` also keeps the screenshots
(the README's picture comes from here: ``REPORTCHECK_SCREENSHOTS=docs pytest tests/test_serve_browser.py``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checker.analysis.engine import check_path
from tests.conftest import EXAMPLES, bench_module

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or sync_playwright is None,
    reason="未安装 Debian 的 chromium 或 playwright，跳过浏览器测试 (chromium or playwright missing: see .ci/run)",
)
TOWNSHIP = EXAMPLES / "township_no_first_responsible.txt"
BATCH = ["strong_county.txt", "township_good.txt", "township_no_first_responsible.txt", "slogans_only.txt"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with bench_module("bench_serve").Server(env={"TMPDIR": str(tmp_path_factory.mktemp("serve"))}) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _page(browser: Any, server: Any, width: int = 1280, height: int = 800) -> tuple[Any, list[str]]:
    """A new page that records every URL it requests."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(30_000)
    return page, requests


def _keep(shot: Path, name: str) -> None:
    folder = os.environ.get("REPORTCHECK_SCREENSHOTS")
    if folder:
        shutil.copyfile(shot, Path(folder) / name)


def _is_png(path: Path, width: int) -> bool:
    data = path.read_bytes()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == width and len(data) > 30_000


def test_check_a_draft(server: Any, browser: Any, tmp_path: Path) -> None:
    page, requests = _page(browser, server)
    page.goto(server.url)
    page.set_input_files("input[name=file]", str(TOWNSHIP))
    page.click("button[type=submit]")
    page.wait_for_selector("[data-score]")
    expected = check_path(TOWNSHIP)
    assert page.inner_text("[data-score]").startswith(f"{expected.score:g}")
    assert "缺少必备部分：第一责任人履职情况" in page.inner_text("[data-missing]")
    report = page.frame_locator("iframe[data-report]")
    assert "第一责任人履职情况 — 缺失" in report.locator("ul.checklist").inner_text()
    assert "建议：" in report.locator("body").inner_text()
    page.wait_for_timeout(300)  # the frame takes the height of its report
    shot = tmp_path / "check.png"
    page.screenshot(path=str(shot))
    assert _is_png(shot, 1280)
    _keep(shot, "serve.png")
    page.emulate_media(media="print")  # printed: the report alone, on A4
    assert not page.locator("header.bar").is_visible() and not page.locator("[data-score]").is_visible()
    assert page.locator("iframe[data-report]").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-") and b"/MediaBox [0 0 595" in pdf
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("[data-missing]").is_visible()
    assert requests and all(url.startswith(server.url) for url in requests), requests
    page.close()


def test_grade_a_batch_and_download_the_workbook(server: Any, browser: Any, tmp_path: Path) -> None:
    page, requests = _page(browser, server)
    page.goto(server.url + "batch")
    page.set_input_files("input[name=files]", [str(EXAMPLES / name) for name in BATCH])
    page.click("button[type=submit]")
    page.wait_for_selector("[data-totals]")
    assert "共 4 份：检查 4" in page.inner_text("[data-totals]")
    assert page.locator("table.ranking tbody tr").count() == 4
    with page.expect_download() as download:
        page.click("[data-xlsx]")
    saved = tmp_path / "batch.xlsx"
    download.value.save_as(str(saved))
    assert download.value.suggested_filename == "批量评分.xlsx"
    sheet = openpyxl.load_workbook(saved)["汇总"]
    assert set(BATCH) <= {cell.value for row in sheet.iter_rows() for cell in row}
    page.click("table.ranking >> text=township_no_first_responsible.txt")  # a report on its own page
    page.wait_for_selector("[data-score]")
    assert "缺少必备部分" in page.inner_text("[data-missing]")
    assert all(url.startswith(server.url) for url in requests), requests
    page.close()
