"""All of a rubric's phrases found in one pass (Aho–Corasick)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from ahocorasick_rs import AhoCorasick

from checker.analysis.kinds import phrases
from checker.rubric.model import Rubric
from checker.text.textindex import Hit, ReportText

_new_hit = tuple.__new__  # a Hit without the NamedTuple's Python-level __new__: hundreds per report


class PhraseMatcher:
    """Compiled once per rubric; ``find`` returns every hit of every phrase, by phrase."""

    def __init__(self, rubric: Rubric) -> None:
        self.phrases = sorted(phrases(rubric))
        self.automaton = AhoCorasick(self.phrases)  # the standard match kind reports overlapping hits

    def find(self, text: ReportText) -> dict[str, list[Hit]]:
        hits: dict[str, list[Hit]] = defaultdict(list)
        if not text.joined:
            return hits
        phrases, indexes = self.phrases, [line.index for line in text.lines]
        bounds = [*text.starts, len(text.joined) + 1]  # line n spans bounds[n]..bounds[n + 1]
        slot = 0
        # every hit, overlapping ones too, as character offsets; no phrase holds a line break
        for number, start, end in self.automaton.find_matches_as_indexes(text.joined, overlapping=True):
            if not bounds[slot] <= start < bounds[slot + 1]:  # a hit on another line
                slot = bisect_right(bounds, start) - 1
            base, phrase = bounds[slot], phrases[number]
            hits[phrase].append(_new_hit(Hit, (indexes[slot], start - base, end - base, phrase)))
        return hits
