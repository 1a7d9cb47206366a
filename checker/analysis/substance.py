"""What a part of a report actually says: its sentences, which carry facts, which are stock phrases,
and (in the shortcomings part) the problems it lists.

- A sentence carries a **fact** when it gives a number with a unit, a percentage, a date, a named
  document 《…》 or one of the rubric's concrete words (编制, 经费, 案件, 平台…).
- It is **stock** when it holds one of the rubric's stock phrases (高度重视, 扎实推进, 有待加强…)
  and no fact.
- The **problems** of the shortcomings part are its items: sub-headings, ``一是/二是`` clauses,
  numbered items, or else the sentences that name a shortfall; the opening (存在以下不足：) and the
  closing remedy (针对上述问题，…将…) are not problems.
- **Topics** tie a problem to the plan that answers it: the rubric's topic words (执法, 普法, 队伍…),
  else the problem's own two-character words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from checker.text.normalize import NormLine
from checker.text.numbers import NUMBER
from checker.text.outline import Heading

_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
_FACT = re.compile(
    rf"{NUMBER}(?:\.\d+)?(?:万|亿)?(?:余|多)?(?:%|件|起|次|场|期|人次|人|名|个|项|份|条|篇|家|户|所|处|卷|万元|元|天|日|小时|批)"
    r"|20\d\d年\d{1,2}月|《[^》]{2,40}》|百分之|全覆盖"
)
_PROBLEM = re.compile(
    r"不足|不够|不强|不高|不到位|不平衡|不充分|不均衡|不规范|不健全|不完善|不适应|不相适应|较少|偏少|薄弱|欠缺|缺乏|缺少|短板|差距"
    r"|有待|亟待|仍需|还需|需要进一步|滞后|困难|矛盾突出|参差不齐|难以|不多|不明显|较弱|较低|偏低|尚未|未能|没有|问题|不能"
    r"|(?:少|弱|低|差|慢|难|重|多)(?=[，,。；;]|$)"  # 人员少，任务重
)
_INTRO = re.compile(
    r"存在(?:着)?(?:一些|以下|如下|的)?(?:问题|不足|困难)|取得了?(?:一定|明显|较好)?(?:的)?成效(?:的同时)?[，,]?(?:但|同时)"
    r"|主要表现在"
)
# the title of the part itself, as a sub-heading: (一)存在问题
_PART_TITLE = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.])?(?:存在的?主?要?)?(?:问题|不足|困难|短板)"
    r"(?:[和及与](?:原因|不足|困难|问题|短板))*(?:分析)?[。:：]?$"
)
_REMEDY = re.compile(r"^(?:针对|对此|对以上|对上述|下一步|今后|我们将|我[镇乡县区市局委]将)")
_LEAD = re.compile(
    r"(?:^|(?<=[。；;：:]))(?:[一二三四五六七八九十]是|[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]|[①-⑩])"
)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]是|[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]|[①-⑩])\s*")
_CAUSE = re.compile(
    r"原因(?:是|在于|主要是|主要有|有)|主要是由于|由于|因为|究其原因|究其根源|根源在于|源于|归因于|之所以|碍于|囿于|缘于"
    r"|受[^，。；]{1,24}?(?:影响|制约|限制)|导致|造成|加之|加上"
)
_GLOBAL_CAUSE = re.compile(r"(?:上述|以上|这些)问题[^。]{0,20}原因|究其原因|原因(?:分析|主要有|在于)")
_DEFERRED_CAUSE = re.compile(r"将(?:认真|深入|进一步)?(?:分析|研究|查找)")
_COMMON_TEXT = (
    "工作 进一步 加强 提升 提高 不够 不足 存在 问题 方面 部分 有待 一些"
    " 我们 我镇 我县 我局 法治 建设 政府 依法 推进 能力 水平 意识"
)
COMMON_WORDS = frozenset(_COMMON_TEXT.split(" "))  # too common to tie a problem, a task or a result together
_WORD = re.compile(r"[\u4e00-\u9fff]{2}")


class Sentence(NamedTuple):
    """One sentence of a piece of text: the piece, its span, its text."""

    line: int
    start: int
    end: int
    text: str


class Problem(NamedTuple):
    """One problem the shortcomings part lists: where it starts, its text, a short name, its cause."""

    line: int
    start: int
    text: str
    label: str
    cause: bool


def sentences(lines: Iterable[NormLine], heading_ends: dict[int, int]) -> list[Sentence]:
    """The sentences of these pieces, each piece's heading title left out."""
    out = []
    for line in lines:
        skip = heading_ends.get(line.index, 0)
        for match in _SENTENCE.finditer(line.text, skip):
            text = match.group(0).strip("，,：: ")
            if len(text) >= 4 and not _OMITTED.search(text):
                out.append(Sentence(line.index, match.start(), match.end(), text))
    return out


@lru_cache(maxsize=32)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a rubric's word list (longest first); it matches nothing when the list is empty."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!)")


def is_fact(text: str, concrete: Sequence[str]) -> bool:
    """Whether a sentence gives a number, a date, a named document or a concrete thing."""
    return bool(_FACT.search(text) or _any_of(tuple(concrete)).search(text))


def is_stock(text: str, stock: Sequence[str], concrete: Sequence[str]) -> bool:
    """Whether a sentence is made of stock phrases: it holds one and gives no fact."""
    return bool(_any_of(tuple(stock)).search(text)) and not is_fact(text, concrete)


class Specificity(NamedTuple):
    """How much of a part is fact and how much is stock phrase."""

    sentences: int
    facts: int
    stock: int
    examples: tuple[str, ...]  # up to two stock sentences, to quote

    @property
    def fact_share(self) -> float:
        return self.facts / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, object]:
        return {"sentences": self.sentences, "facts": self.facts, "stock": self.stock}


def specificity(found: Sequence[Sentence], stock: Sequence[str], concrete: Sequence[str]) -> Specificity:
    """Count the sentences of a part that give facts and those that are stock phrases only.

    The opening of a list of problems (存在以下不足：) and a closing promise (对此，我县将…) are left out.
    """
    found = [s for s in found if not (_REMEDY.match(s.text) or (_INTRO.search(s.text) and len(s.text) < 60))]
    facts = sum(is_fact(s.text, concrete) for s in found)
    slogans = [s.text for s in found if is_stock(s.text, stock, concrete)]
    return Specificity(len(found), facts, len(slogans), tuple(slogans[:2]))


def problems(found: Sequence[Sentence]) -> list[Problem]:
    """The problems a shortcomings part lists, each with whether a cause is given for it."""
    items = _items(found)
    global_cause = any(_GLOBAL_CAUSE.search(s.text) and not _DEFERRED_CAUSE.search(s.text) for s in found)
    out = []
    for line, start, text in items:
        label = _MARKER.sub("", re.split(r"[，,。；;：:]", text, maxsplit=1)[0])[:20]
        cause = global_cause or (bool(_CAUSE.search(text)) and not _DEFERRED_CAUSE.search(text))
        out.append(Problem(line, start, text, label, cause))
    return out


def _items(found: Sequence[Sentence]) -> list[tuple[int, int, str]]:
    """The part's items: enumerated pieces when it enumerates (一是/1./(一)), else its problem sentences."""
    joined: list[tuple[int, int, str]] = []  # runs of text between item markers
    for sentence in found:
        starts = [m.start() for m in _LEAD.finditer(sentence.text)]
        if starts and starts[0] > 0:
            joined.append((sentence.line, sentence.start, sentence.text[: starts[0]]))
        bounds = [*starts, len(sentence.text)]
        if starts:
            joined += [(sentence.line, sentence.start + a, sentence.text[a:b]) for a, b in pairwise(bounds)]
        elif joined and not _PROBLEM.search(sentence.text) and not _REMEDY.match(sentence.text):
            line, start, text = joined[-1]  # a sentence explaining the item before it (…原因是…)
            joined[-1] = (line, start, text + sentence.text)
        else:
            joined.append((sentence.line, sentence.start, sentence.text))
    enumerated = any(_MARKER.match(text) for _, _, text in joined)
    items: list[tuple[int, int, str]] = []
    for line, start, text in joined:
        if _REMEDY.match(text) or (_INTRO.search(text) and not _MARKER.match(text)) or _PART_TITLE.match(text):
            continue
        if enumerated and not _MARKER.match(text):
            if items and not _INTRO.search(text):  # more about the item before
                items[-1] = (items[-1][0], items[-1][1], items[-1][2] + text)
            continue
        if enumerated or _PROBLEM.search(text):  # in a list of shortcomings every item is a problem
            items.append((line, start, text))
    return items


def topics_of(text: str, lexicon: dict[str, tuple[str, ...]]) -> set[str]:
    """The topics a text speaks of (by the rubric's topic words)."""
    return {topic for topic, words in lexicon.items() if any(w in text for w in words)}


def main_topic(text: str, lexicon: dict[str, tuple[str, ...]]) -> str | None:
    """The topic a text names first: what a problem is about (执法人员素养不高 is about 执法)."""
    first = {topic: min((i for w in words if (i := text.find(w)) >= 0), default=-1) for topic, words in lexicon.items()}
    named = [(i, topic) for topic, i in first.items() if i >= 0]
    return min(named)[1] if named else None


def words_of(text: str, stop: frozenset[str]) -> set[str]:
    """The two-character words of a text, common ones left out (a fallback for texts without a topic)."""
    return {text[i : i + 2] for i in range(len(text) - 1) if _WORD.fullmatch(text[i : i + 2])} - stop


# a sentence that only says text was left out (（此处略）, 其余内容从略, 详见附件) is no content
_OMITTED = re.compile(r"^.{0,12}(?:从略|略去|此处略|详见附件|见附件|待补充)[)）]?[。.]?$|^[(（]?略[)）]?[。.]?$")
_PLACEHOLDER = re.compile(r"^[(（\[【]?(?:略|无|同上|此处略|此处从略|见附件|待补充|暂无|空)[)）\]】]?[。.]?$")


def body_shortfall(
    body: Sequence[Sentence], raw: str, min_chars: int, cues: Sequence[str], needs: str | None, found: Specificity
) -> tuple[str, str] | None:
    """Why a part's body does not carry the part (a reason code and a Chinese reason), or None.

    ``raw`` is the body's text; ``found`` its specificity.
    """
    if not body or _PLACEHOLDER.match(raw.strip()):
        shown = raw.strip()[:20]
        return "placeholder", f"标题下没有正文（只有“{shown}”）" if shown else "标题下没有正文"
    if len(raw) < min_chars:
        return "hollow", f"正文只有{len(raw)}字，远少于一个部分应有的内容"
    if cues and not any(cue in raw for cue in cues):
        return "off_topic", "正文没有写到这一部分应有的内容"
    if needs == "facts" and found.sentences >= 3 and found.facts == 0:
        quoted = "；".join(f"“{text[:20]}”" for text in found.examples)
        return "slogans", "正文没有一句写了数据或具体事项，多为套话" + (f"，如{quoted}" if quoted else "")
    if needs == "specifics" and found.sentences >= 2 and found.stock == found.sentences:
        quoted = "；".join(f"“{text[:20]}”" for text in found.examples)
        return "slogans", "正文句句是套话，没有写出具体问题" + (f"，如{quoted}" if quoted else "")
    return None


_ITEM = re.compile(r"^(?:[一二三四五六七八九十]是|[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]|[①-⑩])")


def plan_items(plan: Sequence[Sentence], headings: Sequence[Heading]) -> list[tuple[int, int, str]]:
    """A plan's items with their text: each sub-heading with its body, else the enumerated clauses,
    else its sentences."""
    if headings:
        level = min(h.level for h in headings)
        items = [h for h in headings if h.level == level]
        return [(h.line, 0, "".join(s.text for s in plan if h.line <= s.line < h.end) or h.title) for h in items]
    listed = [(s.line, s.start, s.text) for s in plan if _ITEM.match(s.text)]
    return listed or [(s.line, s.start, s.text) for s in plan]
