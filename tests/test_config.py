"""The .reportcheck.yaml loader: discovery, path patterns, precedence inside the file, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.project.config import CONFIG_NAME, find_config, load_config


def _write(folder: Path, text: str) -> Path:
    path = folder / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "fail_under: 70\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_config() == path
    assert load_config().base.fail_under == 70
    assert find_config(tmp_path.parent) is None


def test_no_config_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.path is None and config.settings_for("x.txt").rubric is None


def test_patterns_and_override_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rubric: fazhi-annual\nignore: [a]\nexclude: ['**/*.bak.txt', 'old/']\n"
        "overrides:\n"
        "  - {paths: [townships/], rubric: fazhi-annual-township, ignore: [b]}\n"
        "  - {paths: 'townships/*/special.txt', fail_under: 90}\n"
        "  - {paths: 'rubrics/my.yaml', rubric: rubrics/my.yaml}\n",
    )
    config = load_config(path)
    town = config.settings_for(tmp_path / "townships" / "x" / "special.txt")
    assert (town.rubric, town.fail_under, town.ignore) == ("fazhi-annual-township", 90, frozenset({"b"}))
    top = config.settings_for(tmp_path / "county.txt")
    assert (top.rubric, top.fail_under, top.ignore) == ("fazhi-annual", None, frozenset({"a"}))
    assert config.settings_for(tmp_path / "townships" / "special.txt").fail_under is None
    assert config.excluded(tmp_path / "deep" / "r.bak.txt") and config.excluded(tmp_path / "old" / "x" / "r.txt")
    assert not config.excluded(tmp_path / "older" / "r.txt")
    assert not config.excluded(tmp_path.parent / "old" / "r.txt")
    assert config.settings_for(tmp_path / "rubrics" / "my.yaml").rubric == str(tmp_path / "rubrics" / "my.yaml")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- a\n- b\n", "映射"),
        ("rubric: [1]\n", "rubric"),
        ("fail_under: true\n", "fail_under"),
        ("ignore: {a: 1}\n", "ignore"),
        ("exclude: [1]\n", "exclude"),
        ("overrides: {}\n", "overrides"),
        ("overrides: [x]\n", "overrides[0]"),
        ("overrides: [{paths: a/, colour: red}]\n", "overrides[0].colour"),
        ("fail_under: 50\nrubric: [\n", "第3行"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, text))
    assert needle in str(caught.value) and CONFIG_NAME in str(caught.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="不存在"):
        load_config(tmp_path / "nope.yaml")
