"""Numbers as reports write them: 98.5, 1万余, 四百, 两千三百, 百分之百, 九成."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?)"
_MULTIPLIER = re.compile(r"^(万|亿)")


def chinese_to_number(text: str) -> float | None:
    """Parse a Chinese numeral such as 二十三, 一百零五, 两千, 三点五; None if it is not one."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        integer = chinese_to_number(whole)
        if integer is None or not frac or any(ch not in _DIGITS for ch in frac):
            return None
        return float(f"{int(integer)}." + "".join(str(_DIGITS[ch]) for ch in frac))
    if all(ch in _DIGITS for ch in text) and len(text) > 1:  # 二〇二四 read digit by digit
        return float("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return float(total + current)


def parse_number(text: str) -> float | None:
    """Parse an Arabic or Chinese number."""
    try:
        return float(text)
    except ValueError:
        return chinese_to_number(text)


def apply_multiplier(value: float, rest: str) -> tuple[float, int]:
    """Apply a following 万/亿 to a value; return the value and how many characters were used."""
    match = _MULTIPLIER.match(rest)
    if match:
        return value * _BIG[match.group(1)], 1
    return value, 0
