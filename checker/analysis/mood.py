"""What a sentence does: report a result, state a plan, deny or defer something, or title a part.

An element that asks for work done counts only sentences that report it. A sentence of the
next-year part is a plan; so is one that speaks of the future or of an intention elsewhere
(将继续…, 拟于…, 计划开展…, 力争…, 下一步…, a clause that opens with 要). A clause that denies what
it names (尚未成立综合执法队伍, 没有开展述法) or puts it off (将认真分析研究) counts for nothing, and
neither does the title of a heading.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple


class Mood(StrEnum):
    """The kind of statement a phrase stands in."""

    RESULT = "result"  # work done, a fact of the year
    PLAN = "plan"  # the future, an intention, a target
    NEGATED = "negated"  # 未开展…, 没有…
    DEFERRED = "deferred"  # 将认真分析研究…
    HEADING = "heading"  # the title of a heading, not its content


_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，,：:。！？；!?;"
_INTENT_AFTER_JIANG = (
    "继续|进一步|持续|加大|着力|全面|深入|认真|不断|积极|重点|坚持|努力|切实|大力|围绕|聚焦|严格|抓好|做好|加强|推进|推动|完善|健全"
    "|建立|强化|提升|提高|开展|组织|落实|确保|力争|争取|进行|实现|探索|巩固|扎实|逐步|以|把|在|对|按照|结合|紧紧|始终|全力"
    "|亲自|带头|定期|及时|尽快|加快|重新|适时"
)
_PLAN = re.compile(
    rf"(?<![即必])将(?:{_INTENT_AFTER_JIANG})|(?<!草)拟(?:于|在|对|开展|出台|制定|组织|启动|建设|推行)(?!的)"
    r"|(?<![度作法训施动案项])计划(?:于|在|开展|用|年内|到|对|组织|实施)|力争"
    r"|争取(?:实现|达到|在|于|年内|全年|到(?=\d|20|明年|年底|年末))|下一步|下一年度|明年"
    r"|(?:^|[，,。；;：:])(?:还|更|仍|也)?要(?![求点件素闻务害案职领道])|(?:^|[，,。；;：:])(?:[一二三四五六七八九十]要)"
)
_DEFERRED = re.compile(r"将(?:认真|深入|进一步)?(?:分析|研究|查找|梳理)|有待(?:分析|研究)|另行(?:研究|分析)")
_NEGATION = re.compile(r"未(?!成年)|尚未|没有|无法|缺乏|缺少|不够|不足以|不到位|有待|欠缺")
_NEGATION_REACH = 12  # a denial reaches the phrase it stands close before, in the same clause
# …or follows it closely in the same clause: 述法工作尚未开展, 法律顾问尚未聘请到位
_NEGATED_AFTER = re.compile(r"[^，,。；;：:]{0,8}?(?:尚未|未能|没有|未(?!成年|发生|出现))")
# 将 as 把 (将以案释法融入执法全过程, 将法治建设纳入考核): a disposal, not the future
_DISPOSAL = re.compile(r"将(?:以|在|对)[^，,。；;]{1,16}?(?:纳入|融入|列入|贯穿|写入)")


@lru_cache(maxsize=512)
def _stops(text: str, marks: str) -> list[int]:
    """The positions of these punctuation marks in a piece of text (many phrases share a piece)."""
    return [i for i, ch in enumerate(text) if ch in marks]


def _clause_start(text: str, position: int) -> int:
    stops = _stops(text, _CLAUSE_END)
    at = bisect_left(stops, position)
    return stops[at - 1] + 1 if at else 0


class _Sentence(NamedTuple):
    """What a sentence says regardless of where a phrase stands in it."""

    start: int
    end: int
    deferred: bool
    plan_ends: tuple[int, ...]  # where the plan markers of the sentence end (将继续, 计划开展…)


@lru_cache(maxsize=512)
def _sentences(text: str) -> tuple[list[int], list[_Sentence]]:
    """A piece's sentence ends and its sentences, read once however many phrases stand in it."""
    stops = _stops(text, _SENTENCE_END)
    out = []
    for lo, hi in zip([0, *(i + 1 for i in stops)], [*(i + 1 for i in stops), len(text)], strict=True):
        sentence = text[lo:hi]
        plans = tuple(lo + m.end() for m in _PLAN.finditer(sentence) if not _DISPOSAL.match(text, lo + m.start()))
        out.append(_Sentence(lo, hi, bool(_DEFERRED.search(sentence)), plans))
    return stops, out


def mood_at(text: str, start: int, end: int, in_plan_part: bool, heading_end: int | None) -> Mood:
    """The mood of the sentence of a piece of text that holds ``text[start:end]``."""
    if in_plan_part:
        return Mood.PLAN
    if heading_end is not None and end <= heading_end:
        return Mood.HEADING
    stops, sentences = _sentences(text)
    sentence = sentences[bisect_left(stops, start)]
    if sentence.deferred:
        return Mood.DEFERRED
    clause = text[max(_clause_start(text, start), start - _NEGATION_REACH) : start]
    if _NEGATION.search(clause) or _NEGATED_AFTER.match(text, end):
        return Mood.NEGATED
    if any(stop <= end for stop in sentence.plan_ends):  # a plan marker before the phrase or in it
        return Mood.PLAN
    return Mood.RESULT
