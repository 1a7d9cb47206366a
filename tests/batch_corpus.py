"""Shared helper for the batch tests: generate a small corpus with bench/make_corpus.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def make(out: Path, count: int = 50, pairs: int = 5, seed: int = 7) -> dict:
    """Generate ``count`` reports from the test seeds into ``out``; return the manifest."""
    load_generator().make_corpus(SEEDS, out, count, chars=3000, pairs=pairs, seed=seed)
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
