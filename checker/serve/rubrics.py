"""The rubrics a page offers: the built-in ones, and those a visitor uploaded for their session.

An uploaded rubric is validated by the rubric loader (every problem with its line number, shown with
the uploaded file's name) and may extend only a built-in rubric: an ``extends:`` path would let a
visitor make the server read files of its own disk. The checker gets a built-in rubric by its file's
full path, so no file in a job's folder can stand in for it.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple

from checker.analysis.engine import load
from checker.errors import RubricError
from checker.rubric.load import DEFAULT_RUBRIC, builtin_rubrics
from checker.rubric.model import Rubric
from checker.serve.limits import HttpError

AUTO_CHOICE = "auto"
AUTO_LABEL = "自动：按报告的层级选择 (auto, by the report's level)"
_UPLOAD = "upload:"


class Uploaded(NamedTuple):
    """A rubric uploaded in a session: its key in that session, its file, and what it says of itself."""

    key: str
    path: Path
    name: str  # the uploaded file's name
    id: str
    title: str
    version: str
    elements: int


class Choice(NamedTuple):
    value: str
    label: str


def builtin_list() -> list[dict[str, Any]]:
    """The built-in rubrics: id, title, version, how many elements, whether it is the default."""
    out = []
    for rubric_id in sorted(builtin_rubrics()):
        spec = load(rubric_id)
        out.append(
            {
                "id": rubric_id,
                "title": spec.title,
                "version": spec.version,
                "elements": len(spec.elements),
                "default": rubric_id == DEFAULT_RUBRIC,
            }
        )
    return out


def _refuse_extends_path(text: str, name: str) -> None:
    """400 unless ``extends:`` (when there) names a built-in rubric."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # the loader reports it, with its line
    parent = data.get("extends") if isinstance(data, dict) else None
    if parent is None or (isinstance(parent, str) and parent in builtin_rubrics()):
        return
    from checker.rubric.yaml_lines import line_of

    line, _ = line_of(text, ("extends",))
    known = "、".join(sorted(builtin_rubrics()))
    raise HttpError(
        400,
        "评分细则有误 (the rubric has problems)",
        (f"{name}:{line}: extends: 上传的评分细则只能扩展内置评分细则：{known} (may extend only a built-in rubric)",),
    )


def validate(path: Path, name: str) -> Rubric:
    """Load an uploaded rubric file; HttpError 400 with each problem as ``name:line: key: problem``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HttpError(400, "评分细则不是 UTF-8 文本 (the rubric is not UTF-8 text)") from None
    _refuse_extends_path(text, name)
    try:
        return load(str(path))
    except RubricError as error:
        where = (str(path.resolve()), str(path))
        lines = []
        for line in error.lines():
            for prefix in where:
                line = line.replace(prefix, name)
            lines.append(line)
        raise HttpError(400, "评分细则有误，请按行号修改 (the rubric has problems)", tuple(lines)) from None


class RubricShelf:
    """Uploaded rubrics by session (the session cookie), a few per session, in the server's folder."""

    def __init__(self, folder: Path, per_session: int = 10, sessions: int = 500) -> None:
        self.folder = folder
        self.per_session = per_session
        self.sessions = sessions
        self._shelves: OrderedDict[str, OrderedDict[str, Uploaded]] = OrderedDict()

    def add(self, session: str, name: str, data: bytes) -> Uploaded:
        """Validate and keep an uploaded rubric for ``session``; HttpError 400 when it is wrong."""
        key = secrets.token_hex(6)
        folder = self.folder / session
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{key}.yaml"
        path.write_bytes(data)
        try:
            spec = validate(path, name)
        except HttpError:
            path.unlink()
            raise
        shelf = self._shelves.setdefault(session, OrderedDict())
        self._shelves.move_to_end(session)
        shelf[key] = Uploaded(key, path, name, spec.id, spec.title, str(spec.version), len(spec.elements))
        while len(shelf) > self.per_session:
            shelf.popitem(last=False)[1].path.unlink(missing_ok=True)
        while len(self._shelves) > self.sessions:
            for old in self._shelves.popitem(last=False)[1].values():
                old.path.unlink(missing_ok=True)
        return shelf[key]

    def of(self, session: str) -> list[Uploaded]:
        return list(self._shelves.get(session, {}).values())

    def find(self, session: str, key: str) -> Uploaded | None:
        shelf = self._shelves.get(session)
        return shelf.get(key) if shelf is not None else None

    def choices(self, session: str) -> list[Choice]:
        """What the rubric menu offers: automatic, each built-in rubric, this session's uploads."""
        out = [Choice(AUTO_CHOICE, AUTO_LABEL)]
        out += [Choice(r["id"], f"{r['title']}（{r['id']}）") for r in builtin_list()]
        out += [Choice(_UPLOAD + u.key, f"{u.title}（上传的 {u.name}）") for u in self.of(session)]
        return out

    def resolve(self, value: str | None, session: str) -> tuple[str | None, str]:
        """The checker's rubric reference for a menu value (None: automatic) and its label; 400 if unknown."""
        value = value or AUTO_CHOICE
        if value == AUTO_CHOICE:
            return None, "自动选择（按报告层级）"
        builtin = builtin_rubrics()
        if value in builtin:
            return str(builtin[value].resolve()), value
        uploaded = self.find(session, value.removeprefix(_UPLOAD)) if value.startswith(_UPLOAD) else None
        if uploaded is None:
            raise HttpError(400, "没有这个评分细则，请刷新页面后重新选择 (unknown rubric)")
        return str(uploaded.path), f"{uploaded.id}（上传的 {uploaded.name}）"
