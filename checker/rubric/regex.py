"""Rubric regular expressions that cannot run away: nested repetition is refused before it is ever run.

Python's ``re`` backtracks, and a pattern such as ``(法+)+治X`` takes exponential time on a line of
法: 27 s at 28 characters. Catastrophic backtracking needs a repeated part that can itself match in
more than one way: a repetition inside a repetition, or alternatives inside a repetition that can
start with the same character. Both are refused when the rubric is validated, with a message that
says how to write the pattern instead.
"""

from __future__ import annotations

import re
import re._parser as sre  # the stdlib's own pattern parser (sre_parse before Python 3.11)
from typing import Any

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)} - {None}


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not accepted in a rubric (Chinese with English), or None when it is fine."""
    try:
        parsed = sre.parse(pattern)
    except re.error as exc:
        return f"正则表达式无效 (invalid regex: {exc})"
    if _nested(list(parsed), inside_repeat=False):
        return (
            "正则表达式含有嵌套的重复（如 (法+)+ 或 (甲|甲乙)+），可能极慢，请改写为不嵌套的形式"
            " (nested repetition can backtrack exponentially: rewrite without it)"
        )
    return None


def _nested(items: list[tuple[Any, Any]], inside_repeat: bool) -> bool:
    """Whether a parsed pattern repeats something that can match in more than one way.

    Inside a repetition, any part of variable length (``+``, ``*``, ``?``, ``{1,3}``) and any set of
    alternatives that do not all start with different literal characters is refused.
    """
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            if inside_repeat and low != high:
                return True
            repeats = high is sre.MAXREPEAT or high > 1
            if _nested(list(body), inside_repeat or repeats):
                return True
        elif op is sre.SUBPATTERN:
            if _nested(list(arg[-1]), inside_repeat):
                return True
        elif op is sre.BRANCH:
            if inside_repeat and _ambiguous(arg[1]):
                return True
            if any(_nested(list(alternative), inside_repeat) for alternative in arg[1]):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and _nested(list(arg[1]), inside_repeat):
            return True
    return False


def _ambiguous(alternatives: list[Any]) -> bool:
    """Alternatives whose first characters are not all different literals (an empty one included)."""
    firsts = [_first_literal(list(alternative)) for alternative in alternatives]
    return None in firsts or len(set(firsts)) < len(firsts)


def _first_literal(items: list[tuple[Any, Any]]) -> int | None:
    """The code point an alternative must start with, when it is one literal character."""
    if not items:
        return None
    op, arg = items[0]
    if op is sre.LITERAL:
        return int(arg)
    if op is sre.SUBPATTERN:
        return _first_literal(list(arg[-1]))
    return None
