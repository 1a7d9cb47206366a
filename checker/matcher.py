"""All of a rubric's phrases found in one pass (Aho–Corasick), plus its regexes and fuzzy phrases."""

from __future__ import annotations

import re
from collections import defaultdict

import ahocorasick
from rapidfuzz import fuzz

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
        for end, phrase in self.automaton.iter(text.joined):
            start = end - len(phrase) + 1
            hits[phrase].append(text.hit_at(phrase, start, end + 1))
        return hits

    def find_regex(self, element_id: str, text: ReportText) -> list[Hit]:
        pattern = self.regexes[element_id]
        return [
            text.hit_at(m.group(0), m.start(), m.end()) for m in pattern.finditer(text.joined) if m.end() > m.start()
        ]

    def find_fuzzy(self, element_id: str, text: ReportText) -> list[Hit]:
        rule = self.fuzzy[element_id]
        hits = []
        for line in text.lines:
            for phrase in rule.phrases:
                found = fuzz.partial_ratio_alignment(phrase, line.text, score_cutoff=rule.threshold)
                if found is not None:
                    hits.append(Hit(phrase, line.index, found.dest_start, found.dest_end))
                    break
        return hits
