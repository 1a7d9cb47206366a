"""Last year beside this year: pairing by issuer, repeated text, the plan carried out, and the history database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.analysis.engine import check_document, compile_rubric
from checker.cli import main
from checker.compare.years import issuer_key, pair_years, same_body, unfollowed_tasks, year_report
from checker.errors import ReportcheckError
from checker.project.history import MIGRATIONS, SCHEMA_VERSION, History
from checker.text.document import Document

COPIED = (
    "镇司法所联合派出所在全镇11个村开展矛盾纠纷集中排查，建立问题清单和销号台账，对排查出的土地承包纠纷逐件落实包案领导"
)
LAST_PLAN = "\n".join(
    [
        "（一）开展执法人员全员轮训，全年不少于2期，实现持证人员全覆盖。",
        "（二）在镇区建设法治文化广场1处，设置宪法宣传长廊。",
    ]
)


def _report(issuer: str, year: int, measures: str, plan: str) -> str:
    return "\n".join(
        [
            f"{issuer}关于{year}年度法治政府建设情况的报告",
            f"一、{year}年推进法治政府建设的主要举措和成效",
            measures,
            "二、党政主要负责人履行推进法治建设第一责任人职责情况",
            "镇党委书记、镇长亲自部署法治建设工作，召开党委会专题研究法治工作4次。",
            "三、存在的不足和原因",
            "执法人员专业素养不高，原因主要是培训少、缺编3人。",
            f"四、{year + 1}年工作安排",
            plan,
            issuer,
            f"{year + 1}年2月10日",
        ]
    )


LAST = _report(
    "泸县方洞镇人民政府",
    2023,
    f"{COPIED}。全年调解纠纷52件，调解成功率96%。开展普法宣传活动18场次。",
    LAST_PLAN,
)
THIS = _report(
    "方洞镇人民政府",
    2024,
    f"全年开展执法人员全员轮训2期，参训86人次，持证率100%。{COPIED}。全年调解纠纷61件。",
    "（一）推进村级公共法律服务室规范化建设，年内完成6个。\n（二）开展行政执法案卷评查，每季度1次。",
)


def _year(text: str, name: str) -> object:
    rubric = compile_rubric("fazhi-annual-township")
    document = Document.from_text(text, name)
    return year_report(check_document(document, rubric), document, rubric)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("泸县方洞镇人民政府", "方洞镇人民政府", True),
        ("城关街道办事处", "城关街道", True),
        ("中共泸县司法局", "泸县司法局", True),
        ("泸县司法局", "县司法局", True),
        ("方洞镇人民政府", "方山镇人民政府", False),
        ("镇人民政府", "泸县方洞镇人民政府", False),  # too short a name to pair on
    ],
)
def test_issuers_pair_by_their_usual_forms(a: str, b: str, same: bool) -> None:
    assert same_body(issuer_key(a), issuer_key(b)) is same


def test_a_planted_copied_paragraph_and_an_unfollowed_task_are_found() -> None:
    (pair,) = pair_years([_year(THIS, "this.txt")], [_year(LAST, "last.txt")]).pairs  # type: ignore[list-item]
    assert pair.last.file == "last.txt" and pair.last.year == 2023
    assert 0.2 < pair.repeated_share < 0.9
    assert any(COPIED.startswith(text[:10]) or text in COPIED for _, text in pair.repeated)
    assert all(line == 3 for line, _ in pair.repeated)  # this year's line of the copied paragraph
    assert len(pair.last.tasks) == 2
    assert ["法治文化广场" in task for task in pair.unfollowed] == [True]  # the training was carried out
    assert pair.score_change == round(pair.this.score - pair.last.score, 1)


def test_tasks_are_followed_by_words_not_by_topic_alone() -> None:
    measures = ["全年开展执法人员全员轮训2期，参训86人次。", "加强普法宣传。"]
    tasks = ["开展执法人员全员轮训", "建设法治文化广场1处", "加强学习"]
    assert unfollowed_tasks(tasks, measures) == ["建设法治文化广场1处"]  # 加强学习: too short to tell


def test_reports_without_a_pair_are_listed() -> None:
    this = [_year(THIS, "a.txt"), _year(THIS.replace("方洞镇", "方山镇"), "b.txt")]
    last = [_year(LAST, "old-a.txt"), _year(LAST.replace("方洞镇", "石桥镇"), "old-c.txt")]
    pairing = pair_years(this, last)  # type: ignore[arg-type]
    assert [p.this.file for p in pairing.pairs] == ["a.txt"]
    assert [r.file for r in pairing.unpaired_this] == ["b.txt"]
    assert [r.file for r in pairing.unpaired_last] == ["old-c.txt"]


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "this.txt").write_text(THIS, encoding="utf-8")
    (tmp_path / "last.txt").write_text(LAST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_previous_gives_the_comparison_in_json_and_text(reports: Path) -> None:
    done = CliRunner().invoke(main, ["check", "this.txt", "--previous", "last.txt", "--format", "json"])
    previous = json.loads(done.stdout)["previous"]
    assert previous["previous_file"] == "last.txt" and previous["tasks"] == 2
    assert ["法治文化广场" in t for t in previous["unfollowed_tasks"]] == [True] and previous["repeated_share"] > 0.2
    text = CliRunner().invoke(main, ["check", "this.txt", "--previous", "last.txt"]).stdout
    assert "与上一年报告比较" in text and "上一年安排的 2 项任务，1 项在今年的举措中能找到" in text


def test_the_history_database_stores_replaces_and_serves_as_previous(reports: Path) -> None:
    runner = CliRunner()
    assert "已记入评分数据库" in runner.invoke(main, ["check", "last.txt", "--db", "h.sqlite"]).stderr
    runner.invoke(main, ["check", "last.txt", "--db", "h.sqlite"])  # the same file again: its row is replaced
    with History("h.sqlite") as history:
        assert history.count() == 1
    done = runner.invoke(main, ["check", "this.txt", "--previous", "h.sqlite", "--db", "h.sqlite", "--format", "json"])
    previous = json.loads(done.stdout)["previous"]
    assert previous["previous_year"] == 2023 and previous["repeated_share"] > 0.2
    assert ["法治文化广场" in t for t in previous["unfollowed_tasks"]] == [True]
    lines = runner.invoke(main, ["history", "方洞镇人民政府", "--db", "h.sqlite"]).stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["2023年", "2024年"]


def test_an_older_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO reports VALUES ('h1', 'a.txt', '方洞镇人民政府', '方洞镇', 'township', 2022,"
        " 'fazhi-annual-township', '2025.1', 70.5, '合格', 1, '{}', '[]', '2023-02-01T00:00:00+00:00')"
    )
    db.commit()
    db.close()
    with History(path) as history:
        assert history.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        (report,) = history.reports_of_year(2022)
        assert (report.file, report.score, report.clauses, report.tasks) == ("a.txt", 70.5, (), ())
        assert [row.score for row in history.rows_for("泸县方洞镇人民政府")] == [70.5]


def test_a_database_from_a_newer_release_or_not_a_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ReportcheckError, match="更新的版本"):
        History(newer)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ReportcheckError) as info:
        History(junk)
    assert info.value.code == "bad_history"


@pytest.fixture
def years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This year's folder (方洞镇, 石桥镇) and last year's (方洞镇, 青山镇)."""
    for folder, texts in (
        ("this", {"fangdong.txt": THIS, "shiqiao.txt": THIS.replace("方洞镇", "石桥镇")}),
        ("last", {"fangdong.txt": LAST, "qingshan.txt": LAST.replace("方洞镇", "青山镇")}),
    ):
        (tmp_path / folder).mkdir()
        for name, text in texts.items():
            (tmp_path / folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_sets_each_report_beside_last_years(years: Path, jobs: str) -> None:
    done = CliRunner().invoke(main, ["batch", "this", "--previous", "last", "--no-copies", "-j", jobs])
    out = done.stdout
    assert "与上一年比较 (beside last year)：1 份找到上一年的报告" in out
    assert "this/fangdong.txt" in out and "上一年任务 2 项，未见落实 1 项" in out
    assert "上一年没有找到同一单位的报告 (no report of last year)：this/shiqiao.txt" in out
    assert "(last year's, not matched)：last/qingshan.txt" in out


def test_a_batch_keeps_its_rows_and_next_year_uses_them(years: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["batch", "last", "--db", "h.sqlite", "--no-copies"])
    with History("h.sqlite") as history:
        assert history.count() == 2 and {r.year for r in history.all_reports()} == {2023}
    done = runner.invoke(
        main,
        [
            "batch",
            "this",
            "--previous",
            "h.sqlite",
            "--db",
            "h.sqlite",
            "--no-copies",
            "--format",
            "xlsx",
            "--out",
            "g.xlsx",
        ],
    )
    assert "this/fangdong.txt" in done.stdout and "(last year's, not matched)：last/qingshan.txt" in done.stdout
    sheet = openpyxl.load_workbook("g.xlsx")["与上一年比较"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["报告", "落款单位", "上一年报告"]
    assert rows[1][0] == "this/fangdong.txt" and rows[1][2] == "last/fangdong.txt" and rows[1][8] == 1
    assert "法治文化广场" in rows[1][9]
    with History("h.sqlite") as history:
        assert history.count() == 4  # this year's rows added beside last year's
