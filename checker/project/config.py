"""The ``.reportcheck.yaml`` project configuration: found by walking up, validated key by key.

Keys: ``rubric``, ``fail_under``, ``ignore``, ``exclude`` and ``overrides`` (a list of
``{paths, rubric, fail_under, ignore}``). Path patterns are relative to the config file's folder;
``*`` stays inside one folder, ``**`` crosses folders, and a pattern ending in ``/`` covers the
whole folder. A later override that matches a file wins; a key an override gives replaces the
top-level one. Command-line options win over the file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from checker.errors import ConfigError
from checker.files import read_regular_file

CONFIG_NAME = ".reportcheck.yaml"
MAX_CONFIG_BYTES = 1024 * 1024  # a config is a few lines; /dev/zero or a FIFO never reaches yaml
_TOP_KEYS = ("rubric", "fail_under", "ignore", "exclude", "overrides")
_OVERRIDE_KEYS = ("paths", "rubric", "fail_under", "ignore")


class Settings(NamedTuple):
    """What applies to one report file: the rubric reference, the threshold and ignored elements."""

    rubric: str | None = None
    fail_under: float | None = None
    ignore: frozenset[str] = frozenset()


class Override(NamedTuple):
    patterns: tuple[str, ...]
    rubric: str | None
    fail_under: float | None
    ignore: frozenset[str] | None


class Config(NamedTuple):
    """A loaded configuration; ``root`` is the folder its patterns are relative to."""

    path: Path | None
    root: Path
    base: Settings
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()

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
        rubric, fail_under, ignore = self.base.rubric, self.base.fail_under, self.base.ignore
        rel = self._relative(file)
        for override in self.overrides:
            if rel is None or not any(_matches(p, rel) for p in override.patterns):
                continue
            rubric = override.rubric if override.rubric is not None else rubric
            fail_under = override.fail_under if override.fail_under is not None else fail_under
            ignore = override.ignore if override.ignore is not None else ignore
        return Settings(rubric, fail_under, ignore)

    def all_ignored(self) -> frozenset[str]:
        """Every element id the file ignores, at the top level or in an override."""
        return self.base.ignore.union(*(o.ignore for o in self.overrides if o.ignore is not None))

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
    return _build(data if data is not None else {}, found, source)


def _build(data: Any, path: Path, source: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError("config_invalid", "配置文件应是键值映射 (config must be a mapping)", source)
    _known_keys(data, _TOP_KEYS, "", source)
    root = Path(os.path.abspath(path)).parent
    overrides = data.get("overrides", [])
    if not isinstance(overrides, list):
        raise _bad("overrides", "应是列表 (must be a list)", source)
    return Config(
        path=path,
        root=root,
        base=Settings(
            rubric=_rubric(data, "rubric", root, source),
            fail_under=_threshold(data, "fail_under", source),
            ignore=_ids(data, "ignore", source) or frozenset(),
        ),
        exclude=_patterns(data, "exclude", source),
        overrides=tuple(_override(item, f"overrides[{i}]", root, source) for i, item in enumerate(overrides)),
    )


def _override(item: Any, where: str, root: Path, source: str) -> Override:
    if not isinstance(item, dict):
        raise _bad(where, "应是包含 paths 的映射 (must be a mapping with paths)", source)
    _known_keys(item, _OVERRIDE_KEYS, f"{where}.", source)
    patterns = _patterns(item, "paths", source, where)
    if not patterns:
        raise _bad(f"{where}.paths", "缺少路径模式 (paths is required)", source)
    return Override(
        patterns=patterns,
        rubric=_rubric(item, "rubric", root, source, where),
        fail_under=_threshold(item, "fail_under", source, where),
        ignore=_ids(item, "ignore", source, where),
    )


def _known_keys(mapping: dict[Any, Any], allowed: tuple[str, ...], prefix: str, source: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise _bad(f"{prefix}{key}", f"未知的配置项，可用：{'、'.join(allowed)} (unknown key)", source)


def _bad(key: str, problem: str, source: str) -> ConfigError:
    return ConfigError("config_invalid", f"配置项 {key}：{problem}", source)


def _name(key: str, where: str) -> str:
    return f"{where}.{key}" if where else key


def _rubric(mapping: dict[str, Any], key: str, root: Path, source: str, where: str = "") -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(_name(key, where), "应是评分细则 id 或 YAML 路径 (must be a rubric id or path)", source)
    if value.endswith((".yaml", ".yml")) or "/" in value:
        return str(root / value)
    return value


def _threshold(mapping: dict[str, Any], key: str, source: str, where: str = "") -> float | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise _bad(_name(key, where), f"应是 0 到 100 之间的数字，而不是“{value}” (must be a number 0-100)", source)
    return float(value)


def _strings(mapping: dict[str, Any], key: str, source: str, where: str) -> tuple[str, ...] | None:
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(_name(key, where), "应是字符串或字符串列表 (must be a string or a list of strings)", source)
    return tuple(v.strip() for v in value)


def _ids(mapping: dict[str, Any], key: str, source: str, where: str = "") -> frozenset[str] | None:
    values = _strings(mapping, key, source, where)
    return None if values is None else frozenset(values)


def _patterns(mapping: dict[str, Any], key: str, source: str, where: str = "") -> tuple[str, ...]:
    return _strings(mapping, key, source, where) or ()


def check_ignore(ignore: frozenset[str], element_ids: set[str], source: str | None) -> None:
    """Raise ConfigError when ``ignore`` names an element the rubric does not have."""
    unknown = sorted(ignore - element_ids)
    if unknown:
        raise _bad("ignore", f"评分细则中没有这些要素：{'、'.join(unknown)} (unknown element id)", source or "")


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
