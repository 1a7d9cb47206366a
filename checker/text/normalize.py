"""Make report text comparable while keeping the way back to the user's own lines.

Full-width ASCII becomes half-width (（一） -> (一), １００％ -> 100%) and every kind of whitespace is
dropped (so 下一步工作 计划 matches 下一步工作计划); lines that carry nothing (separators, page
numbers) are flagged so they never count as content.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from checker.text.document import Document

_NARROW = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_NARROW.update({"\u3000": " ", "\u2024": ".", "\ufe52": ".", "\u2236": ":"})
_WIDE = re.compile("([\uff01-\uff5e\u3000\u2024\ufe52\u2236])")  # captured: split keeps them
_SURROGATE = re.compile("[\ud800-\udfff]")
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
# exactly the characters regex \s matches, spelled out: a class of plain characters scans a quarter faster
WHITESPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE = re.compile(rf"[{WHITESPACE}{''.join(_ZERO_WIDTH)}]+")
_BULLETS = "•·●▪◆◇■□►▶※"

# lines that carry nothing: separators and page numbers (the page furniture is checker.text.furniture's)
_NOISE = re.compile(
    r"^[|>/\-_=~*#.·—–]+$"
    r"|^[-—–_]*(?:第)?\d{1,4}(?:页)?(?:[/]\d{1,4}|共\d{1,4}页)?[-—–_]*$"
)


class NormLine(NamedTuple):
    """A piece of the report's text, normalized: a whole line, or a part of one that was split.

    ``index`` numbers the pieces in reading order; ``line`` is the 0-based line of the document it
    comes from (``Document.lines[line]``). ``offsets`` map each normalized position to its position
    in that line when whitespace was dropped; without them a position is ``base`` plus itself.
    """

    index: int  # type: ignore[assignment]  # a NamedTuple field may shadow tuple.index
    text: str
    noise: bool
    offsets: tuple[int, ...] | None = None
    line: int = -1
    base: int = 0

    def original_offset(self, position: int) -> int:
        """Map a position in ``text`` back to a position in the original line."""
        if self.offsets is None:
            return self.base + position
        if not self.offsets:
            return self.base
        return self.offsets[min(position, len(self.offsets) - 1)]

    def cut(self, start: int, end: int, index: int | None = None, noise: bool | None = None) -> NormLine:
        """The piece ``text[start:end]`` of this one, still pointing at the same original line."""
        offsets = self.offsets[start:end] if self.offsets is not None else None
        return NormLine(
            self.index if index is None else index,
            self.text[start:end],
            self.noise if noise is None else noise,
            offsets,
            self.line,
            self.base + start if self.offsets is None else self.base,
        )


def _narrow(text: str) -> str:
    """Full-width ASCII and ideographic space to half-width; every character maps to one character.

    A lone surrogate (text that was never valid Unicode) becomes U+FFFD, so the phrase search,
    which needs valid UTF-8, can read every line.
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
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
    return NormLine(index, text, noise, offsets, index)


def normalize_document(document: Document) -> list[NormLine]:
    """Normalize every line of a document, keeping their original indexes."""
    wide = _narrow(document.text)  # one pass; the mapping keeps every line's length
    narrowed = wide.split("\n")
    if len(narrowed) != len(document.lines):  # a line holding a line break: go line by line
        return [normalize_line(i, raw) for i, raw in enumerate(document.lines)]
    finish = _finish_line if _has_space(wide) else _flag_noise
    return [finish(i, line) for i, line in enumerate(narrowed)]
