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
        return bool(self.paths) and self.absolute(os.path.abspath(path))

    def absolute(self, path: str) -> bool:
        """The same test for a path that is already absolute and normalized."""
        return any(path == p or path.startswith(p + os.sep) for p in self.paths)


def _walk(folder: Path, skip: _Skip) -> Iterator[str]:
    """Report files under a folder, recursively, sorted, none of them skipped; hidden ones are left out."""
    for root, dirs, files in os.walk(folder):
        here = os.path.abspath(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip.absolute(os.path.join(here, d)))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES:
                continue
            if not (skip.paths and skip.absolute(os.path.join(here, name))):
                yield os.path.join(root, name)


def collect_paths(arguments: Iterable[str], skip: Iterable[str | None] = ()) -> Iterator[str]:
    """Yield each report path once, in argument order, each folder and glob sorted.

    A path that does not exist is yielded as given, so it becomes an error row instead of
    vanishing silently. Paths in ``skip`` (files, or folders with everything under them) are left out.
    """
    skipped = _Skip(skip)
    seen: set[str] = set()
    for argument in arguments:
        matches = [argument]
        if any(ch in _GLOB_CHARS for ch in argument) and not os.path.exists(argument):
            matches = sorted(glob.glob(argument, recursive=True)) or matches
        for match in matches:
            if os.path.isdir(match):
                candidates: Iterable[str] = _walk(Path(match), skipped)  # skipped ones already left out
            else:
                candidates = () if skipped(match) else (match,)
            for path in candidates:
                key = os.path.normpath(path)
                if key not in seen:
                    seen.add(key)
                    yield path
