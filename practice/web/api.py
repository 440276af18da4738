"""The JSON API: personas, sessions, messages (streamed as server-sent events on request)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from practice.review import CoachingNote, coaching_note
from practice.scoring import Report, to_markdown
from practice.web import limits, turns
from practice.web.context import AppContext, Context
from practice.web.problems import not_found
from practice.web.schemas import (
    CoverageOut,
    ErrorOut,
    ExchangeOut,
    Health,
    MessageIn,
    PersonaOut,
    SessionCreated,
    SessionIn,
    SessionOut,
    SessionSummary,
    SessionUsageOut,
    TurnOut,
    sse,
)
from practice.web.students import StudentId

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in {
        404: "No such persona or session (or not yours)",
        409: "The session does not allow this now (ended, a reply pending, its question cap or model budget spent)",
        422: "Invalid input",
        429: "Too many requests; the Retry-After header says how many seconds to wait",
    }.items()
}
# My sessions, a page at a time.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

ReportFormat = Literal["json", "markdown"]


class ReviewOut(BaseModel):
    review: CoachingNote | None

router = APIRouter(prefix="/api", responses=ERRORS)
health = APIRouter()


@health.get("/healthz", response_model=Health, response_model_exclude_none=True, tags=["health"])
async def healthz(context: Context) -> Health:
    return Health(status="ok", engine=context.engine.name, model=context.engine.model)


@router.get("/personas", response_model=list[PersonaOut], tags=["personas"])
async def list_personas(context: Context) -> list[PersonaOut]:
    return [PersonaOut.of(p) for p in context.personas.personas.values()]


@router.get("/personas/{persona_id}", response_model=PersonaOut, tags=["personas"])
async def get_persona(persona_id: str, context: Context) -> PersonaOut:
    persona = context.personas.personas.get(persona_id)
    if persona is None:
        raise not_found("persona")
    return PersonaOut.of(persona)


@router.post("/sessions", status_code=201, response_model=SessionCreated, tags=["sessions"])
async def create_session(body: SessionIn, request: Request, context: Context, student: StudentId) -> SessionCreated:
    await check_new_session(context, request, student)
    record, greeting = await turns.start(context, student, body.persona_id)
    return SessionCreated(id=record.id, persona_id=record.persona_id, greeting=greeting.text, created_at=record.created_at)


@router.get("/sessions", response_model=list[SessionSummary], tags=["sessions"])
async def list_sessions(
    context: Context,
    student: StudentId,
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Sessions per page"),
    offset: int = Query(0, ge=0, description="Sessions to skip, newest first"),
) -> list[SessionSummary]:
    """This browser's sessions, newest first, `limit` at a time."""
    records = await run_in_threadpool(context.store.sessions_of, student, limit, offset)
    counts = await run_in_threadpool(context.store.question_counts, [r.id for r in records])
    return [SessionSummary.of(r, counts.get(r.id, 0)) for r in records]


@router.get("/sessions/{session_id}", response_model=SessionOut, tags=["sessions"])
async def get_session(session_id: str, context: Context, student: StudentId) -> SessionOut:
    return session_out(await turns.open_session(context, student, session_id))


@router.get("/sessions/{session_id}/report", tags=["reports"], response_model=Report)
async def get_report(session_id: str, context: Context, student: StudentId, format: ReportFormat = "json") -> Response:
    """The feedback report: JSON, or Markdown with `?format=markdown` (the same numbers)."""
    session = await turns.open_session(context, student, session_id)
    report = await run_in_threadpool(context.reports.report_of, session)
    if format == "markdown":
        note = f"> {session.persona_note}\n\n" if session.persona_note else ""
        return Response(note + to_markdown(report), media_type="text/markdown; charset=utf-8")
    return Response(report.model_dump_json(), media_type="application/json")


@router.get("/sessions/{session_id}/review", tags=["reports"], response_model=ReviewOut)
async def get_review(session_id: str, context: Context, student: StudentId) -> ReviewOut:
    """A model's coaching note on the report, when a model is configured; null otherwise or on failure.

    The numbers in the report stay the source of truth: the note is prose, never a score.
    """
    session = await turns.open_session(context, student, session_id)
    if context.complete is None:
        return ReviewOut(review=None)
    key = (session.record.id, len(session.turns))
    if key not in context.notes:
        await turns.on_store(context, limits.check_review, context.settings, context.store, student)
        report = await run_in_threadpool(context.reports.report_of, session)
        context.notes[key] = await coaching_note(session.persona, report, context.complete)
    return ReviewOut(review=context.notes[key])


@router.get("/sessions/{session_id}/transcript", tags=["reports"])
async def get_transcript(session_id: str, context: Context, student: StudentId) -> dict[str, object]:
    """The transcript, in the format `practice score` reads."""
    return (await turns.open_session(context, student, session_id)).transcript()


@router.post("/sessions/{session_id}/end", response_model=SessionOut, tags=["sessions"])
async def end_session(session_id: str, context: Context, student: StudentId) -> SessionOut:
    await turns.end(context, student, session_id)
    return session_out(await turns.open_session(context, student, session_id))


@router.post(
    "/sessions/{session_id}/messages",
    response_model=ExchangeOut,
    tags=["sessions"],
    responses={200: {"content": {"text/event-stream": {}}, "description": "The stored exchange, or SSE when asked for"}},
)
async def send_message(session_id: str, body: MessageIn, request: Request, context: Context, student: StudentId) -> Response:
    """Store the question, then reply. With `Accept: text/event-stream`: `notice` (rarely: the AI service
    is down and the offline engine answers), `delta`s, then `done` or `error`."""
    pending = await turns.ask(context, student, session_id, body.text)
    return await _answer(request, context, pending)


@router.post("/sessions/{session_id}/retry", response_model=ExchangeOut, tags=["sessions"])
async def retry_reply(session_id: str, request: Request, context: Context, student: StudentId) -> Response:
    """Run the engine again for the last question whose reply is missing or partial."""
    pending = await turns.retry(context, student, session_id)
    return await _answer(request, context, pending)


async def _answer(request: Request, context: Context, pending: turns.PendingReply) -> Response:
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _events(context, pending),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    done = await turns.reply_whole(context, pending)
    return JSONResponse(exchange_out(done).model_dump(mode="json"))


async def _events(context: Context, pending: turns.PendingReply) -> AsyncIterator[bytes]:
    async for event in turns.reply(context, pending, streamed=True):
        if isinstance(event, turns.Delta):
            yield sse("delta", {"text": event.text})
        elif isinstance(event, turns.Notice):
            yield sse("notice", {"message": event.message})
        elif isinstance(event, turns.Done):
            yield sse("done", exchange_out(event))
        else:
            partial = TurnOut.of(event.partial).model_dump(mode="json") if event.partial else None
            yield sse("error", {"message": event.message, "retry": True, "student": TurnOut.of(event.student).model_dump(mode="json"), "partial": partial})


def exchange_out(done: turns.Done) -> ExchangeOut:
    return ExchangeOut(student=TurnOut.of(done.student), persona=TurnOut.of(done.persona), coverage=CoverageOut.of(done.coverage))


def session_out(session: turns.OpenSession) -> SessionOut:
    return SessionOut(
        id=session.record.id,
        persona=PersonaOut.of(session.persona),
        created_at=session.record.created_at,
        ended_at=session.record.ended_at,
        awaiting_reply=session.awaiting_reply,
        can_retry=session.can_retry,
        turns=[TurnOut.of(t) for t in session.turns],
        coverage=CoverageOut.of(session.coverage),
        usage=SessionUsageOut.of(session.turns),
        persona_note=session.persona_note,
    )


async def check_new_session(context: AppContext, request: Request, student: str) -> None:
    address = request.client.host if request.client else "unknown"
    await turns.on_store(context, limits.check_new_session, context.settings, context.store, student, address)
