"""The process entry point (``reportcheck``, ``python -m checker``): set the process up, run the command,
then end at once.

Set-up:
- the standard streams take any file name: one that is not valid UTF-8 (Python keeps its bytes as
  lone surrogates) is shown with U+FFFD on a terminal and written as ``\\udcXX`` to a pipe or a file;
- Ctrl-C, SIGTERM and SIGHUP raise ``Interrupted``, a BaseException that no ``except Exception``
  (ours, click's, a parser's) catches, so every ``with`` block on the way out runs: atomic outputs
  delete their temporary files and the worker pool stops its workers. Further signals are ignored
  meanwhile, so a second Ctrl-C cannot cut that short. The run ends with one line and the status
  128 + the signal (130 for Ctrl-C, 143 for SIGTERM), not click's "Aborted!" and status 1.

The end: an ordinary exit tears the interpreter down, freeing every module and object: 13 ms after a
``check`` and 30 ms after a batch (numpy) on the development machine, longer than some of the work.
By the time a command returns every output file is written and closed, so the entry point runs the
exit handlers an ordinary exit would run (multiprocessing's, coverage's), flushes the standard
streams and ends the process without the teardown. Library callers (``checker.cli.main`` from
Python, click's test runner) are not affected.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import io
import os
import signal
import sys

from checker.cli import main

_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_TERMINAL_ERRORS = "reportcheck.replace"


class Interrupted(BaseException):
    """The run was stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> None:
    for number in _STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    raise Interrupted(signum)


def _replace_on_terminal(error: UnicodeError) -> tuple[bytes, int]:
    """U+FFFD for each character the terminal's encoding cannot take (bytes: a str must be ASCII)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        mark = "\ufffd".encode(error.encoding)
    except (UnicodeError, LookupError):
        mark = b"?"
    return mark * (error.end - error.start), error.end


def _set_up() -> None:
    """Streams that take any file name; signals that stop the run cleanly."""
    codecs.register_error(_TERMINAL_ERRORS, _replace_on_terminal)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(OSError, ValueError):  # a closed stream stays as it is
                stream.reconfigure(errors=_TERMINAL_ERRORS if stream.isatty() else "backslashreplace")
    for number in _STOP_SIGNALS:
        signal.signal(number, _interrupt)


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
    _set_up()
    try:
        main()
        status = 0  # click's standalone mode ends in SystemExit; this is only a fallback
    except SystemExit as done:
        status = _status(done.code)
    except Interrupted as stop:  # outputs and workers were cleaned up on the way here
        print(f"reportcheck: 已中断 interrupted ({signal.Signals(stop.signum).name})", file=sys.stderr)
        status = 128 + stop.signum
    except Exception as error:  # a bug: one line and exit 2, not a traceback (REPORTCHECK_DEBUG=1 shows it)
        if os.environ.get("REPORTCHECK_DEBUG"):
            import traceback

            traceback.print_exc()
        print(f"reportcheck: 内部错误，请附上命令和输入报告此问题 (internal error: {error!r})", file=sys.stderr)
        status = 2
    atexit._run_exitfuncs()  # what an ordinary exit runs before the teardown
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head) or stream: nothing to add
            stream.flush()
    os._exit(status)
