"""Imported by the fork server before it forks any check, so that what the checker prepares on first use
is prepared once: the web-page furniture patterns, the compiled rubrics, the matchers' first run.

A check in a fresh child would otherwise spend about 30 ms of its 40 ms on that (measured on the
development machine with ``examples/strong_county.txt``: 36 ms cold, 7 ms after this).
"""

from __future__ import annotations

from contextlib import suppress

from checker.analysis.engine import auto_rubric, check_document
from checker.sources.text import read_text
from checker.text import furniture
from checker.text.lazy_re import compile_all

_SAMPLE = """某县人民政府关于2024年度法治政府建设情况的报告
一、2024年推进法治政府建设的主要举措和成效
（一）加强组织领导。召开政府常务会议专题研究法治政府建设3次，行政机关负责人出庭应诉率100%。
二、存在的不足和原因
三、党政主要负责人履行推进法治建设第一责任人职责情况
四、2025年推进法治政府建设的主要安排
某县人民政府
2025年1月20日
"""


def _prepare() -> None:
    compile_all(vars(furniture))
    check_document(read_text(_SAMPLE.encode("utf-8"), "warm.txt"), auto_rubric())


with suppress(Exception):  # a warm-up that fails costs only speed: the fork server must start regardless
    _prepare()
