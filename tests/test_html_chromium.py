"""The HTML report opened in headless Chromium: a screenshot, the page's text, and no network request.

Requests are read from Chromium's own network log (``--log-net-log``). Requests the page makes carry
the page as initiator; the browser's own background traffic (update checks) is marked "not an
origin" and is left out. Host resolution is mapped to nothing, so no request can leave the machine.
A control page with remote assets shows that the log does catch page requests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.analysis.engine import check_path
from checker.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="未安装 Debian 的 chromium，跳过浏览器测试 (chromium not installed: .ci/run installs it with apt-get)",
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
INJECTED = "<script>document.title='pwned'</script><img src=http://evil.invalid/x.png>"


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _chromium(page: Path, work: Path, *args: str) -> tuple[str, list[str]]:
    """Open ``page``; return what Chromium printed and the URLs the page requested."""
    profile = work / f"profile-{len(list(work.glob('profile-*')))}"
    profile.mkdir()
    netlog = profile.with_suffix(".netlog.json")
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, _page_requests(netlog)


def _page_requests(netlog: Path) -> list[str]:
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] == start and "url" in params and params.get("initiator") != "not an origin":
            requests.append(params["url"])
    return requests


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of an example with a hostile line added, written by the CLI."""
    folder = tmp_path_factory.mktemp("html")
    report = folder / "township.txt"
    text = (EXAMPLES / "township_no_first_responsible.txt").read_text(encoding="utf-8")
    report.write_text(text + "\n" + INJECTED + "\n", encoding="utf-8")
    out = folder / "report.html"
    done = CliRunner().invoke(main, ["check", str(report), "--format", "html", "--out", str(out)])
    assert done.exit_code == 1 and out.is_file()
    return out


def test_page_text_in_the_browser(page: Path, tmp_path: Path) -> None:
    dom, requests = _chromium(page, tmp_path, "--dump-dom")
    assert requests == []
    parsed = _Dom()
    parsed.feed(dom)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    text = "".join(parsed.text)
    result = check_path(page.parent / "township.txt")  # as the command line chose: the rubric of its level
    assert f"{result.score:g} 分" in text and f"等级 {result.grade}" in text and "未通过" in text
    assert all(section.title in text for section in result.sections if section.required)
    assert "建议：写明党政主要负责人对法治建设重要工作亲自部署" in text
    assert INJECTED in text  # the hostile line is shown as text, not run


def test_screenshot_without_network(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _, requests = _chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1100,1400")
    assert requests == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1100
    assert len(data) > 50_000  # a blank page compresses to a few kilobytes


def test_the_network_log_catches_page_requests(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><p>control</p><img src="http://assets.invalid/a.png">'
        '<link rel="stylesheet" href="https://fonts.invalid/b.css">',
        encoding="utf-8",
    )
    _, requests = _chromium(control, tmp_path, "--dump-dom")
    assert set(requests) >= {"http://assets.invalid/a.png", "https://fonts.invalid/b.css"}


def test_prints_on_a4(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    _, requests = _chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert requests == []
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes()))
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)  # A4 in points
