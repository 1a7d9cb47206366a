"""The web application: its routes, and what each refusal and failure looks like.

Routes: ``/`` check one report (a file or pasted text), ``/batch`` grade many (files or one zip),
``/jobs/{id}`` a job's page (waiting with its place in the queue, then its result), with
``/status`` (JSON), ``/events`` (server-sent events) and downloads; ``/jobs/{id}/reports/{n}`` a
batch's report on its own page; ``/rubrics`` the rubrics and an upload form, ``/rubrics/{ref}`` one.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from checker.analysis.engine import load
from checker.render.rubric_show import rubric_data
from checker.rubric.load import builtin_rubrics
from checker.serve import work
from checker.serve.guard import REPORT_CSP, Guard
from checker.serve.jobs import Job, JobStore
from checker.serve.limits import MB, HttpError, ServeLimits
from checker.serve.pages import error_page, page
from checker.serve.rubrics import RubricShelf, builtin_list
from checker.serve.slots import Busy, Slots
from checker.serve.submit import take_batch, take_check, take_rubric

EVENT_PAUSE = 0.3  # seconds between looks at a job while its events stream
EVENTS_FOR = 3600.0  # an event stream ends after this, whatever the job
_STATUS_TEXT = {
    404: "找不到这个页面，或结果已过期被删除 (not found, or the result has expired)",
    405: "不支持这种请求方式 (method not allowed)",
}
_DOWNLOADS = {
    "report.html": ("text/html; charset=utf-8", "检查结果.html", "check"),
    "report.json": ("application/json", "检查结果.json", "check"),
    "report.md": ("text/markdown; charset=utf-8", "检查结果.md", "check"),
    "report.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "审阅.docx", "check"),
    work.XLSX_FILE: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "批量评分.xlsx", "batch"),
}


class AppConfig(NamedTuple):
    """What the app needs: its private folder, limits, token (None on loopback), and how many checks at once."""

    root: Path
    limits: ServeLimits
    token: str | None
    workers: int
    stopping: Callable[[], bool] = lambda: False  # the server is shutting down: event streams end


class Serve:
    """The handlers, around the app's job store and rubric shelf."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.limits = config.limits
        config.root.mkdir(parents=True, exist_ok=True)
        empty_config = config.root / ".reportcheck.yaml"  # the page's choices only, never a project config
        empty_config.write_text("# reportcheck serve: no project configuration\n", encoding="utf-8")
        reader = self.limits.reader
        settings = work.Settings(str(empty_config), reader.timeout, reader.max_memory // MB, reader.max_bytes / MB)
        self.store = JobStore(config.root, self.limits, Slots(config.workers, self.limits.max_waiting), settings)
        self.shelf = RubricShelf(config.root / "rubrics")

    # --- pages and forms

    async def index(self, request: Request) -> Response:
        return page("check.html", choices=self.shelf.choices(_session(request)), limits=self._shown_limits())

    async def batch_form(self, request: Request) -> Response:
        return page("batch.html", choices=self.shelf.choices(_session(request)), limits=self._shown_limits())

    async def check(self, request: Request) -> Response:
        job = await take_check(request, self.store, self.shelf, _session(request))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def batch(self, request: Request) -> Response:
        job = await take_batch(request, self.store, self.shelf, _session(request))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    async def job_page(self, request: Request) -> Response:
        job = self._job(request)
        if job.pending:
            return page("waiting.html", job=job, status=self._status(job), workers=self.store.slots.size)
        if job.state == "failed":
            return page("failed.html", job=job)
        if job.kind == "check":
            return page("result_check.html", job=job, result=job.outcome)
        return page("result_batch.html", job=job, summary=job.outcome, index={n: i for i, n in enumerate(job.names)})

    async def status(self, request: Request) -> Response:
        return JSONResponse(self._status(self._job(request)))

    async def events(self, request: Request) -> Response:
        job = self._job(request)
        return StreamingResponse(self._stream(job), media_type="text/event-stream")

    async def _stream(self, job: Job) -> AsyncIterator[str]:
        """One event each time the job's status changes, until it has ended (or the server stops)."""
        loop = asyncio.get_running_loop()
        until, last = loop.time() + EVENTS_FOR, None
        while True:
            status = self._status(job)
            if status != last:
                yield f"data: {json.dumps(status, ensure_ascii=False)}\n\n"
                last = status
            if not job.pending or self.config.stopping() or loop.time() > until:
                return
            await asyncio.sleep(EVENT_PAUSE)

    async def download(self, request: Request) -> Response:
        job = self._job(request)
        name = request.path_params["name"]
        media, shown, kind = _DOWNLOADS.get(name, ("", "", ""))
        path = job.folder / name
        if job.kind != kind or job.state != "done" or not path.is_file():
            raise HTTPException(404)
        if name == "report.html":
            return FileResponse(path, media_type=media, headers={"content-security-policy": REPORT_CSP})
        stem = Path(job.names[0]).stem if kind == "check" else ""
        return FileResponse(path, media_type=media, filename=f"{stem}{'_' if stem else ''}{shown}")

    async def batch_report(self, request: Request) -> Response:
        """A report of a batch on its own page: checked again alone, with the batch's rubric."""
        batch = self._job(request)
        number = request.path_params["number"]
        if batch.kind != "batch" or not 0 <= number < len(batch.names):
            raise HTTPException(404)
        known = self.store.get(batch.reports.get(number, ""))
        if known is None:
            known = self.store.new("check", sources=batch.sources)
            known.names, known.keep_sources = [batch.names[number]], True
            known.rubric, known.rubric_label = batch.rubric, batch.rubric_label
            batch.reports[number] = known.id
            self.store.start(known)
        return RedirectResponse(f"/jobs/{known.id}", status_code=303)

    async def rubrics(self, request: Request) -> Response:
        return self._rubrics_page(request)

    def _rubrics_page(self, request: Request, status: int = 200, refused: HttpError | None = None) -> Response:
        session = _session(request)
        uploaded = self.shelf.of(session)
        return page("rubrics.html", status, builtins=builtin_list(), uploaded=uploaded, refused=refused)

    async def rubric_upload(self, request: Request) -> Response:
        try:
            uploaded = await take_rubric(request, self.shelf, _session(request), self.limits.max_rubric_bytes)
        except HttpError as refused:
            return self._rubrics_page(request, refused.status, refused)
        return RedirectResponse(f"/rubrics/upload:{uploaded.key}", status_code=303)

    async def rubric(self, request: Request) -> Response:
        ref = request.path_params["ref"]
        if ref in builtin_rubrics():
            spec, source = load(ref), "内置 (built-in)"
        else:
            uploaded = self.shelf.find(_session(request), ref.removeprefix("upload:"))
            if uploaded is None:
                raise HTTPException(404)
            spec, source = load(str(uploaded.path)), f"上传的 {uploaded.name}"
        data = rubric_data(spec)
        parts = [(s, [e for e in data["elements"] if e["section"] == s["id"]]) for s in data["sections"]]
        return page("rubric.html", rubric=data, parts=parts, source=source)

    # --- helpers

    def _job(self, request: Request) -> Job:
        job = self.store.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404)
        return job

    def _status(self, job: Job) -> dict[str, Any]:
        return {
            "state": job.state,
            "position": self.store.position(job),
            "done": job.done,
            "total": len(job.names),
            "error": job.error,
        }

    def _shown_limits(self) -> dict[str, Any]:
        limits = self.limits
        return {
            "file_mb": limits.max_file_bytes / MB,
            "batch_mb": limits.max_batch_bytes / MB,
            "files": limits.max_files,
            "workers": self.store.slots.size,
        }


def _session(request: Request) -> str:
    return str(request.state.session)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HttpError)
    return error_page(error.status, error.message, error.details)


async def _busy(request: Request, error: Exception) -> Response:
    response = error_page(503, "服务器正忙，排队的检查已满，请稍后再试 (server busy: the queue is full)")
    response.headers["retry-after"] = "10"
    return response


async def _starlette_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return error_page(error.status_code, _STATUS_TEXT.get(error.status_code, "请求有误 (bad request)"))


async def _crash(request: Request, error: Exception) -> Response:
    return error_page(500, "服务器内部错误，请重试 (internal server error)")


def create_app(config: AppConfig) -> Starlette:
    """The application for ``config``; its job store stops every job and removes the folder on shutdown."""
    serve = Serve(config)
    routes = [
        Route("/", serve.index),
        Route("/check", serve.check, methods=["POST"]),
        Route("/batch", serve.batch_form),
        Route("/batch", serve.batch, methods=["POST"]),
        Route("/jobs/{job}", serve.job_page),
        Route("/jobs/{job}/status", serve.status),
        Route("/jobs/{job}/events", serve.events),
        Route("/jobs/{job}/reports/{number:int}", serve.batch_report),
        Route("/jobs/{job}/{name}", serve.download),
        Route("/rubrics", serve.rubrics),
        Route("/rubrics", serve.rubric_upload, methods=["POST"]),
        Route("/rubrics/{ref}", serve.rubric),
        Mount("/static", StaticFiles(packages=[("checker.serve", "static")]), name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from checker.serve.processes import start_fork_server

        await asyncio.to_thread(start_fork_server)
        yield
        await serve.store.close()

    app = Starlette(
        routes=routes,
        exception_handlers={HttpError: _http_error, Busy: _busy, HTTPException: _starlette_error, Exception: _crash},
        lifespan=lifespan,
    )
    app.add_middleware(Guard, token=config.token, refuse=error_page)
    return app
