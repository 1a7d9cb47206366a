"""The pipeline: Document -> normalized lines -> outline -> matches -> scored Result."""

from __future__ import annotations

import os
from functools import lru_cache

from checker.analysis.checks import run_check
from checker.analysis.context import Context
from checker.analysis.figures import FigureFinder
from checker.analysis.kinds import KINDS, judge
from checker.analysis.matcher import PhraseMatcher
from checker.analysis.sections import SectionFinding, assign_sections
from checker.result import (
    CheckResult,
    ElementResult,
    FigureResult,
    ReportInfo,
    Result,
    SectionResult,
)
from checker.rubric.load import load_rubric
from checker.rubric.model import Rubric, Section
from checker.sources import DEFAULT_LIMITS, Limits, read_document
from checker.status import CheckStatus, Status
from checker.text.document import Document
from checker.text.metadata import read_meta
from checker.text.normalize import normalize_document
from checker.text.outline import build_outline
from checker.text.textindex import ReportText


class CompiledRubric:
    """A rubric with its matchers built, ready to check many reports."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.phrases = PhraseMatcher(rubric)
        self.figures = FigureFinder(rubric.metrics)
        self.metric_titles = {m.id: m.title for m in rubric.metrics}


@lru_cache(maxsize=8)
def _compile(rubric: Rubric) -> CompiledRubric:
    return CompiledRubric(rubric)


def load(ref: str | None = None) -> Rubric:
    """Load and validate a rubric (built-in id or path; the default rubric when None) with this checker's kinds."""
    return load_rubric(ref, KINDS)


def compile_rubric(rubric: Rubric | str | None = None) -> CompiledRubric:
    """Compile a rubric (object, built-in id or path; default rubric when None), cached."""
    return _compile(rubric if isinstance(rubric, Rubric) else load(rubric))


def check_document(
    document: Document,
    rubric: CompiledRubric,
    fail_under: float | None = None,
    ignore: frozenset[str] = frozenset(),
    evidence: bool = True,
) -> Result:
    """Check one document against a compiled rubric; elements whose id is in ``ignore`` are left out.

    ``evidence=False`` leaves out each element's evidence and each figure's quote, for callers that
    only need the statuses, figures and score (a batch row); everything else is the same.
    """
    spec = rubric.rubric
    lines = normalize_document(document)
    outline = build_outline(lines, document.marked_headings)
    text = ReportText(document, lines, quotes=evidence)
    hits = rubric.phrases.find(text)
    top = outline.top()
    meta = read_meta(lines, top[0].line if top else None, [h.title for h in top])
    findings = assign_sections(spec.sections, outline, hits)
    plan = findings.get("next_year")
    figures = rubric.figures.find(text, hits, lambda line: plan is not None and plan.contains(line))
    ctx = Context(
        rubric=spec,
        text=text,
        outline=outline,
        hits=hits,
        figures=figures,
        sections=findings,
        heading_ends=outline.titled(set(text.by_index)),
        phrases=rubric.phrases,
    )
    elements = tuple(judge(element, ctx) for element in spec.elements if element.id not in ignore)
    sections = tuple(_section_result(s, findings[s.id]) for s in spec.sections)
    checks = tuple(run_check(c, meta=meta, sections=findings, text=text, rubric=spec) for c in spec.checks)
    score = _score(spec, sections, elements, checks)
    threshold = spec.pass_threshold if fail_under is None else fail_under
    failures = _failures(sections, elements, checks, score, threshold)
    return Result(
        file=document.source,
        rubric_id=spec.id,
        rubric_version=spec.version,
        report=ReportInfo(
            title=meta.title or document.meta.get("title"),
            issuer=meta.issuer,
            year=meta.year,
            date=meta.date.isoformat() if meta.date else document.meta.get("date"),
            chars=sum(len(line.text) for line in text.lines),
            format=document.format,
            lines=len(document.lines),
        ),
        score=score,
        grade=spec.grade_for(score),
        passed=not failures,
        fail_under=threshold,
        sections=sections,
        elements=elements,
        figures=tuple(
            FigureResult(f.metric, rubric.metric_titles[f.metric], f.value, f.unit, f.line, f.text, f.kind, f.approx)
            for f in figures
        ),
        checks=checks,
        failures=tuple(failures),
    )


def _section_result(section: Section, finding: SectionFinding) -> SectionResult:
    heading, line = finding.heading, finding.line
    return SectionResult(
        id=section.id,
        title=section.title,
        status=finding.status,
        required=section.required,
        heading=heading.text if heading is not None else None,
        line=line + 1 if line is not None else None,
        reason=finding.reason,
        hint=section.hint,
        shared_with=tuple(finding.shared_with),
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
    return round(100 * sum(w * s for w, s in parts) / total, 1) if total else 0.0


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
    """Read and check one report file (default rubric when none is given)."""
    return check_document(read_document(path, limits), rubric or compile_rubric(), fail_under, ignore)
