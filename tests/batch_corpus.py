"""Shared helper for the batch tests: generate a small corpus with bench/make_corpus.py."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from tests.conftest import bench_module

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def load_generator() -> ModuleType:
    return bench_module("make_corpus")


def make(out: Path, count: int = 50, pairs: int = 5, seed: int = 7) -> dict:
    """Generate ``count`` reports from the test seeds into ``out``; return the manifest."""
    load_generator().make_corpus(SEEDS, out, count, chars=3000, pairs=pairs, seed=seed)
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
