"""Command line: ``reportcheck check``, ``reportcheck rubric list|show|validate``.

Kept thin: every command is a call into the library. Exit codes (DESIGN.md): 0 passed,
1 checked and failed, 2 usage or input error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from checker import __version__
from checker.errors import ReportcheckError

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _fail(error: ReportcheckError) -> None:
    click.echo(f"reportcheck: 错误 error: {error}", err=True)
    sys.exit(EXIT_ERROR)


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportcheck")
def main() -> None:
    """检查法治政府建设年度报告是否写全、写实 (score a 法治政府建设年度报告 against a rubric)."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--rubric", "rubric_ref", default=None, help="评分细则 id 或 YAML 路径 (rubric id or path).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="输出格式 (output format).",
)
@click.option(
    "--fail-under", type=click.FloatRange(0, 100), default=None, help="及格线，覆盖评分细则 (pass threshold)."
)
@click.option(
    "--out", "out_path", type=click.Path(dir_okay=False), default=None, help="写入文件而非屏幕 (write to file)."
)
def check(
    files: tuple[str, ...], rubric_ref: str | None, fmt: str, fail_under: float | None, out_path: str | None
) -> None:
    """检查一份或多份报告 (check one or more reports)."""
    from checker.engine import check_path, compile_rubric
    from checker.render.json_out import error_record, render_json, render_jsonl

    try:
        rubric = compile_rubric(rubric_ref)
    except ReportcheckError as error:
        _fail(error)
    results: list[Any] = []
    any_error = any_failed = False
    for source in files:
        try:
            result = check_path(source, rubric, fail_under)
        except ReportcheckError as error:
            any_error = True
            click.echo(f"reportcheck: 错误 error: {error}", err=True)
            if fmt != "text":
                results.append(error_record(error, source))
            continue
        any_failed = any_failed or not result.passed
        results.append(result)
    if fmt == "json" and results:
        _emit(render_json(results), out_path)
    elif fmt == "jsonl":
        _emit(render_jsonl(results), out_path)
    elif fmt == "text":
        _emit_text(results, out_path)
    sys.exit(EXIT_ERROR if any_error else EXIT_FAILED if any_failed else EXIT_OK)


def _emit(text: str, out_path: str | None) -> None:
    if out_path:
        from checker.output import write_atomic

        write_atomic(out_path, text)
    else:
        click.echo(text, nl=False)


def _emit_text(results: list[Any], out_path: str | None) -> None:
    from checker.render.text import print_result

    if out_path:
        from rich.console import Console

        console = Console(record=True, width=100, file=open("/dev/null", "w"))  # noqa: SIM115
        for result in results:
            print_result(result, console)
        _emit(console.export_text(), out_path)
        return
    console = _console()
    for result in results:
        print_result(result, console)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--rubric", "rubric_ref", default=None, help="评分细则 id 或 YAML 路径 (rubric id or path).")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="并行进程数，默认全部核心 (worker processes).")
@click.option(
    "--out", "out_path", type=click.Path(dir_okay=False), default=None, help="写入文件而非屏幕 (write to file)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help="输出格式：汇总表、逐份 JSON、要素矩阵 CSV 或 Excel (output format).",
)
@click.option(
    "--per-report",
    type=click.Path(file_okay=False),
    default=None,
    help="把每份报告的结果（json 和文字报告）写入此文件夹 (one feedback file per report).",
)
@click.option(
    "--fail-under", type=click.FloatRange(0, 100), default=None, help="及格线，覆盖评分细则 (pass threshold)."
)
@click.option("--copies/--no-copies", default=True, show_default=True, help="检查照搬照抄 (find copied paragraphs).")
def batch(
    paths: tuple[str, ...],
    rubric_ref: str | None,
    jobs: int | None,
    out_path: str | None,
    fmt: str,
    per_report: str | None,
    fail_under: float | None,
    copies: bool,
) -> None:
    """批量评分：文件、文件夹（递归）和通配符 (grade a folder of reports: files, folders, globs)."""
    from checker.batch import BatchOptions, run_batch

    options = BatchOptions(rubric_ref, jobs, out_path, fmt, per_report, fail_under, copies)
    try:
        outcome = run_batch(paths, options)
    except ReportcheckError as error:
        _fail(error)
    sys.exit(outcome.exit_code)


@main.group()
def rubric() -> None:
    """查看和校验评分细则 (list, show and validate rubrics)."""


@rubric.command("list")
def rubric_list() -> None:
    """列出内置评分细则 (list the built-in rubrics)."""
    from checker.rubric_loader import DEFAULT_RUBRIC, builtin_rubrics, load_rubric

    for rubric_id in sorted(builtin_rubrics()):
        spec = load_rubric(rubric_id)
        mark = "（默认）" if rubric_id == DEFAULT_RUBRIC else ""
        click.echo(f"{rubric_id}\t{spec.version}\t{spec.title}{mark}\t{len(spec.elements)} 个要素")


@rubric.command("show")
@click.argument("ref", required=False)
def rubric_show(ref: str | None) -> None:
    """以表格显示评分细则的部分和要素 (show a rubric's sections and elements)."""
    from rich.table import Table

    from checker.rubric_loader import load_rubric

    try:
        spec = load_rubric(ref)
    except ReportcheckError as error:
        _fail(error)
    console = _console()
    console.print(f"[bold]{spec.title}[/]  {spec.id} {spec.version}  及格线 {spec.pass_threshold:g}")
    table = Table(expand=False)
    for column in ("要素 id", "名称", "部分", "权重", "必备", "匹配"):
        table.add_column(column, overflow="fold")
    for element in spec.elements:
        table.add_row(
            element.id,
            element.title,
            element.section,
            f"{element.weight:g}",
            "是" if element.required else "",
            _describe_match(element),
        )
    console.print(table)


def _describe_match(element: Any) -> str:
    match = element.match
    parts = []
    if match.figure:
        parts.append(f"数据 {match.figure.metric}{' ' + str(match.figure.expect) if match.figure.expect else ''}")
    if match.any:
        parts.append("任一：" + "、".join(match.any[:4]) + ("…" if len(match.any) > 4 else ""))
    if match.all:
        parts.append("全部：" + "、".join(g[0] for g in match.all))
    if match.fuzzy:
        parts.append("近似：" + "、".join(match.fuzzy.phrases[:2]))
    if match.regex:
        parts.append(f"正则：{match.regex}")
    return "；".join(parts)


@rubric.command("validate")
@click.argument("path", type=click.Path())
def rubric_validate(path: str) -> None:
    """校验一个评分细则文件 (validate a rubric file)."""
    from checker.rubric_loader import load_rubric

    try:
        spec = load_rubric(path)
    except ReportcheckError as error:
        _fail(error)
    click.echo(
        f"{path}: 有效 valid — {spec.id} {spec.version}，{len(spec.sections)} 个部分，{len(spec.elements)} 个要素"
    )
