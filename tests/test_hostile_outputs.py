"""What a batch writes (issue 15, items 1, 2 and 8): never over an input, any file name carried through,
a link followed, a full disk said so, no formula from a file name, XML that parses.

The cases are built by bench/hostile.py (the corpus the docs table is made from) and run as
separate, bounded processes.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_helpers import ROOT, load_corpus, run_bounded, run_case

from checker.batch import BatchOptions, run_batch
from checker.cli import main
from checker.errors import ReportcheckError

corpus = load_corpus()
posix = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file names and links")


@pytest.mark.parametrize(
    "case", ["out-is-input-in-folder", "out-is-input-named", "out-links-to-input", "per-report-into-inputs"]
)
@posix
def test_an_output_over_an_input_is_exit_2_and_the_inputs_are_untouched(tmp_path: Path, case: str) -> None:
    ok, said, outcome = run_case(case, tmp_path)
    assert ok, said
    assert len(outcome.stderr.strip().splitlines()) == 1


@posix
def test_per_report_folder_that_is_an_input_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus.reports(tmp_path / "in", "a.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["batch", "in", "--per-report", "in", "--no-copies", "-j", "1"])
    assert result.exit_code == 2 and "覆盖" in result.stderr
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["a.txt"]


@posix
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
def test_a_file_name_that_is_not_utf8_is_carried_through(tmp_path: Path, fmt: str) -> None:
    ok, said, _ = run_case(f"gbk-name-{fmt}", tmp_path)
    assert ok, said


@posix
def test_a_file_name_that_is_not_utf8_reaches_the_summary_and_the_feedback(tmp_path: Path) -> None:
    corpus.build_gbk("jsonl")(tmp_path)
    outcome = run_bounded(["batch", "in", "--no-copies", "-j", "1", "--per-report", "fb"], tmp_path)
    assert outcome.code == 1, outcome.stderr
    assert "in/\\udcb1\\udca8" in outcome.stdout  # the summary, in a pipe: each byte escaped
    names = sorted(os.listdir(os.fsencode(tmp_path / "fb")))
    assert b"00002_" + corpus.GBK_NAME[:-4] + b".json" in names  # b.txt sorts first; the name keeps its bytes
    record = json.loads((tmp_path / "fb" / os.fsdecode(b"00002_" + corpus.GBK_NAME[:-4] + b".json")).read_text())
    assert os.fsencode(record["file"]) == b"in/" + corpus.GBK_NAME


@posix
def test_out_through_a_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    ok, said, _ = run_case("out-symlink", tmp_path)
    assert ok, said


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx", "table"])
def test_a_full_disk_is_one_line_saying_so(tmp_path: Path, fmt: str) -> None:
    ok, said, outcome = run_case(f"disk-full-{fmt}", tmp_path)
    assert ok, said
    assert len(outcome.stderr.strip().splitlines()) == 1


def test_a_full_disk_under_per_report_stops_the_batch_with_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.batch.worker as worker

    def full(path: object, data: object, follow_links: bool = False) -> None:
        from checker.output import cannot_write

        raise cannot_write(str(path), OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))

    monkeypatch.setattr(worker, "write_atomic", full)
    corpus.reports(tmp_path / "in", "a.txt", "b.txt", "c.txt")
    with pytest.raises(ReportcheckError) as caught:
        run_batch([str(tmp_path / "in")], BatchOptions(jobs=1, per_report=str(tmp_path / "fb"), copies=False))
    assert caught.value.code == "disk_full" and "磁盘已满" in caught.value.message


@pytest.mark.parametrize("where", ["ranking", "copies"])
def test_a_full_temporary_folder_is_one_line_naming_it_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The batch keeps its ranking and its copy index in temporary files: TMPDIR can fill up too."""
    import tempfile

    import checker.batch.copies as copies
    import checker.batch.spill as spill

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "ranking":
        monkeypatch.setattr(spill.tempfile.SpooledTemporaryFile, "write", full)
    else:
        monkeypatch.setattr(copies.CopyIndex, "_frequency", full)
    corpus.reports(tmp_path / "in", "a.txt", "b.txt", "c.txt")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "in"), "-j", "1", "--out", str(tmp_path / "r.txt")])
    assert result.exit_code == 2, result.output
    assert "临时文件夹已满" in result.output and tempfile.gettempdir() in result.output
    assert "Traceback" not in result.output and not (tmp_path / "r.txt").exists()


def test_junit_with_control_characters_from_a_report_parses(tmp_path: Path) -> None:
    ok, said, _ = run_case("junit-control-chars", tmp_path)
    assert ok, said


@posix
def test_a_file_name_never_becomes_a_formula(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok, said, _ = run_case("formula-file-name", tmp_path)
    assert ok, said
    monkeypatch.chdir(tmp_path)
    xlsx = tmp_path / "m.xlsx"
    CliRunner().invoke(main, ["batch", "=HYPERLINK(x).txt", "--format", "xlsx", "--out", str(xlsx), "--no-copies"])
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    matrix = book[book.sheetnames[1]]
    cells = [matrix.cell(4, matrix.max_column), book["汇总"].cell(5, 12)]  # the matrix, and the ranking's first row
    assert [(c.value, c.data_type) for c in cells] == [("'=HYPERLINK(x).txt", "s")] * 2


def test_rerunning_into_the_input_folder_still_replaces_its_own_output(tmp_path: Path) -> None:
    ok, said, _ = run_case("rerun-own-out", tmp_path)
    assert ok, said
    with (tmp_path / "in" / "out.txt").open(encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_a_terminal_shows_undecodable_bytes_as_replacement_characters(tmp_path: Path) -> None:
    import pty
    import subprocess

    corpus.build_gbk("jsonl")(tmp_path)
    name = os.path.join(b"in", corpus.GBK_NAME)
    main_end, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", os.fsdecode(name)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main_end, 65536)
        except OSError:  # the terminal closed: the run is over
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_end)
    text = shown.decode("utf-8")
    assert process.wait(timeout=30) == 0, text
    assert "in/\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd.txt" in text and "Traceback" not in text
