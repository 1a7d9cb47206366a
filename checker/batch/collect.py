"""Expand the paths a user gives (files, folders, globs) into report files, each once, in a stable order.

A file is known by what it is, not by how it was named: ``(st_dev, st_ino)`` from ``stat``, which
follows symbolic links. So a report reached through a link, a second argument or a glob over a
symlink loop is checked once, and the batch can tell whether an output would overwrite an input.
Folder walks do not follow links to folders (as ``os.walk``); ``**`` in a glob does, visiting each
real folder once, so a link loop neither repeats reports nor runs forever.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from checker.sources import REPORT_SUFFIXES

_GLOB_CHARS = frozenset("*?[")
FileKey = tuple[int, int]


class Input(NamedTuple):
    """A report path as it will be shown, and the file it names (None when it cannot be stat'ed)."""

    path: str
    key: FileKey | None


def file_key(path: str) -> FileKey | None:
    """The identity of the file ``path`` names, following links; None if there is none."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _is_report(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in REPORT_SUFFIXES


def _walk(folder: str, skip_folders: frozenset[FileKey], skip_files: frozenset[FileKey]) -> Iterator[Input]:
    """Report files under a folder: each folder's files by name, then its subfolders by name.

    Hidden names and the batch's own outputs (``skip_*``) are left out. A folder that cannot be
    listed is yielded itself, so that it becomes an error row instead of vanishing.
    """
    stack = [folder]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            yield Input(top, None)
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                key = file_key(entry.path)
                if key not in skip_folders:
                    folders.append(entry.path)
            elif _is_report(entry.name):
                try:
                    info = entry.stat()  # follows a link to the file it names
                except OSError:  # a dangling link: an error row
                    yield Input(entry.path, None)
                    continue
                key = (info.st_dev, info.st_ino)
                if not stat.S_ISDIR(info.st_mode) and key not in skip_files:
                    yield Input(entry.path, key)
        stack.extend(reversed(folders))


def _folders_below(top: str) -> Iterator[str]:
    """``top`` and every folder under it, following links, each real folder once; hidden ones left out."""
    seen: set[FileKey] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        key = file_key(folder or ".")
        if key is None or key in seen:
            continue
        seen.add(key)
        yield folder
        try:
            with os.scandir(folder or ".") as listing:
                names = sorted(e.name for e in listing if not e.name.startswith(".") and e.is_dir())
        except OSError:
            continue
        stack.extend(os.path.join(folder, name) for name in reversed(names))


def _glob(pattern: str) -> Iterator[str]:
    """Paths matching a glob pattern (``*``, ``?``, ``[...]``, and ``**`` for any folders below)."""
    drive, rest = os.path.splitdrive(pattern)
    parts = rest.replace(os.altsep or os.sep, os.sep).split(os.sep)
    base = drive + os.sep if parts and parts[0] == "" else drive
    yield from _expand(base, [p for p in parts if p])


def _expand(base: str, parts: list[str]) -> Iterator[str]:
    if not parts:
        yield base
        return
    head, rest = parts[0], parts[1:]
    if head == "**":
        for folder in _folders_below(base):
            yield from _expand(folder, rest)
    elif any(ch in _GLOB_CHARS for ch in head):
        try:
            with os.scandir(base or ".") as listing:
                names = sorted(entry.name for entry in listing)
        except OSError:
            return
        for name in names:
            if name.startswith(".") and not head.startswith("."):
                continue
            if fnmatch.fnmatch(name, head):
                path = os.path.join(base, name)
                if not rest or os.path.isdir(path):
                    yield from _expand(path, rest)
    elif rest:
        yield from _expand(os.path.join(base, head), rest)
    else:
        path = os.path.join(base, head)
        if os.path.lexists(path):
            yield path


def _matched(paths: list[str], skip_folders: frozenset[FileKey], skip_files: frozenset[FileKey]) -> Iterator[Input]:
    """What a glob matched: folders walked, files as they are; the batch's own outputs left out."""
    for path in paths:
        key = file_key(path)
        if os.path.isdir(path):
            if key not in skip_folders:
                yield from _walk(path, skip_folders, skip_files)
        elif key is None or key not in skip_files:
            yield Input(path, key)


def _keys(paths: Iterable[str | None]) -> frozenset[FileKey]:
    return frozenset(key for path in paths if path and (key := file_key(path)) is not None)


def collect_inputs(
    arguments: Iterable[str], skip_folders: Iterable[str | None] = (), skip_files: Iterable[str | None] = ()
) -> Iterator[Input]:
    """Yield each report file once, in argument order, each folder and glob sorted.

    A path that does not exist is yielded as given, so it becomes an error row instead of
    vanishing silently. Folder walks and globs leave out ``skip_folders`` and ``skip_files`` (the
    batch's own outputs, compared by what they are); a path named directly is always an input.
    """
    folders, files = _keys(skip_folders), _keys(skip_files)
    seen: set[FileKey | str] = set()
    for argument in arguments:
        if any(ch in _GLOB_CHARS for ch in argument) and not os.path.exists(argument):
            matches = sorted(set(_glob(argument)))
            found = _matched(matches, folders, files) if matches else iter([Input(argument, None)])
        elif os.path.isdir(argument):
            found = _walk(argument, folders, files)
        else:
            found = iter([Input(argument, file_key(argument))])
        for item in found:
            ident: FileKey | str = item.key if item.key is not None else os.path.normpath(item.path)
            if ident not in seen:
                seen.add(ident)
                yield item
