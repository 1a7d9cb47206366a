"""What every element kind is: the Kind protocol and the Judgement it gives (see ``checker.analysis.kinds``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from checker.result import Evidence
from checker.rubric.load import Env
from checker.rubric.model import Element, Rubric
from checker.rubric.schema import KeyPath, Problems, Shape
from checker.status import Status

if TYPE_CHECKING:
    from checker.analysis.context import Context


class Judgement(NamedTuple):
    """An element's verdict on one report: status, the reason in Chinese, a reason code, the evidence."""

    status: Status
    reason: str
    code: str
    evidence: tuple[Evidence, ...] = ()
    penalty: float = 0.0  # points off the score (a figure below its expectation)


class Kind(Protocol):
    """One way of judging an element (see the module docstring)."""

    name: str
    summary: str
    shape: Shape
    detail_shapes: tuple[Shape, ...]  # the mappings inside its keys (match, match.figure …), for the docs
    codec_types: tuple[type, ...]

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> Any: ...

    def phrases(self, params: Any) -> Iterable[str]: ...

    def judge(self, element: Element, ctx: Context) -> Judgement: ...

    def describe(self, element: Element, rubric: Rubric) -> list[str]: ...

    def sample(self, element: Element, rubric: Rubric) -> str: ...

    def brief(self, element: Element, rubric: Rubric) -> str: ...


class WithoutParams:
    """What a kind with no keys of its own shares: an empty shape, no params, no phrases to find."""

    shape: Shape
    detail_shapes: tuple[Shape, ...] = ()
    codec_types: tuple[type, ...] = ()

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> None:
        return None

    def phrases(self, params: Any) -> Iterable[str]:
        return ()
