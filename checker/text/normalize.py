"""Make report text comparable while keeping the way back to the user's own lines.

Full-width ASCII becomes half-width (（一） -> (一), １００％ -> 100%), every kind of whitespace is
dropped (so 下一步工作 计划 matches 下一步工作计划), and web-page noise lines (navigation, login
prompts, share buttons) are flagged so they never count as content.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.text.document import Document

_NARROW = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_NARROW.update({"\u3000": " ", "\u2024": ".", "\ufe52": ".", "\u2236": ":"})
_WIDE = re.compile("([\uff01-\uff5e\u3000\u2024\ufe52\u2236])")  # captured: split keeps them
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
# exactly the characters regex \s matches, spelled out: a class of plain characters scans a quarter faster
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(rf"[{WHITESPACE}{''.join(_ZERO_WIDTH)}]+")
_BULLETS = "•·●▪◆◇■□►▶※"

_NAV_TOKEN = (
    r"设为首页|加入收藏|收藏本站|长辈版|长者模式|关怀版|适老化|无障碍浏览|无障碍|网站地图|English|繁体|简体"
    r"|返回顶部|打印本页|关闭窗口|打印|关闭|分享到|微信|微博|QQ空间|字体[:]?[大中小]*|字号[:]?[大中小]*|[大中小]"
)
_NOISE = re.compile(
    rf"^(?:(?:{_NAV_TOKEN})[|｜/]?)+$"
    r"|^(?:扫一扫|用手机扫|手机扫描|微信扫一扫).*"
    r"|^.{0,6}(?:账号|手机|用户名|短信)\+?(?:密码|验证码)登录$|^还没有账号\??$|^立即注册$|^(?:登录|注册|退出)$"
    r"|^忘记密码.*|^(?:上一篇|下一篇|相关链接|相关阅读|附件下载)[:].*|^(?:上一篇|下一篇)$"
    r"|^(?:浏览次数|阅读次数|访问量|点击数|来源|信息来源|编辑|责任编辑|发布时间|发布日期|发文日期|作者"
    r"|当前位置|您当前的位置|索引号|发布机构|主题分类|文号|生成日期)[:].*"
    r"|^(?:当前位置|您当前的位置|您的位置)[:>].*|^首页>.*|^[|>/\-_=~*#.·]+$"
)


class NormLine(NamedTuple):
    """One report line, normalized. ``index`` is 0-based in Document.lines."""

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    text: str
    noise: bool
    offsets: tuple[int, ...] | None = None

    def original_offset(self, position: int) -> int:
        """Map a position in ``text`` back to a position in the original line."""
        if self.offsets is None:
            return position
        if not self.offsets:
            return 0
        return self.offsets[min(position, len(self.offsets) - 1)]


def _narrow(text: str) -> str:
    """Full-width ASCII and ideographic space to half-width; every character maps to one character."""
    parts = _WIDE.split(text)  # text, wide char, text, wide char, ..., text
    if len(parts) == 1:
        return text
    parts[1::2] = map(_NARROW.__getitem__, parts[1::2])
    return "".join(parts)


def _has_space(text: str) -> bool:
    """Whether ``text`` holds whitespace other than line breaks, or a zero-width character.

    ``str.split`` and the regex ``\\s`` agree on what whitespace is; counting in C is far cheaper
    than searching line by line, and most reports have no space to drop.
    """
    return len(text) - text.count("\n") != len("".join(text.split())) or any(z in text for z in _ZERO_WIDTH)


def normalize_text(text: str) -> str:
    """Normalize a piece of text: half-width ASCII and punctuation, no whitespace."""
    return _SPACE.sub("", _narrow(text))


def normalize_line(index: int, raw: str) -> NormLine:
    """Normalize one line and flag it when it is web-page noise."""
    return _finish_line(index, _narrow(raw))


def _finish_line(index: int, wide: str) -> NormLine:
    """Drop whitespace from an already narrowed line (keeping offsets) and flag noise."""
    gaps = list(_SPACE.finditer(wide))
    if not gaps:
        return _flag_noise(index, wide)
    kept: list[int] = []
    start = 0
    for gap in gaps:
        kept.extend(range(start, gap.start()))
        start = gap.end()
    kept.extend(range(start, len(wide)))
    return _flag_noise(index, _SPACE.sub("", wide), tuple(kept))


def _flag_noise(index: int, text: str, offsets: tuple[int, ...] | None = None) -> NormLine:
    """The NormLine of a line with no whitespace left, flagged when it is web-page noise."""
    bare = text.lstrip(_BULLETS).rstrip("|")
    noise = not bare or bool(_NOISE.match(bare))
    return NormLine(index, text, noise, offsets)


def normalize_document(document: Document) -> list[NormLine]:
    """Normalize every line of a document, keeping their original indexes."""
    wide = _narrow(document.text)  # one pass; the mapping keeps every line's length
    narrowed = wide.split("\n")
    if len(narrowed) != len(document.lines):  # a line holding a line break: go line by line
        return [normalize_line(i, raw) for i, raw in enumerate(document.lines)]
    finish = _finish_line if _has_space(wide) else _flag_noise
    return [finish(i, line) for i, line in enumerate(narrowed)]
