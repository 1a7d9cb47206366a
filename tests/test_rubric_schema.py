"""The rubric schema: every way a rubric can be wrong is refused with ``file:line: key.path: problem``.

One table row per error branch of the loader, the schema and the element kinds. Each row changes a
small valid rubric in one place and names the key path and a piece of the message it must get.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.analysis.engine import load
from checker.errors import RubricError
from tests.conftest import run_cli

BASE: dict[str, Any] = {
    "id": "mini",
    "title": "最小评分细则",
    "version": "1",
    "applies_to": ["county"],
    "pass_threshold": 60,
    "grades": [{"name": "合格", "min": 60}, {"name": "不合格", "min": 0}],
    "sections": [
        {"id": "measures", "title": "举措", "weight": 4, "heading_keywords": ["举措"], "hint": "写举措"},
        {"id": "shortcomings", "title": "不足", "weight": 4, "heading_keywords": ["不足"], "hint": "写不足"},
    ],
    "metrics": [
        {"id": "rate", "title": "出庭应诉率", "kind": "percent", "keywords": ["出庭应诉率"], "expect": ">= 100"},
        {"id": "count", "title": "培训次数", "kind": "count", "keywords": ["培训"], "units": ["次"]},
    ],
    "elements": [
        {"id": "words", "title": "说法", "section": "measures", "hint": "写", "match": {"any": ["普法"]}},
        {
            "id": "fig",
            "title": "数据",
            "section": "measures",
            "hint": "写",
            "match": {"figure": {"metric": "rate"}, "accept": ["无行政诉讼案件"]},
        },
    ],
    "checks": [{"id": "issuer", "title": "落款", "hint": "写落款"}],
}


def _write(folder: Path, data: dict[str, Any], name: str = "r.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _element(data: dict[str, Any], ident: str = "words") -> dict[str, Any]:
    return next(e for e in data["elements"] if e["id"] == ident)


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = _element(target, step) if isinstance(step, str) and step in ("words", "fig") else target[step]
        target[path[-1]] = value

    return change


def _drop_key(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = _element(target, step) if step in ("words", "fig") else target[step]
        del target[path[-1]]

    return change


def _both_scope_and_where(data: dict[str, Any]) -> None:
    _element(data).update(scope="own", where="anywhere")


# (change, key path expected in the message, piece of the problem)
ROWS: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # the five mistakes of issue 14
    ("misspelt top key", _set(("elemnts",), []), "elemnts", "是不是“elements”"),
    ("misspelt element key", _set(("words", "needs_figures"), True), "elements.words.needs_figures", "needs_figure"),
    ("misspelt min_hits", _set(("words", "min_hit"), 2), "elements.words.min_hit", "min_hits"),
    ("drop of nothing", _set(("drop",), ["no_such_id"]), "drop[0]", "没有可去掉的“no_such_id”"),
    ("accept without figure", _set(("words", "match", "accept"), ["无"]), "elements.words.match.accept", "figure"),
    # types of every kind of field
    ("applies_to nested list", _set(("applies_to",), [["county"]]), "applies_to", "文字列表"),
    ("applies_to unknown level", _set(("applies_to",), ["province"]), "applies_to", "不能是“province”"),
    ("title not text", _set(("title",), ["a"]), "title", "文字"),
    ("threshold not number", _set(("pass_threshold",), "sixty"), "pass_threshold", "数字"),
    ("threshold out of range", _set(("pass_threshold",), 120), "pass_threshold", "0 到 100"),
    ("required not bool", _set(("words", "required"), "yes"), "elements.words.required", "true/false"),
    ("min_hits not integer", _set(("words", "min_hits"), 1.5), "elements.words.min_hits", "整数"),
    ("min_hits below one", _set(("words", "min_hits"), 0), "elements.words.min_hits", "不能小于 1"),
    ("weight negative", _set(("words", "weight"), -1), "elements.words.weight", "不能小于 0"),
    ("grades not list", _set(("grades",), "A"), "grades", "列表"),
    ("grade not mapping", _set(("grades",), ["A"]), "grades[0]", "映射"),
    ("grade without min", _drop_key(("grades", 0, "min")), "grades[0]", "缺少必填项“min”"),
    ("no grades", _set(("grades",), []), "grades", "至少需要一个等级"),
    ("missing id", _drop_key(("id",)), "id", "缺少必填项“id”"),
    ("rubric id shape", _set(("id",), "Mini Rubric"), "id", "小写英文"),
    ("element id shape", _set(("words", "id"), "Words"), "elements.Words.id", "snake_case"),
    ("deadline shape", _set(("publication_deadline",), "02-30"), "publication_deadline", "月-日"),
    ("section id unknown", _set(("sections", 0, "id"), "results"), "sections.results.id", "不能是“results”"),
    ("section fuzzy threshold", _set(("sections", 0, "fuzzy_threshold"), 150), "sections.measures", "0 到 100"),
    ("duplicate element id", _set(("fig", "id"), "words"), "elements.words.id", "id 重复"),
    ("element not mapping", _set(("elements",), ["words"]), "elements[0]", "映射"),
    ("element section unknown", _set(("words", "section"), "nowhere"), "elements.words.section", "没有这个部分"),
    ("unknown kind", _set(("words", "kind"), "keyword"), "elements.words.kind", "是不是“keywords”"),
    ("scope and where", _both_scope_and_where, "elements.words.where", "只能写一个"),
    ("scope unknown part", _set(("words", "scope"), ["results"]), "elements.words.scope", "不是部分 id"),
    ("example not mapping", _set(("words", "examples"), ["普法"]), "elements.words.examples[0]", "应为映射"),
    ("example two verdicts", _set(("words", "examples"), [{"present": "a", "weak": "b"}]), "examples[0]", "一个"),
    ("example part unknown", _set(("words", "examples"), [{"present": {"plan": "x"}}]), "present.plan", "部分 id"),
    ("example text empty", _set(("words", "examples"), [{"missing": ""}]), "examples[0].missing", "一段文字"),
    ("metric kind", _set(("metrics", 0, "kind"), "ratio"), "metrics.rate.kind", "不能是“ratio”"),
    ("metric keywords empty", _set(("metrics", 0, "keywords"), []), "metrics.rate.keywords", "至少需要一个关键词"),
    ("count without units", _set(("metrics", 1, "units"), []), "metrics.count.units", "需要单位"),
    ("metric expect shape", _set(("metrics", 0, "expect"), "at least 100"), "metrics.rate.expect", ">= 100"),
    ("check id unknown", _set(("checks", 0, "id"), "spelling"), "checks.spelling.id", "不能是“spelling”"),
    ("match not mapping", _set(("words", "match"), ["普法"]), "elements.words.match", "映射"),
    ("match empty", _set(("words", "match"), {}), "elements.words.match", "至少需要一种匹配方式"),
    ("all group not list", _set(("words", "match", "all"), ["普法"]), "match.all[0]", "非空的文字列表"),
    ("fuzzy without phrases", _set(("words", "match", "fuzzy"), {"threshold": 80}), "match.fuzzy", "phrases"),
    ("regex invalid", _set(("words", "match", "regex"), "(普法"), "match.regex", "正则表达式无效"),
    ("regex nested repeat", _set(("words", "match", "regex"), "(法+)+治X"), "match.regex", "嵌套的重复"),
    ("figure metric unknown", _set(("fig", "match", "figure"), {"metric": "nope"}), "figure.metric", "没有这个指标"),
    ("figure without metric", _set(("fig", "match", "figure"), {"expect": ">= 1"}), "match.figure", "metric"),
    ("figure expect shape", _set(("fig", "match", "figure", "expect"), "100"), "figure.expect", ">= 100"),
    ("figure match key", _set(("fig", "match", "regex"), "x"), "elements.fig.match.regex", "未知的键"),
]


@pytest.mark.parametrize(("name", "change", "key", "problem"), ROWS, ids=[r[0] for r in ROWS])
def test_each_mistake_is_refused_with_its_key_path(
    tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None], key: str, problem: str
) -> None:
    data = copy.deepcopy(BASE)
    load(str(_write(tmp_path, data, "valid.yaml")))  # the base itself is valid
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(RubricError) as info:
        load(str(path))
    lines = info.value.lines()
    match = [line for line in lines if f": {key}" in line or key in line.split(": ", 2)[1]]
    assert match, f"{key!r} not among {lines}"
    assert any(problem in line for line in match), lines
    assert all(line.startswith(f"{path}:") for line in lines)


def test_every_problem_of_a_rubric_is_reported_in_one_pass(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["elemnts"] = []
    _element(data)["weight"] = "heavy"
    data["metrics"][0]["kind"] = "ratio"
    path = _write(tmp_path, data)
    code, _, err = run_cli("rubric", "validate", str(path))
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 3, err
    assert all(line.startswith(f"reportcheck: 错误 error: {path}:") for line in lines)
    text = path.read_text(encoding="utf-8").splitlines()
    for line in lines:  # each names the line of its key in the file
        number = int(line.split(f"{path}:", 1)[1].split(":", 1)[0])
        key = line.split(": ")[3].rsplit(".", 1)[-1]
        assert key.split("[")[0] in text[number - 1] or "weight" in text[number - 1], (line, text[number - 1])


def test_a_line_number_points_at_the_wrong_key(tmp_path: Path) -> None:
    text = (
        "extends: fazhi-annual\nid: x\ntitle: t\nversion: 1\nelements:\n"
        "  - id: pufa\n    needs_figures: true\n"  # line 7
    )
    path = tmp_path / "child.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load(str(path))
    assert info.value.lines() == [
        f"{path}:7: elements.pufa.needs_figures: 未知的键，是不是“needs_figure”"
        "（可用：id、title、section、kind、weight、required、scope、where、asks、hint、description、source、"
        "examples、match、min_hits、needs_figure）(unknown key)"
    ]


def test_yaml_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "\n".join(
        ["id: bomb", "a: &a [x, x, x, x, x, x, x, x, x]"]
        + [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    )
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "\n", encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load(str(path))
    assert info.value.code == "rubric_alias" and f"{path}:2" in str(info.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_extends_naming_a_fifo_or_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "parent.yaml"
    os.mkfifo(fifo)
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nid: child\n", encoding="utf-8")
    with pytest.raises(RubricError, match="不是普通文件"):
        load(str(child))  # opening the FIFO would block: the test would hang
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    child.write_text("extends: zero.yaml\nid: child\n", encoding="utf-8")
    with pytest.raises(RubricError, match="不是普通文件"):
        load(str(child))


def test_an_oversized_rubric_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\n" + "# padding\n" * 120_000, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load(str(path))
    assert info.value.code == "rubric_too_large"


def test_bundled_rubrics_validate_on_the_command_line() -> None:
    for name in ("fazhi-annual", "fazhi-annual-township"):
        code, out, err = run_cli("rubric", "validate", f"rubrics/{name}.yaml")
        assert code == 0 and "有效" in out, err
