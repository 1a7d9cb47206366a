"""What every element kind judges against: the report's text, outline, phrase hits, figures and parts.

Built once per report by the engine; the helpers here find an element's hits within its scope
and turn them into evidence, so every kind quotes and locates evidence the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import NamedTuple

from checker.analysis.figures import Figure
from checker.analysis.matcher import PhraseMatcher
from checker.analysis.mood import Mood, mood_at
from checker.analysis.sections import SectionFinding
from checker.analysis.substance import Problem, Sentence, Specificity, plan_items, problems, sentences, specificity
from checker.result import Evidence
from checker.rubric.model import Element, Rubric
from checker.text.normalize import NormLine
from checker.text.numbers import NUMBER
from checker.text.outline import Outline
from checker.text.textindex import Hit, ReportText

MAX_EVIDENCE = 3
_COUNT_NEAR = re.compile(rf"{NUMBER}(?:万|余|多)*(?:次|场|件|期|人次|人|份|项|个|篇|条|起|%)")
_NEAR = 30


USABLE = {
    "result": frozenset({Mood.RESULT}),
    "plan": frozenset({Mood.PLAN, Mood.RESULT}),
    "problem": frozenset({Mood.RESULT, Mood.NEGATED, Mood.PLAN}),
    "any": frozenset({Mood.RESULT, Mood.NEGATED, Mood.PLAN, Mood.DEFERRED}),
}
WHY_NOT = {  # why hits that say something else count for nothing
    Mood.PLAN: "只在计划或打算中提到，计划不是已做的工作",
    Mood.HEADING: "只在标题中出现，正文没有写",
    Mood.NEGATED: "写的是尚未做到或没有做",
    Mood.DEFERRED: "只说将要分析研究，没有写出内容",
    Mood.RESULT: "写的是工作成效，不是这里要的内容",
}


class Sorted(NamedTuple):
    """An element's hits sorted by where they stand and what they say."""

    inside: list[Hit]
    outside: list[Hit]
    unusable: list[tuple[Mood, Hit]]

    def why_not(self) -> tuple[str, list[Hit]]:
        """The reason the unusable hits count for nothing (the most common one), and those hits."""
        moods = [mood for mood, _ in self.unusable]
        common = max(set(moods), key=moods.count)
        return WHY_NOT[common], [hit for mood, hit in self.unusable if mood is common]


@dataclass
class Context:
    """Everything an element is judged against, computed once per report."""

    rubric: Rubric
    text: ReportText
    outline: Outline
    hits: dict[str, list[Hit]]
    figures: list[Figure]
    sections: dict[str, SectionFinding]
    heading_ends: dict[int, int]
    phrases: PhraseMatcher
    closing: frozenset[int] = frozenset()  # the signature's pieces (issuer, date): no part's body
    cache: dict[str, object] = field(default_factory=dict)
    moods: dict[tuple[int, int, int], Mood] = field(
        default_factory=dict
    )  # what several kinds derive from the report once

    @cached_property
    def parts_by_line(self) -> dict[int, tuple[str, ...]]:
        """For each piece of text in a part, the parts it belongs to (two where a part sits inside another)."""
        parts: dict[int, list[str]] = {}
        outer_first = sorted(self.sections.items(), key=lambda item: -len(item[1].lines))
        for section_id, finding in outer_first:
            for line in finding.lines:
                parts.setdefault(line, []).append(section_id)
        return {line: tuple(ids) for line, ids in parts.items()}

    def parts_of(self, line: int) -> tuple[str, ...]:
        """The parts a piece of text belongs to, the innermost last; none for text outside every part."""
        return self.parts_by_line.get(line, ())

    def in_scope(self, hit: Hit, scope: tuple[str, ...] | None) -> bool:
        """Whether a hit stands where an element's evidence counts (text outside every part counts as
        work done: a report without headings is its measures)."""
        if scope is None:
            return True
        parts = self.parts_of(hit.line)
        return any(p in scope for p in parts) if parts else "measures" in scope

    def part_title(self, section_id: str) -> str:
        section = self.rubric.section(section_id)
        return section.title if section else section_id

    def where(self, hit: Hit) -> str:
        """The part a hit stands in, in Chinese: the innermost one, or 开头 for the opening."""
        parts = self.parts_of(hit.line)
        return self.part_title(parts[-1]) if parts else "开头或正文"

    def mood(self, hit: Hit) -> Mood:
        """Whether the hit's sentence reports a result, states a plan, denies or defers, or is a title."""
        key = (hit.line, hit.start, hit.end)
        if key not in self.moods:
            self.moods[key] = self._mood(hit)
        return self.moods[key]

    def _mood(self, hit: Hit) -> Mood:
        plan = self.sections.get("next_year")
        in_plan = plan is not None and plan.contains(hit.line) and "next_year" in self.parts_of(hit.line)[-1:]
        line = self.text.by_index[hit.line].text
        return mood_at(line, hit.start, hit.end, in_plan, self.heading_ends.get(hit.line))

    def hits_within(self, phrases: list[str], other: list[Hit], finding: SectionFinding | None) -> list[Hit]:
        """The hits of ``phrases`` (and ``other`` hits) on the lines of one part, in reading order.

        Each phrase's hits are in reading order, so the part's line ranges are cut out by bisection
        instead of testing every hit of the report.
        """
        if finding is None:
            return []
        scoped = [h for h in other if h.line in finding.lines]
        for phrase in phrases:
            hits = self.hits[phrase]
            for lo, hi in finding.ranges:
                scoped += hits[bisect_left(hits, (lo,)) : bisect_left(hits, (hi,))]
        scoped.sort()
        return scoped

    def _body(self, section_id: str) -> tuple[list[NormLine], dict[int, int]]:
        """A part's pieces (the signature left out) and where the parts' own heading titles end on theirs."""
        finding = self.sections.get(section_id)
        kept = sorted(finding.lines - self.closing) if finding else []
        # the parts' own headings are left out; their sub-headings are content (problems, tasks)
        own = {h.line: len(h.marker) + len(h.title) for h in self.outline.top()}
        return [self.text.by_index[i] for i in kept if i in self.text.by_index], own

    def sentences_of(self, section_id: str) -> list[Sentence]:
        """The sentences of a part's body (its heading titles left out), computed once."""
        key = f"sentences:{section_id}"
        if key not in self.cache:
            self.cache[key] = sentences(*self._body(section_id))
        return self.cache[key]  # type: ignore[return-value]

    def body_text(self, section_id: str) -> str:
        """A part's body as written, its own heading titles and the signature left out."""
        lines, own = self._body(section_id)
        return "".join(line.text[own.get(line.index, 0) :] for line in lines)

    def specificity(self, section_id: str) -> Specificity:
        """How many of a part's sentences give facts, and how many are stock phrases only."""
        key = f"specificity:{section_id}"
        if key not in self.cache:
            found = self.sentences_of(section_id)
            self.cache[key] = specificity(found, self.rubric.stock_phrases, self.rubric.concrete_words)
        return self.cache[key]  # type: ignore[return-value]

    def plan_items(self) -> list[tuple[int, int, str]]:
        """The next-year part's items (piece, start, text): its sub-headings with their bodies, else its
        enumerated clauses, else its sentences; the part's own sub-heading (二、下一步工作打算) is no item."""
        if "plan_items" not in self.cache:
            plan = self.sentences_of("next_year")
            finding = self.sections.get("next_year")
            top = set(self.outline.top())
            starts = {lo for lo, _ in finding.spans} if finding else set()
            headings = [
                h
                for h in self.outline.headings
                if finding and h.line in finding.lines and h not in top and h.line not in starts
            ]
            self.cache["plan_items"] = plan_items(plan, headings)
        return self.cache["plan_items"]  # type: ignore[return-value]

    def problems(self) -> list[Problem]:
        """The problems the shortcomings part lists, each with whether its cause is given."""
        if "problems" not in self.cache:
            self.cache["problems"] = problems(self.sentences_of("shortcomings"))
        return self.cache["problems"]  # type: ignore[return-value]

    def sort_hits(self, hits: list[Hit], element: Element) -> Sorted:
        """The hits that count (in scope and saying what the element asks), those that count but stand in
        another part, and the moods of those that say something else (a plan, a title, a denial)."""
        usable = USABLE[element.asks]
        inside: list[Hit] = []
        outside: list[Hit] = []
        unusable: list[tuple[Mood, Hit]] = []
        for hit in hits:
            mood = self.mood(hit)
            if mood not in usable:
                unusable.append((mood, hit))
            elif self.in_scope(hit, element.scope):
                inside.append(hit)
            else:
                outside.append(hit)
        return Sorted(inside, outside, unusable)

    def every_hit(self, phrases: list[str], other: list[Hit]) -> list[Hit]:
        """The hits of ``phrases`` and ``other`` hits anywhere in the report, in reading order."""
        return sorted(chain(chain.from_iterable(self.hits[p] for p in phrases), other))

    def keyword_hits(self, phrases: tuple[str, ...]) -> list[Hit]:
        """Every hit of any of ``phrases``, in reading order."""
        found = [self.hits[p] for p in phrases if p in self.hits]
        if len(found) == 1:
            return list(found[0])  # one phrase's hits are already in reading order
        return sorted(chain.from_iterable(found))

    def evidence(self, hits: list[Hit], how: str) -> tuple[Evidence, ...]:
        """Up to three quotes, one per line, from the user's own lines (none when checked without evidence).

        Each says which part of the report it stands in.
        """
        if not self.text.quotes:
            return ()
        seen, out, document = set(), [], self.text.document
        for hit in hits:
            if hit.line in seen:
                continue
            seen.add(hit.line)
            line, column = self.text.position(hit.line, hit.start)
            parts = self.parts_of(hit.line)
            place = document.place(line - 1, column) if document.places else None
            out.append(Evidence(line, self.text.snippet(hit), how, column, parts[-1] if parts else None, place))
            if len(out) == MAX_EVIDENCE:
                break
        return tuple(out)

    def in_heading(self, hit: Hit) -> bool:
        """Whether the hit lies in the title of a heading (a heading line, or a lead clause)."""
        end = self.heading_ends.get(hit.line)
        return end is not None and hit.end <= end

    def has_count_near(self, hit: Hit) -> bool:
        """Whether a count with its unit (12次, 3件, 98%) follows the hit closely on its line."""
        line = self.text.by_index[hit.line].text
        return bool(_COUNT_NEAR.search(line, hit.start, min(len(line), hit.end + _NEAR)))

    def section_title(self, element: Element) -> str:
        """The Chinese title of the part an element belongs to."""
        section = self.rubric.section(element.section)
        return section.title if section else element.section
