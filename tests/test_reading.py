"""Reading reports as they come (issue 9): flattened text, web furniture, the year's cues, levels.

Property tests run every example and real sample (and the real-shaped fixtures) through two
changes a web copy makes: all lines joined into one, and page furniture added around the body.
Neither may change what the report is found to say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.analysis.engine import auto_rubric, check_document, compile_rubric, read_report
from checker.result import Result
from checker.sources import read_document
from checker.text import furniture
from checker.text.document import Document
from checker.text.level import detect_level, level_of_name
from checker.text.normalize import normalize_line
from checker.text.reading import read_lines
from checker.text.segment import Sequence
from tests.conftest import EXAMPLES, SAMPLES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real_shaped"
REPORTS = sorted(EXAMPLES.glob("*.txt")) + (sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else [])
# hard-wrapped PDF text splits phrases across lines; joined, it reads more figures, not fewer
SHAPED = [p for p in sorted(FIXTURES.glob("*.txt")) if "_pdf" not in p.name]


def _said(result: Result) -> tuple[object, ...]:
    """What a report is found to say: its parts, year, issuer, level and figures."""
    return (
        {s.id: s.status for s in result.sections},
        result.report.year,
        result.report.issuer,
        result.report.level,
        sorted((f.metric, f.value, f.kind) for f in result.figures),
        result.rubric_id,
    )


def _joined(document: Document) -> Document:
    return Document(document.source, document.format, ("".join(document.lines),))


@pytest.mark.parametrize("path", REPORTS + SHAPED, ids=lambda p: p.name)
def test_a_report_joined_into_one_line_says_the_same(path: Path) -> None:
    document = read_document(path)
    assert _said(check_document(_joined(document), auto_rubric())) == _said(check_document(document, auto_rubric()))


def test_evidence_of_a_joined_report_points_at_its_place_in_the_line() -> None:
    document = _joined(read_document(EXAMPLES / "strong_county.txt"))
    result = check_document(document, compile_rubric())
    line = document.lines[0]
    quotes = [(e.column, e.text) for element in result.elements for e in element.evidence]
    assert len(quotes) > 30 and all(e_line == 1 for e_line in (e.line for el in result.elements for e in el.evidence))
    for column, text in quotes:  # the quote surrounds the column it names
        start = line.find(text, max(0, column - 1 - 16 - 10 - 1))  # up to 10 more to reach a clause mark
        assert 0 <= start <= column - 1 < start + len(text), (column, text)


# --- furniture -------------------------------------------------------------------------------------

_HEADS = [
    "首页 | 政务公开 | 政务服务 | 互动交流",
    "当前位置：首页>政务公开>法治政府建设>年度报告",
    "您的位置: 首页 » 信息公开 » 工作报告",
    "索 引 号  11350000-2025-00012\n主题分类  政务公开\n有 效 性  有效",
    "[索引号] 1135/2025-00012 [发文字号] \n[体裁分类] 工作报告",
    "【字体：大 中 小】 分享到： 微信 微博 QQ空间",
    "-->",
    "今天是:2025年3月31日 星期一",
]
_TAILS = [
    "【打印本页】【关闭窗口】",
    "扫一扫在手机打开当前页",
    "主办单位：某县人民政府办公室 备案号：ICP备12345678号",
    "附件下载：2024年法治政府建设工作报告.docx",
    "上一篇：关于开展安全生产检查的通知",
    "账号+密码登录 手机+密码登录 还没有账号？立即注册",
]
_DATE_LINES = [("发布时间：2025-03-28 16:47  来源：县司法局", "发布时间"), ("成文日期：2025年03月20日", "成文日期")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(REPORTS),
    heads=st.lists(st.sampled_from(_HEADS), min_size=1, max_size=4),
    tails=st.lists(st.sampled_from(_TAILS), min_size=1, max_size=3),
    dated=st.sampled_from([None, *_DATE_LINES]),
    glued=st.booleans(),
)
def test_furniture_around_the_body_changes_nothing_but_the_date_it_adds(
    path: Path, heads: list[str], tails: list[str], dated: tuple[str, str] | None, glued: bool
) -> None:
    document = read_document(path)
    before = check_document(document, auto_rubric())
    dated = dated if before.report.date is None else None  # a page gives one date: add one only where none is
    head = [*heads, *([dated[0]] if dated else [])]
    if glued:  # furniture on the same line as the body, as a web copy without line breaks has it
        lines = ("  ".join([*head, *document.lines, *tails]).replace("\n", " "),)
        joined = Document(document.source, document.format, ("  ".join(document.lines),))
        before = check_document(joined, auto_rubric())
    else:
        lines = tuple("\n".join(head).splitlines()) + document.lines + tuple(tails)
    after = check_document(Document(document.source, document.format, lines), auto_rubric())
    assert _said(after) == _said(before)
    assert after.report.title == before.report.title
    if before.report.date is None and dated:
        assert after.report.date_source == dated[1] and after.report.date is not None
    else:
        assert (after.report.date, after.report.date_source) == (before.report.date, before.report.date_source)


@pytest.mark.parametrize(
    ("line", "body", "fields"),
    [
        ("当前位置：首页>政务公开>法治政府建设", "", {}),
        (
            "发布时间:2023-03-07 16:49  来源:市司法局  浏览次数:",
            "",
            {"发布时间": "2023-03-07 16:49", "来源": "市司法局"},
        ),
        (
            "索引号：QH-11/2024-00005 发文机关：青禾县司法局 成文日期：2024-01-30 有效性：有效 "
            "2023年，县司法局坚持依法行政。",
            "2023年,县司法局坚持依法行政。",
            {"发文机关": "青禾县司法局", "成文日期": "2024-01-30", "有效性": "有效"},
        ),
        ("时间紧任务重，全年完成48项", "时间紧任务重,全年完成48项", {}),
        ("政务服务事项全部进驻便民服务中心", "政务服务事项全部进驻便民服务中心", {}),
        ("来源于群众的意见建议全部办结", "来源于群众的意见建议全部办结", {}),
        (
            "…全面推进依法行政。某县人民政府2024年1月5日【打印本页】【关闭窗口】",
            "…全面推进依法行政。某县人民政府2024年1月5日",
            {},
        ),
        ("承办建议提案34件，办结率100%。", "承办建议提案34件,办结率100%。", {}),
        ("阅读次数：2472019年，高岭镇扎实推进依法行政。", "2019年,高岭镇扎实推进依法行政。", {"阅读次数": "247"}),
    ],
)
def test_furniture_is_stripped_and_the_body_kept(line: str, body: str, fields: dict[str, str]) -> None:
    norm = normalize_line(0, line)
    found = furniture.strip(norm.text, norm.offsets)
    assert norm.text[found.start : found.end] == body
    assert {k: v for k, v in found.fields if k in fields} == fields


def _every_line() -> list[str]:
    paths = [*FIXTURES.glob("*.txt"), *EXAMPLES.glob("*.txt"), *(SAMPLES.glob("*.txt") if SAMPLES.is_dir() else [])]
    texts = [read_document(str(p)).lines for p in paths if p.suffix == ".txt"]
    return [normalize_line(0, line).text for lines in texts for line in [*lines, "".join(lines)]]


def test_the_quick_trigger_pass_misses_no_line_the_triggers_would_take() -> None:
    """The Aho-Corasick pass that spares prose the regular expressions never drops a furniture line."""
    for text in _every_line():
        head = bool(furniture._TRIGGER.search(text, 0, furniture._HEAD_WINDOW))
        tail = bool(furniture._TAIL_TRIGGER.search(text, max(0, len(text) - furniture._TAIL_WINDOW)))
        assert furniture._triggered(text) == (head, tail), text[:60]


def test_page_fields_give_title_issuer_and_date_when_the_text_has_none() -> None:
    text = (
        "索引号：1135/2025-00012\n发文机关：云岭县司法局\n成文日期：2025-02-10\n发布日期：2025-02-14\n"
        "标题：云岭县司法局2024年法治政府建设工作报告\n"
        "2024年，县司法局坚持依法行政。现将有关情况报告如下：\n一、主要举措和成效\n全年审核规范性文件12件。"
    )
    result = check_document(Document.from_text(text), auto_rubric())
    report = result.report
    assert (report.title, report.issuer, report.date, report.date_source) == (
        "云岭县司法局2024年法治政府建设工作报告",
        "云岭县司法局",
        "2025-02-10",
        "成文日期",
    )
    assert (report.level, result.rubric_id, result.rubric_chosen_by) == (
        "department",
        "fazhi-annual-department",
        "auto",
    )


# --- flattened text --------------------------------------------------------------------------------


def _cuts(text: str) -> list[str]:
    """The pieces a flattened line is cut into."""
    return [line.text for line in read_lines(Document.from_text(text)).lines if not line.noise]


def test_inline_headings_in_sequence_are_cut_and_nothing_else() -> None:
    text = (
        "现将有关情况报告如下：一、工作开展情况（一）党政主要负责人履行第一责任人职责。主要负责人亲自部署法治工作4次，"
        "坚持“一、二、三”工作法，落实《关于二、三季度工作的通知》要求，于2023.3.1前完成，覆盖1.5万人，第二、三季度完成清理。"
        "1.开展会前学法12次。2.开展述法。二、存在问题一是执法力量不足。二是普法不深入。三、下一步工作计划（一）加强执法。"
    )
    pieces = _cuts(text)
    heads = [
        p for p in pieces if p[:2] in ("一、", "二、", "三、") or p[:3] in ("(一)", "(二)") or p[:2] in ("1.", "2.")
    ]
    assert heads == [
        "一、工作开展情况",
        "(一)党政主要负责人履行第一责任人职责。",
        "1.开展会前学法12次。",
        "2.开展述法。",
        "二、存在问题",
        "三、下一步工作计划",
        "(一)加强执法。",
    ]
    joined = "".join(pieces)
    assert "“一、二、三”工作法" in joined and "《关于二、三季度工作的通知》" in joined and "1.5万人" in joined


def test_a_sequence_runs_across_lines() -> None:
    sequence = Sequence()
    assert sequence.cuts("一、主要举措和成效") == []
    assert sequence.cuts("全年办结案件12件。二、存在的不足和原因执法力量不足。") == [10]
    assert sequence.cuts("三、2025年工作计划") == []
    assert sequence.cuts("全年办结案件12件。二、不会再有第二个二") == []  # 二 after 三 is out of sequence


# --- what the report says about itself ------------------------------------------------------------

_PARTS = (
    "一、2023年主要工作\n全年审核文件12件。\n二、存在问题\n执法力量不足。\n三、{plan}年工作计划\n加强执法。\n"
    "某县司法局\n{date}"
)


@pytest.mark.parametrize(
    ("text", "year", "source"),
    [
        (
            "某县司法局关于2023年度法治政府建设情况的报告\n" + _PARTS.format(plan=2024, date="2024年1月5日"),
            2023,
            "title",
        ),
        (_PARTS.format(plan=2024, date="2024年1月5日"), 2023, "heading"),
        (
            "2022年，我局坚持依法行政。\n一、主要工作\n全年审核文件12件。\n二、2023年工作打算\n加强执法。",
            2022,
            "opening",
        ),
        (
            "今年以来，我局坚持依法行政。\n一、主要工作\n全年审核文件12件。\n八、2020年工作计划\n加强执法。",
            2019,
            "plan",
        ),
        ("今年以来，我局坚持依法行政。\n一、主要工作\n全年审核文件12件。\n某县司法局\n2021年2月3日", 2020, "date"),
        (
            "根据《法治政府建设实施纲要（2021—2025年）》，我局坚持依法行政。\n一、主要工作\n某县司法局\n2024年2月3日",
            2023,
            "date",
        ),
    ],
)
def test_the_year_and_the_cue_that_decided_it(text: str, year: int, source: str) -> None:
    meta = read_report(Document.from_text(text)).meta
    assert (meta.year, meta.year_source) == (year, source)


def test_a_title_year_the_body_and_plan_contradict_is_reported_not_believed() -> None:
    text = "某县人民政府关于2022年度法治政府建设情况的报告\n" + _PARTS.format(plan=2024, date="2024年3月5日")
    result = check_document(Document.from_text(text), compile_rubric())
    assert result.report.year == 2023
    check = next(c for c in result.checks if c.id == "report_year")
    assert check.status == "warn" and "标题写的是2022年" in check.message
    plan = next(c for c in result.checks if c.id == "year_consistency")
    assert plan.status == "pass"  # the plan is for 2024, right for a 2023 report


def test_a_plan_for_the_wrong_year_and_a_title_year_mismatch_are_two_messages() -> None:
    text = "某县人民政府关于2023年度法治政府建设情况的报告\n" + _PARTS.format(plan=2023, date="2024年3月5日")
    checks = {c.id: c for c in check_document(Document.from_text(text), compile_rubric()).checks}
    assert checks["year_consistency"].status == "fail" and "应为2024年" in checks["year_consistency"].message
    assert checks["report_year"].status == "pass"


def test_a_wrong_plan_year_points_at_the_line_where_it_stands() -> None:
    text = (
        "某县人民政府关于2023年度法治政府建设情况的报告\n一、2023年主要工作\n全年审核文件12件。\n二、存在问题\n"
        "执法力量不足。\n三、下一年度工作计划\n继续加强执法队伍建设。\n2023年重点抓好普法。\n某县人民政府\n2024年3月5日"
    )
    check = next(
        c for c in check_document(Document.from_text(text), compile_rubric()).checks if c.id == "year_consistency"
    )
    assert (check.status, check.line) == ("fail", 8)  # the plan's heading is line 6; 2023 stands on line 8


def test_a_report_dated_before_its_year_ended_is_a_finding() -> None:
    text = "某县人民政府关于2024年度法治政府建设情况的报告\n" + _PARTS.format(plan=2025, date="2024年3月20日")
    check = next(
        c for c in check_document(Document.from_text(text), compile_rubric()).checks if c.id == "publication_deadline"
    )
    assert check.status == "warn" and "结束之前" in check.message


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("安宁市人民政府八街街道办事处", "township"),
        ("双辽市永加乡人民政府", "township"),
        ("苇川县河湾片区管理局", "township"),
        ("苇川县东湖新区管理委员会", "township"),
        ("泾县人民政府", "county"),
        ("中共梧岗县委 梧岗县人民政府", "county"),
        ("某市某区人民政府", "county"),
        ("杉洲市人民政府", "city"),
        ("棠溪县市场监督管理局", "department"),
        ("檀口县卫生健康委员会", "department"),
        ("某县人民政府办公室", "department"),
    ],
)
def test_level_from_the_issuer_name(name: str, level: str) -> None:
    assert level_of_name(name) == level


def test_level_from_the_opening_sentence_and_from_self_references() -> None:
    assert detect_level(None, None, [], ["2022年，在区委、区政府的领导下，友谊路街道深入贯彻法治思想"]) == (
        "township",
        "opening",
    )
    assert detect_level(None, None, ["我局坚持依法行政，全县执法规范。", "我局全年审核文件。"], []) == (
        "department",
        "text",
    )
    assert detect_level(None, None, ["全县推进依法行政。"], []) == (None, "")


# --- parts keep their meaning ---------------------------------------------------------------------


def _statuses(text: str) -> dict[str, str]:
    return {s.id: s.status for s in check_document(Document.from_text(text), compile_rubric()).sections}


_BODY = (
    "全年审核规范性文件12件，清理文件148件，废止13件；办理行政复议案件20件，纠错3件；开展普法活动36场，受众1.2万人次。"
)


def test_a_word_in_the_preamble_makes_no_part_present() -> None:
    text = f"为总结成效、查找不足、明确下一步工作计划，现报告如下：\n一、主要举措和成效\n{_BODY}\n{_BODY}"
    statuses = _statuses(text)
    assert statuses["measures"] == "present"
    assert statuses["shortcomings"] != "present" and statuses["next_year"] != "present"


def test_thematic_parts_of_work_done_are_the_measures_and_a_closing_plan_sentence_is_weak() -> None:
    text = (
        f"一、积极统筹部署，压实法治建设责任\n全年召开专题会议4次。{_BODY}\n二、深化行政审批制度改革\n办理审批事项320件。\n"
        "三、存在困难\n执法力量不足，原因是编制少，全局只有执法人员5名。\n下一步，我局将继续加强执法队伍建设。"
    )
    statuses = _statuses(text)
    assert statuses["measures"] == "present" and statuses["shortcomings"] == "present"
    assert statuses["next_year"] == "weak"


def test_a_part_folded_under_another_stays_weak() -> None:
    text = (
        f"一、主要举措和成效\n（一）严格履行推进法治建设第一责任人职责\n主要负责人亲自部署4次。{_BODY}\n"
        "二、存在的不足和原因\n执法力量不足，原因是编制少，全局只有执法人员5名。"
    )
    assert _statuses(text)["first_responsible"] == "weak"
