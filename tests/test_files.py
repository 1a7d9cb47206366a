"""Only regular files are read, under a size cap: reports and configs (issue 15, items 3 and 5).

A FIFO blocks whoever opens it until a writer comes, ``/dev/zero`` never ends: both hung ``check``
or ate memory. Anything that is not a regular file is refused from its ``stat``, before any open.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hostile_helpers import run_bounded, run_case

from checker.errors import ConfigError, InputError

linux = pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="needs POSIX")


@linux
def test_fifo_socket_and_device_are_refused_without_opening(tmp_path: Path) -> None:
    from checker.files import read_regular_file

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would block: the test would hang
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock"))
    try:
        for path, kind in ((fifo, "FIFO"), (tmp_path / "sock", "socket"), ("/dev/zero", "character device")):
            with pytest.raises(InputError) as caught:
                read_regular_file(path, 1024)
            assert caught.value.code == "not_regular_file" and kind in caught.value.message
    finally:
        server.close()


def test_size_is_capped_and_plain_errors_keep_their_codes(tmp_path: Path) -> None:
    from checker.files import read_regular_file

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    assert read_regular_file(big, 2000) == b"x" * 2000
    cases = ((big, 1999, "too_large"), (tmp_path / "gone.txt", 10, "not_found"), (tmp_path, 10, "is_directory"))
    for path, cap, code in cases:
        with pytest.raises(ConfigError) as caught:
            read_regular_file(path, cap, ConfigError)
        assert caught.value.code == code


@linux
def test_a_link_is_followed_to_what_it_names(tmp_path: Path) -> None:
    from checker.files import read_regular_file

    (tmp_path / "real.txt").write_bytes(b"ok")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    assert read_regular_file(tmp_path / "link.txt", 10) == b"ok"
    with pytest.raises(InputError, match="not a regular file"):
        read_regular_file(tmp_path / "zero.txt", 10)


@linux
@pytest.mark.parametrize("case", ["fifo-named", "dev-zero-named"])
def test_check_refuses_a_report_that_is_not_a_regular_file(tmp_path: Path, case: str) -> None:
    ok, said, outcome = run_case(case, tmp_path, timeout=15)
    assert ok, said
    assert outcome.seconds < 5


@linux
@pytest.mark.parametrize("case", ["config-dev-zero", "config-fifo", "config-found-fifo"])
def test_config_that_is_not_a_regular_file_is_one_line_exit_2(tmp_path: Path, case: str) -> None:
    ok, said, outcome = run_case(case, tmp_path, timeout=15)
    assert ok, said
    assert len(outcome.stderr.strip().splitlines()) == 1 and outcome.seconds < 5


@linux
def test_oversized_config_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "big.yaml").write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    outcome = run_bounded(["check", "a.txt", "--config", "big.yaml"], tmp_path, timeout=15)
    assert outcome.code == 2 and "文件过大" in outcome.stderr and "Traceback" not in outcome.stderr
