"""Expand the paths a user gives (files, folders, globs) into report files in a stable order."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker.sources import REPORT_SUFFIXES

_GLOB_CHARS = frozenset("*?[")


def _walk(folder: Path) -> Iterator[str]:
    """Report files under a folder, recursively, sorted; hidden files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield os.path.join(root, name)


def collect_paths(arguments: Iterable[str]) -> Iterator[str]:
    """Yield each report path once, in argument order, each folder and glob sorted.

    A path that does not exist is yielded as given, so it becomes an error row instead of
    vanishing silently.
    """
    seen: set[str] = set()
    for argument in arguments:
        if any(ch in _GLOB_CHARS for ch in argument) and not os.path.exists(argument):
            matches = sorted(glob.glob(argument, recursive=True)) or [argument]
            candidates: Iterable[str] = (m for p in matches for m in (_walk(Path(p)) if os.path.isdir(p) else [p]))
        elif os.path.isdir(argument):
            candidates = _walk(Path(argument))
        else:
            candidates = [argument]
        for path in candidates:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path
