"""Shared helper for the tests of ``reportcheck serve`` as a real process: bench/bench_serve.py, its client."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import ROOT


def load_bench() -> ModuleType:
    """bench/bench_serve.py: the server as a child process, the upload client, the memory watch."""
    if "bench_serve" in sys.modules:
        return sys.modules["bench_serve"]
    spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "bench" / "bench_serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
