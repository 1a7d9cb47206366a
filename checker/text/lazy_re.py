"""Regular expressions compiled on first use: a module of many large patterns costs nothing at start-up
until a report needs them (web-page furniture, for one, is absent from most files)."""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)``; compiles on the first call of any method."""

    __slots__ = ("_flags", "pattern", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only reached while the methods are not yet bound
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> Any:
    """A pattern compiled when first used (typed as Any: it answers to every ``re.Pattern`` method)."""
    return LazyPattern(pattern, flags)


def compile_all(namespace: dict[str, Any]) -> int:
    """Compile now every lazy pattern among a module's names (``vars(module)``); how many there were.

    For a process that forks many short checks: compiled once before forking, never in each child.
    """
    patterns = [value for value in namespace.values() if isinstance(value, LazyPattern)]
    for pattern in patterns:
        pattern.search("")
    return len(patterns)
