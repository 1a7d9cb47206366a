"""What the forms send, taken within the limits: a report or pasted text, a batch of files or a zip, a rubric.

Each function reads the request's form, saves what it may into a new job's folder and starts the job;
anything refused raises HttpError (its job folder is removed first) and nothing is started.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from checker.serve.jobs import Job, JobStore
from checker.serve.limits import FORM_OVERHEAD, HttpError, too_large, too_many
from checker.serve.rubrics import RubricShelf, Uploaded
from checker.serve.unzip import unpack
from checker.serve.uploads import (
    head_of,
    read_form,
    refuse_content,
    refuse_suffix,
    remove,
    safe_name,
    save_upload,
    suffix_of,
    unique_name,
)

PASTED_NAME = "粘贴的文本.txt"
RUBRIC_SUFFIXES = (".yaml", ".yml")


@contextmanager
def _new_job(store: JobStore, kind: str) -> Iterator[Job]:
    """A new job, forgotten (its folder removed) if taking its upload fails."""
    job = store.new(kind)
    try:
        yield job
    except BaseException:
        store.discard(job)
        raise


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


async def take_check(request: Request, store: JobStore, shelf: RubricShelf, session: str) -> Job:
    """One report from the form's ``file`` or its pasted ``text``, checked with the chosen ``rubric``."""
    limits = store.limits
    async with read_form(request, 2 * limits.max_file_bytes + FORM_OVERHEAD, max_files=2) as form:
        rubric, label = shelf.resolve(_text(form, "rubric"), session)
        upload, text = form.get("file"), _text(form, "text")
        has_file = isinstance(upload, UploadFile) and bool(upload.filename)
        if not has_file and not text.strip():
            raise HttpError(400, "请选择一个报告文件，或粘贴报告全文 (choose a file or paste the text)")
        with _new_job(store, "check") as job:
            if isinstance(upload, UploadFile) and has_file:
                name = safe_name(upload.filename, "报告.txt")
                refuse_suffix(name)
                await save_upload(upload, job.sources / name, limits.max_file_bytes)
                refuse_content(name, head_of(job.sources / name))
            else:
                if len(text) > limits.max_text_chars:
                    raise too_large("粘贴的文字", "pasted text", len(text.encode()), limits.max_text_chars)
                name = PASTED_NAME
                (job.sources / name).write_text(text, encoding="utf-8")
            earlier = form.get("previous")
            if isinstance(earlier, UploadFile) and earlier.filename:  # last year's report, to set beside it
                job.previous = safe_name(earlier.filename, "上一年.txt")
                if job.previous == name:
                    job.previous = f"上一年_{name}"
                refuse_suffix(job.previous)
                await save_upload(earlier, job.sources / job.previous, limits.max_file_bytes)
                refuse_content(job.previous, head_of(job.sources / job.previous))
    job.names, job.rubric, job.rubric_label = [name], rubric, label
    store.start(job)
    return job


async def take_batch(request: Request, store: JobStore, shelf: RubricShelf, session: str) -> Job:
    """Many reports from the form's ``files`` (report files, and at most one zip of them), graded together."""
    limits = store.limits
    async with read_form(request, limits.max_batch_bytes + FORM_OVERHEAD, limits.max_files) as form:
        rubric, label = shelf.resolve(_text(form, "rubric"), session)
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not uploads:
            raise HttpError(400, "请选择要评分的报告文件或一个 zip 压缩包 (choose report files or one zip)")
        if sum(suffix_of(u.filename or "") == ".zip" for u in uploads) > 1:
            raise HttpError(400, "一次只能上传一个压缩包 (one zip archive at a time)")
        with _new_job(store, "batch") as job:
            job.names = await _take_files(uploads, job, store)
    if not job.names:
        store.discard(job)
        raise HttpError(400, "没有找到可检查的报告文件（txt、docx、pdf、html…）(no report files found)")
    job.rubric, job.rubric_label = rubric, label
    store.start(job)
    return job


async def _take_files(uploads: list[UploadFile], job: Job, store: JobStore) -> list[str]:
    limits = store.limits
    names: list[str] = []
    taken: set[str] = set()
    for upload in uploads:
        name = safe_name(upload.filename, "报告.txt")
        if suffix_of(name) == ".zip":
            archive = job.folder / "upload.zip"
            await save_upload(upload, archive, limits.max_batch_bytes)
            room = limits.max_files - len(names)
            unpacked = await run_in_threadpool(unpack, archive, name, job.sources, taken, limits, room)
            remove(archive)
            names += unpacked.names
            continue
        refuse_suffix(name)
        name = unique_name(name, taken)
        await save_upload(upload, job.sources / name, limits.max_file_bytes)
        refuse_content(name, head_of(job.sources / name))
        names.append(name)
    if len(names) > limits.max_files:
        raise too_many(limits.max_files)
    return names


async def take_rubric(request: Request, shelf: RubricShelf, session: str, limit: int) -> Uploaded:
    """A YAML rubric from the form's ``rubric`` file (at most ``limit`` bytes), validated and kept for this session."""
    async with read_form(request, limit + FORM_OVERHEAD, max_files=1) as form:
        upload = form.get("rubric")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise HttpError(400, "请选择一个评分细则 YAML 文件 (choose a YAML rubric file)")
        name = safe_name(upload.filename, "rubric.yaml")
        if suffix_of(name) not in RUBRIC_SUFFIXES:
            raise HttpError(415, f"评分细则应为 .yaml 或 .yml 文件（{name}）(a rubric is a .yaml file)")
        data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_large("评分细则文件", "rubric file", len(data), limit)
    return shelf.add(session, name, data)
