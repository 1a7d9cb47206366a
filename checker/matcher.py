"""All of a rubric's phrases found in one pass (Aho–Corasick), plus its regexes and fuzzy phrases."""

from __future__ import annotations

import re
from collections import defaultdict

import ahocorasick

from checker.rubric_model import Rubric
from checker.textindex import Hit, ReportText


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
        self.automaton = ahocorasick.Automaton()
        for phrase in sorted(rubric_phrases(rubric)):
            self.automaton.add_word(phrase, phrase)
        self.automaton.make_automaton()
        self.regexes = {e.id: re.compile(e.match.regex) for e in rubric.elements if e.match.regex}
        self.fuzzy = {e.id: e.match.fuzzy for e in rubric.elements if e.match.fuzzy}

    def find(self, text: ReportText) -> dict[str, list[Hit]]:
        hits: dict[str, list[Hit]] = defaultdict(list)
        if not text.joined:
            return hits
        starts, indexes = text.starts, [line.index for line in text.lines]
        slot, next_start, last = 0, starts[1] if len(starts) > 1 else len(text.joined) + 1, len(starts) - 1
        for end, phrase in self.automaton.iter(text.joined):  # hits come in order of their end
            start = end - len(phrase) + 1
            while start >= next_start:
                slot += 1
                next_start = starts[slot + 1] if slot < last else len(text.joined) + 1
            base = starts[slot]
            hits[phrase].append(Hit(indexes[slot], start - base, end + 1 - base, phrase))
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
