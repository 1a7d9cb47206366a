"""Normalization, headings, numbers and figures on Chinese text."""

from __future__ import annotations

import re

import pytest

from checker.analysis.engine import check_document, compile_rubric
from checker.text.document import Document
from checker.text.normalize import WHITESPACE, normalize_document, normalize_line
from checker.text.numbers import chinese_to_number
from checker.text.outline import build_outline, split_heading
from checker.text.reading import read_lines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("（一）强化领导，１００％", "(一)强化领导,100%"),
        ("三、下一步工作　计划", "三、下一步工作计划"),
        ("2023 年", "2023年"),
    ],
)
def test_normalize_makes_text_comparable(raw: str, expected: str) -> None:
    assert normalize_line(0, raw).text == expected


@pytest.mark.parametrize(
    "raw",
    [
        "  • 设为首页|",
        "无障碍浏览 长者模式",
        "扫一扫在手机打开当前页",
        "账号+密码登录",
        "浏览次数: 来源:市司法局",
        "- 3 -",
        "———",
    ],
)
def test_web_noise_lines_are_flagged(raw: str) -> None:
    assert read_lines(Document.from_text(raw)).lines[0].noise


def test_content_lines_are_not_noise() -> None:
    for raw in (
        "泸县方洞镇人民政府",
        "一、工作开展情况",
        "2024年1月5日",
        "来源于群众的意见建议",
        "时间紧任务重，全年完成48项",
    ):
        assert not read_lines(Document.from_text(raw)).lines[0].noise, raw


def test_offsets_map_back_through_removed_spaces() -> None:
    line = normalize_line(0, "下一步 工作计划")
    assert line.text[line.text.index("工作")] == "工"
    assert line.original_offset(line.text.index("工作")) == 4


@pytest.mark.parametrize(
    ("text", "level", "title", "lead"),
    [
        ("一、工作开展情况", 1, "工作开展情况", False),
        ("(一)强化组织领导,持续推进。正文很长的内容继续写下去", 2, "强化组织领导,持续推进", True),
        ("1.专业人才不足。人员少,任务重", 3, "专业人才不足", True),
        ("2、加强队伍建设", 3, "加强队伍建设", False),
        ("(3)开展培训", 4, "开展培训", False),
        ("第二部分存在的问题", 1, "存在的问题", False),
    ],
)
def test_heading_markers(text: str, level: int, title: str, lead: bool) -> None:
    parsed = split_heading(text)
    assert parsed is not None
    assert (parsed[0], parsed[2], parsed[3]) == (level, title, lead)


@pytest.mark.parametrize("text", ["一是加强领导。", "1.5万人次参加", "2023年全镇开展普法", "(一)"])
def test_not_headings(text: str) -> None:
    assert split_heading(text) is None


def test_outline_nests_spans() -> None:
    doc = Document.from_text("标题\n一、成效\n（一）甲\n正文\n（二）乙\n二、不足\n正文")
    outline = build_outline(normalize_document(doc))
    assert [(h.level, h.line, h.end) for h in outline.headings] == [(1, 1, 5), (2, 2, 4), (2, 4, 5), (1, 5, 7)]
    assert outline.top_level == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十三", 23), ("一百零五", 105), ("两千", 2000), ("三点五", 3.5), ("十二", 12), ("二〇二四", 2024)],
)
def test_chinese_numerals(text: str, value: float) -> None:
    assert chinese_to_number(text) == value


def _figures(body: str) -> list[tuple[str, float, str]]:
    doc = Document.from_text(
        f"某县2023年法治政府建设情况报告\n一、主要举措和成效\n{body}\n二、2024年工作安排\n确保出庭应诉率达到100%。"
    )
    result = check_document(doc, compile_rubric())
    return [(f.metric, f.value, f.kind) for f in result.figures]


@pytest.mark.parametrize(
    ("body", "metric", "value"),
    [
        ("行政机关负责人出庭应诉率达１００％。", "court_appearance_rate", 100),
        ("出庭应诉率为百分之百。", "court_appearance_rate", 100),
        ("矛盾纠纷调解成功率98.6%。", "mediation_success_rate", 98.6),
        ("共清理文件148件。", "documents_cleaned", 148),
        ("开展普法活动一百二十场。", "pufa_events", 120),
        ("受教育群众1万余人。", "pufa_events", 10000),
        ("村（社区）法律顾问实现全覆盖。", "legal_adviser_coverage", 100),
        ("执法人员持证率九成。", "enforcement_cert_rate", 90),
    ],
)
def test_figures_in_many_notations(body: str, metric: str, value: float) -> None:
    assert (metric, value, "achieved") in _figures(body)


def test_plan_figure_is_a_target_and_shortfall_is_not_a_figure() -> None:
    figures = _figures("出庭应诉率未达到100%。")
    assert figures == [("court_appearance_rate", 100, "target")]


def test_fuzzy_phrase_finds_a_paraphrase() -> None:
    doc = Document.from_text(
        "某县2023年法治政府建设情况报告\n一、党政主要负责人履行第一责任人职责情况\n"
        "县长在述职时一并报告了履行法治建设职责的情况。\n二、存在的不足和原因\n原因是人员少。"
    )
    result = check_document(doc, compile_rubric())
    element = next(e for e in result.elements if e.id == "report_on_law")
    assert element.status == "present"
    assert element.evidence[0].how == "fuzzy" and element.evidence[0].line == 3


def test_noise_lines_do_not_break_the_outline() -> None:
    clean = "一、主要举措和成效\n正文\n二、存在的不足和原因\n正文\n三、2024年工作安排\n正文"
    noisy = (
        "设为首页|加入收藏\n一、主要举措和成效\n正文\n扫一扫在手机打开当前页\n二、存在的不足和原因\n正文\n"
        "分享到:\n三、2024年工作安排\n正文\n账号+密码登录"
    )
    titles = [[h.text for h in build_outline(normalize_document(Document.from_text(t))).top()] for t in (clean, noisy)]
    assert titles[0] == titles[1] and len(titles[0]) == 3


def test_causes_are_read_per_listed_problem_and_a_heading_is_no_cause() -> None:
    head = "某县2023年法治政府建设情况报告\n一、主要举措和成效\n正文。\n二、存在的不足和原因\n"
    titled = Document.from_text(head + "人员少，任务重。\n三、2024年工作安排\n正文。")
    listed = Document.from_text(head + "1.人员少，原因是编制不足\n2.经费少\n三、2024年工作安排\n正文。")
    rubric = compile_rubric()
    causes = [
        next(e for e in check_document(doc, rubric).elements if e.id == "shortcoming_causes")
        for doc in (titled, listed)
    ]
    assert causes[0].status == "missing" and causes[0].reason_code == "no_cause"  # 原因 only in the part's heading
    assert causes[1].status == "weak" and "“经费少”" in causes[1].reason  # one numbered problem without its cause


def test_spelled_out_whitespace_is_exactly_regex_whitespace() -> None:
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert re.findall(rf"[{WHITESPACE}]", everything) == re.findall(r"\s", everything)


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("现将本年度情况报告如下：全县在2023年推进法治政府建设中，行政机关负责人出庭应诉率达100%。", "出庭应诉率"),
        ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx我县20231201号文件要求推进法治政府建设审核文件1234567件", "法治政府"),
        ("为推进依法行政，县政府2024年出台了规范性文件管理办法并开展专项清理行动共清理文件148件", "规范性文件"),
    ],
)
def test_a_quote_never_cuts_a_number_or_a_word(line: str, phrase: str) -> None:
    from checker.text.textindex import _quote_end, _quote_start

    start = line.index(phrase)
    lo, hi = _quote_start(line, start, 16), _quote_end(line, start + len(phrase), 32)
    quote = line[lo:hi]
    assert phrase in quote
    for cut in (lo, hi):
        assert not (0 < cut < len(line) and line[cut - 1].isdigit() and line[cut].isdigit()), quote
    assert not quote.startswith("3年")
