"""The HTML pages: gallery, interview room, my sessions, report.

Every form works without JavaScript; room.js upgrades sending to a streamed reply.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from practice.scoring import QuestionReport, Report, to_markdown
from practice.store import TurnRecord
from practice.web import turns
from practice.web.api import PAGE_SIZE, check_new_session
from practice.web.context import AppContext, Context
from practice.web.students import StudentId
from practice.web.trend import TREND_SESSIONS, points_of, trend_of

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
async def start_session(persona_id: Annotated[str, Form()], request: Request, context: Context, student: StudentId) -> RedirectResponse:
    await check_new_session(context, request, student)
    record, _ = await turns.start(context, student, persona_id)
    return _see(f"/sessions/{record.id}")


@router.get("/sessions", response_class=HTMLResponse)
async def my_sessions(request: Request, context: Context, student: StudentId, page: int = Query(1, ge=1)) -> HTMLResponse:
    """This browser's sessions, PAGE_SIZE a page, newest first; the progress chart over the newest TREND_SESSIONS."""
    total = await run_in_threadpool(context.store.count_sessions_of, student)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    records = await run_in_threadpool(context.store.sessions_of, student, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    newest = records[:TREND_SESSIONS] if page == 1 else await run_in_threadpool(context.store.sessions_of, student, TREND_SESSIONS, 0)
    shown = {r.id: r for r in [*records, *newest]}
    # Each session scored once per transcript: the row's question count and score are the report's.
    points = await run_in_threadpool(points_of, context.store, context.personas.personas, list(shown.values()), context.trend_points)
    rows = [(r, context.personas.personas.get(r.persona_id), points.get(r.id)) for r in records]
    return _page(request, context, "sessions.html", rows=rows, trend=trend_of(newest, points), page=page, pages=pages, total=total)


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
    report = await run_in_threadpool(context.reports.report_of, session)
    return _page(
        request, context, "report.html", session=session, persona=session.persona, report=report,
        conversation=conversation_of(session.turns, report), coach=context.complete is not None, persona_note=session.persona_note,
    )


@router.get("/sessions/{session_id}/report.md")
async def report_markdown(session_id: str, context: Context, student: StudentId) -> Response:
    """The report's Markdown (as GET /api/sessions/{id}/report?format=markdown), as a file to keep."""
    session = await turns.open_session(context, student, session_id)
    report = await run_in_threadpool(context.reports.report_of, session)
    started = session.record.created_at[:10]
    name = f"practice-report-{session.persona.id}-{started}.md"
    note = f"> {session.persona_note}\n\n" if session.persona_note else ""
    return Response(
        note + to_markdown(report), media_type="text/markdown; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def conversation_of(stored: list[TurnRecord], report: Report) -> list[tuple[TurnRecord, QuestionReport | None]]:
    """Every turn of the interview, each student turn with the report's coding of it (the n-th student turn is question n)."""
    coded = {q.index: q for q in report.questions}
    pairs: list[tuple[TurnRecord, QuestionReport | None]] = []
    asked = 0
    for turn in stored:
        if turn.role == "student":
            asked += 1
            pairs.append((turn, coded.get(asked)))
        else:
            pairs.append((turn, None))
    return pairs
