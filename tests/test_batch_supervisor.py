"""The supervisor's batch (issue 11, items 1-3, 6 and 7): every level in one batch with its own rubric,
why each report failed, ties, the year, the workbook a boss reads, the notice draft, -j 1 = -j 2."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from batch_corpus import ROOT, make
from click.testing import CliRunner

from checker.batch import BatchOptions, run_batch
from checker.batch.columns import Columns
from checker.batch.row import Row
from checker.batch.summary import Summary
from checker.cli import main
from tests.formats.makers import make_docx, make_pdf

EXAMPLES = ROOT / "examples"
DEPARTMENT = ROOT / "tests" / "fixtures" / "real_shaped" / "16_dept_tongling_housing_2024_dated_early.txt"
RUBRIC_OF = {"county": "fazhi-annual", "township": "fazhi-annual-township", "department": "fazhi-annual-department"}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County, township and department reports in txt, docx and pdf; one county twice, one about 2023, one empty."""
    folder = tmp_path_factory.mktemp("supervisor") / "reports"
    for sub in ("county", "township", "department", "broken"):
        (folder / sub).mkdir(parents=True)
    shutil.copy(EXAMPLES / "strong_county.txt", folder / "county" / "strong_county.txt")
    shutil.copy(EXAMPLES / "strong_county.txt", folder / "county" / "strong_county_again.txt")
    shutil.copy(EXAMPLES / "first_responsible_folded.txt", folder / "county" / "folded_2023.txt")
    make_docx(folder / "township" / "good.docx", (EXAMPLES / "township_good.txt").read_text(encoding="utf-8"))
    shutil.copy(EXAMPLES / "very_short.txt", folder / "township" / "very_short.txt")
    shutil.copy(EXAMPLES / "slogans_only.txt", folder / "township" / "slogans_only.txt")
    make_pdf(folder / "department" / "housing.pdf", DEPARTMENT.read_text(encoding="utf-8"))
    (folder / "broken" / "empty.txt").write_bytes(b"")
    return folder


def _batch(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", str(folder), "-j", "2", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _records(path: Path) -> dict[str, dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {Path(r["file"]).name: r for r in map(json.loads, lines) if "score" in r}


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_a_mixed_folder_is_graded_in_one_batch_each_report_by_the_rubric_of_its_level(
    mixed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.jsonl"
    code, _ = _batch(mixed, "--format", "jsonl", "--out", str(out))
    assert code == 2  # the empty file
    records = _records(out)
    levels = {name: r["report"]["level"] for name, r in records.items()}
    assert levels == {
        "strong_county.txt": "county",
        "strong_county_again.txt": "county",
        "folded_2023.txt": "county",
        "good.docx": "township",
        "very_short.txt": "township",
        "slogans_only.txt": "township",
        "housing.pdf": "department",
    }
    assert {name: r["rubric"]["id"] for name, r in records.items()} == {n: RUBRIC_OF[v] for n, v in levels.items()}


def test_the_ranking_shows_level_and_rubric_and_ranks_within_each_level(mixed: Path, tmp_path: Path) -> None:
    jsonl, table, everyone = tmp_path / "r.jsonl", tmp_path / "t.txt", tmp_path / "all.csv"
    _batch(mixed, "--format", "jsonl", "--out", str(jsonl))
    records = _records(jsonl)
    _batch(mixed, "--format", "table", "--out", str(table))
    text = table.read_text(encoding="utf-8")
    titles = re.findall(r"^排名 ranking：(\S+)（(\d+) 份）$", text, re.M)
    assert titles == [("县级政府", "3"), ("乡镇街道", "3"), ("政府部门", "1")]
    township = text.split("排名 ranking：乡镇街道")[1].split("\n\n")[0]
    assert [line.split()[:2] for line in township.splitlines()[3:]] == [
        ["1", str(mixed / "township" / "good.docx")],
        ["2", str(mixed / "township" / "slogans_only.txt")],
        ["3", str(mixed / "township" / "very_short.txt")],
    ]
    assert "fazhi-annual-township" in township
    by_level = tmp_path / "level.csv"
    _batch(mixed, "--format", "csv", "--out", str(by_level))
    rows = _csv(by_level)
    graded = [row for row in rows if row["结论"] != "无法读取"]
    assert {(Path(row["报告文件"]).name, row["评分细则"]) for row in graded} == {
        (name, r["rubric"]["id"]) for name, r in records.items()
    }
    assert [row["级别"] for row in graded] == ["县级政府"] * 3 + ["乡镇街道"] * 3 + ["政府部门"]
    assert [row["名次"] for row in graded] == ["1", "1", "3", "1", "2", "3", "1"]  # the county copy ties
    _batch(mixed, "--format", "csv", "--out", str(everyone), "--rank-by", "all")
    ranked = [row for row in _csv(everyone) if row["结论"] != "无法读取"]
    scores = [float(row["得分"]) for row in ranked]
    assert scores == sorted(scores, reverse=True)
    assert [row["名次"] for row in ranked] == [str(1 + sum(s > score for s in scores)) for score in scores]
    assert len({row["级别"] for row in ranked}) == 3


def test_the_reason_column_is_the_verdict_of_the_json_result(mixed: Path, tmp_path: Path) -> None:
    jsonl, matrix, book = tmp_path / "r.jsonl", tmp_path / "m.csv", tmp_path / "b.xlsx"
    _batch(mixed, "--format", "jsonl", "--out", str(jsonl))
    records = _records(jsonl)
    _batch(mixed, "--format", "csv", "--out", str(matrix))
    reasons = {Path(row["报告文件"]).name: row["结论原因"] for row in _csv(matrix) if row["结论"] != "无法读取"}
    failing = {name for name, r in records.items() if not r["passed"]}
    assert failing == {"very_short.txt", "slogans_only.txt"}
    for name, record in records.items():
        reason = reasons[name]
        if record["passed"]:
            assert reason == ""
            continue
        assert record["verdict"] == f"未通过：{reason}"
        for failure in record["failures"]:
            assert failure.split("：")[-1] in reason
    assert "缺少必备部分：第一责任人履职情况、下一年度主要安排" in reasons["very_short.txt"]
    _, terminal = _batch(mixed)
    assert reasons["very_short.txt"] in terminal and "结论原因" in terminal
    _batch(mixed, "--format", "xlsx", "--out", str(book))
    summary = list(openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True))
    assert sum(reasons["very_short.txt"] in row for row in summary) == 1


def _row(index: int, score: float, level: str = "township", year: int = 2024, issuer: str = "甲镇") -> Row:
    return Row(index, f"{index}.txt", issuer=f"{issuer}{index}", year=year, score=score, rubric="r", level=level)


def test_equal_scores_share_a_place_and_the_next_place_skips() -> None:
    summary = Summary(Columns({}, (), (), ()))
    for index, score in enumerate([70, 90, 80, 80, 60, 70]):
        summary.add(_row(index, score))
    (group,) = summary.groups()
    assert [(p.place, p.report.score) for p in group.reports] == [(1, 90), (2, 80), (2, 80), (4, 70), (4, 70), (6, 60)]
    assert [p.report.index for p in group.reports] == [1, 2, 3, 0, 5, 4]  # a tie keeps the input order


def test_rows_added_out_of_order_rank_as_if_in_order_and_levels_keep_their_overall_places() -> None:
    summary = Summary(Columns({}, (), (), ()), by_level=False)
    scores = {0: (80, "township"), 1: (90, "county"), 2: (80, "county"), 3: (70, "township"), 4: (80, "township")}
    for index in (4, 2, 0, 3, 1):  # rows may come in any order
        score, level = scores[index]
        summary.add(_row(index, score, level))
    (group,) = summary.groups()
    assert [(p.place, p.report.index) for p in group.reports] == [(1, 1), (2, 0), (2, 2), (2, 4), (5, 3)]
    county, township = summary.level_groups()
    assert (county.key, [(p.place, p.report.index) for p in county.reports]) == ("county", [(1, 1), (2, 2)])
    assert [(p.place, p.report.index) for p in township.reports] == [(2, 0), (2, 4), (5, 3)]
    assert group.reports[-1].report == next(r for r in summary.ranking if r.index == 3)
    assert summary.level_counts() == {"township": 3, "county": 2}


def test_one_issuer_twice_is_found_across_name_forms_and_the_year_set_apart() -> None:
    summary = Summary(Columns({}, (), (), ()), year=2024)
    summary.add(_row(0, 80, issuer="青山镇人民政府", year=2024)._replace(issuer="青山镇人民政府"))
    summary.add(_row(1, 70, issuer="白水镇", year=2024))
    summary.add(_row(2, 60, year=2023)._replace(issuer="青山镇人民政府"))
    summary.add(_row(3, 75, year=2024)._replace(issuer="青山镇"))
    summary.add(_row(4, 65, year=2023)._replace(issuer="青 山 镇"))
    assert [r.index for r in summary.apart] == [2, 4]
    by_year = {d.year: d.files for d in summary.duplicates()}
    assert by_year == {2024: ("0.txt", "3.txt"), 2023: ("2.txt", "4.txt")}
    assert summary.years() == [2024] and summary.all_years == {2023, 2024}


def test_year_sets_other_years_apart_and_one_issuer_twice_is_a_warning(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    code, _ = _batch(mixed, "--year", "2024", "--out", str(out))
    assert code == 2
    text = out.read_text(encoding="utf-8")
    apart = text.split("不是 2024 年度的报告，未参加排名")[1].split("\n\n")[0]
    assert "folded_2023.txt" in apart and "2023" in apart
    ranking = text.split("不是 2024 年度的报告")[0]
    assert "folded_2023.txt" not in ranking
    assert "其他年度 1（未排名）" in text.splitlines()[0]
    warning = next(line for line in text.splitlines() if line.startswith("注意："))
    county = mixed / "county"
    assert f"{county / 'strong_county.txt'}、{county / 'strong_county_again.txt'}" in warning
    assert "临川县人民政府 2024 年度有 2 份报告" in warning
    unfiltered = tmp_path / "u.txt"
    _batch(mixed, "--out", str(unfiltered))
    assert "未参加排名" not in unfiltered.read_text(encoding="utf-8")
    assert "报告涉及 2023、2024 多个年度，一并排名" in unfiltered.read_text(encoding="utf-8")


def test_a_data_stream_on_stdout_still_gets_the_year_and_duplicate_warnings_on_stderr(mixed: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(mixed), "-j", "1", "--format", "jsonl", "--year", "2024"])
    assert result.exit_code == 2
    assert all(line.startswith("{") for line in result.stdout.splitlines())
    assert "不是 2024 年度" in result.stderr and "folded_2023.txt" in result.stderr
    assert "临川县人民政府 2024 年度有 2 份报告" in result.stderr


def test_an_unreadable_file_is_one_line_that_says_each_thing_once(mixed: Path) -> None:
    _, text = _batch(mixed)
    lines = [line for line in text.splitlines() if "empty.txt" in line]
    assert lines == [f"  {mixed / 'broken' / 'empty.txt'}：文件为空 (empty file)"]
    assert text.count("unreadable files") == 1


def _visible(sheet: Any, hidden: set[str]) -> list[str]:
    return [
        str(cell.value)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.column_letter not in hidden
    ]


def test_the_workbook_is_ready_for_a_boss_to_read_and_print(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    _batch(mixed, "--format", "xlsx", "--out", str(out), "--year", "2024")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "矩阵-县级政府", "矩阵-乡镇街道", "矩阵-政府部门", "照搬照抄"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        width = setup.fitToWidth or 1  # 1 is the default, which a file need not write
        assert (setup.orientation, width, setup.fitToHeight) == ("landscape", 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows, sheet.title
    summary = book["汇总"]
    title, subtitle, scope = (summary.cell(n, 1).value for n in (1, 2, 3))
    assert title == "2024年度法治政府建设年度报告评分汇总"
    assert "fazhi-annual-township 2026.1" in subtitle and DATE.search(subtitle)
    assert scope.startswith("共 8 份报告；检查 7 份，通过 5 份（71%）")
    assert summary.freeze_panes == "C5" and summary.print_title_rows == "$4:$4"
    assert summary.auto_filter.ref == "A4:L10"  # the header and the six reports about 2024 that could be read
    scales = [(str(f.sqref), r.type) for f in summary.conditional_formatting for r in f.rules]
    assert scales == [("E5:E10", "colorScale")]
    assert summary.column_dimensions["M"].hidden
    values = _visible(summary, {"M"})
    ids = {
        cell.value
        for row in summary.iter_rows(min_col=13, max_col=13)
        for cell in row
        if cell.value not in (None, "id")
    }
    assert "digital_government" in ids and not ids.intersection(values)  # ids only in the hidden column
    gaps = next(n for n, row in enumerate(summary.iter_rows(values_only=True), 1) if row[1] == "部分或要素")
    assert summary.cell(gaps + 1, 4).number_format == "0%" and 0 <= summary.cell(gaps + 1, 4).value <= 1
    assert any("不是2024年度的报告（未参加排名）：1 份" in v for v in values)
    assert any("同一单位同一年度有多份报告" in v for v in values)
    township = book["矩阵-乡镇街道"]
    assert township.freeze_panes == "C4" and township.print_title_rows == "$2:$3"
    assert township.print_title_cols == "$A:$B"
    header = list(township[3])
    starred = [c.value for c in header if c.value and c.value.startswith("★")]
    assert "★分析不足的原因" in starred and all(c.comment for c in header[4:-1])
    assert all(c.alignment.wrap_text for c in header)
    groups = [c.value for c in township[2] if c.value]
    assert groups[:3] == ["报告", "★主要举措和成效", "★存在的不足和原因"]
    assert "其他需要报告的情况" not in groups  # an optional part with no elements is no column
    assert [township.cell(n, 1).value for n in (4, 5, 6)] == [1, 2, 3]


def _docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def test_the_notice_is_a_word_draft_with_the_ranking_and_what_to_fix(mixed: Path, tmp_path: Path) -> None:
    notice = tmp_path / "通报.docx"
    code, _ = _batch(
        mixed, "--year", "2024", "--notice", str(notice), "--format", "jsonl", "--out", str(tmp_path / "r")
    )
    assert code == 2 and notice.exists()
    document = docx.Document(str(notice))
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    paragraphs, tables = _docx_text(notice)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "关于2024年度法治政府建设年度报告评查情况的通报（草稿）"
    assert "本次共收到报告 8 份（县级政府 2 份、乡镇街道 3 份、政府部门 1 份）" in text
    assert "检查 7 份，通过 5 份，占 71%；未通过 2 份" in text and "1 份无法读取" in text
    assert "不是2024年度的，未参加排名：泽川县人民政府（2023年度）" in text
    assert "临川县人民政府报送了 2 份2024年度报告" in text
    rankings = [t for t in tables if t[0] == ["名次", "单位", "得分", "等级", "结论"]]
    assert [[row[:2] for row in t[1:]] for t in rankings] == [
        [["1", "临川县人民政府"], ["1", "临川县人民政府"]],
        [["1", "云岭县白沙乡人民政府"], ["2", "苇塘镇人民政府"], ["3", "望川乡人民政府"]],
        [["1", "铜岭县住房和城乡建设局"]],
    ]
    (gaps,) = [t for t in tables if t[0][0] == "要素"]
    assert gaps[0] == ["要素", "缺失份数", "占比", "薄弱份数"] and len(gaps) > 3
    for _, missing, share, _ in gaps[1:]:
        assert int(missing) > 0 and share.endswith("%")
    (copies,) = [t for t in tables if t[0][0] == "报告甲"]
    assert len(copies) == 2 and copies[1][2] == "100%"  # the county report filed twice
    fixes = re.split(r"\n\S、工作要求", text.split("、需要整改的报告\n")[1])[0].splitlines()
    assert [line.split("（")[0] for line in fixes] == ["1. 苇塘镇人民政府", "2. 望川乡人民政府"]
    assert "缺少必备部分：第一责任人履职情况、下一年度主要安排" in fixes[1]
    assert "逾期报告" in text and "未发现晚于公开时限的报告" in text


def test_a_notice_in_the_input_folder_is_replaced_and_never_read_as_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "strong_county.txt", folder / "a.txt")
    for _ in range(2):
        code, text = _batch(folder, "--notice", str(folder / "通报.docx"), "--no-copies")
        assert code == 0 and "共 1 份报告" in text
    report = folder / "b.docx"
    make_docx(report, (EXAMPLES / "township_good.txt").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["batch", str(folder), "--notice", str(report)])
    assert result.exit_code == 2 and "覆盖" in result.stderr
    assert "Table Grid" not in str(docx.Document(str(report)).tables)  # untouched: still the report


def test_jobs_1_and_2_give_identical_outputs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make(corpus, count=30, pairs=3, seed=5)
    outputs: dict[int, list[Any]] = {}
    for jobs in (1, 2):
        out = tmp_path / str(jobs)
        out.mkdir()
        got: list[Any] = []
        for fmt in ("jsonl", "csv", "table"):
            run_batch([str(corpus)], BatchOptions(jobs=jobs, fmt=fmt, out=str(out / fmt), year=2024))
            got.append((out / fmt).read_bytes())
        options = BatchOptions(jobs=jobs, fmt="xlsx", out=str(out / "b.xlsx"), notice=str(out / "n.docx"))
        outcome = run_batch([str(corpus)], options)
        book = openpyxl.load_workbook(out / "b.xlsx")
        got.append([[DATE.sub("DATE", str(v)) for row in s.iter_rows(values_only=True) for v in row] for s in book])
        paragraphs, tables = _docx_text(out / "n.docx")
        got += [[DATE.sub("DATE", p) for p in paragraphs], tables, outcome.summary.groups(), outcome.pairs]
        outputs[jobs] = got
    assert outputs[1] == outputs[2]
    assert outputs[1][-1] and len(outputs[1][-2]) == 2  # copied pairs; townships and a department


@pytest.mark.parametrize("rank_by", ["level", "all"])
def test_a_batch_with_nothing_to_rank_still_writes_every_output(tmp_path: Path, rank_by: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    book, notice = tmp_path / "b.xlsx", tmp_path / "n.docx"
    args = ["--format", "xlsx", "--out", str(book), "--notice", str(notice), "--rank-by", rank_by]
    code, text = _batch(tmp_path / "in", *args)
    assert code == 2 and "没有可排名的报告" in text
    assert openpyxl.load_workbook(book).sheetnames == ["汇总", "照搬照抄"]
    paragraphs, tables = _docx_text(notice)
    assert "没有可排名的报告。" in paragraphs and not tables
