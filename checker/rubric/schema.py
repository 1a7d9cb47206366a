"""A small declared schema for YAML objects: the keys an object may have, their types, and every problem found.

Each object of a rubric (the rubric itself, a section, an element, a metric, ...) and of the project
config declares a ``Shape``: its fields with a type, whether they are required, a default, the
allowed values. ``Shape.read`` checks a mapping against it and collects every problem (unknown
keys with a "did you mean", wrong types, missing keys) into ``Problems`` instead of stopping at the
first, so ``reportcheck rubric validate`` can report them all in one pass.

No schema library is used: the rules are few, the messages must be Chinese with the English beside
them, and a validated rubric is cached, so validation never runs on the usual path.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

KeyPath = tuple[str | int, ...]

TYPE_NAMES = {
    "str": "文字 (string)",
    "number": "数字 (number)",
    "int": "整数 (integer)",
    "bool": "true/false",
    "strings": "文字列表 (list of strings)",
    "list": "列表 (list)",
    "mapping": "映射 (mapping)",
    "scalar": "文字或数字 (string or number)",
    "names": "文字或文字列表 (a string or a list of strings)",
}


class Problem(NamedTuple):
    """One thing wrong at a key path."""

    path: KeyPath
    message: str


class Problems:
    """Every problem found while reading one document, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: KeyPath, message: str) -> None:
        self.items.append(Problem(path, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def key_text(path: KeyPath) -> str:
    """A key path as people write it: ``elements[3].match.any`` (ids in brackets read as names)."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


class Field(NamedTuple):
    """One key of an object: its type, whether it must be given, its default and allowed values.

    ``check`` may add a problem for a value of the right type that is still wrong (a negative
    weight); it returns the value to use.
    """

    key: str
    type: str
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] = ()
    doc: str = ""
    check: Callable[[Any, KeyPath, Problems], Any] | None = None


def _typed(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "strings":
        return isinstance(value, list) and all(_plain_text(v) for v in value)
    if kind == "list":
        return isinstance(value, list)
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "scalar":
        return _plain_text(value)
    if kind == "names":
        return _plain_text(value) or (isinstance(value, list) and all(_plain_text(v) for v in value))
    raise ValueError(f"unknown field type {kind}")


def _plain_text(value: Any) -> bool:
    """A non-empty string or a number (YAML reads ``100`` as a number where text was meant)."""
    if isinstance(value, bool):
        return False
    return (isinstance(value, str) and value.strip() != "") or isinstance(value, int | float)


def suggestion(key: str, known: list[str]) -> str:
    """``，是不是“x”`` for the closest known key, or nothing."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"，是不是“{close[0]}”" if close else ""


class Shape(NamedTuple):
    """The declared keys of one kind of object."""

    name: str
    fields: tuple[Field, ...]

    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def extend(self, *fields: Field) -> Shape:
        """The same shape with more keys."""
        return Shape(self.name, self.fields + fields)

    def read(
        self, raw: Any, path: KeyPath, problems: Problems, extra: tuple[str, ...] = (), strict: bool = True
    ) -> dict[str, Any] | None:
        """The fields' values (defaults filled in); None when ``raw`` is not a mapping.

        Keys in ``extra`` are allowed without being read (another shape reads them); with
        ``strict=False`` unknown keys are not reported (the caller reported them already).
        """
        if not isinstance(raw, dict):
            problems.add(path, f"应为映射 (a {self.name} must be a mapping)")
            return None
        known = self.keys()
        for key in raw if strict else ():
            if key not in known and key not in extra:
                hint = suggestion(str(key), known + list(extra))
                problems.add(
                    (*path, str(key)), f"未知的键{hint}（可用：{'、'.join(known + list(extra))}）(unknown key)"
                )
        values: dict[str, Any] = {}
        for field in self.fields:
            values[field.key] = self._value(raw, field, path, problems)
        return values

    @staticmethod
    def _value(raw: dict[str, Any], field: Field, path: KeyPath, problems: Problems) -> Any:
        here = (*path, field.key)
        if field.key not in raw or raw[field.key] is None:
            if field.required:
                problems.add(here, f"缺少必填项“{field.key}” (missing required key {field.key!r})")
            return field.default
        value = raw[field.key]
        if not _typed(value, field.type):
            problems.add(here, f"应为{TYPE_NAMES[field.type]}")
            return field.default
        if field.type == "number":
            value = float(value)
        if field.type == "strings":
            value = [str(v) for v in value]
        if field.choices:
            wrong = [v for v in (value if isinstance(value, list) else [value]) if v not in field.choices]
            if wrong:
                allowed = "、".join(map(str, field.choices))
                problems.add(here, f"不能是“{wrong[0]}”，可用：{allowed} (must be one of {allowed})")
                return field.default
        if field.check is not None:
            value = field.check(value, here, problems)
        return value


def at_least(minimum: float) -> Callable[[Any, KeyPath, Problems], Any]:
    """A field check: the number must not be below ``minimum``."""

    def check(value: Any, path: KeyPath, problems: Problems) -> Any:
        if value < minimum:
            problems.add(path, f"不能小于 {minimum:g} (must be >= {minimum:g})")
        return value

    return check


def within(low: float, high: float) -> Callable[[Any, KeyPath, Problems], Any]:
    """A field check: the number must lie within ``low..high``."""

    def check(value: Any, path: KeyPath, problems: Problems) -> Any:
        if not low <= value <= high:
            problems.add(path, f"应在 {low:g} 到 {high:g} 之间 (must be within {low:g}..{high:g})")
        return value

    return check
