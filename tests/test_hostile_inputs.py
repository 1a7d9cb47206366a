"""What a batch reads (issue 15, items 3, 4 and 8): nothing hangs, each file once, every file within a
time and memory budget, HTML the parser would cut short is read in full or refused, and the smaller
misreadings (an unreadable folder, ``charset=rot13``, LibreOffice without Writer).

Cases come from bench/hostile.py; those that hung or ran away before run as bounded processes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hostile_helpers import load_corpus, run_bounded, run_case

from checker.batch import BatchOptions, run_batch
from checker.errors import InputError
from checker.sources import Limits, read_document

corpus = load_corpus()
posix = pytest.mark.skipif(sys.platform == "win32", reason="needs FIFOs and links")


@posix
def test_a_fifo_in_a_folder_is_an_error_row_and_the_batch_goes_on(tmp_path: Path) -> None:
    ok, said, outcome = run_case("fifo-in-folder", tmp_path, timeout=20)
    assert ok, said
    assert outcome.seconds < 10


@posix
@pytest.mark.parametrize("case", ["glob-symlink-loops", "walk-symlink-loops"])
def test_link_loops_give_each_report_once(tmp_path: Path, case: str) -> None:
    ok, said, _ = run_case(case, tmp_path, timeout=20)
    assert ok, said


@posix
def test_the_same_file_by_two_names_is_checked_once(tmp_path: Path) -> None:
    from checker.batch.collect import collect_inputs

    (a,) = corpus.reports(tmp_path / "in", "a.txt")
    (tmp_path / "in" / "b.txt").symlink_to(a)
    os.link(a, tmp_path / "in" / "c.txt")
    found = list(collect_inputs([str(tmp_path / "in"), str(a), str(tmp_path / "in" / "*.txt")]))
    assert [Path(item.path).name for item in found] == ["a.txt"]


def test_pdf_characters_are_capped_as_a_page_is_drawn(tmp_path: Path) -> None:
    pdf = corpus.one_line_pdf(tmp_path / "line.pdf", 20_000)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_document(pdf, Limits(max_page_chars=2000))
    assert caught.value.code == "too_much_text" and time.perf_counter() - start < 1.5


def test_the_one_line_pdf_ends_within_its_time_budget_with_a_timeout_row(tmp_path: Path) -> None:
    corpus.build_pdf_one_line(1_500_000)(tmp_path)
    args = ["batch", "in", "--format", "jsonl", "--no-copies", "-j", "2", "--timeout", "1"]
    outcome = run_bounded(args, tmp_path, timeout=30)
    assert outcome.code == 2 and corpus.codes(outcome) == ["timeout"], outcome.stderr
    assert outcome.seconds < 6 and sum("score" in r for r in corpus.jsonl(outcome.stdout)) == 1


def test_check_has_the_time_budget_too(tmp_path: Path) -> None:
    corpus.one_line_pdf(tmp_path / "line.pdf", 1_500_000)
    outcome = run_bounded(["check", "line.pdf", "--timeout", "1", "--format", "json"], tmp_path, timeout=30)
    assert outcome.code == 2 and '"timeout"' in outcome.stdout and outcome.seconds < 5


def test_250_nested_divs_are_read_in_linear_time(tmp_path: Path) -> None:
    page = corpus.write(tmp_path / "page.html", corpus.html_page(corpus.nested_divs()))
    start = time.perf_counter()
    document = read_document(page)
    assert time.perf_counter() - start < 2
    assert document.lines[1] == corpus.LINES[1]


def test_millions_of_tags_are_refused_before_parsing(tmp_path: Path) -> None:
    page = corpus.write(tmp_path / "page.html", corpus.html_page("<i></i>" * 600_000))
    with pytest.raises(InputError) as caught:
        read_document(page)
    assert caught.value.code == "too_large"


def test_a_docx_whose_xml_inflates_past_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    docx = corpus.write(tmp_path / "big.docx", corpus.big_xml_docx(3))
    with pytest.raises(InputError) as caught:
        read_document(docx, Limits(max_xml_bytes=2 << 20))
    assert caught.value.code == "too_large"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is RLIMIT_AS on Linux")
def test_the_memory_cap_turns_a_runaway_read_into_a_too_large_row(tmp_path: Path) -> None:
    ok, said, _ = run_case("docx-30MB-xml-memory-cap", tmp_path)
    assert ok, said


@pytest.mark.parametrize("depth", [300, 1500])
def test_html_nested_deeper_than_256_is_read_in_full(tmp_path: Path, depth: int) -> None:
    flat = read_document(corpus.write(tmp_path / "flat.html", corpus.html_page(corpus.paragraphs_html())))
    deep = read_document(corpus.write(tmp_path / "deep.html", corpus.html_page(corpus.deep_divs(depth)())))
    assert deep.lines == flat.lines


def test_html_the_parser_cannot_keep_is_an_input_error(tmp_path: Path) -> None:
    page = corpus.write(tmp_path / "deep.html", corpus.html_page(corpus.deep_divs(3000)()))
    with pytest.raises(InputError) as caught:
        read_document(page)
    assert caught.value.code == "too_deep"


def test_a_text_node_over_10_mb_is_kept_and_then_too_much_text(tmp_path: Path) -> None:
    page = corpus.write(tmp_path / "big.html", corpus.html_page(corpus.giant_text_node()))
    with pytest.raises(InputError) as caught:
        read_document(page)
    assert caught.value.code == "too_much_text"


def test_a_folder_that_cannot_be_listed_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus.reports(tmp_path / "in", "a.txt")
    corpus.reports(tmp_path / "in" / "locked", "b.txt")
    locked = str(tmp_path / "in" / "locked")
    scandir = os.scandir

    def refuse(path: str = ".") -> object:  # what a chmod-000 folder does to anyone but root
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    outcome = run_batch([str(tmp_path / "in")], BatchOptions(jobs=1, fmt="jsonl", copies=False))
    errors = {Path(f).name: code for f, code, _ in outcome.summary.errors}
    assert errors == {"locked": "unreadable_folder"} and outcome.exit_code == 2


def test_a_charset_that_is_no_charset_is_ignored(tmp_path: Path) -> None:
    ok, said, _ = run_case("charset-rot13", tmp_path)
    assert ok, said


@posix
def test_libreoffice_without_writer_says_so(tmp_path: Path) -> None:
    ok, said, _ = run_case("libreoffice-without-writer", tmp_path)
    assert ok, said
