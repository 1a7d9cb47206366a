"""Rates a report gives only as two counts: 全年发生行政诉讼案件20件，行政机关负责人出庭17件 → 85%.

A metric may say how its rate is derived (``derive: {of: [...], count: [...], units: [...]}`` in the
rubric): the total is a number with a unit next to one of the ``of`` phrases (行政诉讼案件20件,
3件行政诉讼案件), the part a number next to one of the ``count`` phrases (出庭17件, 1件…出庭), in the
same clause, the part in the same sentence as its total or the next, after it, in the same unit.
The rate is part / nearest total before it; a part larger than its total, or counts in different
units (16人次 of 29件), give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from checker.rubric.model import Derivation
from checker.text.numbers import NUMBER, parse_number

_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_PAUSE = re.compile(r"[，,。；;：:]")
_NEAR_AFTER = 8
_NEAR_BEFORE = 12


class Counted(NamedTuple):
    """A count found next to a phrase: its value, unit and span in the sentence."""

    value: float
    unit: str
    start: int
    end: int


class Derived(NamedTuple):
    """A rate derived from two counts: the percentage and the span of text holding both counts."""

    value: float
    start: int
    end: int


def _number_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    ordered = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?P<num>{NUMBER})(?P<unit>{ordered})")


def _counts(sentence: str, phrases: tuple[str, ...], number: re.Pattern[str]) -> Iterator[Counted]:
    """Counts right after a phrase (案件20件) or shortly before it (3件行政诉讼案件, 1件委负责人出庭)."""
    for phrase in phrases:
        for found in re.finditer(re.escape(phrase), sentence):
            after = number.search(sentence, found.end(), found.end() + _NEAR_AFTER)
            before = None
            for candidate in number.finditer(sentence, max(0, found.start() - _NEAR_BEFORE), found.start()):
                before = candidate  # the nearest one before the phrase
            for match in (after, before):
                if match is None:
                    continue
                between = sentence[min(match.end(), found.end()) : max(match.start(), found.start())]
                if _PAUSE.search(between):
                    continue  # a count across a pause belongs to another clause
                value = parse_number(match.group("num"))
                if value is not None:
                    yield Counted(value, match.group("unit"), match.start(), match.end())


def derive(text: str, rule: Derivation) -> list[Derived]:
    """Every rate the text gives as a part and its total (see the module docstring)."""
    number = _number_pattern(rule.units)
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text)]
    found: list[Derived] = []
    for i, (start, sentence) in enumerate(sentences):
        totals = [c for c in _counts(sentence, rule.totals, number) if c.value > 0]
        if not totals:
            continue
        scope = sentence + (sentences[i + 1][1] if i + 1 < len(sentences) else "")
        for part in _counts(scope, rule.parts, number):
            matching = [t for t in totals if t.unit == part.unit and t.end <= part.start]
            total = max(matching, key=lambda t: t.end, default=None)  # the total nearest before the part
            if total is None or part.value > total.value:
                continue
            value = round(100 * part.value / total.value, 1)
            found.append(Derived(value, start + min(total.start, part.start), start + max(total.end, part.end)))
            break
    return found
