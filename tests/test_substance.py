"""Judging what is written: evidence from its own part, plans are not results, hollow parts, causes,
plans that answer problems, derived rates, and a score and verdict that tell one story (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.analysis.engine import auto_rubric, check_document, check_path, compile_rubric
from checker.result import ElementResult, Result
from checker.status import Status
from checker.text.document import Document

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")

MEASURES = (
    "全年审核规范性文件12件，清理文件148件。县政府常务会议审议重大行政决策事项6项，均经合法性审查。"
    "开展法治宣传活动45场次，发放宣传资料1.2万份。全县行政复议案件20件，调解成功率达到96%。"
)
FIRST = "县长亲自部署法治政府建设年度任务，召开县政府常务会议3次专题研究法治政府建设，把法治建设纳入年度绩效考核。"
SHORT = "一是行政执法人员专业素养不高，原因主要是基层执法力量不足、缺编12人。二是普法宣传形式单一，主要是由于经费不足。"
PLAN = "（一）开展执法人员全员轮训，2026年6月底前完成。\n（二）创新普法宣传形式，建设法治文化阵地3处。"


def report(
    measures: str = MEASURES, first: str = FIRST, short: str = SHORT, plan: str = PLAN, title: bool = True
) -> Result:
    """Check a county report written here, with the four statutory parts."""
    lines = ["某县人民政府关于2025年度法治政府建设情况的报告"] if title else []
    lines += [
        "一、2025年推进法治政府建设的主要举措和成效",
        measures,
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        first,
        "三、存在的不足和原因",
        short,
        "四、2026年推进法治政府建设的主要安排",
        plan,
        "某县人民政府",
        "2026年2月10日",
    ]
    return check_document(Document.from_text("\n".join(lines), "mine.txt"), compile_rubric("fazhi-annual"))


def element(result: Result, element_id: str) -> ElementResult:
    return next(e for e in result.elements if e.id == element_id)


def section_status(result: Result, section_id: str) -> tuple[Status, str]:
    found = next(s for s in result.sections if s.id == section_id)
    return found.status, found.reason_code


# 1. Hollow parts: judged by their body, not their heading


@pytest.mark.parametrize("body", ["（略）", "略。", "无", "同上", "（此处略）", "本部分内容从略。"])
def test_a_placeholder_body_makes_its_part_weak(body: str) -> None:
    full, hollow = report(), report(first=body)
    assert section_status(full, "first_responsible") == (Status.PRESENT, "heading")
    assert section_status(hollow, "first_responsible") == (Status.WEAK, "placeholder")
    assert hollow.score < full.score


def test_a_short_or_off_topic_body_makes_its_part_weak() -> None:
    assert section_status(report(first="按要求落实。"), "first_responsible") == (Status.WEAK, "hollow")
    off_topic = "全年新建道路12公里，改造老旧小区3个，新增停车位800个，完成绿化面积2万平方米。"
    assert section_status(report(first=off_topic), "first_responsible") == (Status.WEAK, "off_topic")


def test_elements_of_a_hollow_first_responsible_part_are_not_credited_from_other_parts() -> None:
    moved = report(measures=MEASURES + FIRST, first="（略）")
    for element_id in ("four_personally", "five_together_assessment", "meetings_heard"):
        found = element(moved, element_id)
        assert found.status is Status.WEAK and "写在了“主要举措和成效”部分" in found.reason, element_id
        assert {ev.part for ev in found.evidence} == {"measures"}


@needs_samples
def test_sample_001_with_its_first_responsible_body_replaced_by_a_placeholder() -> None:
    path = next(SAMPLES.glob("001_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if "第一责任人" in line and line.startswith("二、"))
    body = next(i for i in range(heading + 1, len(lines)) if lines[i].strip())
    hollow = [*lines[:body], "（略）", *lines[body + 1 :]]
    before = check_path(path, compile_rubric("fazhi-annual-township"))
    after = check_document(Document.from_text("\n".join(hollow), "001.txt"), compile_rubric("fazhi-annual-township"))
    assert section_status(after, "first_responsible") == (Status.WEAK, "placeholder")
    assert after.score < before.score - 3
    assert element(before, "five_together_assessment").status is Status.PRESENT
    assert element(after, "five_together_assessment").status is Status.WEAK  # its line was the body


# 2. Evidence from the wrong place


@needs_samples
def test_no_sample_credits_or_faults_an_element_from_a_part_outside_its_scope() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        result = check_path(path)
        rubric = compile_rubric(result.rubric_id).rubric
        scopes = {e.id: e.scope for e in rubric.elements}
        for found in result.elements:
            scope = scopes[found.id]
            if scope is None or found.status is Status.MISSING or found.reason_code == "outside_scope":
                continue
            # the problems a plan leaves unanswered are quoted from the shortcomings, by design
            wrong = [ev for ev in found.evidence if ev.part and ev.part not in scope and ev.how != "problem"]
            assert wrong == [], (path.name, found.id, found.reason, wrong)


def test_a_figure_is_not_mentioned_by_a_problem_or_a_plan() -> None:
    measures = "全年审核规范性文件12件，清理文件148件。县政府常务会议审议重大行政决策事项6项。"
    result = report(
        measures=measures, short="普法宣传工作成效不高，原因是形式单一。", plan="（一）组织开展普法宣传活动。"
    )
    found = element(result, "pufa_figure")
    assert found.status is Status.MISSING and found.evidence == ()


def test_an_element_of_the_first_responsible_part_written_there_is_present() -> None:
    found = element(report(), "five_together_assessment")
    assert found.status is Status.PRESENT and [ev.part for ev in found.evidence] == ["first_responsible"]


# 3. Plans are not results; denials and deferrals count for nothing; headings are no content


def test_a_sentence_of_the_plan_part_earns_no_achievement() -> None:
    plan = PLAN + "\n（三）进一步提升应对突发事件的能力水平，修订应急预案。"
    found = element(report(plan=plan), "emergency_response")
    assert found.status is Status.MISSING and "计划" in found.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "下一步将完善突发事件应急预案体系。",
        "我县计划开展突发事件应急演练。",
        "要健全突发事件应急处置机制。",
        "力争明年完成应急预案修订。",
    ],
)
def test_future_sentences_in_the_measures_earn_no_achievement(sentence: str) -> None:
    found = element(report(measures=MEASURES + sentence), "emergency_response")
    assert found.status is Status.MISSING and "计划" in found.reason


def test_the_same_sentence_as_a_result_is_present() -> None:
    found = element(report(measures=MEASURES + "全年修订突发事件应急预案5部，开展应急演练8次。"), "emergency_response")
    assert found.status is Status.PRESENT


def test_a_denied_achievement_counts_for_nothing() -> None:
    found = element(report(measures=MEASURES + "我县尚未建立突发事件应急预案体系。"), "emergency_response")
    assert found.status is Status.MISSING


# 4. Causes per problem, and plans that answer the problems


def test_problems_without_causes_are_named() -> None:
    short = "一是行政执法人员专业素养不高，原因主要是缺编12人。二是普法宣传形式单一。三是复议应诉能力不强。"
    found = element(report(short=short), "shortcoming_causes")
    assert found.status is Status.WEAK
    assert "普法宣传形式单一" in found.reason and "复议应诉能力不强" in found.reason
    assert "专业素养" not in found.reason


def test_a_deferred_cause_analysis_gives_no_cause() -> None:
    short = "一是执法人员专业素养不高。二是普法宣传形式单一。对以上问题，我们将认真分析研究原因，加以整改。"
    found = element(report(short=short), "shortcoming_causes")
    assert found.status is Status.MISSING and "将要分析研究" in found.reason


@needs_samples
def test_samples_003_and_000_give_no_causes_and_both_fail() -> None:
    results = {p.name[:3]: check_path(p) for p in sorted(SAMPLES.glob("00[03]_*.txt"))}
    for result in results.values():
        assert element(result, "shortcoming_causes").status is Status.MISSING
        assert not result.passed and "缺少必备要素：分析不足的原因" in result.verdict
    assert "将要分析研究" in element(results["003"], "shortcoming_causes").reason


def test_a_problem_without_a_matching_task_is_listed() -> None:
    plan = "（一）开展执法人员全员轮训，2026年6月底前完成。\n（二）修订重大行政决策事项目录。"
    found = element(report(plan=plan), "plan_fixes_shortcomings")
    assert found.status is Status.WEAK and "普法宣传形式单一" in found.reason
    assert element(report(), "plan_fixes_shortcomings").status is Status.PRESENT


@needs_samples
def test_sample_000_plan_tasks_counts_its_numbered_tasks() -> None:
    found = element(check_path(next(SAMPLES.glob("000_*.txt"))), "plan_tasks")
    assert found.status is Status.PRESENT and "具体任务" in found.reason
    assert all(ev.part == "next_year" for ev in found.evidence)


# 5. Specificity per part; a part of slogans alone is weak with the slogans quoted


def test_slogans_only_measures_are_weak_and_quoted() -> None:
    slogans = "我县高度重视法治政府建设，扎实推进各项工作，取得明显成效。依法行政水平不断提升，法治氛围持续向好。"
    result = report(measures=slogans)
    found = element(result, "measures_specific")
    assert found.status is Status.WEAK and "“我县高度重视法治政府建设" in found.reason
    measures = next(s for s in result.sections if s.id == "measures")
    assert measures.specificity == {"sentences": 2, "facts": 0, "stock": 2}
    assert element(report(), "measures_specific").status is Status.PRESENT


def test_slogan_shortcomings_are_weak() -> None:
    short = "依法行政意识有待加强。法治宣传力度不够到位。执法队伍建设相对薄弱。"
    assert element(report(short=short), "shortcoming_specific").status is Status.WEAK


# 6. Derived figures and a figure below its expectation


def test_a_rate_is_derived_from_two_counts() -> None:
    measures = MEASURES + "全年发生行政诉讼案件20件，行政机关负责人出庭17件。"
    result = report(measures=measures)
    figure = next(f for f in result.figures if f.metric == "court_appearance_rate" and f.kind == "achieved")
    assert (figure.value, figure.derived) == (85.0, True)
    found = element(result, "court_appearance_rate_figure")
    assert found.status is Status.WEAK and "85%" in found.reason and found.penalty > 0


def test_a_low_court_appearance_rate_costs_more_than_a_missing_optional_element() -> None:
    full = report(measures=MEASURES + "行政机关负责人出庭应诉率100%。全年修订突发事件应急预案5部。")
    low = report(measures=MEASURES + "行政机关负责人出庭应诉率85%。全年修订突发事件应急预案5部。")
    no_optional = report(measures=MEASURES + "行政机关负责人出庭应诉率100%。")
    assert element(no_optional, "emergency_response").status is Status.MISSING
    assert full.score - low.score > full.score - no_optional.score


# 7. Score and verdict tell one story


@needs_samples
def test_the_samples_rank_as_an_expert_reads_them() -> None:
    results = {p.name[:3]: check_path(p) for p in sorted(SAMPLES.glob("*.txt"))}
    ranked = sorted(results, key=lambda k: -results[k].score)
    assert ranked[0] == "002"
    passed = [results[k].passed for k in ranked]
    assert passed == sorted(passed, reverse=True), "a failing report outranks a passing one"


def test_slogans_only_fails() -> None:
    result = check_path(EXAMPLES / "slogans_only.txt")
    assert not result.passed and result.grade == "不合格"


def test_a_passing_grade_that_does_not_pass_says_why_in_one_line() -> None:
    short = "一是行政执法人员专业素养不高。二是普法宣传形式单一。"  # no causes: a required element missing
    result = report(short=short)
    assert not result.passed and result.score >= result.fail_under
    assert result.verdict == f"未通过：分数够“{result.grade}”，但缺少必备要素：分析不足的原因"
    assert "\n" not in result.verdict


def test_a_low_score_verdict_names_the_threshold() -> None:
    result = check_path(EXAMPLES / "slogans_only.txt", auto_rubric().choose("county", "")[0])
    assert result.verdict.startswith(f"未通过：得分{result.score:g}低于及格线{result.fail_under:g}")
