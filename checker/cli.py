"""Command line: ``reportcheck check``, ``batch``, ``serve``, ``rubric list|show|validate``, ``diff``, ``explain``.

Kept thin: every command is a call into the library. Exit codes (DESIGN.md): 0 passed,
1 checked and failed, 2 usage or input error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from checker import __version__
from checker.batch.api import FORMATS as BATCH_FORMATS
from checker.batch.api import RANK_BY
from checker.errors import EXIT_ERROR, EXIT_FAILED, EXIT_OK, ReportcheckError
from checker.render.formats import FORMATS as CHECK_FORMATS

if TYPE_CHECKING:
    from rich.console import Console

    from checker.project.run import CheckRun
    from checker.sources import Limits

# Options shared by several commands (each use creates its own click Option).
RUBRIC_OPTION = click.option(
    "--rubric", "rubric_ref", default=None, help="评分细则 id 或 YAML 路径 (rubric id or path)."
)
FAIL_UNDER_OPTION = click.option(
    "--fail-under", type=click.FloatRange(0, 100), default=None, help="及格线，覆盖评分细则 (pass threshold)."
)
OUT_OPTION = click.option(
    "--out", "out_path", type=click.Path(dir_okay=False), default=None, help="写入文件而非屏幕 (write to file)."
)
TIMEOUT_OPTION = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="读取单个文件的时间上限（秒），默认 10，0 为不限 (time budget per file, seconds).",
)
CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="配置文件，默认从当前文件夹向上查找 .reportcheck.yaml (config file).",
)


def _fail(error: ReportcheckError) -> NoReturn:
    for line in error.lines():
        click.echo(f"reportcheck: 错误 error: {line}", err=True)
    sys.exit(EXIT_ERROR)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportcheck")
def main() -> None:
    """检查法治政府建设年度报告是否写全、写实 (score a 法治政府建设年度报告 against a rubric)."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@RUBRIC_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(CHECK_FORMATS)),
    default="text",
    show_default=True,
    help="输出格式 (output format).",
)
@FAIL_UNDER_OPTION
@OUT_OPTION
@CONFIG_OPTION
@click.option(
    "--max-size",
    type=click.FloatRange(min=0.001),
    default=None,
    help="单个文件大小上限（MB），默认 50 (largest input file, in MB).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    default=None,
    help="与先前的 JSON 结果比较，只在新增或变差时失败 (fail only on findings new or worse than this JSON result).",
)
@click.option(
    "--score-margin",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="与基线比较时，得分下降超过此值算变差 (with --baseline: a score drop beyond this fails).",
)
@click.option("--quiet", "-q", is_flag=True, help="通过的报告只显示一行 (one line for each passing report).")
@TIMEOUT_OPTION
@click.option(
    "--previous",
    type=click.Path(exists=True),
    default=None,
    help="上一年的报告（文件、文件夹或评分数据库），比较得分、重复文字和任务落实 (last year's report, folder or db).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="把结果记入评分数据库（SQLite），供下一年比较 (store the results in a history database).",
)
def check(
    files: tuple[str, ...],
    rubric_ref: str | None,
    fmt: str,
    fail_under: float | None,
    out_path: str | None,
    config_path: str | None,
    max_size: float | None,
    baseline: str | None,
    score_margin: float,
    quiet: bool,
    timeout: float | None,
    previous: str | None,
    db: str | None,
) -> None:
    """检查一份或多份报告 (check one or more reports)."""
    from checker.project.run import CheckOptions, run_check, write_output
    from checker.render.formats import errors
    from checker.sources import limits_with

    options = CheckOptions(rubric_ref, fmt, fail_under, out_path, config_path, max_size, timeout)
    try:
        run = run_check(files, options)
    except ReportcheckError as error:
        _fail(error)
    for source in run.excluded:
        click.echo(f"reportcheck: 已按配置排除 excluded by config: {source}", err=True)
    for warning in run.warnings:
        click.echo(f"reportcheck: 注意 warning: {warning}", err=True)
    try:
        if previous:
            run = _beside_last_year(run, previous, limits_with(max_size, timeout))
        if db:
            from checker.project.previous import store

            stored = store(run.checked, run.rubrics, db)
            click.echo(f"reportcheck: 已记入评分数据库 stored in {db}: {stored} 份", err=True)
    except ReportcheckError as error:
        _fail(error)
    for record in errors(run.checked):
        click.echo(f"reportcheck: 错误 error: {record.file}: {record.message}", err=True)
    try:
        write_output(run, fmt, out_path, quiet=quiet)
        compared = run.against(baseline, score_margin) if baseline else None
    except ReportcheckError as error:
        _fail(error)
    if compared is not None:
        for line in compared.lines():
            click.echo(line, err=True)
    sys.exit(run.exit_code if compared is None else run.baseline_exit_code(compared))


def _beside_last_year(run: CheckRun, previous: str, limits: Limits) -> CheckRun:
    """The run with each report set beside last year's; the reports without one are told on stderr."""
    from checker.project.previous import beside_last_year

    run, alone = beside_last_year(run, previous, limits)
    for file in alone:
        click.echo(f"reportcheck: 上一年没有找到同一单位的报告 no report of last year for: {file}", err=True)
    return run


@main.command()
@click.argument("paths", nargs=-1, required=True)
@RUBRIC_OPTION
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="并行进程数，默认全部核心 (worker processes).")
@OUT_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BATCH_FORMATS),
    default="table",
    show_default=True,
    help="输出格式：汇总表、逐份 JSON、要素矩阵 CSV 或 Excel；docx 为汇总表加每份报告带批注的 Word 审阅副本"
    "（写入 --per-report）(output format; docx: the summary and a reviewed Word copy per report).",
)
@click.option(
    "--per-report",
    type=click.Path(file_okay=False),
    default=None,
    help="把每份报告的结果（json 和文字报告，docx 格式时另有审阅副本）写入此文件夹 (feedback files per report).",
)
@FAIL_UNDER_OPTION
@click.option("--copies/--no-copies", default=True, show_default=True, help="检查照搬照抄 (find copied paragraphs).")
@CONFIG_OPTION
@TIMEOUT_OPTION
@click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=None,
    help="每个检查进程可增加的内存上限（MB），默认 1024，0 为不限 (memory cap per worker, MB).",
)
@click.option(
    "--year",
    type=click.IntRange(1990, 2100),
    default=None,
    help="报告应属的年度；其他年度的报告单列、不参加排名 (the year reports should be about; others are not ranked).",
)
@click.option(
    "--rank-by",
    type=click.Choice(RANK_BY),
    default="level",
    show_default=True,
    help="排名范围：同一层级内（县级、乡镇、部门）或全部一起 (rank within each level, or all together).",
)
@click.option(
    "--notice",
    type=click.Path(dir_okay=False),
    default=None,
    help="写出通报草稿（Word .docx）：范围、通过情况、排名、常缺要素、逾期、雷同、整改事项 (write a notice draft).",
)
@click.option(
    "--previous",
    type=click.Path(exists=True),
    default=None,
    help="上一年的报告（文件夹或评分数据库），逐份比较得分、重复文字和任务落实 (last year's reports or db).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="把结果记入评分数据库（SQLite），供下一年比较 (store the results in a history database).",
)
def batch(
    paths: tuple[str, ...],
    rubric_ref: str | None,
    jobs: int | None,
    out_path: str | None,
    fmt: str,
    per_report: str | None,
    fail_under: float | None,
    copies: bool,
    config_path: str | None,
    timeout: float | None,
    max_memory: int | None,
    year: int | None,
    rank_by: str,
    notice: str | None,
    previous: str | None,
    db: str | None,
) -> None:
    """批量评分：文件、文件夹（递归）和通配符 (grade a folder of reports: files, folders, globs)."""
    from checker.batch import BatchOptions, run_batch

    options = BatchOptions(
        rubric_ref,
        jobs,
        out_path,
        fmt,
        per_report,
        fail_under,
        copies,
        config_path,
        timeout,
        max_memory,
        year,
        rank_by,
        notice,
        previous,
        db,
    )
    try:
        outcome = run_batch(paths, options)
    except ReportcheckError as error:
        _fail(error)
    if outcome.excluded:
        click.echo(f"reportcheck: 已按配置排除 {len(outcome.excluded)} 份 (excluded by config)", err=True)
    if not options.summarized:  # the summary would have said so
        from checker.batch.report import warnings

        for line in warnings(outcome.summary):
            click.echo(f"reportcheck: 注意 warning: {line}", err=True)
    sys.exit(outcome.exit_code)


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址；非本机地址需要令牌 (address to listen on)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口，0 为任选 (port).")
@click.option("--token", default=None, help="访问令牌；对局域网开放而未给出时自动生成 (access token).")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 (do not open a browser).")
@click.option(
    "--jobs", "-j", type=click.IntRange(1), default=None, help="同时检查的份数，默认全部核心 (checks at once)."
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0.001),
    default=None,
    help="单个文件大小上限（MB），默认 50 (largest report file, in MB).",
)
def serve(host: str, port: int, token: str | None, no_browser: bool, jobs: int | None, max_size: float | None) -> None:
    """在本机打开检查网页：上传报告、批量评分、查看评分细则 (the checker as a local web page)."""
    from checker.serve.limits import ServeLimits
    from checker.serve.server import ServeOptions, serve
    from checker.sources import limits_with

    limits = ServeLimits(reader=limits_with(max_size))
    try:
        serve(ServeOptions(host, port, token, not no_browser, jobs, limits))
    except ReportcheckError as error:
        _fail(error)


@main.group()
def rubric() -> None:
    """查看和校验评分细则 (list, show and validate rubrics)."""


@rubric.command("list")
def rubric_list() -> None:
    """列出内置评分细则 (list the built-in rubrics)."""
    from checker.analysis.engine import load
    from checker.rubric.load import DEFAULT_RUBRIC, builtin_rubrics

    for rubric_id in sorted(builtin_rubrics()):
        spec = load(rubric_id)
        mark = "（默认）" if rubric_id == DEFAULT_RUBRIC else ""
        click.echo(f"{rubric_id}\t{spec.version}\t{spec.title}{mark}\t{len(spec.elements)} 个要素")


@rubric.command("show")
@click.argument("ref", required=False)
@click.option("--ids", is_flag=True, help="同时显示要素 id (show element ids).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rubric_show(ref: str | None, ids: bool, fmt: str) -> None:
    """按部分显示评分细则的要素 (show a rubric's elements, grouped by part)."""
    from checker.analysis.engine import load
    from checker.render.rubric_show import rubric_json, rubric_tables

    try:
        spec = load(ref)
    except ReportcheckError as error:
        _fail(error)
    if fmt == "json":
        click.echo(rubric_json(spec), nl=False)
        return
    console = _console()
    for part in rubric_tables(spec, ids):
        console.print(part)


@rubric.command("validate")
@click.argument("path", type=click.Path())
def rubric_validate(path: str) -> None:
    """校验一个评分细则文件 (validate a rubric file)."""
    from checker.analysis.engine import load

    try:
        spec = load(path)
    except ReportcheckError as error:
        _fail(error)
    click.echo(
        f"{path}: 有效 valid — {spec.id} {spec.version}，{len(spec.sections)} 个部分，{len(spec.elements)} 个要素"
    )


@rubric.command("kinds")
def rubric_kinds() -> None:
    """评分细则各项的参考（Markdown），含每种要素判断方式 (the rubric reference, from the code)."""
    from checker.render.rubric_doc import reference

    click.echo(reference(), nl=False)


@rubric.command("test")
@click.argument("refs", nargs=-1)
def rubric_test(refs: tuple[str, ...]) -> None:
    """运行评分细则中每个要素的 examples 自测 (run every element's examples; all built-in rubrics by default)."""
    from checker.project.selftest import run_examples
    from checker.rubric.load import builtin_rubrics

    failed = 0
    for ref in refs or tuple(sorted(builtin_rubrics())):
        try:
            outcome = run_examples(ref)
        except ReportcheckError as error:
            _fail(error)
        for failure in outcome.failures:
            click.echo(str(failure))
        failed += len(outcome.failures)
        mark = "通过 ok" if not outcome.failures else f"{len(outcome.failures)} 处不符 failed"
        click.echo(f"{outcome.rubric}: {outcome.examples} 个示例，{mark}", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("issuer")
@click.option(
    "--db", type=click.Path(exists=True, dir_okay=False), required=True, help="评分数据库 (history database)."
)
def history(issuer: str, db: str) -> None:
    """显示一个单位历年的评分 (one body's grades over the years, from a history database)."""
    from checker.project.history import History, history_lines

    try:
        with History(db) as store:
            rows = store.rows_for(issuer)
    except ReportcheckError as error:
        _fail(error)
    if not rows:
        click.echo(f"reportcheck: 评分数据库中没有“{issuer}”的记录 (no rows for this issuer)", err=True)
        sys.exit(1)
    for line in history_lines(rows):
        click.echo(line)


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@RUBRIC_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@CONFIG_OPTION
def diff(old: str, new: str, rubric_ref: str | None, fmt: str, config_path: str | None) -> None:
    """比较同一报告的两稿 (compare two drafts of the same report).

    两稿使用同一评分细则（按新稿的配置）；退出码反映新稿是否通过。
    """
    from checker.compare.drafts import render_diff_text
    from checker.project.tools import run_diff
    from checker.render.json_out import dumps

    try:
        changes = run_diff(old, new, rubric_ref, config_path)
    except ReportcheckError as error:
        _fail(error)
    click.echo(dumps(changes.to_dict(), indent=2) if fmt == "json" else render_diff_text(changes), nl=fmt == "json")
    sys.exit(EXIT_OK if changes.new.passed else EXIT_FAILED)


@main.command()
@click.argument("element_id")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@RUBRIC_OPTION
@CONFIG_OPTION
def explain(element_id: str, file: str | None, rubric_ref: str | None, config_path: str | None) -> None:
    """解释一个要素：要求、匹配规则、示例；给出 FILE 时说明为何找到或没找到 (explain an element)."""
    from checker.project.tools import run_explain

    try:
        text = run_explain(element_id, file, rubric_ref, config_path)
    except ReportcheckError as error:
        _fail(error)
    click.echo(text, nl=False)
