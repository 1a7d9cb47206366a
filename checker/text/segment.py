"""Recover the paragraphs and headings of text that lost its line breaks.

Text saved from a web page, a crawler or some PDFs arrives as one line, or a few very long lines:
``…现将有关情况报告如下：一、工作开展情况（一）党政主要负责人履行…1.…。2.…。二、存在问题…``. Such a line
is cut into pieces at heading markers that follow one another in sequence (一、 then 二、; （一） then
（二） under a new 一、; 1. then 2.) and, once it is known to be flattened, at sentence ends and at
一是/二是 lead clauses. A marker inside a quotation or a 《title》, a date (2023.3.1), a number
(1.5万) or a list (1.2.3, 第二、三季度) is never a cut. The title at the start of a report and the
signature (issuer and date) at its end are cut off as pieces of their own. Every piece keeps the
way back to its place in the user's own line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from checker.text.normalize import NormLine
from checker.text.numbers import chinese_to_number

_CN = "一二三四五六七八九十"
_MARKER = re.compile(
    rf"(?P<l1>[{_CN}]{{1,3}})、(?![{_CN}]、|[{_CN}]季)"
    rf"|\((?P<l2>[{_CN}]{{1,3}})\)"
    r"|(?<![\d.．])(?P<l3>\d{1,2})(?:、|\.(?![\d.]))(?!\d)"
    r"|\((?P<l4>\d{1,2})\)|(?P<l5>[①-⑳])"
)
_CIRCLED = re.compile(r"[①-⑳]")
_STRONG = frozenset("。；;！!？?：:")
_OPENERS = {"“": "”", "《": "》", '"': '"', "「": "」", "『": "』", "‘": "’"}
_SENTENCE_END = frozenset("。！？；!?;")
_LEAD = re.compile(rf"[{_CN}]是")
_LONGEST_QUOTE = 80  # characters: quoted phrases and 《titles》 in reports are far shorter
_FLAT_MIN = 120  # shorter lines are never taken for flattened text
_OPEN_TITLE = 50  # a heading without punctuation this close before a marker is still open
# how the regulation's parts are named at the end of a heading (longest first where they overlap)
_PART_NAME = re.compile(
    r"(?:推进法治建设第一责任人职责[^。；]{0,20}?有关情况|有关情况|主要举措和成效|举措和成效|工作举措及成效|举措及成效|主要工作及成效"
    r"|工作及成效|存在的不足和原因|不足和原因|存在的问题及原因|存在问题及原因|存在的不足|存在的问题|存在问题|存在困难"
    r"|主要安排|工作安排|工作计划|工作打算|工作思路|工作要点|其他需要报告的情况|工作开展情况|开展情况|主要做法|主要成效|基本情况"
    r"|职责情况|履职情况)"
)
_MORE_PARTS = re.compile(rf"[和及与、暨][^。，,；;]{{0,14}}?{_PART_NAME.pattern}")
# what only a body starts with: the time, the subject, an enumeration (never words of a heading)
_STRONG_START = re.compile(
    r"一是|全年|今年以来|一年来|年初|20\d\d年(?:以来|[,，])|我(?:镇|乡|县|区|市|局|委|街道)|(?:县|区|市|镇|乡)(?:委|政府)(?!工作)"
)
_SHORT_TITLE = 30
_HEADING_END = re.compile(
    r"(?:情况|成效|原因|问题|不足|安排|计划|打算|思路|举措|做法|成绩|困难|短板|差距|措施|要点|展望|责任|职责|工作|管理|建设|机制"
    r"|环境|水平|能力|保障|服务|体系|改革|职能|监督|决策|执法|氛围|底线|稳定|安全|基础|效能|运行|格局|意识|素养|质效)"
)
_BODY_START = re.compile(
    r"一是|[(（][一二三]|1[.、]|20\d\d年|今年以来|一年来|年初|全年|我(?:镇|乡|县|区|市|局|委|办|街道|单位|中心)"
    r"|(?:全|本)(?:镇|乡|县|区|市|局|街道)|(?:县|区|市|镇|乡)(?:委|政府|党委|长)|(?:局|街道)?党(?:组|工委|委)"
    r"|坚持|围绕|按照|根据|认真|深入|始终|严格|紧紧|全面|积极|切实|扎实|不断|持续|进一步"
)
TITLE = re.compile(
    r"(?P<title>(?!现将|特此|根据|按照)[^。，,；;！!？?：:]{2,70}?(?:工作报告|自查报告|情况报告|的报告|报告|工作总结|总结|年报|年度报告))"
    r"(?!如下|的|和|及|、)"
)
_ORG_END = "人民政府|办事处|政府|委员会|管委会|管理局|局|厅|办公室|街道|镇|乡|司法所|中心|县委|市委|区委"
SIGNATURE = re.compile(
    rf"(?:^|(?<=[。；;！!？?]))(?P<org>(?:中共)?[\u4e00-\u9fff()]{{2,40}}?(?:{_ORG_END}))"
    r"(?P<date>20\d\d年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)


class _Marker(NamedTuple):
    start: int
    end: int
    style: str
    number: int


def _quoted(text: str) -> list[bool]:
    """For each position, whether it lies inside a quotation or a 《title》.

    A quotation that stays open longer than any real one (an unbalanced “) is dropped, so one
    stray quotation mark does not hide the rest of the report's headings.
    """
    inside = [False] * len(text)
    closing: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if closing and (ch == closing[-1][0] or i - closing[-1][1] > _LONGEST_QUOTE):
            closing.pop()
        elif ch in _OPENERS and (ch != '"' or not closing or closing[-1][0] != '"'):
            closing.append((_OPENERS[ch], i))
        inside[i] = bool(closing)
    return inside


def _markers(text: str) -> list[_Marker]:
    """Every heading marker in the text that is not inside a quotation."""
    if "、" not in text and "(" not in text and "." not in text and not _CIRCLED.search(text):
        return []  # every marker holds one of these
    matches = list(_MARKER.finditer(text))
    if not matches:
        return []
    # where quotations are is worked out only for a line with markers inside it (most have none)
    inside = _quoted(text) if any(m.start() for m in matches) else [text[0] in _OPENERS]
    found = []
    for match in matches:
        if inside[match.start()] or (match.start() and text[match.start() - 1] == "第"):
            continue
        style = match.lastgroup or ""
        raw = match.group(style)
        number = (
            ord(raw) - ord("①") + 1 if style == "l5" else chinese_to_number(raw) if style in ("l1", "l2") else int(raw)
        )
        if number is not None:
            found.append(_Marker(match.start(), match.end(), style, int(number)))
    return found


class Sequence:
    """The heading numbering read so far in a document, so inline headings are known by their order.

    A marker continues its style's count (2 after 1) or starts a child style under a heading just
    read; at a strong boundary (after 。；：) it may also start the document's first style. A marker
    at the start of a line is a heading whatever its number, and sets the count.
    """

    def __init__(self) -> None:
        self.expected: dict[str, int] = {}
        self.depth: dict[str, int] = {}
        self.last: _Marker | None = None

    def cuts(self, text: str) -> list[int]:
        """Where inline headings start in one line (and note the line's own heading, if any)."""
        cuts: list[int] = []
        self.last = None  # a heading of an earlier line is no longer open
        for marker in _markers(text):
            if marker.start == 0 or self._accepts(text, marker):
                self._note(marker)
                if marker.start:
                    cuts.append(marker.start)
        return cuts

    def _accepts(self, text: str, marker: _Marker) -> bool:
        if marker.number != self.expected.get(marker.style, 1):
            return False
        strong = text[marker.start - 1] in _STRONG
        last = self.last
        open_heading = (
            last is not None
            and marker.start - last.end <= _OPEN_TITLE
            and not any(ch in _SENTENCE_END or ch in "，," for ch in text[last.end : marker.start])
        )
        if marker.style in self.depth:
            return strong or marker.number >= 2 or open_heading
        return (strong and (not self.depth or marker.number == 1)) or (last is not None and open_heading)

    def _note(self, marker: _Marker) -> None:
        if marker.style not in self.depth:
            last = self.last
            self.depth[marker.style] = self.depth[last.style] + 1 if last is not None else len(self.depth)
        for style, level in self.depth.items():
            if level > self.depth[marker.style]:
                self.expected[style] = 1
        self.expected[marker.style] = marker.number + 1
        self.last = marker


def sentence_cuts(text: str) -> list[int]:
    """Where sentences after the first start (after 。！？；), and where 一是/二是 lead clauses begin."""
    inside = _quoted(text)
    cuts = [i + 1 for i, ch in enumerate(text[:-1]) if ch in _SENTENCE_END and not inside[i]]
    cuts += [
        m.start()
        for m in _LEAD.finditer(text)
        if m.start() and text[m.start() - 1] in _STRONG and not inside[m.start()]
    ]
    return cuts


def title_end(text: str, start: int = 0) -> int | None:
    """Where a heading title glued to its body ends: after the name of a statutory part (…存在的不足和原因),
    else after a heading word followed by the start of a body (…工作情况一是…); None when unclear."""
    part = _PART_NAME.search(text, start + 2, start + _OPEN_TITLE + 20)
    if part is not None:
        end = part.end()
        while (more := _MORE_PARTS.match(text, end)) is not None:  # 存在的问题和下一步工作打算
            end = more.end()
        if end < len(text):
            return end
    for match in _HEADING_END.finditer(text, start + 2, start + _OPEN_TITLE + 10):
        rest = match.end()
        if rest < len(text) and _BODY_START.match(text, rest):
            return rest
    subject = _STRONG_START.search(text, start + 6, start + _SHORT_TITLE)  # …矛盾纠纷全年受理…
    return subject.start() if subject is not None else None


def split_line(line: NormLine, sequence: Sequence) -> list[NormLine]:
    """The pieces of one line: itself, or its headings and sentences when it is flattened text."""
    text = line.text
    cuts = sequence.cuts(text)
    if len(text) < _FLAT_MIN or not cuts:
        return [line]
    points = set(cuts) | set(sentence_cuts(text))
    for cut in [0, *cuts]:  # a heading glued to its body without punctuation: cut after its title
        stop = min((p for p in points if p > cut), default=len(text))
        end = title_end(text[:stop], cut)
        if end is not None and not any(ch in _SENTENCE_END for ch in text[cut:end]):
            points.add(end)
    bounds = sorted(p for p in points if 0 < p < len(text))
    return [line.cut(a, b) for a, b in zip([0, *bounds], [*bounds, len(text)], strict=True) if b > a]


def split_title(line: NormLine) -> list[NormLine]:
    """A title glued to what follows it (``…情况的报告现将…``) cut off as a piece of its own."""
    match = TITLE.match(line.text)
    if match is None or match.end() >= len(line.text) or not re.search("法治|依法行政", match.group("title")):
        return [line]
    return [line.cut(0, match.end()), line.cut(match.end(), len(line.text))]


def split_signature(line: NormLine) -> list[NormLine]:
    """A signature at the end of a piece (``…。××县人民政府2024年1月5日``) cut into the issuer and the date."""
    match = SIGNATURE.search(line.text, max(0, len(line.text) - 80))
    if match is None:
        return [line]
    start = match.start("org")
    pieces = [line.cut(0, start)] if start else []
    return [*pieces, line.cut(start, match.end("org")), line.cut(match.start("date"), len(line.text))]


def renumber(pieces: Iterator[NormLine] | list[NormLine]) -> list[NormLine]:
    """Give the pieces consecutive indexes in reading order."""
    return [piece._replace(index=i) for i, piece in enumerate(pieces)]
