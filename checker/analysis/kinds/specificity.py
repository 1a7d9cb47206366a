"""The ``specificity`` kind: a part gives facts, not slogans.

The share of the part's sentences that count must reach ``min_share``: with ``counts: facts`` the
sentences that give a fact (a number with a unit, a date, a named document 《…》, a concrete thing
from the rubric's ``concrete_words``), with ``counts: specifics`` those that are more than the
rubric's ``stock_phrases``. Below it the element is weak and the reason quotes the stock phrases the
part is made of (高度重视、扎实推进、有待加强…); with no body to read it is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from checker.analysis.kinds.base import Judgement
from checker.rubric.load import Env
from checker.rubric.model import Element, Rubric
from checker.rubric.schema import Field, KeyPath, Problems, Shape, within
from checker.status import Status

if TYPE_CHECKING:
    from checker.analysis.context import Context


class SpecificityParams(NamedTuple):
    """What counts (``facts``: sentences giving a fact; ``specifics``: sentences that are not stock
    phrases alone) and the share of the part's sentences it must reach."""

    min_share: float = 0.2
    counts: str = "facts"


class SpecificityKind:
    """The ``specificity`` kind (see the module docstring)."""

    name: str = "specificity"
    summary: str = "所属部分写事实（数字、日期、文件名、具体事项）的句子占比达到要求，而不是套话"
    shape: Shape = Shape(
        "specificity element",
        (
            Field("min_share", "number", default=0.2, check=within(0, 1), doc="达标的句子至少占的比例（0–1）"),
            Field(
                "counts",
                "str",
                default="facts",
                choices=("facts", "specifics"),
                doc="facts：写事实的句子；specifics：不是套话的句子",
            ),
        ),
    )
    detail_shapes: tuple[Shape, ...] = ()
    codec_types: tuple[type, ...] = (SpecificityParams,)

    def parse(self, values: dict[str, Any], path: KeyPath, problems: Problems, env: Env) -> SpecificityParams:
        return SpecificityParams(values["min_share"], values["counts"])

    def phrases(self, params: Any) -> Iterable[str]:
        return ()

    def judge(self, element: Element, ctx: Context) -> Judgement:
        params: SpecificityParams = element.params
        found = ctx.specificity(element.section)
        part = ctx.section_title(element)
        if not found.sentences:
            return Judgement(Status.MISSING, f"没有“{part}”部分的正文可以评估", "no_part")
        if params.counts == "facts":
            counted, share = found.facts, f"{found.facts}/{found.sentences}句写了数据或具体事项"
        else:
            counted = found.sentences - found.stock
            share = f"{counted}/{found.sentences}句不是套话"
        if counted >= params.min_share * found.sentences:
            return Judgement(Status.PRESENT, share, "specific")
        quoted = "；".join(f"“{text[:24]}”" for text in found.examples)
        reason = f"{share}，多为套话" + (f"，如{quoted}" if quoted else "")
        return Judgement(Status.WEAK, reason, "slogans")

    def describe(self, element: Element, rubric: Rubric) -> list[str]:
        params: SpecificityParams = element.params
        stock = "、".join(rubric.stock_phrases[:8])
        counted = "写了事实的句子" if params.counts == "facts" else "不只是套话的句子"
        return [
            "逐句看所属部分：有数字和单位、日期、《文件名》或具体事项（编制、经费、案件……）的句子算写了事实；"
            f"只有套话（如{stock}）、没有事实的句子算套话。",
            f"{counted}至少占 {params.min_share:.0%}，否则算薄弱，并引用其中的套话。",
        ]

    def brief(self, element: Element, rubric: Rubric) -> str:
        params: SpecificityParams = element.params
        return f"{'事实句' if params.counts == 'facts' else '非套话句'}≥{params.min_share:.0%}"

    def sample(self, element: Element, rubric: Rubric) -> str:
        return "全年审核规范性文件12件，清理文件148件，废止13件。"


SPECIFICITY = SpecificityKind()
