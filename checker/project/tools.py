"""``reportcheck diff`` and ``reportcheck explain`` as library calls: the CLI only parses their options."""

from __future__ import annotations

from checker.analysis.engine import AutoRubric, CompiledRubric, check_document, resolve
from checker.compare.drafts import Diff, diff_results
from checker.project.config import load_config
from checker.project.planning import Job, plan
from checker.render.explain import describe, find_element, verdict
from checker.sources import read_document


def job_for(source: str, config_path: str | None, rubric_ref: str | None) -> Job:
    """The job for one file, with the config's settings for it even when the config excludes it."""
    config = load_config(config_path)
    (job,), _ = plan([source], config._replace(exclude=()), rubric_ref)
    return job


def run_diff(old: str, new: str, rubric_ref: str | None = None, config_path: str | None = None) -> Diff:
    """Compare two drafts with one rubric: the new draft's (by its config, its option, or its level)."""
    job = job_for(new, config_path, rubric_ref)
    documents = [read_document(path) for path in (old, new)]
    rubric, _ = resolve(job.rubric, documents[1])
    old_result, new_result = (check_document(d, rubric, job.fail_under, job.ignore) for d in documents)
    return diff_results(old_result, new_result)


def run_explain(
    element_id: str, file: str | None = None, rubric_ref: str | None = None, config_path: str | None = None
) -> str:
    """What an element asks for and how it is found; with ``file``, why it was or was not found there."""
    job = job_for(file or ".", config_path, rubric_ref)
    document = read_document(file) if file else None
    rubric = resolve(job.rubric, document)[0] if document is not None else _default(job)
    element = find_element(rubric.rubric, element_id)
    text = describe(element, rubric.rubric)
    if document is not None:
        result = check_document(document, rubric, job.fail_under, job.ignore - {element_id})
        text += "\n" + verdict(element, result, element_id in job.ignore)
    return text


def _default(job: Job) -> CompiledRubric:
    """The rubric to describe an element with when no report tells the level: the default one."""
    return job.rubric.default if isinstance(job.rubric, AutoRubric) else job.rubric
