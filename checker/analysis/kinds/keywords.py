"""The ``keywords`` kind: an element found by phrases (any of them, one of each group, a regex, a paraphrase).

A phrase counts where the element's ``scope`` allows and when its sentence says what the element
``asks`` (see "What a sentence says" above): for work done, a plan (将…, 计划…, the next-year part),
a denial (尚未…) or a heading alone counts for nothing. Present when a counting phrase is found,
often enough (``min_hits``), with a count nearby when ``needs_figure``; weak when it is found only
in a part outside the scope (the reason says which: 写在了…部分), too seldom, without its count, or
with a group of ``match.all`` missing; missing when it is absent or only in sentences that count
for nothing (the reason says why).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.analysis.kinds.base import Judgement
from checker.rubric.load import Env, phrases
from checker.rubric.model import Element, Rubric
from checker.rubric.regex import regex_problem
from checker.rubric.schema import Field, KeyPath, Problems, Shape, at_least, within
from checker.status import Status
from checker.text.textindex import Hit

if TYPE_CHECKING:
    from checker.analysis.context import Context


class FuzzyRule(NamedTuple):
    """Paraphrases matched line by line (rapidfuzz partial ratio at least ``threshold``)."""

    phrases: tuple[str, ...]
    threshold: float = 85.0


class KeywordParams(NamedTuple):
    """How a keywords element is found."""

    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    fuzzy: FuzzyRule | None = None
    regex: str | None = None
    min_hits: int = 1
    needs_figure: bool = False


MATCH = Shape(
    "match",
    (
        Field("any", "strings", default=[], doc="出现其中任一说法即算找到"),
        Field("all", "list", default=[], doc="每组至少出现一个，缺少的组算薄弱"),
        Field("fuzzy", "mapping", doc="{phrases, threshold}：近似说法，字面都没找到时才用"),
        Field("regex", "str", doc="正则表达式（不可嵌套重复）"),
        Field("accept", "strings", doc="只能与 figure 一起使用"),
    ),
)
FUZZY = Shape(
    "match.fuzzy",
    (
        Field("phrases", "strings", required=True, doc="近似说法"),
        Field("threshold", "number", default=85.0, check=within(0, 100), doc="相似度下限（0–100）"),
    ),
)


def _quote(items: Iterable[str], limit: int = 12) -> str:
    items = tuple(items)
    shown = "、".join(f"“{item}”" for item in items[:limit])
    return shown + (f" 等 {len(items)} 个" if len(items) > limit else "")


_TEMPLATES = {
    "measures": "本年度扎实推进{terms}工作{count}，取得明显成效。",
    "shortcomings": "{terms}方面仍有差距{count}，主要原因是基层法治力量不足。",
    "next_year": "下一年度将重点推进{terms}工作{count}。",
}


class Keywords:
    """The ``keywords`` kind (see the module docstring)."""

    name: str = "keywords"
    summary: str = "按说法查找：任一说法、每组至少一个、正则或近似说法；可要求次数数据和最少处数"
    shape: Shape = Shape(
        "keywords element",
        (
            Field("match", "mapping", required=True, doc="any、all、fuzzy、regex（见下）"),
            Field("min_hits", "int", default=1, check=at_least(1), doc="少于此处数算薄弱"),
            Field("needs_figure", "bool", default=False, doc="附近要有次数、件数等数据"),
        ),
    )
    detail_shapes: tuple[Shape, ...] = (MATCH, FUZZY)
    codec_types: tuple[type, ...] = (KeywordParams, FuzzyRule)

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> KeywordParams | None:
        here = (*path, "match")
        match = MATCH.read(values["match"], here, problems)
        if match is None:
            return None
        if match["accept"] is not None:
            problems.add((*here, "accept"), "accept 只能与 figure 一起使用 (accept needs a figure)")
        groups = []
        for pos, group in enumerate(match["all"]):
            if not isinstance(group, list) or not group or not all(isinstance(g, str | int) for g in group):
                problems.add((*here, "all", pos), "每组应为非空的文字列表 (each group must be a non-empty list)")
                continue
            groups.append(phrases([str(g) for g in group]))
        fuzzy = None
        if match["fuzzy"] is not None:
            rule = FUZZY.read(match["fuzzy"], (*here, "fuzzy"), problems)
            if rule is not None and rule["phrases"]:
                fuzzy = FuzzyRule(phrases(rule["phrases"]), rule["threshold"])
        regex = match["regex"]
        if regex is not None and (problem := regex_problem(regex)):
            problems.add((*here, "regex"), problem)
        params = KeywordParams(
            any=phrases(match["any"]),
            all=tuple(groups),
            fuzzy=fuzzy,
            regex=regex,
            min_hits=values["min_hits"],
            needs_figure=values["needs_figure"],
        )
        if not (params.any or params.all or params.fuzzy or params.regex):
            problems.add(here, "至少需要一种匹配方式：any、all、fuzzy 或 regex (no way to match)")
        return params

    def phrases(self, params: KeywordParams) -> Iterable[str]:
        yield from params.any
        for group in params.all:
            yield from group

    def judge(self, element: Element, ctx: Context) -> Judgement:
        params: KeywordParams = element.params
        found = ctx.hits
        hit_phrases = [p for p in params.any if found.get(p)]  # a phrase listed twice counts its hits twice
        groups = [[p for p in group if found.get(p)] for group in params.all]
        hit_phrases += [p for group in groups for p in group]
        regex_hits = _regex_hits(params.regex, ctx) if params.regex else []
        # Fuzzy phrases are the paraphrase fallback: tried only when nothing matched literally.
        fuzzy_hits = _fuzzy_hits(params.fuzzy, ctx) if params.fuzzy and not (hit_phrases or regex_hits) else []
        how = "keyword" if hit_phrases else ("regex" if regex_hits else "fuzzy")
        hits = ctx.every_hit(hit_phrases, regex_hits + fuzzy_hits)
        if not hits:
            return Judgement(Status.MISSING, f"全文没有找到{element.title}的相关表述", "not_found")
        sorted_hits = ctx.sort_hits(hits, element)
        if not sorted_hits.inside:
            if sorted_hits.outside:
                first = sorted_hits.outside[0]
                reason = (
                    f"写在了“{ctx.where(first)}”部分（第{ctx.text.line_number(first.line)}行），"
                    f"不在“{ctx.section_title(element)}”部分中"
                )
                return Judgement(Status.WEAK, reason, "outside_scope", ctx.evidence(sorted_hits.outside, how))
            why, shown = sorted_hits.why_not()
            return Judgement(Status.MISSING, why, "not_content", ctx.evidence(shown, how))
        counted = sorted_hits.inside
        evidence = ctx.evidence(counted, how)
        present = {h.phrase for h in counted}
        missing_groups = [group[0] for group in params.all if not present.intersection(group)]
        if missing_groups:
            return Judgement(Status.WEAK, f"缺少其中几项：{'、'.join(missing_groups)}", "groups_missing", evidence)
        lines = {h.line for h in counted}
        if len(lines) < params.min_hits and len(counted) < params.min_hits:
            reason = f"只提到{len(counted)}处，内容单薄（至少应有{params.min_hits}处）"
            return Judgement(Status.WEAK, reason, "too_few", evidence)
        if params.needs_figure and not any(ctx.has_count_near(h) for h in counted):
            return Judgement(Status.WEAK, "提到了，但没有给出次数、件数等数据", "no_count", evidence)
        return Judgement(Status.PRESENT, f"找到{len(counted)}处相关表述", "found", evidence)

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        params: KeywordParams = element.params
        rules = []
        if params.any:
            rules.append(f"出现以下任一说法即算找到：{_quote(params.any)}。")
        if params.all:
            groups = "；".join(f"第{i}组 {_quote(group, 4)}" for i, group in enumerate(params.all, start=1))
            rules.append(f"以下每组都要至少出现一个，缺少的组算薄弱：{groups}。")
        if params.fuzzy:
            rules.append(
                f"与以下说法近似（相似度不低于 {params.fuzzy.threshold:g}）也算：{_quote(params.fuzzy.phrases)}。"
            )
        if params.regex:
            rules.append(f"符合正则表达式 {params.regex} 的文字也算。")
        if params.min_hits > 1:
            rules.append(f"至少要有 {params.min_hits} 处相关表述，否则算薄弱。")
        if params.needs_figure:
            rules.append("相关表述附近要有次数、件数、人数等数据，否则算薄弱。")
        return rules

    def brief(self, element: Element, rubric: Rubric) -> str:
        params: KeywordParams = element.params
        parts = []
        if params.any:
            parts.append("任一：" + "、".join(params.any[:4]) + ("…" if len(params.any) > 4 else ""))
        if params.all:
            parts.append("全部：" + "、".join(g[0] for g in params.all))
        if params.fuzzy:
            parts.append("近似：" + "、".join(params.fuzzy.phrases[:2]))
        if params.regex:
            parts.append(f"正则：{params.regex}")
        return "；".join(parts)

    def sample(self, element: Element, rubric: Rubric) -> str:
        params: KeywordParams = element.params
        count = "，全年共开展3次" if params.needs_figure else ""
        if params.all:
            terms = "、".join(group[0] for group in params.all)
        elif params.any:
            terms = "、".join(params.any[: max(1, params.min_hits)])
        elif params.fuzzy:
            terms = params.fuzzy.phrases[0]
        else:
            return ""
        return _TEMPLATES.get(element.section, _TEMPLATES["measures"]).format(terms=terms, count=count)


def _regex_hits(pattern: str, ctx: Context) -> list[Hit]:
    text = ctx.text
    return [
        text.hit_at(m.group(0), m.start(), m.end()) for m in re.finditer(pattern, text.joined) if m.end() > m.start()
    ]


def _fuzzy_hits(rule: FuzzyRule, ctx: Context) -> list[Hit]:
    from rapidfuzz import fuzz  # only rubrics with fuzzy elements need it

    hits = []
    for line in ctx.text.lines:
        for phrase in rule.phrases:
            found = fuzz.partial_ratio_alignment(phrase, line.text, score_cutoff=rule.threshold)
            if found is not None:
                hits.append(Hit(line.index, found.dest_start, found.dest_end, phrase))
                break
    return hits


KEYWORDS = Keywords()
