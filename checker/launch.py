"""The process entry point (``reportcheck``, ``python -m checker``): run the command, then end at once.

An ordinary exit tears the interpreter down, freeing every module and object: 13 ms after a
``check`` and 30 ms after a batch (numpy) on the development machine, longer than some of the work.
By the time a command returns every output file is written and closed, so the entry point runs the
exit handlers an ordinary exit would run (multiprocessing's, coverage's), flushes the standard
streams and ends the process without the teardown. Library callers (``checker.cli.main`` from
Python, click's test runner) are not affected.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

from checker.cli import main


def _status(code: object) -> int:
    """The process exit status ``sys.exit(code)`` would give."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run() -> None:
    """Run the command line, then exit without tearing the interpreter down."""
    try:
        main()
        status = 0  # click's standalone mode ends in SystemExit; this is only a fallback
    except SystemExit as done:
        status = _status(done.code)
    atexit._run_exitfuncs()  # what an ordinary exit runs before the teardown
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head) or stream: nothing to add
            stream.flush()
    os._exit(status)
