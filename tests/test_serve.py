"""``reportcheck serve`` through Starlette's test client: every route, the limits, the token, escaping.

The checks run for real (a child process per job, as in the server); the limits are made small so
that an oversize upload is a few hundred kilobytes.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from starlette.testclient import TestClient

from checker.serve import jobs as jobs_module
from checker.serve.app import AppConfig, create_app
from checker.serve.limits import ServeLimits
from checker.sources import DEFAULT_LIMITS
from tests.conftest import EXAMPLES, run_cli
from tests.formats.makers import make_docx, make_pdf

BASE = "http://127.0.0.1:8765"
LIMITS = ServeLimits(
    reader=replace(DEFAULT_LIMITS, max_bytes=300_000, max_chars=60_000), max_files=5, max_batch_bytes=900_000
)
TOWNSHIP = EXAMPLES / "township_no_first_responsible.txt"
SCRIPT = "<script>alert('xss')</script>"


def _client(root: Path, token: str | None = None, workers: int = 2, limits: ServeLimits = LIMITS) -> TestClient:
    return TestClient(create_app(AppConfig(root, limits, token, workers)), base_url=BASE, follow_redirects=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path / "serve") as client:
        yield client


def _finished(client: TestClient, job: str, seconds: float = 60) -> dict[str, object]:
    """Poll a job's status until it has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"{job}/status").json()
        if status["state"] not in ("queued", "running"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"{job} still running after {seconds} s")


def _check(client: TestClient, name: str, data: bytes, rubric: str = "auto") -> str:
    reply = client.post("/check", files={"file": (name, data)}, data={"rubric": rubric})
    assert reply.status_code == 303, reply.text
    return reply.headers["location"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class _GbkName(zipfile.ZipInfo):
    """A member name in GBK without the UTF-8 flag, as the zip tool of Chinese Windows writes it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


# --- the pages and their headers


def test_home_page_is_local_and_secured(client: TestClient) -> None:
    reply = client.get("/")
    assert reply.status_code == 200 and "检查一份报告" in reply.text
    csp = reply.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["cache-control"] == "no-store"
    assert "http://" not in reply.text and "https://" not in reply.text  # no CDN, font or script from outside
    for asset in ("/static/app.css", "/static/app.js"):
        served = client.get(asset)
        assert served.status_code == 200 and "http://" not in served.text and "https://" not in served.text
        assert "@import" not in served.text and "url(" not in served.text


def test_other_pages_exist(client: TestClient) -> None:
    assert "批量评分" in client.get("/batch").text
    assert client.get("/jobs/nothing-here").status_code == 404
    assert "找不到这个页面" in client.get("/jobs/nothing-here").text
    assert client.delete("/").status_code == 405


# --- checking one report


def test_check_gives_the_html_report_of_the_command_line(client: TestClient, tmp_path: Path, monkeypatch) -> None:
    data = TOWNSHIP.read_bytes()
    job = _check(client, TOWNSHIP.name, data)
    assert _finished(client, job)["state"] == "done"
    page = client.get(job).text
    monkeypatch.chdir(tmp_path)
    (tmp_path / TOWNSHIP.name).write_bytes(data)
    code, out, _ = run_cli("check", TOWNSHIP.name, "--format", "json")
    expected = json.loads(out)
    assert code == 1
    assert f"{expected['score']:g}<small> 分" in page and "缺少必备部分：第一责任人履职情况" in page
    run_cli("check", TOWNSHIP.name, "--format", "html", "--out", "cli.html")
    served = client.get(f"{job}/report.html")
    assert served.text == (tmp_path / "cli.html").read_text(encoding="utf-8")  # the very same report
    assert "sandbox" in served.headers["content-security-policy"]
    result = client.get(f"{job}/report.json")
    assert "attachment" in result.headers["content-disposition"] and result.json() == expected
    markdown = client.get(f"{job}/report.md")
    assert markdown.status_code == 200 and f"得分 {expected['score']:g}" in markdown.text
    reviewed = client.get(f"{job}/report.docx")  # the draft with the review as Word comments
    assert reviewed.status_code == 200 and reviewed.content[:2] == b"PK"
    assert "%E5%AE%A1%E9%98%85.docx" in reviewed.headers["content-disposition"]  # …_审阅.docx
    comments = docx.Document(io.BytesIO(reviewed.content)).part.package.parts
    assert any(part.partname.endswith("/comments.xml") for part in comments)
    assert client.get(f"{job}/grades.xlsx").status_code == 404  # a check has no workbook


def test_upload_is_removed_once_checked(client: TestClient, tmp_path: Path) -> None:
    job = _check(client, "报告.txt", TOWNSHIP.read_bytes())
    _finished(client, job)
    folders = list((tmp_path / "serve" / "jobs").iterdir())
    assert len(folders) == 1 and not (folders[0] / "files").exists()
    assert {p.name for p in folders[0].iterdir()} == {"report.json", "report.html", "report.md", "report.docx"}


def test_pasted_text_is_checked(client: TestClient) -> None:
    text = (EXAMPLES / "strong_county.txt").read_text(encoding="utf-8")
    reply = client.post("/check", data={"text": text, "rubric": "fazhi-annual"})
    job = reply.headers["location"]
    assert _finished(client, job)["state"] == "done"
    result = client.get(f"{job}/report.json").json()
    assert result["file"] == "粘贴的文本.txt" and result["rubric"]["id"] == "fazhi-annual" and result["passed"]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_word_and_pdf_reports_are_read(client: TestClient, tmp_path: Path, kind: str) -> None:
    path = make_docx(tmp_path / "报告.docx") if kind == "docx" else make_pdf(tmp_path / "报告.pdf")
    job = _check(client, path.name, path.read_bytes())
    assert _finished(client, job)["state"] == "done"
    result = client.get(f"{job}/report.json").json()
    assert result["file"] == path.name and result["report"]["format"] == kind and result["score"] > 0


def test_check_needs_a_file_or_text(client: TestClient) -> None:
    reply = client.post("/check", data={"text": "  ", "rubric": "auto"})
    assert reply.status_code == 400 and "请选择一个报告文件" in reply.text


def test_unreadable_report_is_one_chinese_line(client: TestClient) -> None:
    job = _check(client, "坏的.docx", b"PK\x03\x04" + b"\x00" * 200)
    assert _finished(client, job)["state"] == "failed"
    page = client.get(job).text
    assert "无法完成检查" in page and "Traceback" not in page
    assert client.get(f"{job}/report.json").status_code == 404


def test_events_stream_until_done(client: TestClient) -> None:
    job = _check(client, TOWNSHIP.name, TOWNSHIP.read_bytes())
    with client.stream("GET", f"{job}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert events[-1]["state"] == "done" and events[-1]["done"] == 1


# --- limits


def test_oversize_upload_is_413(client: TestClient) -> None:
    big = ("法治政府建设" * 20_000).encode()  # 360 KB, over the 300 KB of these limits
    reply = client.post("/check", files={"file": ("大.txt", big)})
    assert reply.status_code == 413 and "过大" in reply.text and "300,000" in reply.text
    whole = client.post("/check", files={"file": ("大.txt", big * 8)})  # over the request limit: refused as it comes
    assert whole.status_code == 413 and "上传内容过大" in whole.text


def test_declared_length_over_the_limit_is_refused_at_once(client: TestClient) -> None:
    reply = client.post(
        "/check",
        content=b"x",
        headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(50 * 2**20)},
    )
    assert reply.status_code == 413 and "上传内容过大" in reply.text


def test_pasted_text_over_the_character_limit_is_413(client: TestClient) -> None:
    reply = client.post("/check", data={"text": "法" * 60_001})
    assert reply.status_code == 413 and "粘贴的文字过大" in reply.text


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("setup.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("扫描件.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "是图片"),
        ("报告", "一份没有扩展名的报告".encode(), "无扩展名"),
        ("全部.zip", _zip({"a.txt": b"x"}), "不支持的文件类型"),
    ],
)
def test_wrong_type_is_415(client: TestClient, name: str, data: bytes, words: str) -> None:
    reply = client.post("/check", files={"file": (name, data)})
    assert reply.status_code == 415 and words in reply.text


def test_a_form_that_is_not_multipart_is_415(client: TestClient) -> None:
    reply = client.post("/check", content=b"{}", headers={"content-type": "application/json"})
    assert reply.status_code == 415 and "表单" in reply.text


def test_nothing_is_kept_of_a_refused_upload(client: TestClient, tmp_path: Path) -> None:
    client.post("/check", files={"file": ("setup.exe", b"MZ")})
    client.post("/batch", files=[("files", ("a.zip", _zip({"../evil.txt": b"x"})))])
    jobs = tmp_path / "serve" / "jobs"
    assert not jobs.exists() or not any(jobs.iterdir())


# --- batches


def test_batch_of_files_ranks_links_and_downloads_the_workbook(client: TestClient) -> None:
    names = ["strong_county.txt", "township_no_first_responsible.txt", "slogans_only.txt"]
    files = [("files", (name, (EXAMPLES / name).read_bytes())) for name in names]
    reply = client.post("/batch", files=files, data={"rubric": "auto"})
    assert reply.status_code == 303
    job = reply.headers["location"]
    status = _finished(client, job)
    assert status == {"state": "done", "position": 0, "done": 3, "total": 3, "error": None}
    page = client.get(job).text
    assert "共 3 份：检查 3" in page and "缺少必备部分：第一责任人履职情况" in page
    assert page.index("strong_county.txt") < page.index("slogans_only.txt")  # best first
    assert "最常缺失或薄弱的要素" in page and "疑似照搬照抄" in page
    link = f"{job}/reports/1"
    assert f'href="{link}"' in page
    report = client.get(link)
    assert report.status_code == 303 and client.get(link).headers["location"] == report.headers["location"]
    assert _finished(client, report.headers["location"])["state"] == "done"
    single = client.get(f"{report.headers['location']}/report.json").json()
    assert single["file"] == "township_no_first_responsible.txt" and not single["passed"]
    workbook = client.get(f"{job}/grades.xlsx")
    assert "attachment" in workbook.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["汇总"]
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    assert set(names) <= cells


def test_batch_from_a_zip_with_chinese_windows_names(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_GbkName("乡镇/青石镇.txt"), TOWNSHIP.read_bytes())
        archive.writestr("__MACOSX/._青石镇.txt", b"\x00\x05")
        archive.writestr("说明.png", b"\x89PNG")
        archive.writestr("县/强县.txt", (EXAMPLES / "strong_county.txt").read_bytes())
    reply = client.post("/batch", files=[("files", ("报告.zip", buffer.getvalue()))])
    job = reply.headers["location"]
    assert _finished(client, job)["total"] == 2
    page = client.get(job).text
    assert "青石镇.txt" in page and "强县.txt" in page and "说明.png" not in page


def test_zip_slip_is_refused(client: TestClient, tmp_path: Path) -> None:
    for member in ("../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "a/../../evil.txt"):
        reply = client.post("/batch", files=[("files", ("slip.zip", _zip({member: "法治政府".encode()})))])
        assert reply.status_code == 400 and "压缩包以外" in reply.text, member
    assert not list(tmp_path.rglob("evil.txt"))


def test_zip_bomb_is_refused(client: TestClient) -> None:
    bomb = _zip({"炸弹.txt": b"0" * 2_000_000})  # 2 MB of zeros, a few KB packed: over the 900 KB unpacked
    assert len(bomb) < 10_000
    reply = client.post("/batch", files=[("files", ("bomb.zip", bomb))])
    assert reply.status_code == 413 and "过大" in reply.text
    many = _zip({f"{n}.txt": b"0" * 250_000 for n in range(4)})  # each within a report's size, the sum is not
    reply = client.post("/batch", files=[("files", ("many.zip", many))])
    assert reply.status_code == 413 and "解压后过大" in reply.text


def test_nested_zip_and_links_are_refused(client: TestClient) -> None:
    nested = _zip({"inner.zip": _zip({"a.txt": b"x"}), "b.txt": b"x"})
    reply = client.post("/batch", files=[("files", ("outer.zip", nested))])
    assert reply.status_code == 400 and "里还有压缩包" in reply.text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    reply = client.post("/batch", files=[("files", ("link.zip", buffer.getvalue()))])
    assert reply.status_code == 400 and "是链接" in reply.text


def test_too_many_files_is_413(client: TestClient) -> None:
    files = [("files", (f"{n}.txt", b"x")) for n in range(6)]
    reply = client.post("/batch", files=files)
    assert reply.status_code == 413 and "文件过多" in reply.text
    reply = client.post("/batch", files=[("files", ("six.zip", _zip({f"{n}.txt": b"x" for n in range(6)})))])
    assert reply.status_code == 413 and "文件过多" in reply.text


def test_batch_needs_reports(client: TestClient) -> None:
    reply = client.post("/batch", files=[("files", ("empty.zip", _zip({"readme.png": b"x"})))])
    assert reply.status_code == 400 and "没有找到可检查的报告文件" in reply.text
    two = [("files", ("a.zip", _zip({"a.txt": b"x"}))), ("files", ("b.zip", _zip({"b.txt": b"x"})))]
    assert client.post("/batch", files=two).status_code == 400


# --- rubrics

RUBRIC = """id: strict-county
title: 严格的县级细则
version: 1
extends: fazhi-annual
pass_threshold: 99
"""


def test_rubrics_list_and_show(client: TestClient) -> None:
    page = client.get("/rubrics").text
    assert "fazhi-annual" in page and "fazhi-annual-township" in page and "（默认）" in page
    shown = client.get("/rubrics/fazhi-annual")
    assert shown.status_code == 200 and "党政主要负责人" in shown.text and "★" in shown.text
    assert client.get("/rubrics/no-such-rubric").status_code == 404


def test_uploaded_rubric_is_shown_offered_and_used(client: TestClient) -> None:
    reply = client.post("/rubrics", files={"rubric": ("严格.yaml", RUBRIC.encode())})
    assert reply.status_code == 303
    shown = client.get(reply.headers["location"])
    assert "严格的县级细则" in shown.text and "上传的 严格.yaml" in shown.text
    value = reply.headers["location"].rsplit("/", 1)[1]
    assert f'value="{value}"' in client.get("/").text
    job = _check(client, "强县.txt", (EXAMPLES / "strong_county.txt").read_bytes(), rubric=value)
    _finished(client, job)
    result = client.get(f"{job}/report.json").json()
    assert result["rubric"]["id"] == "strict-county" and result["fail_under"] == 99


def test_rubric_errors_come_with_line_numbers(client: TestClient, tmp_path: Path) -> None:
    bad = "id: Bad Id\ntitle: 坏细则\nversion: 1\npass_threshold: 200\ngrades: []\n"
    reply = client.post("/rubrics", files={"rubric": ("坏.yaml", bad.encode())})
    assert reply.status_code == 400
    assert "坏.yaml:1: id:" in reply.text and "坏.yaml:4: pass_threshold:" in reply.text
    assert str(tmp_path) not in reply.text  # the server's own folders are never shown
    syntax = client.post("/rubrics", files={"rubric": ("语法.yaml", b"id: [unclosed\n")})
    assert syntax.status_code == 400 and "语法.yaml:2" in syntax.text and "YAML 语法错误" in syntax.text


def test_uploaded_rubric_may_extend_only_a_builtin(client: TestClient) -> None:
    for parent in ("/etc/secret.yaml", "../../other.yaml"):
        text = RUBRIC.replace("extends: fazhi-annual", f"extends: {parent}")
        reply = client.post("/rubrics", files={"rubric": ("r.yaml", text.encode())})
        assert reply.status_code == 400 and "r.yaml:4: extends:" in reply.text and "只能扩展内置" in reply.text


def test_rubric_upload_limits(client: TestClient) -> None:
    assert client.post("/rubrics", files={"rubric": ("r.txt", b"id: x")}).status_code == 415
    big = b"# " + b"x" * (1024 * 1024)
    assert client.post("/rubrics", files={"rubric": ("big.yaml", big)}).status_code == 413


def test_an_uploaded_rubric_belongs_to_its_session(client: TestClient) -> None:
    value = client.post("/rubrics", files={"rubric": ("a.yaml", RUBRIC.encode())}).headers["location"]
    key = value.rsplit("/", 1)[1]
    assert client.get(f"/rubrics/{key}").status_code == 200
    client.cookies.clear()  # another browser: another session
    assert client.get(f"/rubrics/{key}").status_code == 404
    reply = client.post("/check", files={"file": ("a.txt", TOWNSHIP.read_bytes())}, data={"rubric": key})
    assert reply.status_code == 400 and "没有这个评分细则" in reply.text


# --- escaping


def test_script_in_a_report_is_shown_as_text(client: TestClient) -> None:
    text = f"{SCRIPT}关于2024年度法治政府建设情况的报告\n" + TOWNSHIP.read_text(encoding="utf-8") + f"\n{SCRIPT}\n"
    job = _check(client, f'"><img src=x onerror=alert(1)>{SCRIPT}.txt', text.encode())
    assert _finished(client, job)["state"] == "done"
    for page in (client.get(job).text, client.get(f"{job}/report.html").text):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&#x27;" in page
    batch = client.post("/batch", files=[("files", ("x.txt", text.encode()))]).headers["location"]
    _finished(client, batch)
    assert "<script>alert" not in client.get(batch).text


def test_script_in_a_rubric_is_shown_as_text(client: TestClient) -> None:
    hostile = RUBRIC.replace("严格的县级细则", SCRIPT)
    reply = client.post("/rubrics", files={"rubric": ("x.yaml", hostile.encode())})
    for page in (client.get(reply.headers["location"]).text, client.get("/").text, client.get("/rubrics").text):
        assert "<script>alert" not in page and "&lt;script&gt;" in page


# --- the token, the host, the origin


def test_token_is_required_off_loopback(tmp_path: Path) -> None:
    with _client(tmp_path / "serve", token="s3cret-token") as client:
        refused = client.get("/")
        assert refused.status_code == 401 and "需要访问令牌" in refused.text
        assert client.post("/check", files={"file": ("a.txt", b"x")}).status_code == 401
        assert client.get("/static/app.js").status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        assert client.get("/", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
        first = client.get("/?token=s3cret-token")
        assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the address
        assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=strict" in first.headers["set-cookie"]
        assert client.get("/").status_code == 200  # now carried by the cookie


def test_a_foreign_host_name_is_refused_on_loopback(client: TestClient) -> None:
    reply = client.get("/", headers={"host": "evil.example:8765"})
    assert reply.status_code == 400 and "本机地址" in reply.text
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8765"}).status_code == 200


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    files = {"file": ("a.txt", TOWNSHIP.read_bytes())}
    reply = client.post("/check", files=files, headers={"origin": "http://evil.example"})
    assert reply.status_code == 403 and "其他网站" in reply.text
    assert client.post("/check", files=files, headers={"origin": BASE}).status_code == 303


# --- the queue


def test_checks_wait_their_turn_and_see_their_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = asyncio.Event()
    real = jobs_module.run_child

    async def held(target, args, timeout):  # the first job holds the only slot until released
        await release.wait()
        return await real(target, args, timeout)

    monkeypatch.setattr(jobs_module, "run_child", held)
    limits = LIMITS._replace(max_waiting=2)
    with _client(tmp_path / "serve", workers=1, limits=limits) as client:
        first, second, third = (_check(client, f"{n}.txt", TOWNSHIP.read_bytes()) for n in range(3))
        assert client.get(f"{first}/status").json()["state"] == "running"
        assert client.get(f"{second}/status").json()["position"] == 1
        assert client.get(f"{third}/status").json()["position"] == 2
        assert "排队中：第 2 位" in client.get(third).text
        busy = client.post("/check", files={"file": ("4.txt", TOWNSHIP.read_bytes())})
        assert busy.status_code == 503 and "服务器正忙" in busy.text and busy.headers["retry-after"]
        client.portal.call(release.set)
        assert all(_finished(client, job)["state"] == "done" for job in (first, second, third))


# --- failures and shutdown


def test_a_crash_is_a_chinese_page_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[object]:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("checker.serve.app.builtin_list", broken)
    app = create_app(AppConfig(tmp_path / "serve", LIMITS, None, 1))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        reply = client.get("/rubrics")
    assert reply.status_code == 500 and "服务器内部错误" in reply.text
    assert "Traceback" not in reply.text and "secret detail" not in reply.text


def test_shutdown_removes_the_private_folder(tmp_path: Path) -> None:
    root = tmp_path / "serve"
    with _client(root) as client:
        job = _check(client, TOWNSHIP.name, TOWNSHIP.read_bytes())
        _finished(client, job)
        assert root.is_dir()
    assert not root.exists()


def test_a_draft_is_set_beside_last_years_report(client: TestClient) -> None:
    from tests.test_years import LAST, THIS

    files = {"file": ("今年.txt", THIS.encode()), "previous": ("去年.txt", LAST.encode())}
    reply = client.post("/check", files=files, data={"rubric": "auto"})
    job = reply.headers["location"]
    assert _finished(client, job)["state"] == "done"
    previous = client.get(f"{job}/report.json").json()["previous"]
    assert previous["previous_file"] == "去年.txt" and previous["tasks"] == 2
    report = client.get(f"{job}/report.html").text
    assert "与上一年报告比较（2023年，去年.txt）" in report and "法治文化广场" in report
    assert "与上一年报告比较" in client.get(f"{job}/report.md").text
