"""A disk cache of validated rubrics, so a one-report run skips YAML parsing and validation.

Each entry records the files it was built from (the rubric, every file it extends, and the loader
code) with their sizes and modification times; any change to one of them makes the entry stale.
``REPORTCHECK_NO_CACHE=1`` turns the cache off; ``REPORTCHECK_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from checker import __version__
from checker.rubric.model import Rubric

# the code whose output the cache stores: the rubric package and the normalizer its phrases go through
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
    return Path(folder) / f"rubric-{path.stem}-{digest:08x}.pickle"


def stamp(paths: list[Path]) -> list[Stamp]:
    """Size and modification time of each file the rubric depends on."""
    stamps = []
    for path in [*paths, *_CODE]:
        info = path.stat()
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return stamps


def load(path: Path) -> Rubric | None:
    """The cached rubric for ``path`` if it is still fresh, else None."""
    cache = cache_path(path)
    if cache is None or not cache.is_file():
        return None
    try:
        with cache.open("rb") as handle:
            stamps, rubric = pickle.load(handle)
        fresh = stamps[0][0] == str(path) and stamps == stamp([Path(p) for p, _, _ in stamps[: -len(_CODE)]])
    except Exception:  # a damaged or foreign cache file is just a miss
        return None
    return rubric if fresh and isinstance(rubric, Rubric) else None


def store(path: Path, sources: list[Path], rubric: Rubric) -> None:
    """Save a validated rubric built from ``sources`` (``path`` first); a read-only disk means no cache."""
    cache = cache_path(path)
    if cache is None:
        return
    try:
        from checker.output import write_atomic

        write_atomic(cache, pickle.dumps((stamp(sources), rubric), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
