"""All of a rubric's phrases found in one pass (Aho–Corasick), plus its regexes and fuzzy phrases."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from ahocorasick_rs import AhoCorasick

from checker.rubric.model import Rubric
from checker.text.textindex import Hit, ReportText

_new_hit = tuple.__new__  # a Hit without the NamedTuple's Python-level __new__: hundreds per report


def rubric_phrases(rubric: Rubric) -> set[str]:
    """Every literal phrase the rubric looks for."""
    phrases: set[str] = set()
    for section in rubric.sections:
        phrases.update(section.body_keywords)
    for metric in rubric.metrics:
        phrases.update(metric.keywords)
    for element in rubric.elements:
        phrases.update(element.match.any)
        phrases.update(element.match.accept)
        for group in element.match.all:
            phrases.update(group)
    return {p for p in phrases if p}


class PhraseMatcher:
    """Compiled once per rubric; ``find`` returns every hit of every phrase, by phrase."""

    def __init__(self, rubric: Rubric) -> None:
        self.phrases = sorted(rubric_phrases(rubric))
        self.automaton = AhoCorasick(self.phrases)  # the standard match kind reports overlapping hits
        self.regexes = {e.id: re.compile(e.match.regex) for e in rubric.elements if e.match.regex}
        self.fuzzy = {e.id: e.match.fuzzy for e in rubric.elements if e.match.fuzzy}

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

    def find_regex(self, element_id: str, text: ReportText) -> list[Hit]:
        pattern = self.regexes[element_id]
        return [
            text.hit_at(m.group(0), m.start(), m.end()) for m in pattern.finditer(text.joined) if m.end() > m.start()
        ]

    def find_fuzzy(self, element_id: str, text: ReportText) -> list[Hit]:
        from rapidfuzz import fuzz  # only rubrics with fuzzy elements need it

        rule = self.fuzzy[element_id]
        hits = []
        for line in text.lines:
            for phrase in rule.phrases:
                found = fuzz.partial_ratio_alignment(phrase, line.text, score_cutoff=rule.threshold)
                if found is not None:
                    hits.append(Hit(line.index, found.dest_start, found.dest_end, phrase))
                    break
        return hits
