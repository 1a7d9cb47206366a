"""Decide which statutory part of the report each top-level heading gives, and how well.

``present``: a top-level part is given to the section (alone or shared in one heading);
``weak``: its content only appears inside another part (a sub-heading or body text);
``missing``: nothing covers it. Parts are matched by meaning (keywords, then fuzzy phrases),
not by position, so reordered, merged and folded parts are recognised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from checker.rubric.model import ASKS_BY_SECTION, Section
from checker.status import Status
from checker.text.outline import Heading, Outline
from checker.text.textindex import Hit

_SUBHEADING_MIN_KEYWORD = 3


@dataclass
class SectionFinding:
    """The verdict for one statutory part, with the lines (spans) that belong to it."""

    id: str
    status: Status
    reason: str
    heading: Heading | None = None
    line: int | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)
    code: str = ""  # a stable id of the reason

    def __post_init__(self) -> None:
        self.lines = frozenset(i for lo, hi in self.spans for i in range(lo, hi))
        self.ranges = _disjoint(self.spans)

    def contains(self, line: int) -> bool:
        return line in self.lines


def _disjoint(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same lines as ``spans``, as sorted ranges that neither overlap nor touch."""
    ranges: list[tuple[int, int]] = []
    for lo, hi in sorted(span for span in spans if span[0] < span[1]):
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    return ranges


def heading_sections(title: str, sections: Sequence[Section]) -> list[str]:
    """Which sections a top-level heading title speaks of: keywords first, fuzzy phrases as a fallback."""
    found = [s.id for s in sections if _mentions(title, s.heading_keywords)]
    if found:
        return found
    from rapidfuzz import fuzz  # only headings without a keyword need it

    best, best_score = None, 0.0
    for section in sections:
        for phrase in section.heading_phrases:
            score = fuzz.partial_ratio(phrase, title) if len(title) >= 4 else 0.0
            if score >= section.fuzzy_threshold and score > best_score:
                best, best_score = section.id, score
    return [best] if best else []


def _subheading_matches(title: str, section: Section) -> bool:
    return _mentions(title, _subheading_keywords(section))


@lru_cache(maxsize=64)
def _subheading_keywords(section: Section) -> tuple[str, ...]:
    """The phrases that make a sub-heading speak of a section: longer heading keywords, body keywords."""
    return tuple(k for k in section.heading_keywords if len(k) >= _SUBHEADING_MIN_KEYWORD) + section.body_keywords


def _mentions(title: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``title`` contains any of ``phrases`` (one regex search instead of a loop)."""
    return bool(phrases) and _any_of(phrases).search(title) is not None


@lru_cache(maxsize=256)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, phrases)))


def assign_sections(
    sections: Sequence[Section], outline: Outline, body_hits: dict[str, list[Hit]]
) -> dict[str, SectionFinding]:
    """A finding for every rubric section."""
    top = outline.top()
    claimed: dict[str, list[Heading]] = {}
    thematic: list[Heading] = []
    collector = next((s.id for s in sections if s.collects_unclaimed), None)
    for heading in top:
        found = heading_sections(heading.title, sections)
        for section_id in found:
            claimed.setdefault(section_id, []).append(heading)
        if not found and collector is not None:  # a thematic part of work done (二、深化行政审批制度改革…)
            claimed.setdefault(collector, []).append(heading)
            thematic.append(heading)
    for own in claimed.values():
        own.sort(key=lambda h: h.line)
    findings = {s.id: _present(s, claimed[s.id], claimed, outline, thematic) for s in sections if claimed.get(s.id)}
    # a part without a heading of its own is looked for in the text of parts that say the same kind
    # of thing: work done is not looked for among problems or plans (a plan naming 第一责任人 is a plan),
    # problems not among plans; a plan may stand anywhere (下一步… closing the shortcomings)
    for section in sections:
        if section.id not in findings:
            rank = _PURPOSE_RANK[ASKS_BY_SECTION.get(section.id, "result")]
            taken = frozenset().union(
                *(f.lines for sid, f in findings.items() if _PURPOSE_RANK[ASKS_BY_SECTION.get(sid, "result")] > rank)
            )
            findings[section.id] = _weak_or_missing(section, outline, body_hits, taken)
    return {s.id: findings[s.id] for s in sections}


_PURPOSE_RANK = {"result": 0, "problem": 1, "plan": 2}


def _present(
    section: Section,
    headings: list[Heading],
    claimed: dict[str, list[Heading]],
    outline: Outline,
    thematic: list[Heading],
) -> SectionFinding:
    first = headings[0]
    shared = sorted({sid for sid, hs in claimed.items() if sid != section.id and any(h in hs for h in headings)})
    spans: list[tuple[int, int]] = []
    for heading in headings:
        children = [h for h in outline.headings if h.level > heading.level and heading.line < h.line < heading.end]
        top_level = min((c.level for c in children), default=None)
        top_children = [h for h in children if h.level == top_level]
        own = [h for h in top_children if _subheading_matches(h.title, section)] if shared else []
        if own:
            spans.extend((h.line, h.end) for h in own)
        else:
            spans.append((heading.line, heading.end))
    if shared:
        reason, code = f"与“{'、'.join(shared)}”合并在同一标题下", "shared_heading"
    elif all(h in thematic for h in headings):
        reason, code = f"由{len(headings)}个按工作领域分列的一级标题构成（{first.text}等）", "thematic"
    else:
        reason, code = "有单独的一级标题", "heading"
    return SectionFinding(section.id, Status.PRESENT, reason, first, first.line, spans, shared, code)


def _weak_or_missing(
    section: Section, outline: Outline, body_hits: dict[str, list[Hit]], taken: frozenset[int]
) -> SectionFinding:
    subs = [
        h
        for h in outline.headings
        if h.level != outline.top_level and h.line not in taken and _subheading_matches(h.title, section)
    ]
    if subs:
        first = subs[0]
        return SectionFinding(
            section.id,
            Status.WEAK,
            f"没有单独的一级标题，只在其他部分的小标题“{first.text}”中出现",
            first,
            first.line,
            [(h.line, h.end) for h in subs],
            code="subheading",
        )
    lines = sorted({hit.line for k in section.body_keywords for hit in body_hits.get(k, ()) if hit.line not in taken})
    if lines:
        return SectionFinding(
            section.id,
            Status.WEAK,
            "没有单独的一级标题，相关内容只散见于其他部分的正文",
            None,
            lines[0],
            [(line, line + 1) for line in lines],
            code="body_only",
        )
    return SectionFinding(section.id, Status.MISSING, "全文没有找到这一部分的标题或内容", code="not_found")
