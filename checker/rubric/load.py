"""Load a rubric from YAML, resolve ``extends:``, validate it against its declared schema and build typed objects.

Every problem is reported as ``file:line: key.path: 问题 (problem)``, all of them in one pass,
with exit code 2. How an element is judged is its *kind*; the loader reads the keys every element
has and hands the rest to the kind, so the kinds (``checker.analysis.kinds``) are passed in by the
caller rather than imported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from checker.errors import RubricError
from checker.files import read_regular_file
from checker.rubric import cache as rubric_cache
from checker.rubric.model import (
    ASKS,
    ASKS_BY_SECTION,
    CHECK_IDS,
    LEVELS,
    SECTION_IDS,
    Check,
    Derivation,
    Element,
    ElementExample,
    Expectation,
    Grade,
    Metric,
    Rubric,
    Section,
)
from checker.rubric.schema import Field, KeyPath, Problems, Shape, at_least, key_text, suggestion, within
from checker.text.normalize import normalize_text

DEFAULT_RUBRIC = "fazhi-annual"
MAX_RUBRIC_BYTES = 1024 * 1024  # a rubric is a few dozen KB; anything far larger is not one
_EXPECT = re.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RUBRIC_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_DEADLINE = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_LISTS = ("sections", "elements", "metrics", "checks")
STATUSES = ("present", "weak", "missing")


class Env(NamedTuple):
    """What a kind may consult while reading its keys: the rubric's part ids and metric ids.

    Ids of items that are themselves wrong are included, so one mistake is reported once.
    """

    sections: frozenset[str]
    metrics: frozenset[str]


class KindReader(Protocol):
    """What the loader needs of an element kind: its extra keys and how to read them."""

    name: str
    shape: Shape
    codec_types: tuple[type, ...]  # the record types of its params, for the rubric cache

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> Any:
        """The kind's params from its validated keys (add problems for what is still wrong)."""
        ...


def _ident(value: Any, path: KeyPath, problems: Problems) -> Any:
    if not _ID.match(value):
        problems.add(path, f"id 应为小写英文 snake_case (id must be snake_case, got {value!r})")
    return value


def _rubric_ident(value: Any, path: KeyPath, problems: Problems) -> Any:
    if not _RUBRIC_ID.match(value):
        problems.add(path, f"评分细则 id 应为小写英文，可含 - 和 _ (rubric id must be lowercase, got {value!r})")
    return value


def _deadline(value: Any, path: KeyPath, problems: Problems) -> Any:
    match = _DEADLINE.match(value)
    if not match or not _valid_every_year(int(match.group(1)), int(match.group(2))):
        problems.add(path, "应为每年都有的“月-日”，如 04-01 (a MM-DD in every year)")
        return "04-01"
    return value


def phrases(value: list[str] | None) -> tuple[str, ...]:
    """Phrases as the report text is normalized (half-width, no spaces)."""
    return tuple(normalize_text(v) for v in value or ())


RUBRIC = Shape(
    "rubric",
    (
        Field("id", "str", required=True, check=_rubric_ident, doc="评分细则 id，显示在结果中"),
        Field("title", "str", required=True, doc="中文名称"),
        Field("version", "scalar", required=True, doc="版本，显示在结果中"),
        Field("extends", "str", doc="所扩展的内置评分细则 id，或相对本文件的路径"),
        Field("drop", "strings", default=[], doc="去掉所继承的要素、指标或检查（按 id）"),
        Field("applies_to", "strings", default=[], choices=LEVELS, doc="适用的报告层级，rubric: auto 据此选择"),
        Field("description", "str", default="", doc="一段说明"),
        Field("source", "str", default="", doc="依据的法规或文件"),
        Field("pass_threshold", "number", required=True, check=within(0, 100), doc="及格线（0–100）"),
        Field("publication_deadline", "str", default="04-01", check=_deadline, doc="报告年度次年的公开时限 MM-DD"),
        Field("key_metric", "str", doc="批量汇总中显示分布的关键指标 id，如 court_appearance_rate"),
        Field("stock_phrases", "strings", default=[], doc="套话（高度重视、扎实推进…）：只有套话、没有事实的句子"),
        Field(
            "concrete_words",
            "strings",
            default=[],
            doc="使句子具体的词（编制、经费、案件…），与数字、日期、文件名同算事实",
        ),
        Field("topics", "mapping", default={}, doc="主题及其词语：把不足和下一年度安排对应起来"),
        Field("grades", "list", required=True, doc="等级 {name, min}"),
        Field("sections", "list", default=[], doc="法定部分"),
        Field("metrics", "list", default=[], doc="数据指标"),
        Field("elements", "list", default=[], doc="要素"),
        Field("checks", "list", default=[], doc="整体检查"),
    ),
)
GRADE = Shape("grade", (Field("name", "str", required=True), Field("min", "number", required=True)))
SECTION = Shape(
    "section",
    (
        Field("id", "str", required=True, choices=SECTION_IDS, doc="法定部分"),
        Field("title", "str", required=True, doc="中文名称"),
        Field("required", "bool", default=True, doc="缺失即不通过"),
        Field("weight", "number", required=True, check=at_least(0), doc="在得分中的权重"),
        Field("heading_keywords", "strings", default=[], doc="一级标题含其一即归入本部分"),
        Field("heading_phrases", "strings", default=[], doc="没有关键词时按近似程度匹配标题"),
        Field("fuzzy_threshold", "number", default=80.0, check=within(0, 100), doc="近似匹配的相似度下限"),
        Field("body_keywords", "strings", default=[], doc="只在小标题或正文中出现时本部分为薄弱"),
        Field(
            "collects_unclaimed",
            "bool",
            default=False,
            doc="其他部分都不认领的一级标题归入本部分（按工作领域分列的报告）",
        ),
        Field("min_chars", "int", default=0, check=at_least(0), doc="正文少于此字数的部分为空洞（薄弱）"),
        Field(
            "needs",
            "str",
            choices=("facts", "specifics"),
            doc="facts：没有一句写事实的部分为薄弱；specifics：句句是套话的部分为薄弱",
        ),
        Field("content_cues", "strings", default=[], doc="正文一个也没有提到的部分为空洞（薄弱）"),
        Field("hint", "str", required=True, doc="修改建议"),
    ),
)
METRIC = Shape(
    "metric",
    (
        Field("id", "str", required=True, check=_ident, doc="稳定的英文 id，figure 要素以此引用"),
        Field("title", "str", required=True, doc="中文名称"),
        Field("kind", "str", required=True, choices=("percent", "count"), doc="比率（98.6%、全覆盖）或计数（148件）"),
        Field("keywords", "strings", required=True, doc="指标的说法；数值须在同一分句中紧随其后"),
        Field("units", "strings", default=[], doc="计数可跟的单位（件、次、人次…）"),
        Field("expect", "scalar", doc='期望值，如 ">= 100"；实际数值达不到的要素为薄弱'),
        Field("derive", "mapping", doc="{of, count, units}：由两个计数得出比率（出庭17件/案件20件 → 85%）"),
    ),
)
DERIVE = Shape(
    "derive",
    (
        Field("of", "strings", required=True, doc="总数旁的说法，如 行政诉讼案件"),
        Field("count", "strings", required=True, doc="部分数旁的说法，如 出庭"),
        Field("units", "strings", default=["件", "起"], doc="两个计数的单位"),
    ),
)
CHECK = Shape(
    "check",
    (
        Field("id", "str", required=True, choices=CHECK_IDS),
        Field("title", "str", required=True),
        Field("weight", "number", default=1.0, check=at_least(0)),
        Field("hint", "str", required=True),
        Field("required", "bool", default=False),
    ),
)
ELEMENT = Shape(
    "element",
    (
        Field("id", "str", required=True, check=_ident, doc="稳定的英文 id"),
        Field("title", "str", required=True, doc="中文名称"),
        Field("section", "str", required=True, doc="所属部分"),
        Field("kind", "str", doc="判断方式（默认按 match 推断：有 figure 为 figure，否则 keywords）"),
        Field("weight", "number", default=1.0, check=at_least(0), doc="在得分中的权重"),
        Field("required", "bool", default=False, doc="缺失即不通过"),
        Field("scope", "names", doc="依据可以来自哪些部分：own（默认，本部分）、anywhere 或部分 id 列表"),
        Field("where", "str", choices=("section", "anywhere"), doc="旧写法：section 即 scope: own"),
        Field(
            "asks",
            "str",
            choices=ASKS,
            doc="依据要写的是什么：result（已做的工作，默认）、plan（计划，下一年度部分默认）、problem（问题，不足部分默认）、any",
        ),
        Field("hint", "str", required=True, doc="修改建议"),
        Field("description", "str", default="", doc="说明"),
        Field("source", "str", default="", doc="依据的法规或文件"),
        Field("examples", "list", default=[], doc="自测示例：present/weak/missing 各一段"),
    ),
)
EXAMPLE_KEYS = (*STATUSES, "note")


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
    """Turn a rubric id or a path into the path of its YAML file.

    A built-in id wins over a file of the same name in the current folder (``fazhi-annual`` there
    never shadows the built-in rubric); a path is anything with a YAML suffix or a folder in it.
    """
    ref = ref or DEFAULT_RUBRIC
    candidate = Path(ref)
    if ref in builtin_rubrics() and candidate.suffix not in (".yaml", ".yml") and len(candidate.parts) == 1:
        return builtin_rubrics()[ref]
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.exists():
            raise RubricError("rubric_not_found", "评分细则文件不存在 (rubric file not found)", ref)
        return candidate
    builtin = builtin_rubrics()
    if ref in builtin:
        return builtin[ref]
    known = "、".join(sorted(builtin))
    raise RubricError("rubric_not_found", f"没有名为“{ref}”的评分细则，可用：{known} (unknown rubric id)", ref)


def load_rubric(ref: str | None, kinds: Mapping[str, KindReader]) -> Rubric:
    """Load a rubric by built-in id or path (the default rubric when None), judged by ``kinds``."""
    path = resolve_rubric_path(ref).resolve()
    return _load_cached(str(path), path.stat().st_mtime_ns, _KindSet(kinds))


class _KindSet:
    """The kinds, hashable by their names so loaded rubrics can be cached per kind set."""

    def __init__(self, kinds: Mapping[str, KindReader]) -> None:
        self.kinds = kinds
        self.key = tuple(sorted(kinds))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _KindSet) and other.key == self.key


@lru_cache(maxsize=16)
def _load_cached(path: str, _mtime: int, kinds: _KindSet) -> Rubric:
    types = [t for k in kinds.kinds.values() for t in k.codec_types]
    cached = rubric_cache.load(Path(path), types)
    if cached is not None:
        return cached
    chain = _read_chain(Path(path))
    rubric = _Validator(chain, kinds.kinds).build()
    rubric_cache.store(Path(path), [Path(raw.path) for raw in reversed(chain)], rubric, types)
    return rubric


def _valid_every_year(month: int, day: int) -> bool:
    """Whether a month and day exist in every year (02-29 does not)."""
    try:
        date(2001, month, day)
    except ValueError:
        return False
    return True


def _read_text(path: Path) -> str:
    """A rubric file's text: a regular file of at most ``MAX_RUBRIC_BYTES``, UTF-8."""
    try:
        return read_regular_file(path, MAX_RUBRIC_BYTES, RubricError).decode("utf-8-sig")
    except RubricError as error:  # the rubric's own codes: rubric_not_found, rubric_too_large, …
        raise RubricError(f"rubric_{error.code}", error.message, error.path) from None
    except UnicodeDecodeError as exc:
        raise RubricError(
            "rubric_unreadable", f"评分细则不是 UTF-8 文本 (rubric is not UTF-8: {exc})", str(path)
        ) from None


def _refuse_aliases(text: str, where: str, loader: type) -> None:
    """YAML anchors and aliases (``&a`` / ``*a``) can expand without bound: a rubric may not use them."""
    if "&" not in text and "*" not in text:
        return
    import yaml

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise RubricError(
                "rubric_alias",
                "评分细则中不能使用 YAML 锚点和别名（& 和 *），请直接写出内容"
                " (YAML anchors and aliases are not allowed)",
                f"{where}:{line}",
            )


def _read_raw(path: Path) -> _RawFile:
    import yaml

    text = _read_text(path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _refuse_aliases(text, str(path), loader)
        data = yaml.load(text, Loader=loader)
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
        elif isinstance(parent, str) and parent.strip():
            local = current.parent / parent
            current = local.resolve() if local.suffix in (".yaml", ".yml") else resolve_rubric_path(parent).resolve()
        else:
            line, _ = raw.line_of(("extends",))
            raise RubricError(
                "rubric_invalid",
                "extends: 应为评分细则 id 或路径 (extends must be a rubric id or path)",
                f"{current}:{line}",
            )
    return chain


def examples_line(ref: str | None, element_id: str, position: int) -> tuple[str, int]:
    """The file and line of an element's ``position``-th example: in the last file of the chain that
    writes its examples, else where that file (or the last one naming the element) declares it."""
    chain = _read_chain(resolve_rubric_path(ref).resolve())
    naming = None
    for raw in reversed(chain):
        elements = raw.data.get("elements")
        own = (
            [e for e in elements if isinstance(e, dict) and e.get("id") == element_id]
            if isinstance(elements, list)
            else []
        )
        if own and "examples" in own[0]:
            return raw.path, raw.line_of(("elements", element_id, "examples", position))[0]
        naming = naming or (raw if own else None)
    if naming is None:
        return chain[-1].path, 1
    return naming.path, naming.line_of(("elements", element_id))[0]


def _file_line(where: str) -> tuple[str, int]:
    """``file:line`` as a sort key (in file order, then line order)."""
    file, _, line = where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (where, 0)


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


class _Validator:
    """Reads a rubric chain into the typed Rubric, collecting every problem with its file, key path and line."""

    def __init__(self, chain: list[_RawFile], kinds: Mapping[str, KindReader]) -> None:
        self.chain = chain
        self.kinds = kinds
        self.problems = Problems()

    def build(self) -> Rubric:
        data = self._merge()
        top = RUBRIC.read(data, (), self.problems) or {}
        grades = tuple(g for pos, raw in enumerate(top.get("grades") or []) if (g := self.grade(pos, raw)))
        if top.get("grades") is not None and not grades and not self.problems:
            self.problems.add(("grades",), "至少需要一个等级 (at least one grade band)")
        sections = tuple(self.items("sections", top, SECTION, self.section))
        metrics = tuple(self.items("metrics", top, METRIC, self.metric))
        env = Env(self.declared(top, "sections"), self.declared(top, "metrics"))
        elements = tuple(self.items("elements", top, ELEMENT, lambda p, v, r: self.element(p, v, r, env)))
        checks = tuple(self.items("checks", top, CHECK, self.check))
        topics = self.topics(top.get("topics") or {})
        if top.get("key_metric") is not None and top["key_metric"] not in env.metrics:
            self.problems.add(("key_metric",), f"没有这个指标：{top['key_metric']} (no such metric)")
        if self.problems:
            raise self.error()
        deadline = _DEADLINE.match(top["publication_deadline"])
        assert deadline is not None
        return Rubric(
            id=top["id"],
            title=top["title"],
            version=str(top["version"]),
            applies_to=tuple(top["applies_to"]),
            pass_threshold=top["pass_threshold"],
            grades=grades,
            sections=sections,
            elements=elements,
            metrics=metrics,
            checks=checks,
            deadline=(int(deadline.group(1)), int(deadline.group(2))),
            source=self.chain[-1].path,
            description=top["description"],
            key_metric=top["key_metric"],
            stock_phrases=phrases(top["stock_phrases"]),
            concrete_words=phrases(top["concrete_words"]),
            topics=topics,
        )

    def _merge(self) -> dict[str, Any]:
        """The chain merged parent first; lists by id, ``drop`` applied (and checked) per file."""
        merged: dict[str, Any] = {}
        for raw in self.chain:
            for key, value in raw.data.items():
                if key in _LISTS and isinstance(value, list) and isinstance(merged.get(key, []), list):
                    merged[key] = _merge_by_id(merged.get(key, []), value)
                elif key not in ("drop", "extends"):
                    merged[key] = value
            drop = raw.data.get("drop")
            if isinstance(drop, list):
                self._drop(merged, drop)
        merged.pop("drop", None)
        return merged

    def _drop(self, merged: dict[str, Any], drop: list[Any]) -> None:
        known = {item.get("id") for key in _LISTS[1:] for item in merged.get(key, []) if isinstance(item, dict)}
        for pos, ident in enumerate(drop):
            if ident not in known:
                hint = suggestion(str(ident), sorted(i for i in known if isinstance(i, str)))
                self.problems.add(("drop", pos), f"没有可去掉的“{ident}”{hint} (drop names no inherited item)")
        for key in _LISTS[1:]:
            merged[key] = [i for i in merged.get(key, []) if not (isinstance(i, dict) and i.get("id") in drop)]

    def topics(self, raw: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The topic lexicon: each topic's name and its words."""
        out = []
        for name, words in raw.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                self.problems.add(("topics", str(name)), "应为非空的文字列表 (a topic is a list of words)")
                continue
            out.append((str(name), phrases(words)))
        return tuple(out)

    @staticmethod
    def declared(top: dict[str, Any], key: str) -> frozenset[str]:
        """The ids a list declares, valid items or not."""
        items = top.get(key) or []
        return frozenset(i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str))

    def error(self) -> RubricError:
        """One RubricError carrying every problem as ``file:line: key.path: problem``."""
        located = sorted(((self._locate(p.path), p) for p in self.problems), key=lambda item: _file_line(item[0]))
        lines = [f"{where}: {key_text(p.path) or '(顶层)'}: {p.message}" for where, p in located]
        first = located[0][1]
        error = RubricError(
            "rubric_invalid", f"{key_text(first.path) or '(顶层)'}: {first.message}", self._locate(first.path)
        )
        error.details = lines
        return error

    def _locate(self, path: KeyPath) -> str:
        """The file (child first) that holds the whole key path, else the deepest partial match."""
        found = [(raw.path, *raw.line_of(path)) for raw in reversed(self.chain)]
        path_, line, _ = next((f for f in found if f[2]), found[0])
        return f"{path_}:{line}"

    def items(self, key: str, top: dict[str, Any], shape: Shape, build: Any) -> Iterator[Any]:
        """Each item of a list key read against ``shape`` and built; broken items are left out."""
        seen: set[str] = set()
        for pos, raw in enumerate(top.get(key) or []):
            ident = raw.get("id") if isinstance(raw, dict) else None
            path: KeyPath = (key, ident if isinstance(ident, str) else pos)
            before = len(self.problems)
            extra = self._kind_keys(raw) if shape is ELEMENT else ()
            values = shape.read(raw, path, self.problems, extra)
            if values is None:
                continue
            if isinstance(ident, str):
                if ident in seen:
                    self.problems.add((*path, "id"), f"id 重复 (duplicate id {ident!r})")
                seen.add(ident)
            item = build(path, values, raw)
            if item is not None and len(self.problems) == before:
                yield item

    def grade(self, pos: int, raw: Any) -> Grade | None:
        values = GRADE.read(raw, ("grades", pos), self.problems)
        if values is None or values["name"] is None or values["min"] is None:
            return None
        return Grade(values["name"], values["min"])

    def section(self, path: KeyPath, v: dict[str, Any], raw: dict[str, Any]) -> Section:
        return Section(
            id=v["id"],
            title=v["title"],
            required=v["required"],
            weight=v["weight"],
            heading_keywords=phrases(v["heading_keywords"]),
            heading_phrases=phrases(v["heading_phrases"]),
            body_keywords=phrases(v["body_keywords"]),
            hint=v["hint"],
            fuzzy_threshold=v["fuzzy_threshold"],
            collects_unclaimed=v["collects_unclaimed"],
            min_chars=v["min_chars"],
            needs=v["needs"],
            content_cues=phrases(v["content_cues"]),
        )

    def metric(self, path: KeyPath, v: dict[str, Any], raw: dict[str, Any]) -> Metric | None:
        keywords = phrases(v["keywords"])
        if v["keywords"] is not None and not keywords:
            self.problems.add((*path, "keywords"), "至少需要一个关键词 (at least one keyword)")
        units = phrases(v["units"]) or (("%",) if v["kind"] == "percent" else ())
        if v["kind"] == "count" and not units:
            self.problems.add((*path, "units"), "计数指标需要单位，如 次、件 (a count needs units)")
        derive = None
        if v["derive"] is not None:
            rule = DERIVE.read(v["derive"], (*path, "derive"), self.problems)
            if rule is not None and v["kind"] != "percent":
                self.problems.add((*path, "derive"), "只有 percent 指标可以由计数得出 (only a percent can be derived)")
            elif rule is not None and rule["of"] and rule["count"]:
                derive = Derivation(phrases(rule["of"]), phrases(rule["count"]), phrases(rule["units"]))
        expect = self.expectation(v["expect"], (*path, "expect"))
        return Metric(v["id"], v["title"], keywords, v["kind"], units, expect, derive)

    def expectation(self, text: Any, path: KeyPath) -> Expectation | None:
        return expectation(text, path, self.problems)

    def _kind_name(self, raw: Any) -> str:
        if not isinstance(raw, dict):
            return "keywords"
        kind = raw.get("kind")
        if isinstance(kind, str):
            return kind
        match = raw.get("match")
        return "figure" if isinstance(match, dict) and "figure" in match else "keywords"

    def _kind_keys(self, raw: Any) -> tuple[str, ...]:
        kind = self.kinds.get(self._kind_name(raw))
        return tuple(kind.shape.keys()) if kind is not None else ()

    def element(self, path: KeyPath, v: dict[str, Any], raw: dict[str, Any], env: Env) -> Element | None:
        if v["section"] is not None and v["section"] not in env.sections:
            self.problems.add(
                (*path, "section"), f"没有这个部分：{v['section']}（可用：{'、'.join(sorted(env.sections))}）"
            )
        name = self._kind_name(raw)
        kind = self.kinds.get(name)
        if kind is None:
            known = sorted(self.kinds)
            self.problems.add(
                (*path, "kind"),
                f"未知的判断方式“{name}”{suggestion(name, known)}，可用：{'、'.join(known)} (unknown kind)",
            )
            return None
        own = kind.shape.read(raw, path, self.problems, strict=False)  # unknown keys were reported above
        if own is None:
            return None
        params = kind.parse(own, path, self.problems, env)
        return Element(
            id=v["id"],
            title=v["title"],
            section=v["section"],
            kind=name,
            weight=v["weight"],
            required=v["required"],
            hint=v["hint"],
            params=params,
            scope=self.scope(v, path, env),
            description=v["description"],
            source=v["source"],
            examples=tuple(self.examples(v["examples"], (*path, "examples"), env)),
            asks=v["asks"] or ASKS_BY_SECTION.get(v["section"], "result"),
        )

    def scope(self, v: dict[str, Any], path: KeyPath, env: Env) -> tuple[str, ...] | None:
        """``scope`` (own, anywhere, or part ids), or the older ``where``; own part by default."""
        own = (v["section"],)
        if v["scope"] is not None and v["where"] is not None:
            self.problems.add((*path, "where"), "scope 和 where 只能写一个 (give scope or where, not both)")
        if v["where"] is not None:
            return None if v["where"] == "anywhere" else own
        value = v["scope"]
        if value is None or value == "own":
            return own
        if value == "anywhere":
            return None
        parts = value if isinstance(value, list) else [value]
        wrong = [p for p in parts if p not in env.sections]
        if wrong or not parts:
            self.problems.add(
                (*path, "scope"),
                f"应为 own、anywhere 或部分 id 列表，“{wrong[0] if wrong else ''}”不是部分 id (bad scope)",
            )
        return tuple(dict.fromkeys(str(p) for p in parts))

    def examples(self, items: list[Any], path: KeyPath, env: Env) -> Iterator[ElementExample]:
        for pos, raw in enumerate(items):
            here = (*path, pos)
            if not isinstance(raw, dict):
                self.problems.add(here, "应为映射，如 {present: 一段文字} (an example is a mapping)")
                continue
            unknown = [k for k in raw if k not in EXAMPLE_KEYS]
            expects = [k for k in raw if k in STATUSES]
            if unknown or len(expects) != 1:
                self.problems.add(
                    here, "应写一个 present、weak 或 missing（可加 note）(one of present/weak/missing, and note)"
                )
                continue
            parts = self.example_parts(raw[expects[0]], (*here, expects[0]), env)
            if parts:
                note = raw.get("note")
                yield ElementExample(expects[0], parts, note if isinstance(note, str) else "")

    def example_parts(self, value: Any, path: KeyPath, env: Env) -> tuple[tuple[str, str], ...]:
        if isinstance(value, str) and value.strip():
            return (("", value),)  # the element's own part
        if isinstance(value, dict) and value and all(isinstance(t, str) for t in value.values()):
            wrong = [k for k in value if k not in env.sections]
            if not wrong:
                return tuple((str(k), str(t)) for k, t in value.items())
            self.problems.add((*path, str(wrong[0])), "不是部分 id (not a part id)")
            return ()
        self.problems.add(path, "应为一段文字，或 {部分 id: 文字} (text, or a mapping of part id to text)")
        return ()

    def check(self, path: KeyPath, v: dict[str, Any], raw: dict[str, Any]) -> Check:
        return Check(v["id"], v["title"], v["weight"], v["hint"], v["required"])


def expectation(text: Any, path: KeyPath, problems: Problems) -> Expectation | None:
    """A bound such as ``>= 100`` (None when not given)."""
    if text is None:
        return None
    match = _EXPECT.match(str(text))
    if not match:
        problems.add(path, f"期望值格式应如“>= 100” (expect must look like '>= 100', got {text!r})")
        return None
    return Expectation(match.group(1), float(match.group(2)))
