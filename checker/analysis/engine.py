"""The pipeline: Document -> pieces of text -> outline, metadata, level -> matches -> scored Result.

Reading a report (``read_report``) needs no rubric; with ``rubric: auto`` the rubric is chosen from
the level read, then the report is judged against it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from checker.analysis.checks import run_check
from checker.analysis.context import Context
from checker.analysis.figures import FigureFinder
from checker.analysis.kinds import KINDS, judge
from checker.analysis.matcher import PhraseMatcher
from checker.analysis.sections import SectionFinding, assign_sections
from checker.analysis.substance import body_shortfall
from checker.result import (
    CheckResult,
    ElementResult,
    FigureResult,
    ReportInfo,
    Result,
    SectionResult,
)
from checker.rubric.load import DEFAULT_RUBRIC, builtin_rubrics, load_rubric
from checker.rubric.model import Rubric, Section
from checker.sources import DEFAULT_LIMITS, Limits, read_document
from checker.status import CheckStatus, Status
from checker.text.document import Document
from checker.text.level import detect_level
from checker.text.metadata import ReportMeta, read_meta
from checker.text.normalize import NormLine
from checker.text.outline import Outline, build_outline
from checker.text.reading import read_lines
from checker.text.textindex import ReportText


class CompiledRubric:
    """A rubric with its matchers, built when first needed: ``rubric: auto`` holds every built-in
    rubric, and a run that checks only county reports never builds the township rubric's matchers."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric

    @cached_property
    def phrases(self) -> PhraseMatcher:
        return PhraseMatcher(self.rubric)

    @cached_property
    def figures(self) -> FigureFinder:
        return FigureFinder(self.rubric.metrics)

    @cached_property
    def metric_titles(self) -> dict[str, str]:
        return {m.id: m.title for m in self.rubric.metrics}


@lru_cache(maxsize=8)
def _compile(rubric: Rubric) -> CompiledRubric:
    return CompiledRubric(rubric)


def load(ref: str | None = None) -> Rubric:
    """Load and validate a rubric (built-in id or path; the default rubric when None) with this checker's kinds."""
    return load_rubric(ref, KINDS)


def compile_rubric(rubric: Rubric | str | None = None) -> CompiledRubric:
    """Compile a rubric (object, built-in id or path; default rubric when None), cached."""
    return _compile(rubric if isinstance(rubric, Rubric) else load(rubric))


AUTO = "auto"  # the rubric reference that asks for the rubric of each report's level


class AutoRubric(NamedTuple):
    """``rubric: auto``: each report is checked with the built-in rubric made for its level."""

    by_level: dict[str, CompiledRubric]
    default: CompiledRubric

    def choose(self, level: str | None, source: str) -> tuple[CompiledRubric, str]:
        """The rubric for a report of this level, and why it was chosen (in Chinese)."""
        if level is None:
            return self.default, "未能判断报告的层级，使用默认评分细则"
        rubric = self.by_level.get(level, self.default)
        return rubric, f"按报告层级（{LEVEL_LABEL[level]}，依据{SOURCE_LABEL.get(source, source)}）自动选择"


LEVEL_LABEL = {"county": "县级政府", "city": "市级政府", "township": "乡镇街道", "department": "政府部门"}
SOURCE_LABEL = {"issuer": "落款单位", "title": "标题", "opening": "开头一句的主语", "text": "正文自称"}


def candidates(rubric: CompiledRubric | AutoRubric) -> list[CompiledRubric]:
    """Every rubric a job may be checked with: the one it names, or each the automatic choice may make."""
    if isinstance(rubric, AutoRubric):
        return list(dict.fromkeys([rubric.default, *rubric.by_level.values()]))
    return [rubric]


def resolve(rubric: CompiledRubric | AutoRubric, document: Document) -> tuple[CompiledRubric, str]:
    """The rubric a document is checked with, and why (in Chinese)."""
    if isinstance(rubric, AutoRubric):
        reading = read_report(document)
        return rubric.choose(reading.level, reading.level_source)
    return rubric, ""


@lru_cache(maxsize=1)
def auto_rubric() -> AutoRubric:
    """The built-in rubrics by the level each applies to (the default rubric for any other)."""
    default = compile_rubric(DEFAULT_RUBRIC)
    by_level: dict[str, CompiledRubric] = {}
    for ref in builtin_rubrics():
        compiled = compile_rubric(ref)
        for level in compiled.rubric.applies_to:
            if ref == DEFAULT_RUBRIC or level not in by_level:
                by_level[level] = compiled
    return AutoRubric(by_level, default)


class Reading(NamedTuple):
    """What a report says before any rubric is applied: its pieces, outline, metadata and level."""

    document: Document
    lines: list[NormLine]
    outline: Outline
    meta: ReportMeta
    level: str | None
    level_source: str


def read_report(document: Document) -> Reading:
    """Read a document's text, headings, title, year, date, issuer and level (no rubric needed)."""
    reading = read_lines(document)
    outline = build_outline(reading.lines, _marked(document, reading.lines))
    meta = read_meta(reading.lines, outline.top(), reading.fields)
    content = [line.text for line in reading.lines if not line.noise]
    first = outline.top()[0].line if outline.top() else None
    opening = [line.text for line in reading.lines if not line.noise and (first is None or line.index < first)][:4]
    level, source = detect_level(meta.issuer, meta.title, content, opening)
    return Reading(document, reading.lines, outline, meta, level, source)


def _marked(document: Document, lines: list[NormLine]) -> dict[int, int]:
    """The format's own heading marks (Word styles, HTML h1–h6), moved onto the pieces of their lines."""
    if not document.marked_headings:
        return {}
    first: dict[int, int] = {}
    for line in lines:
        first.setdefault(line.line, line.index)
    return {first[i]: level for i, level in document.marked_headings.items() if i in first}


def check_document(
    document: Document,
    rubric: CompiledRubric | AutoRubric,
    fail_under: float | None = None,
    ignore: frozenset[str] = frozenset(),
    evidence: bool = True,
    chosen_by: str = "option",
    reasons: Mapping[str, str] | None = None,
) -> Result:
    """Check one document against a rubric (or the rubric its level asks for); ``ignore``d elements are
    left out of the grading and listed apart as ``waived``, each with its reason from ``reasons``.

    ``evidence=False`` leaves out each element's evidence and each figure's quote, for callers that
    only need the statuses, figures and score (a batch row); everything else is the same.
    """
    reading = read_report(document)
    if isinstance(rubric, AutoRubric):
        compiled, reason = rubric.choose(reading.level, reading.level_source)
        chosen_by = "auto"
    else:
        compiled, reason = rubric, "按命令行选项" if chosen_by == "option" else "按配置文件"
    return _check(reading, compiled, fail_under, ignore, evidence, chosen_by, reason, reasons or {})


def _check(
    reading: Reading,
    rubric: CompiledRubric,
    fail_under: float | None,
    ignore: frozenset[str],
    evidence: bool,
    chosen_by: str,
    reason: str,
    reasons: Mapping[str, str],
) -> Result:
    spec, document, meta = rubric.rubric, reading.document, reading.meta
    ctx = _context(reading, rubric, evidence)
    text, findings, figures = ctx.text, ctx.sections, ctx.figures
    findings.update({s.id: _judge_body(s, findings[s.id], ctx) for s in spec.sections})
    elements = tuple(judge(element, ctx) for element in spec.elements if element.id not in ignore)
    waived = tuple(judge(e, ctx)._replace(waiver=reasons.get(e.id, "")) for e in spec.elements if e.id in ignore)
    sections = tuple(_section_result(s, findings[s.id], text, ctx) for s in spec.sections)
    checks = tuple(run_check(c, meta=meta, sections=findings, text=text, rubric=spec) for c in spec.checks)
    if document.places:  # a Word or PDF file: say where in its own terms (第12段, 第3页第5行)
        sections = tuple(s._replace(place=document.place(s.line - 1)) if s.line else s for s in sections)
        checks = tuple(c._replace(place=document.place(c.line - 1)) if c.line else c for c in checks)
    score = _score(spec, sections, elements, checks)
    threshold = spec.pass_threshold if fail_under is None else fail_under
    failures = _failures(sections, elements, checks, score, threshold)
    return Result(
        file=document.source,
        rubric_id=spec.id,
        rubric_version=spec.version,
        report=ReportInfo(
            title=_spelled(text, meta.title_line, meta.title) or document.meta.get("title"),
            issuer=_spelled(text, meta.issuer_line, meta.issuer),
            year=meta.year,
            date=meta.date.isoformat() if meta.date else document.meta.get("date"),
            chars=sum(len(line.text) for line in text.lines),
            format=document.format,
            lines=len(document.lines),
            level=reading.level,
            level_source=reading.level_source or None,
            date_source=meta.date_source or (document.meta.get("date_source") if not meta.date else None),
            year_source=meta.year_source or None,
            issuer_source=meta.issuer_source,
        ),
        score=score,
        grade=spec.grade_for(score),
        passed=not failures,
        fail_under=threshold,
        sections=sections,
        elements=elements,
        figures=tuple(
            FigureResult(
                f.metric,
                rubric.metric_titles[f.metric],
                f.value,
                f.unit,
                f.line,
                f.text,
                f.kind,
                f.approx,
                f.column,
                f.derived,
                document.place(f.line - 1, f.column or 1) if document.places else None,
            )
            for f in figures
        ),
        checks=checks,
        failures=tuple(failures),
        rubric_chosen_by=chosen_by,
        rubric_reason=reason,
        waived=waived,
    )


def _context(reading: Reading, rubric: CompiledRubric, evidence: bool) -> Context:
    """What the elements are judged against: the text, its parts, phrases and figures."""
    meta, outline = reading.meta, reading.outline
    text = ReportText(reading.document, reading.lines, quotes=evidence)
    hits = rubric.phrases.find(text)
    findings = assign_sections(rubric.rubric.sections, outline, hits)
    plan = findings.get("next_year")
    figures = rubric.figures.find(text, hits, lambda line: plan is not None and plan.contains(line))
    return Context(
        rubric=rubric.rubric,
        text=text,
        outline=outline,
        hits=hits,
        figures=figures,
        sections=findings,
        heading_ends=outline.bare_titles({i: len(line.text) for i, line in text.by_index.items()}),
        phrases=rubric.phrases,
        closing=frozenset(i for i in (meta.date_line, meta.issuer_line) if i is not None),
    )


class Parts(NamedTuple):
    """What a report says in its parts, as text: the work done, sentence by sentence, and the tasks it
    sets for next year (for comparing a report with the next year's)."""

    measures: list[str]
    tasks: list[str]


def read_parts(document: Document, rubric: CompiledRubric) -> Parts:
    """The sentences of a report's work done (measures, and the 第一责任人 part) and its next-year tasks."""
    ctx = _context(read_report(document), rubric, evidence=False)
    done = [s.text for part in ("measures", "first_responsible", "other") for s in ctx.sentences_of(part)]
    return Parts(done, [text for _, _, text in ctx.plan_items()])


def _spelled(text: ReportText, piece: int | None, normalized: str | None) -> str | None:
    """A name or title as the user wrote it (full-width kept, spaces collapsed to one).

    ``normalized`` is the start of the piece's normalized text (a title, or the issuer it names).
    """
    if normalized is None:
        return None
    if piece is None or piece not in text.by_index or not text.by_index[piece].text.startswith(normalized):
        return normalized
    return " ".join(text.original(piece, len(normalized)).split())


def _judge_body(section: Section, finding: SectionFinding, ctx: Context) -> SectionFinding:
    """A part with a heading of its own but no body to carry it (略, a line, slogans only) is weak."""
    if finding.status is not Status.PRESENT:
        return finding
    body = ctx.sentences_of(section.id)
    raw = ctx.body_text(section.id) if not body else "".join(s.text for s in body)
    shortfall = body_shortfall(
        body, raw, section.min_chars, section.content_cues, section.needs, ctx.specificity(section.id)
    )
    if shortfall is None:
        return finding
    code, reason = shortfall
    return replace(finding, status=Status.WEAK, reason=f"有一级标题，但{reason}", code=code)


def _section_result(section: Section, finding: SectionFinding, text: ReportText, ctx: Context) -> SectionResult:
    heading, line = finding.heading, finding.line
    return SectionResult(
        id=section.id,
        title=section.title,
        status=finding.status,
        required=section.required,
        heading=heading.text if heading is not None else None,
        line=text.line_number(line) if line is not None else None,
        reason=finding.reason,
        hint=section.hint,
        shared_with=tuple(finding.shared_with),
        reason_code=finding.code,
        specificity=ctx.specificity(section.id).to_dict() if finding.status is not Status.MISSING else None,
    )


def _score(
    spec: Rubric,
    sections: tuple[SectionResult, ...],
    elements: tuple[ElementResult, ...],
    checks: tuple[CheckResult, ...],
) -> float:
    """The weighted 0–100 score: present/pass 1, weak/warn 0.5, missing/fail 0; skipped checks left out."""
    weights = {s.id: s for s in spec.sections}
    parts = [(weights[s.id].weight, s.status.score) for s in sections if s.required or s.status is not Status.MISSING]
    parts += [(e.weight, e.score) for e in elements]
    parts += [(c.weight, c.status.score) for c in checks if c.status.score is not None]
    total = sum(w for w, _ in parts)
    score = 100 * sum(w * s for w, s in parts) / total if total else 0.0
    return round(max(0.0, score - sum(e.penalty for e in elements)), 1)


def _failures(
    sections: tuple[SectionResult, ...],
    elements: tuple[ElementResult, ...],
    checks: tuple[CheckResult, ...],
    score: float,
    threshold: float,
) -> list[str]:
    """Why the report fails: missing required parts or elements, failed required checks, a low score."""
    failures = [f"缺少必备部分：{s.title}" for s in sections if s.required and s.status is Status.MISSING]
    failures += [f"缺少必备要素：{e.title}" for e in elements if e.required and e.status is Status.MISSING]
    failures += [f"未通过检查：{c.title}（{c.message}）" for c in checks if c.required and c.status is CheckStatus.FAIL]
    if score < threshold:
        failures.append(f"得分{score:g}低于及格线{threshold:g}")
    return failures


def check_path(
    path: str | os.PathLike[str],
    rubric: CompiledRubric | None = None,
    fail_under: float | None = None,
    limits: Limits = DEFAULT_LIMITS,
    ignore: frozenset[str] = frozenset(),
) -> Result:
    """Read and check one report file (the rubric its level asks for when none is given)."""
    return check_document(read_document(path, limits), rubric or auto_rubric(), fail_under, ignore)
