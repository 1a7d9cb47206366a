"""Decide, for each report file of a run, which rubric, threshold and ignored elements apply.

Command-line options win over ``.reportcheck.yaml``; files the config excludes are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.analysis.engine import AUTO, AutoRubric, CompiledRubric, auto_rubric, candidates, compile_rubric, load
from checker.errors import ConfigError, RubricError
from checker.project.config import Config, Settings, check_ignore
from checker.rubric.model import Rubric


@dataclass(frozen=True, slots=True)
class Job:
    """One file to check and how."""

    source: str
    rubric: CompiledRubric | AutoRubric
    fail_under: float | None
    ignore: frozenset[str]
    chosen_by: str = "auto"  # auto (by the report's level), option (--rubric) or config
    reasons: tuple[tuple[str, str], ...] = ()  # why each ignored element is waived


def plan(
    files: tuple[str, ...] | list[str],
    config: Config,
    rubric_ref: str | None = None,
    fail_under: float | None = None,
) -> tuple[list[Job], list[str]]:
    """The jobs for ``files`` and the files excluded by the config.

    Raises RubricError for a rubric that cannot be loaded and ConfigError for an ``ignore`` id that
    neither the rubrics of the run nor those the config names have.
    """
    named = _config_rubrics(config)
    compiled: dict[str, CompiledRubric | AutoRubric] = {}  # one lookup per rubric, not per file
    waived: dict[Settings, tuple[frozenset[str], tuple[tuple[str, str], ...]]] = {}  # shared by the jobs
    jobs, excluded = [], []
    for source in files:
        if config.excluded(source):
            excluded.append(source)
            continue
        settings = config.settings_for(source)
        ref = rubric_ref or settings.rubric or AUTO
        chosen_by = "auto" if ref == AUTO else "option" if rubric_ref else "config"
        if ref not in compiled:
            compiled[ref] = auto_rubric() if ref == AUTO else compile_rubric(ref)
        threshold = fail_under if fail_under is not None else settings.fail_under
        if settings not in waived:  # one set per settings, not per file: 100,000 empty sets were 20 MB
            waived[settings] = (settings.ignore, tuple(settings.reasons.items()))
        ignore, reasons = waived[settings]
        jobs.append(Job(source, compiled[ref], threshold, ignore, chosen_by, reasons))
    rubrics = [c.rubric for job in jobs for c in candidates(job.rubric)] + named
    known = {e.id for rubric in rubrics for e in rubric.elements}
    check_ignore(config.all_ignored(), known, str(config.path) if config.path else None)
    return jobs, excluded


def _config_rubrics(config: Config) -> list[Rubric]:
    """The rubrics the config names; one that cannot be loaded is a config error naming the key."""
    try:
        refs = {ref or AUTO for ref in config.rubric_refs()}
        automatic = [c.rubric for c in candidates(auto_rubric())] if AUTO in refs else []
        return [load(ref) for ref in sorted(refs - {AUTO})] + automatic
    except RubricError as error:
        raise ConfigError(error.code, f"配置项 rubric：{error}", str(config.path)) from None
