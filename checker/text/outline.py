"""Find the report's headings and nest them into an outline of spans.

Recognised markers, from the highest level down: 一、 / 第一部分, (一), 1. / 1、, (1) / ①.
A heading is a short line, or the lead clause of a paragraph: in
``(一)强化组织领导，持续推进……。正文……`` the heading is the text before the first 。.
Headings marked by the format itself (Word styles, HTML h1–h6) count too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from checker.text.normalize import NormLine

_CN_DIGITS = "一二三四五六七八九十"
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?:第([{_CN_DIGITS}]{{1,3}})部分[、.:,]?|([{_CN_DIGITS}]{{1,3}})[、.])")),
    (2, re.compile(rf"^\(([{_CN_DIGITS}]{{1,3}})\)[、.]?")),
    (3, re.compile(r"^(\d{1,2})(?:[、]|\.(?!\d))")),
    (4, re.compile(r"^(?:\((\d{1,2})\)[、.]?|([①-⑳]))")),
)
_MARKER_STARTS = frozenset(f"第{_CN_DIGITS}(" + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))  # or a digit
_MARKED_LEVEL_BASE = 0  # a format-marked heading of level k sits at level k (before 一、 levels)
_SHORT_HEADING = 50
_LEAD_CLAUSE_MAX = 70
_LEAD_END = re.compile(r"[。;:!?]")


class Heading(NamedTuple):
    """One heading: its level (1 = highest), title text and where it stands.

    ``line`` is the 0-based index of its line in the document; ``end`` is the index one past the
    last line of its span; ``lead`` is True when the heading is the lead clause of a paragraph.
    """

    level: int
    title: str
    line: int
    end: int
    lead: bool
    marker: str

    @property
    def text(self) -> str:
        return self.marker + self.title


_BARE_TITLE = 16  # a numbered line without a body and longer than this reads as a list item


class Outline(NamedTuple):
    """All headings of a document, in order, with the level that counts as its top level."""

    headings: tuple[Heading, ...]
    top_level: int | None

    def top(self) -> list[Heading]:
        """The top-level parts of the report."""
        return [h for h in self.headings if h.level == self.top_level]

    def bare_titles(self, lengths: Mapping[int, int], min_body: int = 30) -> dict[int, int]:
        """Where the titles that are no content end on their lines: every part's own heading, and a
        sub-heading with less than ``min_body`` characters of text under it. Under a sub-heading with a
        body of its own, the title names what the body is about, and counts with it.

        A numbered line with nothing under it is a list item, not a title, when it reads as a sentence
        (``3.继续做好党委领导全面依法治镇工作制度。``); a short one without an end (``（二）加强执法监督``)
        is a title with no body. ``lengths`` gives the length of every line of text.
        """
        heading_lines = {h.line for h in self.headings}
        bare = {}
        for h in self.headings:
            title = len(h.marker) + len(h.title)
            own = lengths.get(h.line, 0) - title if h.lead else 0
            under = [i for i in range(h.line + 1, h.end) if i in lengths]
            listed = not (h.lead or any(i not in heading_lines for i in under))
            if listed and (len(h.title) > _BARE_TITLE or h.title[-1:] in "。；;！!"):
                continue  # a list item
            if h.level == self.top_level or own + sum(lengths[i] for i in under) < min_body:
                bare[h.line] = title
        return bare


def split_heading(text: str) -> tuple[int, str, str, bool] | None:
    """Return (level, marker, title, is_lead_clause) if a normalized line starts with a heading."""
    if not text or not (text[0] in _MARKER_STARTS or text[0].isdecimal()):  # most lines: no marker can match
        return None
    for level, pattern in _MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        marker, rest = match.group(0), text[match.end() :]
        if not rest or rest[0] in "是要":  # 一是…, 一要… enumerate inside a paragraph
            return None
        title, lead = _heading_title(rest)
        if not title:
            return None
        return level, marker, title, lead
    return None


def _heading_title(rest: str) -> tuple[str, bool]:
    body = rest.rstrip("。.;:")
    if len(body) <= _SHORT_HEADING and not _LEAD_END.search(body):
        return body, False
    end = _LEAD_END.search(rest)
    if end and end.start() <= _LEAD_CLAUSE_MAX:
        return rest[: end.start()], True
    return "", False


def build_outline(lines: Sequence[NormLine], marked: Mapping[int, int] | None = None) -> Outline:
    """Find the headings among normalized lines and give each its span."""
    marked = marked or {}
    found: list[tuple[int, str, str, int, bool]] = []
    for line in lines:
        if line.noise:
            continue
        parsed = split_heading(line.text)
        if parsed:
            level, marker, title, lead = parsed
            if line.index in marked:
                level = min(level, marked[line.index] + 1)
            found.append((level, marker, title, line.index, lead))
        elif line.index in marked and len(line.text) <= _SHORT_HEADING:
            found.append((_MARKED_LEVEL_BASE + marked[line.index], "", line.text, line.index, False))
    last = (lines[-1].index + 1) if lines else 0
    ends = [last] * len(found)  # a heading's span ends at the next heading of its level or higher
    open_positions: list[int] = []
    for pos, (level, _, _, index, _) in enumerate(found):
        while open_positions and found[open_positions[-1]][0] >= level:
            ends[open_positions.pop()] = index
        open_positions.append(pos)
    headings = [
        Heading(level=level, title=title, line=index, end=end, lead=lead, marker=marker)
        for (level, marker, title, index, lead), end in zip(found, ends, strict=True)
    ]
    top_level = min((h.level for h in headings), default=None)
    return Outline(headings=tuple(headings), top_level=top_level)
