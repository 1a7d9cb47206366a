"""Expand the paths a user gives (files, folders, globs) into report files in a stable order."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker.sources import REPORT_SUFFIXES

_GLOB_CHARS = frozenset("*?[")


class _Skip:
    """The batch's own outputs (an output file, a feedback folder), never read back as reports."""

    def __init__(self, paths: Iterable[str | None]) -> None:
        self.paths = tuple(os.path.abspath(p) for p in paths if p)

    def __call__(self, path: str) -> bool:
        here = os.path.abspath(path)
        return any(here == p or here.startswith(p + os.sep) for p in self.paths)


def _walk(folder: Path, skip: _Skip) -> Iterator[str]:
    """Report files under a folder, recursively, sorted; hidden files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip(os.path.join(root, d)))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield os.path.join(root, name)


def collect_paths(arguments: Iterable[str], skip: Iterable[str | None] = ()) -> Iterator[str]:
    """Yield each report path once, in argument order, each folder and glob sorted.

    A path that does not exist is yielded as given, so it becomes an error row instead of
    vanishing silently. Paths in ``skip`` (files, or folders with everything under them) are left out.
    """
    skipped = _Skip(skip)
    seen: set[str] = set()
    for argument in arguments:
        if any(ch in _GLOB_CHARS for ch in argument) and not os.path.exists(argument):
            matches = sorted(glob.glob(argument, recursive=True)) or [argument]
            candidates: Iterable[str] = (
                m for p in matches for m in (_walk(Path(p), skipped) if os.path.isdir(p) else [p])
            )
        elif os.path.isdir(argument):
            candidates = _walk(Path(argument), skipped)
        else:
            candidates = [argument]
        for path in candidates:
            key = os.path.normpath(path)
            if key not in seen and not skipped(path):
                seen.add(key)
                yield path
