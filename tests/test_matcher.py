"""The one-pass phrase search finds exactly what a plain substring search finds, line by line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.analysis.engine import compile_rubric
from checker.text.document import Document
from checker.text.normalize import normalize_document
from checker.text.textindex import Hit, ReportText

RUBRIC = compile_rubric()
PHRASES = RUBRIC.phrases.phrases


def _every_occurrence(text: ReportText) -> dict[str, list[Hit]]:
    """Reference: str.find for every phrase on every content line, overlapping hits included."""
    found: dict[str, list[Hit]] = {}
    for line in text.lines:
        for phrase in PHRASES:
            at = line.text.find(phrase)
            while at >= 0:
                found.setdefault(phrase, []).append(Hit(line.index, at, at + len(phrase), phrase))
                at = line.text.find(phrase, at + 1)
    return {phrase: sorted(hits) for phrase, hits in found.items()}


def _text(lines: list[str]) -> ReportText:
    document = Document(source="<t>", format="txt", lines=tuple(lines))
    return ReportText(document, normalize_document(document))


def test_overlapping_and_nested_phrases_are_all_found() -> None:
    text = _text(["", "行政机关负责人出庭应诉率达100%", "法治宣传", "扫一扫", "开展法治宣传，数字法治宣传"])
    found = RUBRIC.phrases.find(text)
    assert found == _every_occurrence(text)
    assert found["法治宣传"] == [Hit(2, 0, 4, "法治宣传"), Hit(4, 2, 6, "法治宣传"), Hit(4, 9, 13, "法治宣传")]
    assert found["数字法治"] == [Hit(4, 7, 11, "数字法治")]  # overlaps the last 法治宣传
    assert [hit.start for hit in found["出庭应诉"]] == [7] == [hit.start for hit in found["出庭应诉率"]]


def test_a_phrase_split_over_two_lines_is_not_a_hit() -> None:
    text = _text(["依法行", "政", "法治政", "府建设"])
    assert "依法行政" not in RUBRIC.phrases.find(text)
    assert "法治政府" not in RUBRIC.phrases.find(text)


_PIECES = st.sampled_from([*PHRASES[::7], "，", "。", " ", "年", "出庭", "法治", "（一）", "\u3000", "１００％"])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(_PIECES | st.text(max_size=3)).map("".join), max_size=12))
def test_matches_a_plain_substring_search(lines: list[str]) -> None:
    lines = [line for line in lines if len(line.splitlines()) <= 1 and line.strip("\r\n") == line]
    text = _text(lines)
    found = RUBRIC.phrases.find(text)
    assert dict(found) == _every_occurrence(text)
