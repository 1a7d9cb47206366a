"""The reviewed copy (``--format docx``): Word comments where each fix belongs, and nothing else changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.analysis.engine import auto_rubric, check_document
from checker.errors import InputError
from checker.render.docx_review import reviewed_docx
from checker.render.findings import pending
from checker.render.review_notes import AUTHOR, needs_note, noted_sections
from checker.result import Evidence, Result
from checker.sources import read_document
from checker.status import Status
from checker.text.document import Document
from tests import docx_review_helpers as h
from tests.conftest import EXAMPLES, run_cli


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return h.make_report(tmp_path_factory.mktemp("review") / "报告.docx")


@pytest.fixture(scope="module")
def checked(report: Path) -> tuple[Document, Result]:
    document = read_document(report)
    return document, check_document(document, auto_rubric(), chosen_by="auto")


@pytest.fixture(scope="module")
def copy(checked: tuple[Document, Result]) -> bytes:
    return reviewed_docx(checked[1], checked[0])


def _findings(result: Result) -> int:
    return len(noted_sections(result)) + len(pending(result)) + sum(1 for c in result.checks if needs_note(c))


def _by_start(copy: bytes) -> dict[str, tuple[str, str]]:
    """Each comment's first line: the paragraph it is anchored in and the text in its range."""
    places = h.anchored(copy)
    return {text.split("\n")[0]: places[ident] for ident, (_, _, text) in h.comments(copy).items()}


def test_the_fixture_has_every_kind_of_finding(checked: tuple[Document, Result]) -> None:
    result = checked[1]
    statuses = {e.status for e in result.elements}
    assert {Status.WEAK, Status.MISSING} <= statuses
    assert next(s for s in result.sections if s.id == "first_responsible").status is Status.MISSING
    assert {c.id for c in result.checks if c.status == "fail"} == {"year_consistency", "publication_deadline"}
    assert any(e.reason_code == "below_expectation" for e in result.elements)


def test_one_comment_per_finding_and_one_summary_all_by_reportcheck(
    checked: tuple[Document, Result], copy: bytes
) -> None:
    result = checked[1]
    found = h.comments(copy)
    assert len(found) == 1 + _findings(result)
    assert len(h.anchored(copy)) == len(found)  # every comment has its range in the text
    assert {(author, initials) for author, initials, _ in found.values()} == {(AUTHOR, f"RC {result.rubric_version}")}


def test_the_summary_stands_on_the_title(checked: tuple[Document, Result], copy: bytes) -> None:
    result = checked[1]
    summary = next(text for _, _, text in h.comments(copy).values() if text.startswith("审阅结论"))
    assert summary.split("\n")[:2] == [
        f"审阅结论：得分 {result.score:g}，等级 {result.grade}，未通过（及格线 60）",
        result.verdict,
    ]
    assert f"得分 {result.score:g}" in summary and result.grade in summary and result.verdict in summary
    assert result.rubric_id in summary and result.rubric_version in summary
    assert all(failure in summary for failure in result.failures)
    assert _by_start(copy)[summary.split("\n")[0]] == (h.TITLE, h.TITLE)


def test_a_weak_element_stands_on_the_run_of_its_evidence(checked: tuple[Document, Result], copy: bytes) -> None:
    result = checked[1]
    low = next(e for e in result.elements if e.reason_code == "below_expectation")
    paragraph, inside = _by_start(copy)[f"【薄弱】{low.title}"]
    assert paragraph == "全年行政应诉案件20件，" + h.LOW_RATE + "，败诉率有所下降。"  # three runs
    assert inside == h.LOW_RATE + "，败诉率有所下降。"  # the quote's runs: the bold one and the one after it
    for element in (e for e in result.elements if e.status is Status.WEAK and e.evidence):
        paragraph, inside = _by_start(copy)[f"【薄弱】{element.title}"]
        quote = element.evidence[0].text
        assert inside and inside in paragraph and (inside in quote or quote in inside)


@pytest.mark.parametrize(
    ("line", "quote", "column", "inside"),
    [
        ("主动公开政府信息4300余条。", "政府信息4300余条", 5, "主动公开政府信息4300余条。"),  # after a line break
        ("（三）依法有效化解社会矛盾纠纷", "依法有效化解", 4, "依法有效化解"),  # after Word's numbering label
        ("（三）依法有效化解社会矛盾纠纷", "矛盾纠纷", 12, "社会矛盾纠纷"),
    ],
    ids=["after-a-break", "label-then-first-run", "second-run"],
)
def test_a_quote_is_anchored_on_the_runs_that_hold_it(
    checked: tuple[Document, Result], line: str, quote: str, column: int, inside: str
) -> None:
    document, result = checked
    evidence = Evidence(document.lines.index(line) + 1, quote, column=column)
    element = result.elements[0]._replace(status=Status.WEAK, evidence=(evidence,))
    copy = reviewed_docx(result._replace(elements=(element,)), document)
    assert _by_start(copy)[f"【薄弱】{element.title}"][1] == inside


def test_missing_elements_stand_on_the_heading_of_their_part(checked: tuple[Document, Result], copy: bytes) -> None:
    result = checked[1]
    by_start = _by_start(copy)
    missing = [e for e in result.elements if e.status is Status.MISSING and e.section == "measures"]
    assert missing
    for element in missing:
        assert by_start[f"【缺失】{element.title}"] == (h.MEASURES,) * 2


def test_a_missing_part_stands_on_the_heading_it_should_come_before(
    checked: tuple[Document, Result], copy: bytes
) -> None:
    result = checked[1]
    by_start = _by_start(copy)
    assert by_start["【缺少部分】" + _part(result, "first_responsible")] == (h.PLAN, h.PLAN)
    its_elements = [e for e in result.elements if e.section == "first_responsible" and e.status is Status.MISSING]
    assert its_elements
    for element in its_elements:
        assert by_start[f"【缺失】{element.title}"] == (h.PLAN, h.PLAN)


def test_a_wrong_plan_year_and_a_late_date_are_commented_where_they_stand(
    checked: tuple[Document, Result], copy: bytes
) -> None:
    places = {text.split("：")[0]: h.anchored(copy)[i] for i, (_, _, text) in h.comments(copy).items()}
    assert places["【不通过】下一年度安排的年份"] == (h.STALE_PLAN, h.STALE_PLAN)
    assert places["【不通过】报送和公开时限"] == (h.LATE_DATE, h.LATE_DATE)


def test_everything_but_the_comments_round_trips(report: Path, copy: bytes) -> None:
    original, reviewed = h.parts(report.read_bytes()), h.parts(copy)
    assert set(original) <= set(reviewed)
    assert set(reviewed) - set(original) == {"word/comments.xml"}
    assert h.canonical(reviewed["word/document.xml"], drop_comments=True) == h.canonical(original["word/document.xml"])
    for name in set(original) - {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}:
        if name.endswith((".xml", ".rels")):
            assert h.canonical(reviewed[name]) == h.canonical(original[name]), name
        else:
            assert reviewed[name] == original[name], name  # the picture, byte for byte
    for kind in ("word/header", "word/footer", "word/media/", "word/numbering.xml", "word/styles.xml"):
        assert any(name.startswith(kind) for name in original), kind  # the fixture has them, so the test means it
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        assert reviewed[name].count(b"comments") > original[name].count(b"comments")


def test_a_colleague_s_comments_stay_as_they_were(report: Path, checked: tuple[Document, Result]) -> None:
    import docx

    word = docx.Document(str(report))
    word.add_comment(word.paragraphs[1].runs, "请补充数据来源", author="张三", initials="ZS")
    commented = report.with_name("commented.docx")
    word.save(str(commented))
    document = read_document(commented)
    copy = reviewed_docx(checked[1], document)
    found = h.comments(copy)
    assert len(found) == 2 + _findings(checked[1])
    assert found[0] == ("张三", "ZS", "请补充数据来源")
    assert h.anchored(copy)[0] == h.anchored(commented.read_bytes())[0]


def test_the_copy_reads_and_checks_as_the_original(report: Path, checked: tuple[Document, Result], copy: bytes) -> None:
    path = report.with_name("copy.docx")
    path.write_bytes(copy)
    again = read_document(path)
    assert again.lines == checked[0].lines and again.marked_headings == checked[0].marked_headings
    result = check_document(again, auto_rubric(), chosen_by="auto")
    assert result._replace(file="") == checked[1]._replace(file="")


def test_the_original_bytes_can_be_given(report: Path, checked: tuple[Document, Result]) -> None:
    document, result = checked
    moved = Document(str(report.with_name("gone.docx")), document.format, document.lines, document.marked_headings)
    data = reviewed_docx(result, moved, original=report.read_bytes())  # a web upload: no file to read again
    assert len(h.comments(data)) == 1 + _findings(result)


def test_a_report_changed_after_it_was_checked_is_refused(report: Path, checked: tuple[Document, Result]) -> None:
    document, result = checked
    other = h.make_report(report.with_name("other.docx"))
    changed = Document(str(other), "docx", (*document.lines[:-1], "2025年3月1日"), document.marked_headings)
    with pytest.raises(InputError) as caught:
        reviewed_docx(result, changed)
    assert caught.value.code == "changed"


@pytest.mark.parametrize("name", ["strong_county.txt", "wrong_year_late.txt", "township_no_first_responsible.txt"])
def test_a_text_report_becomes_a_word_document_with_the_same_comments(tmp_path: Path, name: str) -> None:
    document = read_document(EXAMPLES / name)
    result = check_document(document, auto_rubric(), chosen_by="auto")
    data = reviewed_docx(result, document)
    assert len(h.comments(data)) == 1 + _findings(result)
    path = tmp_path / "rebuilt.docx"
    path.write_bytes(data)
    rebuilt = read_document(path)
    assert [line.strip() for line in rebuilt.lines] == [line.strip() for line in document.lines if line.strip()]
    assert check_document(rebuilt, auto_rubric(), chosen_by="auto").score == result.score
    import docx

    styles = {p.text: p.style.name for p in docx.Document(str(path)).paragraphs}
    assert styles[result.report.title or ""] == "Title"
    headings = [document.lines[s.line - 1].strip() for s in result.sections if s.status is Status.PRESENT and s.line]
    assert headings and all(styles[heading] == "Heading 1" for heading in headings)


@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_a_pdf_or_a_web_page_becomes_its_paragraphs_without_the_page_furniture(tmp_path: Path, kind: str) -> None:
    from tests.formats import makers

    source = makers.make_pdf(tmp_path / "r.pdf") if kind == "pdf" else makers.make_html(tmp_path / "r.html")
    document = read_document(source)
    result = check_document(document, auto_rubric(), chosen_by="auto")
    out = tmp_path / "审阅.docx"
    out.write_bytes(reviewed_docx(result, document))
    assert len(h.comments(out.read_bytes())) == 1 + _findings(result)
    rebuilt = read_document(out)
    assert [line for line in rebuilt.lines if line.strip()] == makers.report_lines()
    assert not {"设为首页", "青溪县人民政府文件", "— 1 —"} & set(rebuilt.lines)


def test_check_writes_the_copy_and_never_touches_the_input(report: Path, tmp_path: Path) -> None:
    before = report.read_bytes()
    out = tmp_path / "报告-审阅.docx"
    code, _, err = run_cli("check", str(report), "--format", "docx", "--out", str(out))
    assert code == 1, err  # the report fails: a part is missing
    assert report.read_bytes() == before
    assert len(h.comments(out.read_bytes())) > 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "docx"], "needs --out FILE"),
        (["--format", "docx", "--out", "x.docx", "second.docx"], "takes one report"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(report: Path, args: list[str], says: str) -> None:
    exit_code, out, err = run_cli("check", str(report), *args)
    assert exit_code == 2 and out == "" and says in err and len(err.splitlines()) == 1


def test_an_input_that_is_no_docx_leaves_no_copy_and_an_earlier_one_untouched(tmp_path: Path, report: Path) -> None:
    broken = tmp_path / "坏.docx"
    broken.write_bytes(report.read_bytes()[: len(report.read_bytes()) // 2])
    out = tmp_path / "审阅.docx"
    out.write_bytes(b"earlier")
    code, _, err = run_cli("check", str(broken), "--format", "docx", "--out", str(out))
    assert code == 2 and "坏.docx" in err and "Traceback" not in err
    assert out.read_bytes() == b"earlier"
    assert sorted(os.listdir(tmp_path)) == ["坏.docx", "审阅.docx"]  # no temporary file left


def test_a_failure_while_writing_the_copy_leaves_nothing_half_written(
    tmp_path: Path, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.render.docx_review as review

    def fail(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(review, "mark_comment", fail)
    out = tmp_path / "审阅.docx"
    code, _, err = run_cli("check", str(report), "--format", "docx", "--out", str(out))
    assert code == 2 and "RuntimeError" in err and "Traceback" not in err
    assert not out.exists() and os.listdir(tmp_path) == []


def test_batch_writes_one_reviewed_copy_per_report(tmp_path: Path, report: Path) -> None:
    reports = tmp_path / "报告"
    reports.mkdir()
    (reports / "a.docx").write_bytes(report.read_bytes())
    (reports / "b.txt").write_text((EXAMPLES / "wrong_year_late.txt").read_text(encoding="utf-8"), encoding="utf-8")
    feedback = tmp_path / "反馈"
    code, out, err = run_cli("batch", str(reports), "--per-report", str(feedback), "--format", "docx", "--jobs", "1")
    assert code == 1, err
    assert "共 2 份报告" in out
    names = sorted(os.listdir(feedback))
    assert [n for n in names if n.endswith(".docx")] == ["00001_a-审阅.docx", "00002_b-审阅.docx"]
    for name in ("00001_a-审阅.docx", "00002_b-审阅.docx"):
        assert len(h.comments((feedback / name).read_bytes())) > 1


def test_batch_docx_needs_a_feedback_folder(tmp_path: Path) -> None:
    code, _, err = run_cli("batch", str(EXAMPLES), "--format", "docx")
    assert code == 2 and "--per-report" in err


def _part(result: Result, section: str) -> str:
    return next(s.title for s in result.sections if s.id == section)
