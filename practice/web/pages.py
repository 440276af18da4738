"""The HTML pages: gallery, interview room, my sessions, report.

Every form works without JavaScript; room.js upgrades sending to a streamed reply.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from practice.web import turns
from practice.web.context import AppContext, Context
from practice.web.students import StudentId
from practice.web.trend import trend_of

router = APIRouter(include_in_schema=False)


def _page(request: Request, context: AppContext, name: str, **values: Any) -> HTMLResponse:
    return HTMLResponse(context.pages.render(request, name, **values))


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def gallery(request: Request, context: Context) -> HTMLResponse:
    personas = sorted(context.personas.personas.values(), key=lambda p: (p.industry, p.name))
    industries = sorted({p.industry for p in personas})
    return _page(request, context, "gallery.html", personas=personas, industries=industries)


@router.post("/sessions")
async def start_session(persona_id: Annotated[str, Form()], context: Context, student: StudentId) -> RedirectResponse:
    record, _ = await turns.start(context, student, persona_id)
    return _see(f"/sessions/{record.id}")


@router.get("/sessions", response_class=HTMLResponse)
async def my_sessions(request: Request, context: Context, student: StudentId) -> HTMLResponse:
    records = await run_in_threadpool(context.store.sessions_of, student)
    counts = await run_in_threadpool(context.store.question_counts, [r.id for r in records])
    rows = [(r, context.personas.personas.get(r.persona_id), counts.get(r.id, 0)) for r in records]
    trend = await run_in_threadpool(trend_of, context.store, context.personas.personas, records, context.trend_points)
    return _page(request, context, "sessions.html", rows=rows, trend=trend)


@router.get("/sessions/{session_id}", response_model=None)
async def room(session_id: str, request: Request, context: Context, student: StudentId) -> HTMLResponse | RedirectResponse:
    session = await turns.open_session(context, student, session_id)
    if session.record.ended:
        return _see(f"/sessions/{session_id}/report")
    return _page(
        request,
        context,
        "room.html",
        session=session,
        persona=session.persona,
        coverage=session.coverage,
        max_chars=context.settings.max_message_chars,
    )


@router.post("/sessions/{session_id}/messages")
async def send_message(session_id: str, text: Annotated[str, Form()], context: Context, student: StudentId) -> RedirectResponse:
    pending = await turns.ask(context, student, session_id, text)
    await turns.reply_whole(context, pending)
    return _see(f"/sessions/{session_id}#composer")


@router.post("/sessions/{session_id}/retry")
async def retry_reply(session_id: str, context: Context, student: StudentId) -> RedirectResponse:
    pending = await turns.retry(context, student, session_id)
    await turns.reply_whole(context, pending)
    return _see(f"/sessions/{session_id}#composer")


@router.post("/sessions/{session_id}/end")
async def end_session(session_id: str, context: Context, student: StudentId) -> RedirectResponse:
    await turns.end(context, student, session_id)
    return _see(f"/sessions/{session_id}/report")


@router.get("/sessions/{session_id}/report", response_class=HTMLResponse)
async def report(session_id: str, request: Request, context: Context, student: StudentId) -> HTMLResponse:
    session = await turns.open_session(context, student, session_id)
    report = await run_in_threadpool(session.report)
    return _page(
        request, context, "report.html", session=session, persona=session.persona, report=report, coach=context.complete is not None
    )
