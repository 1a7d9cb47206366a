"""A corpus of hostile and careless inputs: each case builds its files in a folder and says what to run.

Every case of issue 15 is here, those that broke and those that held, so that one script
(``bench/hostile_table.py``) can run them all as fresh processes and write the table in
``docs/hostile-inputs.md``, and the tests (``tests/test_hostile.py``) can build single cases.

A case's ``build(folder)`` writes its inputs under ``folder`` and returns a ``Run``: the arguments
after ``reportcheck``, run with ``folder`` as the current folder. Its ``judge(folder, outcome)``
says whether the outcome is the one wanted and describes it in a few words.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
REPORT = (ROOT / "examples" / "strong_county.txt").read_text(encoding="utf-8")
SHORT = (ROOT / "examples" / "very_short.txt").read_text(encoding="utf-8")
LINES = [line for line in REPORT.splitlines() if line.strip()]
GBK_NAME = "报告甲".encode("gbk") + b".txt"  # not UTF-8: a name from a Windows zip unpacked on Linux


class Run(NamedTuple):
    """What to run for a case: ``reportcheck ARGS`` in the case folder, maybe signalled after a while."""

    args: list[str]
    env: dict[str, str] | None = None  # added to the environment
    signal: tuple[float, int] | None = None  # (seconds after start, signal number) sent to the process
    group: bool = False  # send the signal to the whole process group, as a terminal's Ctrl-C does


class Outcome(NamedTuple):
    """How a run went: exit status (negative: killed by that signal), output, time, memory, orphans."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    orphans: int = 0
    timed_out: bool = False


class Case(NamedTuple):
    id: str
    item: str  # the numbered item (or "held" for what already held)
    what: str
    expect: str
    build: Callable[[Path], Run]
    judge: Callable[[Path, Outcome], tuple[bool, str]]
    linux_only: bool = False


# ---------------------------------------------------------------- building blocks


def write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path``, creating its folder; text as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def reports(folder: Path, *names: str) -> list[Path]:
    """Good reports under ``folder``: the strong county example, then short ones."""
    return [write(folder / name, REPORT if n == 0 else SHORT) for n, name in enumerate(names)]


def docx_bytes(document_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx whose word/document.xml is ``document_xml``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
            '+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def document_xml(paragraphs: list[str], dtd: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )


def big_xml_docx(megabytes: int) -> bytes:
    """A .docx of about 1 MB whose XML inflates to ``megabytes`` MB of repeated paragraphs."""
    paragraph = "<w:p><w:r><w:t>" + "法治政府建设年度报告" * 10 + "</w:t></w:r></w:p>"
    head, tail = document_xml(LINES).split("<w:body>")
    body = paragraph * (megabytes * 1048576 // len(paragraph.encode()))
    return docx_bytes(head + "<w:body>" + body + tail)


def one_line_pdf(path: Path, characters: int) -> Path:
    """A small PDF (its content stream compresses well) drawing ``characters`` on one line of one page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 10)
    pdf.drawString(50, 500, "法治政府建设" * (characters // 6))
    pdf.save()
    return path


def report_pdf(path: Path, encrypt: str | None = None) -> Path:
    """The example report as a plain PDF, one line per paragraph (long lines cut)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    y = 800
    for line in LINES:
        for start in range(0, len(line), 40):
            if y < 60:
                pdf.showPage()
                y = 800
            pdf.setFont("STSong-Light", 10)
            pdf.drawString(40, y, line[start : start + 40])
            y -= 14
    pdf.save()
    return path


def html_page(body: str) -> str:
    return f"<html><head><meta charset='utf-8'><title>{LINES[0]}</title></head><body>{body}</body></html>"


def paragraphs_html() -> str:
    return "".join(f"<p>{line}</p>" for line in LINES)


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def jsonl(text: str) -> list[dict]:
    """The JSON objects in an output: one per line, or one (or a list) over the whole text."""
    try:
        whole = json.loads(text)
    except ValueError:
        records = []
        for line in text.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return [r for r in records if isinstance(r, dict)]
    return whole if isinstance(whole, list) else [whole] if isinstance(whole, dict) else []


def codes(outcome: Outcome) -> list[str]:
    """The error codes in a JSON lines output."""
    return [r["error"]["code"] for r in jsonl(outcome.stdout) if "error" in r]


def first_error(outcome: Outcome) -> str:
    """The first line on stderr, without the ``reportcheck: 错误 error: PATH:`` in front."""
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[0]
    if line.startswith("reportcheck: 错误 error: "):
        line = line.removeprefix("reportcheck: 错误 error: ").split(": ", 1)[-1]
    return line[:100]


def _traceback(outcome: Outcome) -> bool:
    return "Traceback" in outcome.stderr


def exit_and(outcome: Outcome, wanted: set[int], note: str = "") -> tuple[bool, str]:
    """Judge by the exit status alone (no traceback allowed); describe it with ``note``."""
    ok = outcome.code in wanted and not _traceback(outcome) and not outcome.timed_out
    return ok, describe(outcome, note)


def describe(outcome: Outcome, note: str = "") -> str:
    if outcome.timed_out:
        return f"hung: killed after {outcome.seconds:.0f} s" + (f"; {note}" if note else "")
    parts = [f"exit {outcome.code}"]
    if _traceback(outcome):
        parts.append("traceback")
    if note:
        parts.append(note)
    elif codes(outcome):
        parts.append(", ".join(sorted(set(codes(outcome)))))
    elif first_error(outcome):
        parts.append(first_error(outcome))
    return "; ".join(parts)


def wants_code(code: str, exit_code: int = 2) -> Callable[[Path, Outcome], tuple[bool, str]]:
    """The case should end with ``exit_code`` and ``code`` in the JSON lines or on stderr."""

    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        found = code in codes(outcome) or code in outcome.stderr
        ok = outcome.code == exit_code and found and not _traceback(outcome) and not outcome.timed_out
        return ok, describe(outcome)

    return judge


def wants_message(fragment: str, exit_code: int = 2) -> Callable[[Path, Outcome], tuple[bool, str]]:
    """The case should end with ``exit_code`` and one line on stderr holding ``fragment``."""

    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        ok = outcome.code == exit_code and fragment in outcome.stderr and not _traceback(outcome)
        return ok and not outcome.timed_out, describe(outcome)

    return judge


# ---------------------------------------------------------------- 1. outputs over inputs


def _unchanged(path: Path, text: str) -> bool:
    return path.is_file() and not path.is_symlink() and path.read_text(encoding="utf-8") == text


def build_out_in_folder(folder: Path) -> Run:
    reports(folder / "in", "a.txt", "b.txt")
    return Run(["batch", "in", "--format", "jsonl", "--out", "in/a.txt", "--no-copies", "-j", "1"])


def build_out_named(folder: Path) -> Run:
    reports(folder / "in", "a.txt", "b.txt")
    return Run(["batch", "in/a.txt", "in/b.txt", "--format", "csv", "--out", "in/b.txt", "--no-copies", "-j", "1"])


def build_out_link(folder: Path) -> Run:
    reports(folder / "in", "a.txt")
    (folder / "result.jsonl").symlink_to(folder / "in" / "a.txt")
    return Run(["batch", "in", "--format", "jsonl", "--out", "result.jsonl", "--no-copies", "-j", "1"])


def build_per_report_linked_input(folder: Path) -> Run:
    reports(folder / "in", "a.txt", "00001_a.txt")
    (folder / "feedback").symlink_to(folder / "in")
    return Run(["batch", "in", "--per-report", "feedback", "--no-copies", "-j", "1"])


def judge_inputs_untouched(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    kept = _unchanged(folder / "in" / "a.txt", REPORT)
    kept = kept and all(_unchanged(p, SHORT) for p in (folder / "in").iterdir() if p.name != "a.txt")
    ok = outcome.code == 2 and "output_clash" not in outcome.stdout and kept and not _traceback(outcome)
    note = "inputs unchanged" if kept else "AN INPUT WAS OVERWRITTEN"
    return ok and "覆盖" in outcome.stderr, describe(outcome, note)


def build_rerun_own_out(folder: Path) -> Run:
    reports(folder / "in", "a.txt", "b.txt")
    write(folder / "in" / "out.txt", '{"schema": "reportcheck/result@1", "file": "in/a.txt"}\n')
    return Run(["batch", "in", "--format", "jsonl", "--out", "in/out.txt", "--no-copies", "-j", "1"])


def judge_rerun(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    files = sorted(Path(r["file"]).name for r in jsonl((folder / "in" / "out.txt").read_text(encoding="utf-8")))
    return outcome.code == 1 and files == ["a.txt", "b.txt"], describe(outcome, f"graded {', '.join(files)}")


# ---------------------------------------------------------------- 2. names that are not UTF-8


def build_gbk(fmt: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        (folder / "in").mkdir(parents=True, exist_ok=True)
        (folder / "in" / "b.txt").write_text(SHORT, encoding="utf-8")
        with open(os.path.join(os.fsencode(folder / "in"), GBK_NAME), "wb") as handle:
            handle.write(REPORT.encode("utf-8"))
        return Run(["batch", "in", "--format", fmt, "--out", f"out.{fmt}", "--no-copies", "-j", "2"])

    return build


def gbk_names_in(folder: Path, fmt: str) -> list[bytes]:
    """The report file names as written in the output, as bytes (JSON escapes decoded back)."""
    out = folder / f"out.{fmt}"
    if fmt == "jsonl":
        return [os.fsencode(Path(r["file"]).name) for r in jsonl(out.read_text(encoding="utf-8"))]
    if fmt == "csv":
        import csv

        with out.open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))[1:]
        return [row[0].split("/")[-1].encode("utf-8") for row in rows]
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    matrices = [book[name] for name in book.sheetnames if name.startswith(("要素矩阵", "矩阵-"))]
    rows = [row for sheet in matrices for row in sheet.iter_rows(min_row=4, values_only=True)]
    return [str(row[-1]).split("/")[-1].encode("utf-8") for row in rows]  # the last column: 报告文件


def judge_gbk(fmt: str) -> Callable[[Path, Outcome], tuple[bool, str]]:
    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        try:
            names = gbk_names_in(folder, fmt)
        except Exception as error:  # no file, or not readable as its format
            return False, describe(outcome, f"no readable output ({type(error).__name__})")
        wanted = GBK_NAME if fmt == "jsonl" else b"\\udc" + b"\\udc".join(b"%02x" % c for c in GBK_NAME[:6]) + b".txt"
        ok = outcome.code == 1 and wanted in names and not _traceback(outcome)
        return ok, describe(outcome, f"{len(names)} rows; name kept" if ok else "name lost")

    return judge


# ---------------------------------------------------------------- 3. hangs and unbounded work


def build_fifo_in_folder(folder: Path) -> Run:
    reports(folder / "in", "a.txt")
    fifo(folder / "in" / "b.txt")
    return Run(["batch", "in", "--format", "jsonl", "--no-copies", "-j", "2"])


def build_fifo_named(folder: Path) -> Run:
    fifo(folder / "pipe.txt")
    return Run(["check", "pipe.txt", "--format", "json"])


def build_dev_zero_named(folder: Path) -> Run:
    (folder / "zero.txt").symlink_to("/dev/zero")
    return Run(["check", "zero.txt", "--format", "json"])


def build_symlink_loops(folder: Path) -> Run:
    reports(folder / "r" / "a", "x.txt")
    (folder / "r" / "b").mkdir()
    (folder / "r" / "a" / "up").symlink_to("..")
    (folder / "r" / "b" / "to_a").symlink_to("../a")
    (folder / "r" / "b" / "root").symlink_to(folder / "r")
    return Run(["batch", "r/**/*.txt", "--format", "jsonl", "--no-copies", "-j", "1"])


def build_symlink_loops_walk(folder: Path) -> Run:
    build_symlink_loops(folder)
    return Run(["batch", "r", "--format", "jsonl", "--no-copies", "-j", "1"])


def judge_once(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    files = [r["file"] for r in jsonl(outcome.stdout)]
    ok = outcome.code == 0 and len(files) == 1 and not outcome.timed_out
    return ok, describe(outcome, f"{len(files)} row(s)")


def build_pdf_one_line(characters: int, extra: tuple[str, ...] = ()) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        one_line_pdf(folder / "in" / "line.pdf", characters)
        reports(folder / "in", "a.txt")
        return Run(["batch", "in", "--format", "jsonl", "--no-copies", "-j", "2", *extra])

    return build


def wants_row(code: str, within: float) -> Callable[[Path, Outcome], tuple[bool, str]]:
    """A batch that ends in ``within`` seconds with an error row ``code`` and the other report checked."""

    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        rows = jsonl(outcome.stdout)
        checked = sum(1 for r in rows if "score" in r)
        ok = outcome.code == 2 and code in codes(outcome) and checked >= 1 and outcome.seconds < within
        return ok and not _traceback(outcome), describe(outcome)

    return judge


def build_html(body: Callable[[], str], name: str = "page.html") -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        write(folder / name, html_page(body()))
        return Run(["check", name, "--format", "json"])

    return build


def nested_divs() -> str:
    chunk = paragraphs_html()[:4000]
    return "".join(f"<div class='c{i}'>{chunk}" for i in range(250)) + paragraphs_html() + "</div>" * 250


def judge_checked(within: float, exit_codes: frozenset[int] = frozenset({0, 1})) -> Callable:
    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        try:
            score = json.loads(outcome.stdout)["score"]
        except (ValueError, KeyError, TypeError):
            score = None
        ok = outcome.code in exit_codes and score is not None and score > 50 and outcome.seconds < within
        return ok and not _traceback(outcome), describe(outcome, f"score {score}")

    return judge


def build_docx(data: Callable[[], bytes], extra: tuple[str, ...] = ()) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        write(folder / "in" / "report.docx", data())
        reports(folder / "in", "a.txt")
        return Run(["batch", "in", "--format", "jsonl", "--no-copies", "-j", "2", *extra])

    return build


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(b"\0" * 1048576)
    return buffer.getvalue()


DTD = (
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    + "]>"
)


def entity_docx() -> bytes:
    return docx_bytes(document_xml([*LINES[:3], "&i;&xxe;", *LINES[3:]], DTD))


def judge_no_entities(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    """Checked without the entities, or refused by the XML parser: never expanded, never slow."""
    expanded = "哈哈" in outcome.stdout or "root:" in outcome.stdout
    ok = outcome.code in (0, 1, 2) and not expanded and outcome.peak_mb < 500 and not _traceback(outcome)
    return ok and outcome.seconds < 5, describe(outcome, "EXPANDED" if expanded else "")


def build_pdf(encrypt: str | None = None, truncate: bool = False) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        path = report_pdf(folder / "report.pdf", encrypt)
        if truncate:
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        return Run(["check", "report.pdf", "--format", "json"])

    return build


# ---------------------------------------------------------------- 4. HTML the parser drops


def deep_divs(depth: int) -> Callable[[], str]:
    return lambda: "<div>" * depth + paragraphs_html() + "</div>" * depth


def giant_text_node() -> str:
    return paragraphs_html() + "<p>" + "法治" * 6_000_000 + "</p>"


# ---------------------------------------------------------------- 5. configs (ours) and rubrics (the loader's)


def build_config(kind: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        reports(folder, "a.txt")
        if kind == "dev-zero":
            return Run(["check", "a.txt", "--config", "/dev/zero", "--format", "json"])
        if kind == "fifo":
            fifo(folder / "pipe.yaml")
            return Run(["check", "a.txt", "--config", "pipe.yaml", "--format", "json"])
        if kind == "found-fifo":
            fifo(folder / ".reportcheck.yaml")
            return Run(["check", "a.txt", "--format", "json"])
        levels = ["  - paths: &a [" + ", ".join(["x"] * 9) + "]"]
        for a, b in zip("abcdefgh", "bcdefghi", strict=True):
            levels.append(f"  - paths: &{b} [" + ", ".join([f"*{a}"] * 9) + "]")
        write(folder / "bomb.yaml", "overrides:\n" + "\n".join(levels) + "\n")
        return Run(["check", "a.txt", "--config", "bomb.yaml", "--format", "json"])

    return build


RUBRIC_HEAD = 'extends: fazhi-annual\nid: hostile\ntitle: 恶意细则\nversion: "1"\n'
ELEMENT = "elements:\n  - id: hostile\n    title: 恶意\n    section: measures\n    weight: 1\n    hint: 无\n"


def build_rubric(kind: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        if kind == "applies-to":
            write(folder / "r.yaml", RUBRIC_HEAD + "applies_to: [[county]]\n")
        elif kind == "alias-bomb":
            anchors = "    match:\n      all:\n        - &a [法治, 法治, 法治, 法治, 法治, 法治, 法治, 法治, 法治]\n"
            anchors += "".join(
                f"        - &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
            )
            write(folder / "r.yaml", RUBRIC_HEAD + ELEMENT + anchors)
        elif kind == "extends-fifo":
            fifo(folder / "parent.yaml")
            write(folder / "r.yaml", RUBRIC_HEAD.replace("fazhi-annual", "parent.yaml", 1))
        elif kind == "extends-dev-zero":
            (folder / "parent.yaml").symlink_to("/dev/zero")
            write(folder / "r.yaml", RUBRIC_HEAD.replace("fazhi-annual", "parent.yaml", 1))
        else:  # a regex that backtracks exponentially
            write(folder / "r.yaml", RUBRIC_HEAD + ELEMENT + "    match:\n      regex: '(法+)+治X'\n")
        return Run(["rubric", "validate", "r.yaml"])

    return build


def build_regex_check(folder: Path) -> Run:
    build_rubric("regex")(folder)
    write(folder / "a.txt", REPORT + "\n" + "法" * 28 + "\n")
    return Run(["check", "a.txt", "--rubric", "r.yaml", "--format", "json"])


def judge_refused(within: float) -> Callable[[Path, Outcome], tuple[bool, str]]:
    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        ok = outcome.code == 2 and outcome.seconds < within and not _traceback(outcome) and not outcome.timed_out
        return ok, describe(outcome)

    return judge


def judge_bounded(within: float) -> Callable[[Path, Outcome], tuple[bool, str]]:
    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        ok = outcome.code in (0, 1, 2) and outcome.seconds < within and not _traceback(outcome)
        return ok and not outcome.timed_out, describe(outcome)

    return judge


class _Plant:
    """Unpickled, it creates the file ``marker``: the proof that a cache file ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (open, (self.marker, "w"))


def plant_cache(folder: Path) -> None:
    """Fill every file of the rubric cache with a pickle that creates ``folder/PWNED`` when loaded."""
    payload = pickle.dumps(_Plant(str(folder / "PWNED")))
    for path in (folder / "cache").rglob("*"):
        if path.is_file():
            path.write_bytes(payload)


def build_planted_cache(folder: Path) -> Run:
    reports(folder, "a.txt")
    (folder / "cache").mkdir()
    return Run(["check", "a.txt", "--format", "json"], env={"REPORTCHECK_CACHE_DIR": str(folder / "cache")})


def judge_cache(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    ran = (folder / "PWNED").exists()
    return outcome.code in (0, 1) and not ran, describe(outcome, "PLANTED CODE RAN" if ran else "planted file not run")


# ---------------------------------------------------------------- 7. signals


def build_signalled(number: int, group: bool = False) -> Callable[[Path], Run]:
    """A batch of 1,500 reports, signalled 1.5 s in; with SIGKILL, one worker is busy on a slow PDF."""

    def build(folder: Path) -> Run:
        paragraphs = LINES * 3
        for n in range(1500):
            write(folder / "in" / f"r{n:04d}.txt", "\n".join(paragraphs[n % 7 :]) + "\n")
        if number == signal.SIGKILL:
            one_line_pdf(folder / "in" / "a.pdf", 1_500_000)
        args = ["batch", "in", "-j", "2", "--format", "jsonl", "--out", "res.jsonl", "--per-report", "feedback"]
        return Run(args, signal=(1.5, number), group=group)

    return build


def judge_signalled(status: int) -> Callable[[Path, Outcome], tuple[bool, str]]:
    def judge(folder: Path, outcome: Outcome) -> tuple[bool, str]:
        leftovers = [p.name for p in folder.rglob("*.tmp")]
        lines = [line for line in outcome.stderr.splitlines() if line.strip()]
        ok = outcome.code == status and not leftovers and not outcome.orphans and len(lines) == 1
        ok = ok and not _traceback(outcome)
        note = f"{len(leftovers)} temporary file(s), {outcome.orphans} orphan(s), {len(lines)} stderr line(s)"
        return ok, describe(outcome, note)

    return judge


def judge_parent_killed(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    return outcome.orphans == 0, describe(outcome, f"{outcome.orphans} worker(s) left running")


# ---------------------------------------------------------------- 8. smaller


def build_out_symlink(folder: Path) -> Run:
    reports(folder, "a.txt")
    write(folder / "results" / "old.json", "{}")
    (folder / "latest.json").symlink_to("results/old.json")
    return Run(["check", "a.txt", "--format", "json", "--out", "latest.json"])


def judge_out_symlink(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    link = folder / "latest.json"
    ok = link.is_symlink() and '"score"' in (folder / "results" / "old.json").read_text(encoding="utf-8")
    return ok and outcome.code == 0, describe(outcome, "link kept, target written" if ok else "link replaced")


def build_dev_full(fmt: str) -> Callable[[Path], Run]:
    """A full disk: ``--out`` is a link to /dev/full (never /dev/full itself: code that replaces the
    file it writes would replace the device node when run as root)."""

    def build(folder: Path) -> Run:
        reports(folder / "in", "a.txt", "b.txt")
        (folder / f"out.{fmt}").symlink_to("/dev/full")
        return Run(["batch", "in", "--format", fmt, "--out", f"out.{fmt}", "--no-copies", "-j", "1"])

    return build


def build_junit_control(folder: Path) -> Run:
    """Control characters in a line that JUnit quotes as evidence of a weak element."""
    write(folder / "a.txt", SHORT.replace("普法宣传形式", "普法\x01宣传\x1b形式", 1))
    return Run(["check", "a.txt", "--format", "junit"])


def judge_junit(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    import xml.etree.ElementTree as ET

    try:
        ET.fromstring(outcome.stdout.encode("utf-8"))
    except ET.ParseError as error:
        return False, describe(outcome, f"does not parse: {error}")
    return outcome.code in (0, 1), describe(outcome, "parses")


def build_formula_name(folder: Path) -> Run:
    reports(folder, "=HYPERLINK(x).txt")
    return Run(["batch", "=HYPERLINK(x).txt", "--format", "csv", "--no-copies", "-j", "1"])


def judge_formula(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    cells = [line.split(",")[0] for line in outcome.stdout.splitlines()[1:]]
    ok = cells == ["'=HYPERLINK(x).txt"]
    return ok, describe(outcome, f"cell {cells[0] if cells else None!r}")


def build_unreadable_folder(folder: Path) -> Run:
    reports(folder / "in", "a.txt")
    reports(folder / "in" / "locked", "b.txt")
    (folder / "in" / "locked").chmod(0)
    return Run(["batch", "in", "--format", "jsonl", "--no-copies", "-j", "1"])


def judge_unreadable_folder(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    (folder / "in" / "locked").chmod(0o755)
    if os.geteuid() == 0:
        return True, describe(outcome, "run as root: permissions do not apply")
    return wants_code("unreadable_folder")(folder, outcome)


def build_rot13(folder: Path) -> Run:
    write(folder / "page.html", html_page(paragraphs_html()).replace("charset='utf-8'", "charset='rot13'"))
    return Run(["check", "page.html", "--format", "json"])


def build_no_writer(folder: Path) -> Run:
    fake = write(folder / "bin" / "soffice", "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    write(folder / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return Run(["check", "old.doc", "--format", "json"], env={"PATH": f"{folder / 'bin'}:{os.environ['PATH']}"})


def build_jobs_identical(folder: Path) -> Run:
    for n in range(40):
        write(folder / "in" / f"r{n:02d}.txt", "\n".join(LINES[n % 5 :]) + "\n")
    return Run(["batch", "in", "--format", "csv", "-j", "3"])


def judge_jobs_identical(folder: Path, outcome: Outcome) -> tuple[bool, str]:
    import subprocess
    import sys

    one = subprocess.run(
        [sys.executable, "-m", "checker", "batch", "in", "--format", "csv", "-j", "1"],
        cwd=folder,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    same = one.stdout.decode("utf-8") == outcome.stdout
    return same and outcome.code == one.returncode, describe(outcome, "same bytes as -j 1" if same else "differs")


CASES: list[Case] = [
    Case("out-is-input-in-folder", "1", "`batch in --out in/a.txt`, a.txt a report", "exit 2, inputs untouched",
         build_out_in_folder, judge_inputs_untouched),
    Case("out-is-input-named", "1", "`batch in/a.txt in/b.txt --out in/b.txt`", "exit 2, inputs untouched",
         build_out_named, judge_inputs_untouched),
    Case("out-links-to-input", "1", "`--out result.jsonl`, a link to a report", "exit 2, inputs untouched",
         build_out_link, judge_inputs_untouched),
    Case("per-report-into-inputs", "1", "`--per-report` a link to the input folder", "exit 2, inputs untouched",
         build_per_report_linked_input, judge_inputs_untouched),
    Case("rerun-own-out", "held", "`--out` inside the input folder, from an earlier run", "left out, replaced",
         build_rerun_own_out, judge_rerun),
    *(
        Case(f"gbk-name-{fmt}", "2", f"a GBK file name, `--format {fmt}`", "name carried through",
             build_gbk(fmt), judge_gbk(fmt), linux_only=True)
        for fmt in ("jsonl", "csv", "xlsx")
    ),
    Case("fifo-in-folder", "3", "a FIFO named b.txt in the folder", "error row, batch goes on",
         build_fifo_in_folder, wants_row("not_regular_file", 10), linux_only=True),
    Case("fifo-named", "3", "`check pipe.txt`, a FIFO", "exit 2 at once",
         build_fifo_named, wants_code("not_regular_file"), linux_only=True),
    Case("dev-zero-named", "3", "`check zero.txt`, a link to /dev/zero", "exit 2 at once",
         build_dev_zero_named, wants_code("not_regular_file"), linux_only=True),
    Case("glob-symlink-loops", "3", "`batch 'r/**/*.txt'` over three link loops", "each report once",
         build_symlink_loops, judge_once),
    Case("walk-symlink-loops", "held", "`batch r` over the same loops", "each report once",
         build_symlink_loops_walk, judge_once),
    Case("pdf-one-line-1.5M", "3", "25 KB PDF drawing 1.5 million characters on one line", "timeout row",
         build_pdf_one_line(1_500_000), wants_row("timeout", 25)),
    Case("pdf-one-line-1.5M-2s", "3", "the same with `--timeout 2`", "timeout row within 2 s",
         build_pdf_one_line(1_500_000, ("--timeout", "2")), wants_row("timeout", 8)),
    Case("pdf-one-line-400k", "3", "110 KB PDF drawing 400,000 characters on one line", "too_much_text row",
         build_pdf_one_line(400_000), wants_row("too_much_text", 15)),
    Case("html-250-nested-divs", "3", "2.7 MB page, text in 250 nested divs", "checked in under 2 s",
         build_html(nested_divs), judge_checked(2)),
    Case("html-6M-empty-tags", "3", "42 MB page of 6 million empty tags", "exit 2 at once",
         build_html(lambda: paragraphs_html() + "<i></i>" * 6_000_000), wants_code("too_large")),
    Case("docx-190MB-xml", "3", "1 MB .docx whose XML inflates to 190 MB", "too_large row",
         build_docx(lambda: big_xml_docx(190)), wants_row("too_large", 10)),
    Case("docx-30MB-xml-memory-cap", "3", "a 30 MB-XML .docx with `--max-memory 64`", "too_large row (memory cap)",
         build_docx(lambda: big_xml_docx(30), ("--max-memory", "64")), wants_row("too_large", 10), linux_only=True),
    Case("docx-zip-bomb", "held", "a .docx inflating to 210 MB", "zip_bomb row",
         build_docx(zip_bomb), wants_row("zip_bomb", 10)),
    Case("docx-xxe-billion-laughs", "held", "XXE and nine levels of entities in document.xml", "not expanded",
         build_docx(entity_docx), judge_no_entities),
    Case("pdf-encrypted", "held", "a password-protected PDF", "exit 2, encrypted",
         build_pdf(encrypt="secret"), wants_code("encrypted")),
    Case("pdf-truncated", "held", "half of a PDF", "exit 2, corrupt",
         build_pdf(truncate=True), judge_refused(10)),
    Case("html-300-deep", "4", "the report inside 300 nested divs", "read in full",
         build_html(deep_divs(300)), judge_checked(5)),
    Case("html-3000-deep", "4", "the report inside 3,000 nested divs", "exit 2, too_deep",
         build_html(deep_divs(3000)), wants_code("too_deep")),
    Case("html-12M-text-node", "4", "a 12-million-character text node", "exit 2, too_much_text",
         build_html(giant_text_node), wants_code("too_much_text")),
    Case("config-dev-zero", "5", "`--config /dev/zero`", "exit 2 at once",
         build_config("dev-zero"), wants_message("不是普通文件"), linux_only=True),
    Case("config-fifo", "5", "`--config pipe.yaml`, a FIFO", "exit 2 at once",
         build_config("fifo"), wants_message("不是普通文件"), linux_only=True),
    Case("config-found-fifo", "5", ".reportcheck.yaml is a FIFO", "exit 2 at once",
         build_config("found-fifo"), wants_message("不是普通文件"), linux_only=True),
    Case("config-alias-bomb", "5", "nine levels of YAML aliases in a config", "refused or bounded",
         build_config("alias-bomb"), judge_bounded(10)),
    Case("rubric-applies-to-nested", "5 (loader)", "`applies_to: [[county]]`", "refused by validate",
         build_rubric("applies-to"), judge_refused(10)),
    Case("rubric-alias-bomb", "5 (loader)", "nine levels of aliases in `match.all`", "refused by validate",
         build_rubric("alias-bomb"), judge_refused(10)),
    Case("rubric-extends-fifo", "5 (loader)", "`extends:` a FIFO", "refused by validate",
         build_rubric("extends-fifo"), judge_refused(10), linux_only=True),
    Case("rubric-extends-dev-zero", "5 (loader)", "`extends:` a link to /dev/zero", "refused by validate",
         build_rubric("extends-dev-zero"), judge_refused(10), linux_only=True),
    Case("rubric-regex-backtracking", "5 (loader)", "`regex: '(法+)+治X'`", "refused by validate",
         build_rubric("regex"), judge_refused(10)),
    Case("rubric-regex-check", "5 (loader)", "that regex on a report with 28 法", "refused or bounded",
         build_regex_check, judge_bounded(10)),
    Case("rubric-cache-planted", "6 (loader)", "a pickle planted in the rubric cache", "not run",
         build_planted_cache, judge_cache),
    Case("sigint-batch", "7", "Ctrl-C (SIGINT to the group) during a batch", "exit 130, clean",
         build_signalled(signal.SIGINT, group=True), judge_signalled(130), linux_only=True),
    Case("sigterm-batch", "7", "SIGTERM to the batch", "exit 143, clean",
         build_signalled(signal.SIGTERM), judge_signalled(143), linux_only=True),
    Case("sigkill-parent", "7", "SIGKILL to the batch while a worker reads a slow PDF", "workers exit",
         build_signalled(signal.SIGKILL), judge_parent_killed, linux_only=True),
    Case("out-symlink", "8", "`--out latest.json`, a link", "link kept, target written",
         build_out_symlink, judge_out_symlink),
    *(
        Case(f"disk-full-{fmt}", "8", f"`--format {fmt} --out` a link to /dev/full", "exit 2, disk_full",
             build_dev_full(fmt), wants_message("磁盘已满"), linux_only=True)
        for fmt in ("jsonl", "csv", "xlsx", "table")
    ),
    Case("junit-control-chars", "8", "a report with \\x01 and \\x1b in a quoted line", "JUnit parses",
         build_junit_control, judge_junit),
    Case("formula-file-name", "8", "a file named `=HYPERLINK(x).txt`, CSV", "cell quoted as text",
         build_formula_name, judge_formula),
    Case("unreadable-subfolder", "8", "a chmod-000 subfolder", "error row",
         build_unreadable_folder, judge_unreadable_folder, linux_only=True),
    Case("charset-rot13", "8", "a page declaring `charset=rot13`", "read, not corrupt",
         build_rot13, judge_checked(5)),
    Case("libreoffice-without-writer", "8", "LibreOffice that cannot open Word files", "needs_libreoffice_writer",
         build_no_writer, wants_code("needs_libreoffice_writer"), linux_only=True),
    Case("jobs-byte-identical", "held", "the same batch with `-j 3` and `-j 1`", "same bytes",
         build_jobs_identical, judge_jobs_identical),
]  # fmt: skip
