"""``reportcheck batch``: exit codes, unreadable files, outputs, ranking and determinism."""

from __future__ import annotations

import base64
import csv
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from batch_corpus import ROOT, make
from click.testing import CliRunner

from checker.analysis.engine import auto_rubric, candidates, check_document, compile_rubric
from checker.batch import BatchOptions, run_batch
from checker.batch.api import FORMATS
from checker.batch.collect import collect_inputs
from checker.batch.columns import Columns
from checker.batch.matrix import FIXED
from checker.batch.matrix_sheet import FIXED as MATRIX_FIXED
from checker.batch.row import row_from_result
from checker.batch.worker import Task, WorkerConfig, check_chunk, init_worker
from checker.batch.xlsx_style import COLOURS
from checker.cli import main
from checker.errors import ConfigError
from checker.sources import read_document

RUBRIC = compile_rubric().rubric
COLUMNS = Columns.of(c.rubric for c in candidates(auto_rubric()))  # a batch's columns: every level's rubric
MARK_FILL = {"✓": COLOURS["p"][0], "△": COLOURS["w"][0], "✗": COLOURS["m"][0]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "corpus"
    make(folder, count=40, pairs=4, seed=11)
    return folder


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_collect_expands_folders_globs_and_keeps_missing_paths(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.md", "a/x/3.txt", "a/skip.csv", "a/.hidden.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("报告", encoding="utf-8")
    arguments = [str(tmp_path / "b"), str(tmp_path / "a"), str(tmp_path / "*.txt"), "missing.txt"]
    found = [item.path for item in collect_inputs(arguments)]
    rel = [str(Path(p).relative_to(tmp_path)) if p != "missing.txt" else p for p in found]
    assert rel == ["b/1.md", "b/2.txt", "a/x/3.txt", "c.txt", "missing.txt"]
    assert [item.path for item in collect_inputs([str(tmp_path / "b"), str(tmp_path / "b" / "2.txt")])] == found[:2]


def test_unreadable_files_become_error_rows_and_exit_2(corpus: Path, tmp_path: Path) -> None:
    batch = tmp_path / "in"
    batch.mkdir()
    for report in sorted(corpus.rglob("*.txt"))[:6]:
        shutil.copy(report, batch / report.name)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 40)
    before = {p.name: p.read_bytes() for p in batch.iterdir()}
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["batch", str(batch), str(tmp_path / "gone.txt"), "-j", "2", "--format", "jsonl", "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    records = _jsonl(out)
    assert len(records) == 9
    errors = {Path(r["file"]).name: r["error"]["code"] for r in records if "error" in r}
    assert set(errors) == {"empty.txt", "binary.txt", "gone.txt"}
    assert errors["empty.txt"] == "empty" and errors["gone.txt"] == "not_found"
    assert sum("score" in r for r in records) == 6
    assert "无法读取" in result.output and "gone.txt" in result.output
    assert "检查报告" not in result.output  # no progress bar when not on a terminal
    assert {p.name: p.read_bytes() for p in batch.iterdir()} == before


def test_exit_code_1_when_a_report_fails_and_0_when_all_pass(tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["batch", str(ROOT / "examples" / "strong_county.txt"), "--no-copies"])
    assert good.exit_code == 0, good.output
    mixed = runner.invoke(
        main, ["batch", str(ROOT / "examples" / "strong_county.txt"), str(ROOT / "examples" / "very_short.txt")]
    )
    assert mixed.exit_code == 1, mixed.output
    assert "未通过" in mixed.output


def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    nothing = runner.invoke(
        main, ["batch", str(tmp_path / "empty"), "--format", "csv", "--out", str(tmp_path / "m.csv")]
    )
    assert nothing.exit_code == 2 and "没有找到" in nothing.output
    assert not (tmp_path / "m.csv").exists()
    report = str(ROOT / "examples" / "strong_county.txt")
    no_out = runner.invoke(main, ["batch", report, "--format", "xlsx"])
    assert no_out.exit_code == 2 and "--out" in no_out.output


def test_usage_errors_come_before_any_report_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers write feedback files as they go: a usage error found after they start would leave some behind."""

    def no_checks(*_: object) -> None:
        raise AssertionError("the workers were started")

    monkeypatch.setattr("checker.batch.runner.run_rows", no_checks)  # no report is sent to a worker
    report = str(ROOT / "examples" / "strong_county.txt")
    with pytest.raises(ConfigError, match="--out"):
        run_batch([report], BatchOptions(jobs=2, fmt="xlsx", per_report=str(tmp_path / "feedback")))


def test_rows_without_evidence_are_the_rows_with_it(corpus: Path) -> None:
    """A batch that writes no full results skips the evidence; nothing else may change."""
    rubric = compile_rubric()
    paths = sorted(corpus.rglob("*.txt"))[:15] + sorted((ROOT / "examples").glob("*.txt"))
    for path in paths:
        document = read_document(path)
        full = check_document(document, rubric)
        bare = check_document(document, rubric, evidence=False)
        rows = [row_from_result(0, result, Columns.of([rubric.rubric]), None, None) for result in (bare, full)]
        assert rows[0] == rows[1]
        blanked = full._replace(
            elements=tuple(e._replace(evidence=()) for e in full.elements),
            figures=tuple(f._replace(text="") for f in full.figures),
        )
        assert bare == blanked
        assert any(q.text for e in full.elements for q in e.evidence)


def test_ranking_follows_scores(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    outcome = run_batch([str(corpus)], BatchOptions(jobs=2, fmt="jsonl", out=str(out), rank_by="all"))
    records = _jsonl(out)
    scores = {r["file"]: r["score"] for r in records}
    (group,) = outcome.summary.groups()
    order = sorted(range(len(records)), key=lambda i: (-records[i]["score"], i))
    assert [p.report.file for p in group.reports] == [records[i]["file"] for i in order]
    assert [p.report.score for p in group.reports] == sorted(scores.values(), reverse=True)
    assert [p.place for p in group.reports] == [
        1 + sum(s > p.report.score for s in scores.values()) for p in group.reports
    ]
    assert len(set(scores.values())) > 5


def test_xlsx_has_summary_matrix_colours_frozen_panes_and_filter(corpus: Path, tmp_path: Path) -> None:
    out, jsonl = tmp_path / "batch.xlsx", tmp_path / "r.jsonl"
    run_batch([str(corpus)], BatchOptions(jobs=2, fmt="jsonl", out=str(jsonl)))
    result = CliRunner().invoke(main, ["batch", str(corpus), "--format", "xlsx", "--out", str(out), "-j", "2"])
    assert result.exit_code in (0, 1), result.output
    book = openpyxl.load_workbook(out)
    records = {r["file"]: r for r in _jsonl(jsonl)}
    levels = sorted({r["report"]["level"] for r in records.values()})
    assert levels == ["department", "township"]  # the seeds: a market bureau and townships
    assert book.sheetnames == ["汇总", "矩阵-乡镇街道", "矩阵-政府部门", "照搬照抄"]
    marks = {"present": "✓", "weak": "△", "missing": "✗"}
    seen, rows = set(), 0
    for name in ("矩阵-乡镇街道", "矩阵-政府部门"):
        matrix = book[name]
        assert matrix.freeze_panes == "C4"
        assert matrix.auto_filter.ref == f"A3:{matrix.cell(matrix.max_row, matrix.max_column).coordinate}"
        header = [c for c in matrix[3]]
        assert [c.value for c in header[: len(MATRIX_FIXED)]] == [title for title, _, _ in MATRIX_FIXED]
        assert header[-1].value == "报告文件"
        ids = [c.comment.text.split()[1].removesuffix("（必备）") for c in header[len(MATRIX_FIXED) : -1]]
        places = []
        for row in matrix.iter_rows(min_row=4):
            record = records[row[-1].value]
            places.append(row[0].value)
            assert row[2].value == record["score"]
            status = {item["id"]: marks[item["status"]] for item in (*record["sections"], *record["elements"])}
            cells = row[len(MATRIX_FIXED) : -1]
            assert [c.value for c in cells] == [status[i] for i in ids]
            for cell in cells:
                assert cell.fill.fgColor.rgb == "FF" + MARK_FILL[cell.value].lstrip("#")
                seen.add(cell.value)
            rows += 1
        assert places == sorted(places) and places[0] == 1
    assert seen == {"✓", "△", "✗"} and rows == 40
    summary = [row for row in book["汇总"].iter_rows(values_only=True)]
    assert summary[2][0].startswith("共 40 份报告")
    assert summary[3][:8] == ("名次", "落款单位", "级别", "年度", "得分", "等级", "结论", "结论原因")
    ranked = summary[4:44]
    by_level = {level: [row[4] for row in ranked if row[2] == level] for level in ("乡镇街道", "政府部门")}
    for scores in by_level.values():
        assert scores == sorted(scores, reverse=True)
    assert sorted(row[4] for row in ranked) == sorted(r["score"] for r in records.values())
    copies = list(book["照搬照抄"].iter_rows(min_row=2, values_only=True))
    assert len(copies) == 4


def test_csv_is_utf8_with_bom_and_one_row_per_report(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    run_batch([str(corpus)], BatchOptions(jobs=2, fmt="csv", out=str(out)))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][: len(FIXED)] == list(FIXED) and len(rows) == 41
    assert {cell for row in rows[1:] for cell in row[len(FIXED) :]} <= {"✓", "△", "✗", ""}


def test_per_report_writes_json_and_text_for_each_report(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "feedback"
    jsonl = tmp_path / "r.jsonl"
    run_batch([str(corpus)], BatchOptions(jobs=2, fmt="jsonl", out=str(jsonl), per_report=str(folder)))
    records = _jsonl(jsonl)
    jsons, texts = sorted(folder.glob("*.json")), sorted(folder.glob("*.txt"))
    assert len(jsons) == len(texts) == 40
    assert [json.loads(p.read_text(encoding="utf-8")) for p in jsons] == records
    assert "得分" in texts[0].read_text(encoding="utf-8")


def test_summary_counts_missing_elements_figures_and_late_reports(corpus: Path) -> None:
    outcome = run_batch([str(corpus)], BatchOptions(jobs=2, fmt="jsonl", out=str(corpus.parent / "s.jsonl")))
    records = _jsonl(corpus.parent / "s.jsonl")
    summary = outcome.summary
    statuses = [{e["id"]: e["status"] for e in r["elements"]} for r in records]
    gaps = summary.top_gaps(100)
    assert len(gaps) > 5
    for gap in gaps:
        assert gap.missing == sum(s.get(gap.id) == "missing" for s in statuses)
        assert gap.weak == sum(s.get(gap.id) == "weak" for s in statuses)
        assert gap.reports == sum(gap.id in s for s in statuses)
    rates = [
        next(f["value"] for f in r["figures"] if f["metric"] == "court_appearance_rate" and f["kind"] == "achieved")
        for r in records
        if any(f["metric"] == "court_appearance_rate" and f["kind"] == "achieved" for f in r["figures"])
    ]
    stats = {s.metric: s for s in summary.figure_stats()}["court_appearance_rate"]
    assert stats.reports == len(rates) and stats.maximum == max(rates)
    assert stats.median == statistics.median(rates) and stats.minimum == min(rates)
    assert sum(count for _, count in summary.key_distribution("court_appearance_rate")) == len(rates)
    late = {
        r["file"]
        for r in records
        if any(c["id"] == "publication_deadline" and c["status"] == "fail" for c in r["checks"])
    }
    assert {item.file for item in summary.late} == late and late


def test_optional_part_is_never_a_gap(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    reports = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    outcome = run_batch(reports, BatchOptions(jobs=1, fmt="jsonl", out=str(tmp_path / "e.jsonl")))
    gaps = {t.id: t for t in outcome.summary.part_gaps()}
    assert "other" not in gaps  # 其他需要报告的情况 is optional: seven examples leave it out
    assert gaps["first_responsible"].missing == 2 and gaps["first_responsible"].weak == 1


def _mhtml(html: bytes) -> bytes:
    return (
        b"From: <Saved by Blink>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n--B\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(html)
        + b"\r\n--B--\r\n"
    )


def test_batch_collects_every_format_the_readers_handle(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "examples" / "strong_county.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0 not really a word file")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    (folder / "c.mhtml").write_bytes(_mhtml(f"<html><body>{body}</body></html>".encode()))
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(folder), "--format", "jsonl", "--out", str(out), "--no-copies"])
    assert result.exit_code == 2, result.output
    records = {Path(r["file"]).name: r for r in _jsonl(out)}
    assert sorted(records) == ["a.txt", "b.doc", "c.mhtml"]
    assert "error" in records["b.doc"] and "score" in records["a.txt"] and "score" in records["c.mhtml"]


def test_outputs_inside_the_input_folder_are_not_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "strong_county.txt", folder / "报告.v2.txt")
    shutil.copy(ROOT / "examples" / "very_short.txt", folder / "short.txt")
    args = ["batch", str(folder), "--no-copies", "--per-report", str(folder / "feedback")]
    for _ in range(2):
        result = CliRunner().invoke(main, [*args, "--format", "jsonl", "--out", str(folder / "out.txt")])
        assert result.exit_code == 1, result.output
        files = [Path(r["file"]).name for r in _jsonl(folder / "out.txt")]
        assert files == ["short.txt", "报告.v2.txt"]
    names = sorted(p.name for p in (folder / "feedback").iterdir())
    assert names == ["00001_short.json", "00001_short.txt", "00002_报告.v2.json", "00002_报告.v2.txt"]


@pytest.mark.parametrize("option", ["--per-report", "--out"])
def test_unwritable_output_is_one_line_exit_2_before_any_check(tmp_path: Path, option: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    report = str(ROOT / "examples" / "strong_county.txt")
    result = CliRunner().invoke(main, ["batch", report, "--no-copies", option, str(blocker / "x")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{option} 无法写入" in result.output and "Traceback" not in result.output
    assert "共 1 份报告" not in result.output


def test_worker_turns_a_failed_feedback_write_into_an_error_row(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    rubric = compile_rubric().rubric
    init_worker(WorkerConfig((rubric,), Columns.of([rubric]), per_report=str(blocker / "x")))
    (row,) = check_chunk([Task(0, str(ROOT / "examples" / "strong_county.txt"))])
    assert row.error is not None and row.error[0] == "cannot_write"  # raised by checker.output


def test_batch_format_choice_is_the_api_list() -> None:
    option = next(p for p in main.commands["batch"].params if p.name == "fmt")
    assert tuple(option.type.choices) == FORMATS


def test_no_copies_batch_imports_neither_numpy_nor_rich(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "import checker.cli\n"
        "assert 'numpy' not in sys.modules and 'rich' not in sys.modules, 'cli'\n"
        "from checker.batch import BatchOptions, run_batch\n"
        f"outcome = run_batch([{str(ROOT / 'examples' / 'strong_county.txt')!r}],"
        " BatchOptions(jobs=1, fmt='jsonl', copies=False))\n"
        "assert outcome.exit_code == 0\n"
        "assert 'numpy' not in sys.modules and 'rich' not in sys.modules, 'batch'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert '"score"' in done.stdout


def test_terminal_gets_a_brief_ranking_when_the_full_one_goes_to_a_file(corpus: Path, tmp_path: Path) -> None:
    everyone = ["--rank-by", "all"]
    brief = CliRunner().invoke(
        main, ["batch", str(corpus), "-j", "1", "--format", "csv", "--out", str(tmp_path / "m.csv"), *everyone]
    )
    full = CliRunner().invoke(main, ["batch", str(corpus), "-j", "1", *everyone])
    assert brief.exit_code == full.exit_code == 1
    assert "中间 10 份从略" in brief.stdout  # 40 reports: top 10 and bottom 20 shown
    assert "从略" not in full.stdout  # the table itself shows all 40
    assert [line.split()[0] for line in full.stdout.splitlines() if line.startswith("  40  ")] == ["40"]
    with (tmp_path / "m.csv").open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 41  # the file keeps every report


def test_planned_tasks_are_packed_and_come_back_whole(tmp_path: Path) -> None:
    from checker.batch.planning import TaskList

    tasks = [
        Task(0, "甲镇/报告.txt"),
        Task(1, str(tmp_path / "乙 街道" / "2024年度.docx"), 80.0, frozenset({"x"}), 1, "config"),
        Task(2, "c.pdf"),
    ]
    packed = TaskList(tasks)
    assert len(packed) == 3 and list(packed) == tasks and packed[-1] == tasks[-1] and packed[1:] == tasks[1:]
    with pytest.raises(IndexError):
        packed[3]
    with pytest.raises(AssertionError):
        TaskList([Task(5, "x.txt")])  # an index is its place
