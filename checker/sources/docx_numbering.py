"""Word automatic numbering: rebuild the labels (一、 （一） 1.) Word shows but does not store as text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_CAPITAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return str(n)


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, symbol in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, n = divmod(n, value)
        out += symbol * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "ideographDigital": lambda n: "".join(_DIGITS[int(c)] for c in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _CAPITAL, "拾"),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


def _val(element: Any, path: str, default: str | None = None) -> str | None:
    found = element.find(path)
    return found.get(f"{W}val", default) if found is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Numbering:
    """The numbering definitions of one document, with running counters per list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_element(cls, root: Any) -> Numbering:
        """Build from the w:numbering element (None gives an empty numbering)."""
        if root is None:
            return cls()
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterfind(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iterfind(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(
                    start=_int(_val(lvl, f"{W}start"), 1),
                    fmt=_val(lvl, f"{W}numFmt", "decimal") or "decimal",
                    text=_val(lvl, f"{W}lvlText", "") or "",
                )
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        levels_by_num: dict[str, dict[int, _Level]] = {}
        for num in root.iterfind(f"{W}num"):
            levels = dict(abstract.get(_val(num, f"{W}abstractNumId") or "", {}))
            for override in num.iterfind(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = _val(override, f"{W}startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(_int(start, old.start), old.fmt, old.text)
            levels_by_num[num.get(f"{W}numId", "")] = levels
        return cls(levels=levels_by_num)

    def label(self, num_id: str | None, ilvl: int) -> str:
        """Advance the list ``num_id`` at level ``ilvl`` and return the label Word would show."""
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id or "", {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt = levels[ilvl].fmt
        if fmt not in _FORMATS:
            return ""
        text = levels[ilvl].text
        for k in range(9):
            if f"%{k + 1}" in text:
                level = levels.get(k)
                value = counts.get(k, level.start if level else 1)
                render = _FORMATS.get(level.fmt if level else "decimal", str)
                text = text.replace(f"%{k + 1}", render(value))
        return text


def paragraph_numbering(ppr: Any, style_numbering: Mapping[str, tuple[str, int]]) -> tuple[str | None, int]:
    """The (numId, ilvl) of a paragraph: its own w:numPr, else its style's."""
    if ppr is not None:
        num_pr = ppr.find(f"{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr, f"{W}numId")
            if num_id is not None:
                return num_id, _int(_val(num_pr, f"{W}ilvl"), 0)
        style = _val(ppr, f"{W}pStyle")
        if style is not None and style in style_numbering:
            num_id, ilvl = style_numbering[style]
            ilvl = _int(_val(num_pr, f"{W}ilvl"), ilvl) if num_pr is not None else ilvl
            return num_id, ilvl
    return None, 0
