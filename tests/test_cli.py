"""The check command: JSON contract, exit codes, text output and clear input errors."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, check_json, run_cli, run_module

CONTRACT_TOP = {
    "schema",
    "file",
    "rubric",
    "report",
    "score",
    "grade",
    "passed",
    "sections",
    "elements",
    "figures",
    "checks",
}


def test_json_has_every_contract_field() -> None:
    record = check_json(EXAMPLES / "strong_county.txt")
    assert set(record) >= CONTRACT_TOP
    assert record["schema"] == "reportcheck/result@1"
    assert set(record["rubric"]) >= {"id", "version"}
    assert set(record["report"]) >= {"title", "issuer", "year", "date", "chars"}
    assert {"id", "title", "status", "heading", "line"} <= set(record["sections"][0])
    element = record["elements"][0]
    assert {"id", "section", "status", "score", "weight", "reason", "hint", "evidence"} <= set(element)
    assert {"metric", "value", "unit", "line", "text"} <= set(record["figures"][0])
    assert {"id", "status", "message"} <= set(record["checks"][0])


def test_evidence_line_numbers_point_at_the_quoted_text() -> None:
    path = EXAMPLES / "merged_out_of_order.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = check_json(path)
    quotes = [e for el in record["elements"] for e in el["evidence"]] + record["figures"]
    assert quotes
    for quote in quotes:
        assert quote["text"] in lines[quote["line"] - 1]


def test_exit_codes() -> None:
    assert run_cli("check", str(EXAMPLES / "strong_county.txt"), "--format", "json")[0] == 0
    assert run_cli("check", str(EXAMPLES / "very_short.txt"), "--format", "json")[0] == 1
    assert run_cli("check", str(EXAMPLES / "strong_county.txt"), "--fail-under", "100.1")[0] == 2  # out of range
    code, out, _ = run_cli("check", str(EXAMPLES / "township_good.txt"), "--fail-under", "99", "--format", "json")
    assert code == 1 and json.loads(out)["fail_under"] == 99


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50, "binary"),
        (b"hello world, no Chinese at all", "no Chinese"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run_cli("check", str(path))
    assert code == 2 and str(path) in err and message in err and "Traceback" not in err


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(tmp_path / "nope.txt"))
    assert code == 2 and "不存在" in err
    odd = tmp_path / "report.xyz"
    odd.write_text("某镇2024年法治政府建设工作报告。一、主要举措和成效。", encoding="utf-8")
    code, _, err = run_cli("check", str(odd))
    assert code == 2 and ".xyz" in err


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_give_the_same_result(tmp_path: Path, codec: str) -> None:
    source = EXAMPLES / "merged_out_of_order.txt"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / f"report-{codec}.txt"
    path.write_bytes(text.encode(codec))
    if codec in ("utf-16-le", "utf-16-be"):
        assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    expected, got = check_json(source), check_json(path)
    assert got["score"] == expected["score"]
    assert got["report"] == {**expected["report"]}
    assert [s["status"] for s in got["sections"]] == [s["status"] for s in expected["sections"]]


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    data = (EXAMPLES / "slogans_only.txt").read_bytes()
    path.write_bytes(data)
    run_cli("check", str(path), "--format", "json")
    assert path.read_bytes() == data


def test_text_report_in_chinese_and_out_file(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(EXAMPLES / "first_responsible_folded.txt"))
    assert code == 0
    for word in ("得分", "法定部分", "需要补充或加强的要素", "建议：", "数据指标", "整体检查", "96.3%"):
        assert word in out
    assert all(len(line) <= 80 for line in out.splitlines()), "fits an 80-column terminal when piped"
    target = tmp_path / "out" / "r.json"
    assert run_cli("check", str(EXAMPLES / "strong_county.txt"), "--format", "json", "--out", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["score"] == 100


def test_console_script_runs_as_a_process() -> None:
    proc = run_module("check", "examples/very_short.txt", "--format", "jsonl")
    assert proc.returncode == 1, proc.stderr
    record = json.loads(proc.stdout)
    assert record["report"]["issuer"] == "望川乡人民政府"


def test_out_never_overwrites_an_input_and_bad_out_is_one_line(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    data = (EXAMPLES / "strong_county.txt").read_bytes()
    report.write_bytes(data)
    code, _, err = run_cli("check", str(report), "--format", "json", "--out", str(report))
    assert code == 2 and "覆盖" in err and report.read_bytes() == data
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run_cli("check", str(report), "--format", "json", "--out", str(blocker / "x.json"))
    assert code == 2 and "无法写入" in err and len(err.strip().splitlines()) == 1


def test_output_files_are_readable_by_others(tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "r.html"
    old_mask = os.umask(0o022)
    try:
        run_cli("check", str(EXAMPLES / "strong_county.txt"), "--format", "html", "--out", str(target))
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_run_with_nothing_checked_keeps_the_earlier_text_report(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    run_cli("check", str(EXAMPLES / "strong_county.txt"), "--out", str(target))
    before = target.read_text(encoding="utf-8")
    assert "得分" in before
    code, _, _ = run_cli("check", str(tmp_path / "missing.txt"), "--out", str(target))
    assert code == 2 and target.read_text(encoding="utf-8") == before


def test_max_size_limits_the_input(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(EXAMPLES / "strong_county.txt"), "--max-size", "0.001")
    assert code == 2 and "文件过大" in err
    assert run_cli("check", str(EXAMPLES / "strong_county.txt"), "--max-size", "1", "--format", "json")[0] == 0
