"""The ``.reportcheck.yaml`` project configuration: found by walking up, validated against declared shapes.

Keys: ``rubric``, ``fail_under``, ``ignore`` (waivers: ``{id, reason}``, or a bare id with a
warning), ``exclude`` and ``overrides`` (a list of ``{paths, rubric, fail_under, ignore}``), declared
as shapes (``CONFIG``, ``OVERRIDE``, ``WAIVER``); every problem is reported in one pass with its
line. Path patterns are relative to the config file's folder; ``*`` stays inside one folder, ``**``
crosses folders, and a pattern ending in ``/`` covers the whole folder. A later override that
matches a file wins; a key an override gives replaces the top-level one. Command-line options win
over the file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from checker.errors import ConfigError
from checker.files import read_regular_file
from checker.rubric.schema import Field, KeyPath, Problems, Shape, key_text, within

CONFIG_NAME = ".reportcheck.yaml"
MAX_CONFIG_BYTES = 1024 * 1024  # a config is a few lines; /dev/zero or a FIFO never reaches yaml


class Waiver(NamedTuple):
    """An element the project does not grade, and why (a bare id has no reason)."""

    id: str
    reason: str = ""


class Settings(NamedTuple):
    """What applies to one report file: the rubric reference, the threshold and the waived elements."""

    rubric: str | None = None
    fail_under: float | None = None
    waivers: tuple[Waiver, ...] = ()

    @property
    def ignore(self) -> frozenset[str]:
        """The ids of the waived elements."""
        return frozenset(w.id for w in self.waivers)

    @property
    def reasons(self) -> dict[str, str]:
        """Why each element is waived, by id."""
        return {w.id: w.reason for w in self.waivers}


class Override(NamedTuple):
    patterns: tuple[str, ...]
    rubric: str | None
    fail_under: float | None
    waivers: tuple[Waiver, ...] | None


class Config(NamedTuple):
    """A loaded configuration; ``root`` is the folder its patterns are relative to.

    ``warnings`` are what the file should say better (a waiver without its reason).
    """

    path: Path | None
    root: Path
    base: Settings
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    warnings: tuple[str, ...] = ()

    def excluded(self, file: str | os.PathLike[str]) -> bool:
        """Whether the file matches one of the ``exclude`` patterns."""
        if not self.exclude:
            return False
        rel = self._relative(file)
        return rel is not None and any(_matches(p, rel) for p in self.exclude)

    def settings_for(self, file: str | os.PathLike[str]) -> Settings:
        """The settings for one file: top-level values, then every matching override in order."""
        if not self.overrides:
            return self.base
        rubric, fail_under, waivers = self.base.rubric, self.base.fail_under, self.base.waivers
        rel = self._relative(file)
        for override in self.overrides:
            if rel is None or not any(_matches(p, rel) for p in override.patterns):
                continue
            rubric = override.rubric if override.rubric is not None else rubric
            fail_under = override.fail_under if override.fail_under is not None else fail_under
            waivers = override.waivers if override.waivers is not None else waivers
        return Settings(rubric, fail_under, waivers)

    def all_waivers(self) -> tuple[Waiver, ...]:
        """Every waiver the file gives, at the top level or in an override."""
        return (*self.base.waivers, *(w for o in self.overrides for w in o.waivers or ()))

    def all_ignored(self) -> frozenset[str]:
        """Every element id the file waives, at the top level or in an override."""
        return frozenset(w.id for w in self.all_waivers())

    def rubric_refs(self) -> set[str | None]:
        """Every rubric the file names (None: none named, each report gets the rubric of its level)."""
        return {self.base.rubric, *(o.rubric for o in self.overrides if o.rubric is not None)}

    def _relative(self, file: str | os.PathLike[str]) -> str | None:
        try:
            return Path(os.path.abspath(file)).relative_to(self.root).as_posix()
        except ValueError:
            return None


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``.reportcheck.yaml`` in ``start`` (default: the current folder) or a parent."""
    folder = Path(os.path.abspath(start or os.getcwd()))
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.exists() and not path.is_dir():  # a FIFO or a device here is an error, not "no config"
            return path
    return None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load the given config file, or the one found from the current folder, or an empty config."""
    found = Path(path) if path is not None else find_config()
    if found is None:
        return Config(path=None, root=Path.cwd(), base=Settings())
    source = str(found)
    try:
        text = read_regular_file(found, MAX_CONFIG_BYTES, ConfigError).decode("utf-8-sig")
    except ConfigError as error:
        if error.code == "not_found":
            raise ConfigError("config_not_found", "配置文件不存在 (config file not found)", source) from None
        raise
    except UnicodeDecodeError as exc:
        raise ConfigError("config_unreadable", f"无法读取配置文件 (cannot read config: {exc})", source) from None
    import yaml  # only when there is a config file: keeps start-up light

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行：" if mark else ""
        raise ConfigError("config_syntax", f"{where}YAML 格式错误 (invalid YAML)", source) from None
    return _Reader(text, source, Path(os.path.abspath(found)).parent).config({} if data is None else data, found)


def _text_only(value: Any, path: KeyPath, problems: Problems) -> Any:
    """A field check: path patterns are text, not numbers."""
    if not all(isinstance(v, str) and v.strip() for v in ([value] if isinstance(value, str) else value)):
        problems.add(path, "应为路径模式（文字）或其列表 (a pattern or a list of patterns)")
        return []
    return value


_SETTINGS = (
    Field("rubric", "str", doc="评分细则 id 或 YAML 路径（相对配置文件）；不写则按报告层级自动选择"),
    Field("fail_under", "number", check=within(0, 100), doc="及格线（0–100），覆盖评分细则的"),
    Field("ignore", "list", doc="豁免的要素：{id, reason}（只写 id 也可，但会提示补写理由）"),
)
CONFIG = Shape(
    "config",
    (
        *_SETTINGS,
        Field("exclude", "names", default=[], check=_text_only, doc="不检查的文件（路径模式）"),
        Field("overrides", "list", default=[], doc="按路径覆盖：{paths, rubric, fail_under, ignore}"),
    ),
)
OVERRIDE = Shape("override", (Field("paths", "names", required=True, check=_text_only, doc="路径模式"), *_SETTINGS))
WAIVER = Shape(
    "waiver",
    (
        Field("id", "str", required=True, doc="要素 id"),
        Field("reason", "str", required=True, doc="为什么不评这一项（供督查时核对）"),
    ),
)


class _Reader:
    """Reads a config mapping, collecting every problem (with its line) and every warning."""

    def __init__(self, text: str, source: str, root: Path) -> None:
        self.text, self.source, self.root = text, source, root
        self.problems = Problems()
        self.warnings: list[str] = []

    def config(self, data: Any, path: Path) -> Config:
        top = CONFIG.read(data, (), self.problems) or {}
        base = self.settings(top, ())
        overrides = []
        for pos, item in enumerate(top.get("overrides") or []):
            values = OVERRIDE.read(item, ("overrides", pos), self.problems)
            if values is not None:
                settings = self.settings(values, ("overrides", pos))
                waivers = settings.waivers if values["ignore"] is not None else None
                patterns = _names(values["paths"] or [])
                overrides.append(Override(patterns, settings.rubric, settings.fail_under, waivers))
        if self.problems:
            raise self.error()
        exclude = _names(top.get("exclude") or [])
        return Config(path, self.root, base, exclude, tuple(overrides), tuple(self.warnings))

    def settings(self, values: dict[str, Any], where: KeyPath) -> Settings:
        rubric = values.get("rubric")
        if rubric is not None and (rubric.endswith((".yaml", ".yml")) or "/" in rubric):
            rubric = str(self.root / rubric)
        waivers = tuple(self.waiver(raw, (*where, "ignore", pos)) for pos, raw in enumerate(values.get("ignore") or []))
        return Settings(rubric, values.get("fail_under"), tuple(w for w in waivers if w is not None))

    def waiver(self, raw: Any, where: KeyPath) -> Waiver | None:
        if isinstance(raw, str) and raw.strip():
            self.warnings.append(
                f"{self.locate(where)}: 豁免“{raw.strip()}”没有写理由，请写成 {{id: {raw.strip()}, reason: …}}"
                " (a waiver without a reason)"
            )
            return Waiver(raw.strip())
        if not isinstance(raw, dict):
            self.problems.add(where, "应为要素 id 或 {id, reason} (an element id or {id, reason})")
            return None
        values = WAIVER.read(raw, where, self.problems)
        if values is None or values["id"] is None or values["reason"] is None:
            return None  # the problem is recorded
        return Waiver(values["id"].strip(), values["reason"].strip())

    def locate(self, where: KeyPath) -> str:
        from checker.rubric.yaml_lines import line_of

        line, _ = line_of(self.text, where)
        return f"{self.source}:{line}"

    def error(self) -> ConfigError:
        lines = [f"{self.locate(p.path)}: {key_text(p.path) or '(顶层)'}: {p.message}" for p in self.problems]
        first = self.problems.items[0]
        error = ConfigError(
            "config_invalid", f"配置项 {key_text(first.path) or '(顶层)'}：{first.message}", self.source
        )
        error.details = lines
        return error


def _names(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else list(value)
    return tuple(str(v).strip() for v in items if str(v).strip())


def check_ignore(ignore: frozenset[str], element_ids: set[str], source: str | None) -> None:
    """Raise ConfigError when ``ignore`` names an element the rubric does not have."""
    unknown = sorted(ignore - element_ids)
    if unknown:
        message = f"配置项 ignore：评分细则中没有这些要素：{'、'.join(unknown)} (unknown element id)"
        raise ConfigError("config_invalid", message, source or "")


def _matches(pattern: str, rel: str) -> bool:
    return _compile(pattern).fullmatch(rel) is not None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))
