"""What every element kind judges against: the report's text, outline, phrase hits, figures and parts.

Built once per report by the engine; the helpers here find an element's hits within its scope
and turn them into evidence, so every kind quotes and locates evidence the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import chain

from checker.analysis.figures import Figure
from checker.analysis.matcher import PhraseMatcher
from checker.analysis.sections import SectionFinding
from checker.result import Evidence
from checker.rubric.model import Element, Rubric
from checker.text.numbers import NUMBER
from checker.text.outline import Outline
from checker.text.textindex import Hit, ReportText

MAX_EVIDENCE = 3
_COUNT_NEAR = re.compile(rf"{NUMBER}(?:万|余|多)*(?:次|场|件|期|人次|人|份|项|个|篇|条|起|%)")
_NEAR = 30


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
        """Up to three quotes, one per line, from the user's own lines (none when checked without evidence)."""
        if not self.text.quotes:
            return ()
        seen, out = set(), []
        for hit in hits:
            if hit.line in seen:
                continue
            seen.add(hit.line)
            line, column = self.text.position(hit.line, hit.start)
            out.append(Evidence(line, self.text.snippet(hit), how, column))
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
