"""Load a rubric from YAML, resolve ``extends:``, validate it and build typed objects.

A wrong rubric is reported as ``file:line: key.path: 问题 (problem)`` with exit code 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from checker.errors import RubricError
from checker.rubric import cache as rubric_cache
from checker.rubric.model import (
    CHECK_IDS,
    SECTION_IDS,
    Check,
    Element,
    Expectation,
    FigureRule,
    FuzzyRule,
    Grade,
    Match,
    Metric,
    Rubric,
    Section,
)
from checker.text.normalize import normalize_text

DEFAULT_RUBRIC = "fazhi-annual"
_EXPECT = re.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
KeyPath = tuple[str | int, ...]


class _RawFile(NamedTuple):
    path: str
    data: dict[str, Any]
    text: str

    def line_of(self, key_path: KeyPath) -> tuple[int, bool]:
        """Where a key path stands in this file; composed only when an error needs a line."""
        from checker.rubric.yaml_lines import line_of

        return line_of(self.text, key_path)


def _rubric_folder() -> Path:
    """Installed: the ``checker/rubric/builtin`` package folder; in a source checkout: the top-level ``rubrics/``."""
    here = Path(__file__).resolve().parent
    installed = here / "builtin"
    return installed if installed.is_dir() else here.parents[1] / "rubrics"


def builtin_rubrics() -> dict[str, Path]:
    """The rubrics installed with the package, by id."""
    return {path.stem: path for path in sorted(_rubric_folder().glob("*.yaml"))}


def resolve_rubric_path(ref: str | None) -> Path:
    """Turn a rubric id or a path into the path of its YAML file."""
    ref = ref or DEFAULT_RUBRIC
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise RubricError("rubric_not_found", "评分细则文件不存在 (rubric file not found)", ref)
        return candidate
    builtin = builtin_rubrics()
    if ref in builtin:
        return builtin[ref]
    known = "、".join(sorted(builtin))
    raise RubricError("rubric_not_found", f"没有名为“{ref}”的评分细则，可用：{known} (unknown rubric id)", ref)


def load_rubric(ref: str | None = None) -> Rubric:
    """Load a rubric by built-in id or path; the default is the embedded 法治政府建设年度报告 rubric."""
    path = resolve_rubric_path(ref).resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load_cached(path: str, _mtime: int) -> Rubric:
    cached = rubric_cache.load(Path(path))
    if cached is not None:
        return cached
    chain = _read_chain(Path(path))
    merged = _merge_chain([raw.data for raw in chain])
    rubric = _Validator(chain, merged).build()
    rubric_cache.store(Path(path), [Path(raw.path) for raw in reversed(chain)], rubric)
    return rubric


def _valid_every_year(month: int, day: int) -> bool:
    """Whether a month and day exist in every year (02-29 does not)."""
    try:
        date(2001, month, day)
    except ValueError:
        return False
    return True


def _yaml_loader() -> type:
    """libyaml's safe loader when available (fast), else the pure-Python safe loader."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_raw(path: Path) -> _RawFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError("rubric_unreadable", f"无法读取评分细则 (cannot read rubric: {exc})", str(path)) from None
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RubricError("rubric_syntax", f"YAML 语法错误 (YAML syntax error: {problem})", where) from None
    if not isinstance(data, dict):
        raise RubricError("rubric_invalid", "评分细则应为 YAML 映射 (rubric must be a YAML mapping)", str(path))
    return _RawFile(str(path), data, text)


def _read_chain(path: Path) -> list[_RawFile]:
    """The rubric file and every file it extends, parent first."""
    chain: list[_RawFile] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        if current in seen:
            raise RubricError("rubric_cycle", "extends 形成循环 (extends forms a cycle)", str(current))
        seen.add(current)
        raw = _read_raw(current)
        chain.insert(0, raw)
        parent = raw.data.get("extends")
        if parent is None:
            current = None
        elif isinstance(parent, str):
            local = current.parent / parent
            current = local.resolve() if local.suffix in (".yaml", ".yml") else resolve_rubric_path(parent).resolve()
        else:
            raise RubricError(
                "rubric_invalid", "extends 应为评分细则 id 或路径 (extends must be a string)", str(current)
            )
    return chain


def _merge_by_id(base: list[Any], changes: list[Any]) -> list[Any]:
    merged = [dict(item) if isinstance(item, dict) else item for item in base]
    index = {item.get("id"): pos for pos, item in enumerate(merged) if isinstance(item, dict)}
    for change in changes:
        key = change.get("id") if isinstance(change, dict) else None
        if key in index:
            merged[index[key]] = {**merged[index[key]], **change}
        else:
            merged.append(change)
    return merged


def _merge_chain(datas: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for data in datas:
        for key, value in data.items():
            if key in ("sections", "elements", "metrics", "checks") and isinstance(value, list):
                merged[key] = _merge_by_id(merged.get(key, []), value)
            elif key in ("drop", "extends"):
                continue
            else:
                merged[key] = value
        drop = data.get("drop") or []
        if isinstance(drop, list):
            for key in ("elements", "checks", "metrics"):
                merged[key] = [i for i in merged.get(key, []) if not (isinstance(i, dict) and i.get("id") in drop)]
    return merged


class _Validator:
    """Checks a merged rubric mapping and builds the typed Rubric, naming file, key path and line."""

    def __init__(self, chain: list[_RawFile], data: dict[str, Any]) -> None:
        self.chain = chain
        self.data = data

    def fail(self, path: KeyPath, problem: str) -> RubricError:
        key = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
        where = self._locate(path)
        return RubricError("rubric_invalid", f"{key}: {problem}", where)

    def _locate(self, path: KeyPath) -> str:
        """The file (child first) that holds the whole key path, else the deepest partial match."""
        found = [(raw.path, *raw.line_of(path)) for raw in reversed(self.chain)]
        path_, line, _ = next((f for f in found if f[2]), found[0])
        return f"{path_}:{line}"

    def get(
        self, mapping: dict[str, Any], path: KeyPath, key: str, kind: type | tuple[type, ...], default: Any = ...
    ) -> Any:
        if key not in mapping or mapping[key] is None:
            if default is ...:
                raise self.fail(path, f"缺少必填项“{key}” (missing required key {key!r})")
            return default
        value = mapping[key]
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            names = {
                str: "文字 (string)",
                float: "数字 (number)",
                bool: "true/false",
                list: "列表 (list)",
                dict: "映射 (mapping)",
            }
            wanted = names.get(kind, str(kind)) if isinstance(kind, type) else "文字或列表 (string or list)"
            raise self.fail((*path, key), f"应为{wanted}")
        return value

    def strings(self, mapping: dict[str, Any], path: KeyPath, key: str) -> tuple[str, ...]:
        values = self.get(mapping, path, key, list, [])
        for pos, value in enumerate(values):
            if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value).strip() == "":
                raise self.fail((*path, key, pos), "应为非空文字 (must be a non-empty string)")
        return tuple(normalize_text(str(v)) for v in values)

    def expectation(self, mapping: dict[str, Any], path: KeyPath) -> Expectation | None:
        text = self.get(mapping, path, "expect", (str, int, float), None)
        if text is None:
            return None
        match = _EXPECT.match(str(text))
        if not match:
            raise self.fail((*path, "expect"), f"期望值格式应如“>= 100” (expect must look like '>= 100', got {text!r})")
        return Expectation(match.group(1), float(match.group(2)))

    def items(self, key: str) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
        for pos, item in enumerate(self.get(self.data, (), key, list, [])):
            ident = item.get("id") if isinstance(item, dict) else None
            path: KeyPath = (key, ident if isinstance(ident, str) else pos)
            if not isinstance(item, dict):
                raise self.fail(path, "应为映射 (must be a mapping)")
            self.identifier(item, path)
            yield path, item

    def identifier(self, item: dict[str, Any], path: KeyPath) -> str:
        ident = self.get(item, path, "id", str)
        if not _ID.match(ident):
            raise self.fail((*path, "id"), f"id 应为小写英文 snake_case (id must be snake_case, got {ident!r})")
        return ident

    def build(self) -> Rubric:
        d = self.data
        rubric_id = self.get(d, (), "id", str)
        grades = tuple(self.grade(pos, g) for pos, g in enumerate(self.get(d, (), "grades", list)))
        if not grades:
            raise self.fail(("grades",), "至少需要一个等级 (at least one grade band)")
        sections = tuple(self.section(p, s) for p, s in self.items("sections"))
        metrics = tuple(self.metric(p, m) for p, m in self.items("metrics"))
        self.unique(sections, "sections")
        self.unique(metrics, "metrics")
        metric_ids = {m.id for m in metrics}
        section_ids = {s.id for s in sections}
        elements = tuple(self.element(p, e, section_ids, metric_ids) for p, e in self.items("elements"))
        self.unique(elements, "elements")
        checks = tuple(self.check(p, c) for p, c in self.items("checks"))
        deadline = self.get(d, (), "publication_deadline", str, "04-01")
        match = re.match(r"^(\d{1,2})-(\d{1,2})$", deadline)
        if not match or not _valid_every_year(int(match.group(1)), int(match.group(2))):
            raise self.fail(("publication_deadline",), "应为每年都有的“月-日”，如 04-01 (a MM-DD in every year)")
        threshold = self.get(d, (), "pass_threshold", float)
        if not 0 <= threshold <= 100:
            raise self.fail(("pass_threshold",), "应在 0 到 100 之间 (must be within 0..100)")
        return Rubric(
            id=rubric_id,
            title=self.get(d, (), "title", str),
            version=str(self.get(d, (), "version", (str, int, float))),
            applies_to=tuple(self.get(d, (), "applies_to", list, [])),
            pass_threshold=threshold,
            grades=grades,
            sections=sections,
            elements=elements,
            metrics=metrics,
            checks=checks,
            deadline=(int(match.group(1)), int(match.group(2))),
            source=self.chain[-1].path,
            description=self.get(d, (), "description", str, ""),
        )

    def unique(self, items: tuple[Any, ...], key: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise self.fail((key, item.id), f"id 重复 (duplicate id {item.id!r})")
            seen.add(item.id)

    def weight(self, item: dict[str, Any], path: KeyPath, default: Any = ...) -> float:
        value = self.get(item, path, "weight", float, default)
        if value < 0:
            raise self.fail((*path, "weight"), "权重不能为负 (weight must be >= 0)")
        return value

    def grade(self, pos: int, item: Any) -> Grade:
        path: KeyPath = ("grades", pos)
        if not isinstance(item, dict):
            raise self.fail(path, "应为映射，含 name 和 min (must be a mapping with name and min)")
        return Grade(self.get(item, path, "name", str), self.get(item, path, "min", float))

    def section(self, path: KeyPath, item: dict[str, Any]) -> Section:
        ident = item["id"]
        if ident not in SECTION_IDS:
            raise self.fail((*path, "id"), f"未知的部分 id，应为 {', '.join(SECTION_IDS)} (unknown section id)")
        return Section(
            id=ident,
            title=self.get(item, path, "title", str),
            required=self.get(item, path, "required", bool, True),
            weight=self.weight(item, path),
            heading_keywords=self.strings(item, path, "heading_keywords"),
            heading_phrases=self.strings(item, path, "heading_phrases"),
            body_keywords=self.strings(item, path, "body_keywords"),
            hint=self.get(item, path, "hint", str),
            fuzzy_threshold=self.get(item, path, "fuzzy_threshold", float, 80.0),
        )

    def metric(self, path: KeyPath, item: dict[str, Any]) -> Metric:
        kind = self.get(item, path, "kind", str)
        if kind not in ("percent", "count"):
            raise self.fail((*path, "kind"), "应为 percent 或 count (must be percent or count)")
        keywords = self.strings(item, path, "keywords")
        if not keywords:
            raise self.fail((*path, "keywords"), "至少需要一个关键词 (at least one keyword)")
        units = self.strings(item, path, "units") or (("%",) if kind == "percent" else ())
        if kind == "count" and not units:
            raise self.fail((*path, "units"), "计数指标需要单位，如 次、件 (a count needs units)")
        return Metric(
            item["id"], self.get(item, path, "title", str), keywords, kind, units, self.expectation(item, path)
        )

    def element(self, path: KeyPath, item: dict[str, Any], sections: set[str], metrics: set[str]) -> Element:
        section = self.get(item, path, "section", str)
        if section not in sections:
            raise self.fail((*path, "section"), f"没有这个部分：{section} (no such section)")
        where = self.get(item, path, "where", str, "section")
        if where not in ("section", "anywhere"):
            raise self.fail((*path, "where"), "应为 section 或 anywhere (must be section or anywhere)")
        min_hits = self.get(item, path, "min_hits", int, 1)
        if min_hits < 1:
            raise self.fail((*path, "min_hits"), "至少为 1 (must be >= 1)")
        return Element(
            id=item["id"],
            title=self.get(item, path, "title", str),
            section=section,
            weight=self.weight(item, path, 1.0),
            required=self.get(item, path, "required", bool, False),
            match=self.match(item, (*path, "match"), metrics),
            hint=self.get(item, path, "hint", str),
            where=where,
            min_hits=min_hits,
            needs_figure=self.get(item, path, "needs_figure", bool, False),
            description=self.get(item, path, "description", str, ""),
            example=self.get(item, path, "example", str, ""),
        )

    def match(self, item: dict[str, Any], path: KeyPath, metrics: set[str]) -> Match:
        spec = self.get(item, path[:-1], "match", dict)
        known = {"any", "all", "fuzzy", "regex", "figure", "accept"}
        unknown = sorted(set(spec) - known)
        if unknown:
            raise self.fail(
                (*path, unknown[0]), f"未知的匹配方式，可用：{', '.join(sorted(known))} (unknown match key)"
            )
        groups = self.get(spec, path, "all", list, [])
        all_groups = []
        for pos, group in enumerate(groups):
            if not isinstance(group, list) or not group:
                raise self.fail((*path, "all", pos), "每组应为非空列表 (each group must be a non-empty list)")
            all_groups.append(tuple(normalize_text(str(g)) for g in group))
        fuzzy = None
        if "fuzzy" in spec:
            fz = self.get(spec, path, "fuzzy", dict)
            fuzzy = FuzzyRule(
                self.strings(fz, (*path, "fuzzy"), "phrases"), self.get(fz, (*path, "fuzzy"), "threshold", float, 85.0)
            )
        regex = self.get(spec, path, "regex", str, None)
        if regex is not None:
            try:
                re.compile(regex)
            except re.error as exc:
                raise self.fail((*path, "regex"), f"正则表达式无效 (invalid regex: {exc})") from None
        figure = None
        if "figure" in spec:
            fg = self.get(spec, path, "figure", dict)
            metric = self.get(fg, (*path, "figure"), "metric", str)
            if metric not in metrics:
                raise self.fail((*path, "figure", "metric"), f"没有这个指标：{metric} (no such metric)")
            figure = FigureRule(metric, self.expectation(fg, (*path, "figure")))
        result = Match(
            any=self.strings(spec, path, "any"),
            all=tuple(all_groups),
            fuzzy=fuzzy,
            regex=regex,
            figure=figure,
            accept=self.strings(spec, path, "accept"),
        )
        if not (result.any or result.all or result.fuzzy or result.regex or result.figure):
            raise self.fail(path, "至少需要一种匹配方式：any、all、fuzzy、regex 或 figure (no way to match)")
        return result

    def check(self, path: KeyPath, item: dict[str, Any]) -> Check:
        if item["id"] not in CHECK_IDS:
            raise self.fail((*path, "id"), f"未知的检查项，可用：{', '.join(CHECK_IDS)} (unknown check id)")
        return Check(
            item["id"],
            self.get(item, path, "title", str),
            self.weight(item, path, 1.0),
            self.get(item, path, "hint", str),
            self.get(item, path, "required", bool, False),
        )
