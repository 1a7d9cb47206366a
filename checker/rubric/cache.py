"""A disk cache of validated rubrics, so a one-report run skips YAML parsing and validation.

An entry is JSON: plain values, with each typed record written as ``{"@": type name, "v": [fields]}``.
Loading builds only the record types it is given (the rubric model's and the element kinds'), so
a planted or damaged cache file can at worst be ignored, never run code (no pickle). An entry
records the files it was built from (the rubric, every file it extends, and the code that reads
them: this package, the normalizer and the kinds' modules) with their sizes and modification
times, and a SHA-256 of its payload; a stale, foreign or corrupt entry is a miss and is rebuilt.
``REPORTCHECK_NO_CACHE=1`` turns the cache off; ``REPORTCHECK_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker import __version__
from checker.rubric.model import (
    Check,
    Derivation,
    Element,
    ElementExample,
    Expectation,
    Grade,
    Metric,
    Rubric,
    Section,
)

FORMAT = 2
_MODEL = (Rubric, Grade, Section, Metric, Expectation, Derivation, Element, ElementExample, Check)
_CODE = (
    *sorted(Path(__file__).parent.glob("*.py")),
    Path(__file__).parents[1] / "text" / "normalize.py",
)
Stamp = tuple[str, int, int]


def cache_path(path: Path) -> Path | None:
    """Where the cache entry of a rubric file lives; None when caching is off."""
    if os.environ.get("REPORTCHECK_NO_CACHE"):
        return None
    folder = os.environ.get("REPORTCHECK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "reportcheck"
    )
    digest = zlib.crc32(f"{__version__}:{path}".encode())
    return Path(folder) / f"rubric-{path.stem}-{digest:08x}.json"


def _code_files(types: Iterable[type]) -> list[Path]:
    """The code whose output the cache stores: this package, the normalizer, the modules of ``types``."""
    modules = {sys.modules[t.__module__].__file__ for t in types if t.__module__ in sys.modules}
    return [*_CODE, *sorted(Path(m) for m in modules if m)]


def stamp(paths: list[Path]) -> list[Stamp]:
    """Size and modification time of each file."""
    stamps = []
    for path in paths:
        info = path.stat()
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return stamps


def encode(value: Any) -> Any:
    """Plain JSON values for a tree of records (NamedTuples), tuples and scalars."""
    if isinstance(value, tuple):
        items = [encode(item) for item in value]
        return {"@": type(value).__name__, "v": items} if hasattr(value, "_fields") else {"@": "", "v": items}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any, types: dict[str, type]) -> Any:
    """The records back from ``encode``'s values, building only the ``types`` given (else ValueError)."""
    if isinstance(value, dict):
        items = tuple(decode(item, types) for item in value["v"])
        name = value["@"]
        if name == "":
            return items
        if name not in types:
            raise ValueError(f"unexpected record type {name!r}")
        return types[name](*items)
    if isinstance(value, list):
        raise ValueError("unexpected list")
    return value


def _type_table(types: Iterable[type]) -> dict[str, type]:
    table: dict[str, type] = {}
    for kind in (*_MODEL, *types):
        if table.setdefault(kind.__name__, kind) is not kind:
            raise ValueError(f"two record types named {kind.__name__}")
    return table


def _digest(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def load(path: Path, types: Iterable[type] = ()) -> Rubric | None:
    """The cached rubric for ``path`` if its entry is fresh and intact, else None."""
    cache = cache_path(path)
    if cache is None or not cache.is_file():
        return None
    types = tuple(types)
    try:
        entry = json.loads(cache.read_text(encoding="utf-8"))
        sources = [Path(p) for p, _, _ in entry["stamps"]]
        fresh = (
            entry["format"] == FORMAT
            and entry["sources"][0] == str(path)
            and [list(s) for s in stamp(sources)] == entry["stamps"]
            and entry["sources"] + [str(p) for p in _code_files(types)] == [str(p) for p in sources]
            and _digest(entry["rubric"]) == entry["sha256"]
        )
        rubric = decode(entry["rubric"], _type_table(types)) if fresh else None
    except Exception:  # a damaged, foreign or stale cache file is just a miss
        return None
    return rubric if isinstance(rubric, Rubric) else None


def store(path: Path, sources: list[Path], rubric: Rubric, types: Iterable[type] = ()) -> None:
    """Save a validated rubric built from ``sources`` (``path`` first); a read-only disk means no cache."""
    cache = cache_path(path)
    if cache is None:
        return
    payload = encode(rubric)
    entry = {
        "format": FORMAT,
        "sources": [str(p) for p in sources],
        "stamps": [list(s) for s in stamp([*sources, *_code_files(types)])],
        "sha256": _digest(payload),
        "rubric": payload,
    }
    try:
        from checker.output import write_atomic

        write_atomic(cache, json.dumps(entry, ensure_ascii=False))
    except OSError:
        pass
