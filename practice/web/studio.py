"""The advisor persona studio: pages under /studio, JSON under /api/studio.

Every page and every API call needs a signed-in advisor (401 without, 403 with a bad, expired
or ended sign-in or a wrong bearer token; 429 while guesses are throttled); every POST made
with the cookie must carry its CSRF token (a hidden `csrf` field, or the X-CSRF-Token header
from studio.js). Student
pages never link here. Drafts live in the editor page until published; a test drive or
probe never touches the students' sessions table.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from itsdangerous import BadSignature, SignatureExpired
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from practice.engines.base import Reply, ReplyRequest
from practice.errors import InputError
from practice.interview import prepare
from practice.personas import SLUG, Persona, dump_persona, warnings_for
from practice.scoring import replay
from practice.studio import cards, dashboard, drafts, notes, probe, publish
from practice.studio.auth import COOKIE, MAX_AGE_SECONDS, Advisor, AdvisorGate, SignInEnded
from practice.topics import TOPIC_LABELS, TOPICS
from practice.transcript import Turn
from practice.web import limits
from practice.web.context import AppContext, Context
from practice.web.problems import WebProblem, render, too_many, wants_json
from practice.web.schemas import sse
from practice.web.students import secret_key
from practice.web.turns import Notice, Paced, on_store, voiced

log = logging.getLogger("practice.web")

pages = APIRouter(prefix="/studio", include_in_schema=False)
api = APIRouter(prefix="/api/studio", tags=["studio"])


class SignInNeeded(WebProblem):
    """No advisor, or not this one: a sign-in page for the browser, the JSON error for the API."""


def install(app: FastAPI, context: AppContext) -> None:
    settings = context.settings
    app.state.advisor_gate = AdvisorGate(
        secret_key(settings), settings.advisor_token, settings.advisor_accounts, store=context.store, max_delay=settings.sign_in_max_delay
    )

    async def on_sign_in_needed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInNeeded)
        if wants_json(request):
            return render(request, exc)
        return _sign_in_page(request, status=exc.status, message=exc.message)

    app.add_exception_handler(SignInNeeded, on_sign_in_needed)
    app.include_router(pages)
    app.include_router(api)


# ------------------------------------------------------------------ who is asking


def _gate(request: Request) -> AdvisorGate:
    gate: AdvisorGate = request.app.state.advisor_gate
    return gate


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# The account name a guess of the shared token is counted against (a username cannot hold parentheses).
TOKEN_NAME = "(token)"


async def _advisor(request: Request) -> Advisor:
    gate = _gate(request)
    context: AppContext = request.app.state.context
    bearer = request.headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        # Scripts may send the shared token instead of a cookie; no cookie, so no CSRF to check.
        # Guesses are throttled exactly as sign-ins are.
        address = _address(request)
        wait = await on_store(context, gate.throttle.attempt, address, TOKEN_NAME)
        if wait:
            log.warning("advisor bearer token throttled for %s", address)
            raise too_many("sign_in_throttled", "Too many advisor tokens that did not match.", wait)
        if gate.check_token(bearer[7:].strip()):
            await on_store(context, gate.throttle.succeeded, address, TOKEN_NAME)
            return Advisor("advisor", "")
        raise SignInNeeded(403, "advisor_token_wrong", "That advisor token is not valid.")
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise SignInNeeded(401, "advisor_sign_in", "Sign in as an advisor to use the persona studio.")
    try:
        advisor = await on_store(context, gate.read, raw)
    except SignatureExpired:
        raise SignInNeeded(403, "advisor_expired", "Your advisor sign-in has expired; sign in again.") from None
    except SignInEnded:
        raise SignInNeeded(403, "advisor_signed_out", "This advisor sign-in has ended (signed out); sign in again.") from None
    except BadSignature:
        raise SignInNeeded(403, "advisor_invalid", "Your advisor sign-in is not valid here; sign in again.") from None
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        given = request.headers.get("x-csrf-token", "")
        if not given and "form" in request.headers.get("content-type", ""):
            given = str((await request.form()).get("csrf", ""))
        if not given or not hmac.compare_digest(given.encode(), advisor.csrf.encode()):
            raise WebProblem(403, "csrf_failed", "This form has expired or did not come from the studio; reload the page and try again.")
    return advisor


AdvisorIn = Annotated[Advisor, Depends(_advisor)]


# ------------------------------------------------------------------ sign in and out


def _sign_in_page(request: Request, status: int = 200, message: str = "") -> HTMLResponse:
    context: AppContext = request.app.state.context
    gate = _gate(request)
    html = context.pages.render(
        request, "studio_sign_in.html", message=message, gate=gate, has_token=bool(gate.token), has_accounts=gate.uses_accounts
    )
    return HTMLResponse(html, status_code=status)


@pages.get("/sign-in", response_class=HTMLResponse)
async def sign_in_form(request: Request) -> HTMLResponse:
    return _sign_in_page(request)


@pages.post("/sign-in", response_model=None)
async def sign_in(
    request: Request,
    token: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    gate = _gate(request)
    context: AppContext = request.app.state.context
    address = _address(request)
    name = username.strip() if username.strip() and not token.strip() else TOKEN_NAME
    wait = await run_in_threadpool(gate.throttle.attempt, address, name)
    if wait:
        log.warning("advisor sign-in throttled for %s", address)
        problem = too_many("sign_in_throttled", "Too many attempts that did not match.", wait)
        page = _sign_in_page(request, 429, problem.message)
        page.headers.update(problem.headers)
        return page
    found = await run_in_threadpool(gate.sign_in, username.strip(), password, token.strip())
    if found is None:  # the attempt stays counted as a failure
        log.warning("advisor sign-in refused for %r", username or TOKEN_NAME)
        return _sign_in_page(request, 401, "That did not match an advisor account. Check it and try again.")
    await run_in_threadpool(gate.throttle.succeeded, address, name)
    value, advisor = await on_store(context, gate.start, found, address)
    log.info("advisor %s signed in from %s", advisor.name, address)
    response = RedirectResponse("/studio", status_code=303)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE_SECONDS, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@pages.post("/sign-out")
async def sign_out(request: Request, advisor: AdvisorIn) -> RedirectResponse:
    if advisor.sign_in:
        await run_in_threadpool(_gate(request).end, advisor.sign_in)
    response = RedirectResponse("/studio/sign-in", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@pages.get("/sign-ins", response_class=HTMLResponse)
async def sign_ins_page(request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    """Every advisor sign-in still open, to end one that should not be (a lost laptop, a shared screen)."""
    found = await run_in_threadpool(context.store.advisor_sign_ins)
    return _page(request, context, "studio_sign_ins.html", advisor, sign_ins=found, ended=request.query_params.get("ended"))


@pages.post("/sign-ins/{sign_in_id}/end")
async def end_sign_in(sign_in_id: str, request: Request, advisor: AdvisorIn) -> RedirectResponse:
    await run_in_threadpool(_gate(request).end, sign_in_id)
    log.info("advisor %s ended a sign-in", advisor.name)
    if sign_in_id == advisor.sign_in:
        response = RedirectResponse("/studio/sign-in", status_code=303)
        response.delete_cookie(COOKIE)
        return response
    return RedirectResponse("/studio/sign-ins?ended=1", status_code=303)


# ------------------------------------------------------------------ pages


def _page(request: Request, context: AppContext, name: str, advisor: Advisor, status: int = 200, **values: Any) -> HTMLResponse:
    html = context.pages.render(request, name, advisor=advisor, csrf=advisor.csrf, **values)
    return HTMLResponse(html, status_code=status)


def _health(context: AppContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each loaded persona's health, and each broken file's problems."""
    folder = context.settings.personas_dir
    rows = []
    for persona in sorted(context.personas.personas.values(), key=lambda p: p.name):
        path = f"{persona.id}.md"
        warnings = [w.removeprefix(f"{path}: ") for w in warnings_for(persona, path)]
        rows.append(
            {
                "persona": persona,
                "covered": [t for t in TOPICS if t in persona.facts],
                "missing": [TOPIC_LABELS[t] for t in TOPICS if t not in persona.facts],
                "passages": sum(len(p) for p in persona.facts.values()),
                "warnings": warnings,
                "versions": len(publish.versions(folder, persona.id)),
            }
        )
    broken = []
    for path, problems in sorted(context.personas.errors.items()):
        name = path.rsplit("/", 1)[-1]
        stem = name.removesuffix(".md")
        editable = bool(re.match(SLUG, stem))
        broken.append({"file": name, "stem": stem, "editable": editable, "problems": [p.removeprefix(f"{path}: ") for p in problems]})
    return rows, broken


@pages.get("", response_class=HTMLResponse)
async def persona_list(request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    rows, broken = await run_in_threadpool(_health, context)
    return _page(request, context, "studio_list.html", advisor, rows=rows, broken=broken, published=request.query_params.get("published"))


def _editor(request: Request, context: AppContext, advisor: Advisor, form: drafts.PersonaForm, *, editing: str = "", raw: str = "", mode: str = "form", errors: list[str] | None = None) -> HTMLResponse:
    return _page(
        request,
        context,
        "studio_editor.html",
        advisor,
        form=form,
        editing=editing,
        raw=raw,
        mode=mode,
        raw_errors=errors or [],
        flags=drafts.BOUNDARY_FLAGS,
        hints=notes.TOPIC_HINTS,
        engine=context.engine.name,
        # The LLM engine's settings may not exist in this build.
        has_model=bool(getattr(context.settings, "model", "")),
    )


@pages.get("/new", response_class=HTMLResponse)
async def new_persona(request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    form = drafts.PersonaForm(boundaries=[drafts.BoundaryForm(flags=["salary_personal"]), drafts.BoundaryForm(flags=["job_request"])])
    return _editor(request, context, advisor, form)


@pages.get("/personas/{persona_id}", response_class=HTMLResponse)
async def edit_persona(persona_id: str, request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    persona = context.personas.personas.get(persona_id)
    if persona is not None:
        return _editor(request, context, advisor, drafts.form_of(persona), editing=persona.id, raw=dump_persona(persona))
    try:
        path = publish.persona_path(context.settings.personas_dir, persona_id)
        text = path.read_text(encoding="utf-8")
    except (InputError, OSError):
        raise WebProblem(404, "persona_not_found", "There is no persona file with that id.") from None
    # A broken file opens in the raw view, with what is wrong, so it can be repaired here.
    checked = drafts.check_raw(text)
    problems = [m for found in checked.errors.values() for m in found]
    return _editor(request, context, advisor, drafts.PersonaForm(id=persona_id), editing=persona_id, raw=text, mode="raw", errors=problems)


@pages.get("/personas/{persona_id}/history", response_class=HTMLResponse)
async def persona_history(persona_id: str, request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    folder = context.settings.personas_dir
    try:
        found = publish.versions(folder, persona_id)
    except InputError:
        raise WebProblem(404, "persona_not_found", "There is no persona with that id.") from None
    current = publish.persona_path(folder, persona_id)
    if not found and not current.exists():
        raise WebProblem(404, "persona_not_found", "There is no persona with that id.")
    names = [v.name for v in found]
    old = request.query_params.get("a") or (names[1] if len(names) > 1 else "")
    new = request.query_params.get("b") or (names[0] if names else "")
    lines: list[str] = []
    if old and new and old in names and new in names:
        a, b = publish.version(folder, persona_id, old), publish.version(folder, persona_id, new)
        lines = publish.diff(a.text(), b.text(), a.label, b.label)
    persona = context.personas.personas.get(persona_id)
    return _page(
        request, context, "studio_history.html", advisor,
        persona_id=persona_id, persona=persona, versions=found, old=old, new=new, lines=lines,
        reverted=request.query_params.get("reverted"),
    )


@pages.post("/personas/{persona_id}/revert")
async def revert_persona(persona_id: str, version: Annotated[str, Form()], context: Context, _advisor: AdvisorIn) -> RedirectResponse:
    folder = context.settings.personas_dir
    try:
        text = publish.version(folder, persona_id, version).text()
        drafts_checked = drafts.check_raw(text)
        if drafts_checked.persona is None or drafts_checked.persona.id != persona_id:
            raise WebProblem(422, "version_invalid", "That version no longer loads, so it cannot be restored; open it in the raw editor instead.")
        await run_in_threadpool(publish.revert, folder, persona_id, version)
    except InputError as exc:
        raise WebProblem(404, "version_not_found", str(exc)) from None
    await run_in_threadpool(context.reload_personas)
    return RedirectResponse(f"/studio/personas/{persona_id}/history?reverted={version}", status_code=303)


@pages.get("/personas/{persona_id}/card.json")
async def download_card(persona_id: str, context: Context, _advisor: AdvisorIn) -> Response:
    persona = context.personas.get(persona_id)
    body = json.dumps(cards.to_card(persona), ensure_ascii=False, indent=2)
    headers = {"Content-Disposition": f'attachment; filename="{persona.id}.card.json"'}
    return Response(body, media_type="application/json", headers=headers)


@pages.get("/dashboard", response_class=HTMLResponse)
async def dashboard_page(request: Request, context: Context, advisor: AdvisorIn) -> HTMLResponse:
    stats = await run_in_threadpool(dashboard.dashboard, context.store, list(context.personas.personas.values()))
    return _page(request, context, "studio_dashboard.html", advisor, stats=stats)


# ------------------------------------------------------------------ the JSON API


class DriveIn(BaseModel):
    draft: drafts.Draft
    history: list[dict[str, str]] = []
    text: str


class PublishIn(BaseModel):
    draft: drafts.Draft
    editing: str = ""


class NotesIn(BaseModel):
    form: drafts.PersonaForm = drafts.PersonaForm()
    notes: str = ""


class ImportIn(BaseModel):
    card: dict[str, Any]


def _valid(draft: drafts.Draft) -> Persona:
    checked = drafts.check(draft)
    if checked.persona is None:
        count = sum(len(m) for m in checked.errors.values())
        raise WebProblem(422, "draft_invalid", f"The draft has {count} problem{'s' if count != 1 else ''} to fix first; they are shown next to their fields.")
    return checked.persona


def _preview(context: AppContext, request: Request, draft: drafts.Draft, persona: Persona | None) -> dict[str, str]:
    """The gallery card and greeting as students will see them, even for an unfinished draft."""
    if persona is not None:
        shown: Any = persona
    elif draft.form is not None:
        f = draft.form
        shown = SimpleNamespace(
            id=f.id or "draft", name=f.name or "Name", pronouns=f.pronouns or "pronouns", title=f.title or "Title",
            organization=f.organization or "Organization", location=f.location or "Location", industry=f.industry or "Field",
            summary=f.summary or "The summary shows here.",
            style=SimpleNamespace(talkativeness=f.style.talkativeness, warmth=f.style.warmth, minutes=f.style.minutes or "?"),
            greeting=f.greeting,
        )
    else:
        return {"card": "", "greeting": ""}
    card = context.pages.env.get_template("_persona_card.html").render(persona=shown, request=request, path="")
    return {"card": card, "greeting": shown.greeting}


@api.post("/validate")
async def validate(draft: drafts.Draft, request: Request, context: Context, _advisor: AdvisorIn) -> dict[str, Any]:
    """Errors and warnings keyed by form field, the preview, and the file text when it is valid."""
    checked = drafts.check(draft)
    body = checked.to_json()
    body["preview"] = _preview(context, request, draft, checked.persona)
    body["raw"] = dump_persona(checked.persona) if checked.persona is not None else None
    body["form"] = drafts.form_of(checked.persona).model_dump() if checked.persona is not None and draft.raw is not None else None
    persona_id = checked.persona.id if checked.persona is not None else (draft.form.id.strip() if draft.form else "")
    body["taken"] = bool(persona_id) and persona_id in context.personas.personas
    return body


DRIVE_FAILED = "The persona could not finish answering; try again."


@api.post("/drive", response_model=None)
async def drive(body: DriveIn, request: Request, context: Context, _advisor: AdvisorIn) -> dict[str, Any] | StreamingResponse:
    """One test-drive turn with the unsaved draft; the page keeps the conversation.

    With `Accept: text/event-stream` the reply streams as it is written, as in the interview room:
    `notice` (rarely), `delta`s, then `done` (the whole reply and its coding) or `error`.
    """
    persona = _valid(body.draft)
    text = body.text.strip()
    if not text:
        raise WebProblem(422, "message_empty", "Type a question first.")
    if len(text) > context.settings.max_message_chars:
        raise WebProblem(422, "message_too_long", f"Keep the question under {context.settings.max_message_chars:,} characters.")
    said = [Turn(role="student" if t.get("role") == "student" else "persona", text=str(t.get("text", ""))) for t in body.history]
    if not said or said[0].role != "persona":
        said.insert(0, Turn(role="persona", text=persona.greeting))
    turn = prepare(persona, replay(persona, said), text)
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _drive_events(context, turn), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
    try:
        reply = "".join([chunk async for chunk in context.engine.stream(turn)]).strip()
    except Exception as exc:
        log.warning("engine %s failed in a test drive: %r", context.engine.name, exc)
        raise WebProblem(502, "reply_failed", DRIVE_FAILED) from None
    return _drive_result(turn, reply)


def _drive_result(turn: ReplyRequest, reply: str) -> dict[str, Any]:
    analysis = turn.question.analysis
    assert analysis is not None
    return {
        "reply": reply,
        "form": analysis.form,
        "topics": [TOPIC_LABELS.get(t, t) for t in turn.question.topics],
        "rewrite": analysis.rewrite,
        "unlocked": [{"id": i.id, "topic": TOPIC_LABELS[i.topic], "text": i.text} for i in turn.unlocked_now],
        "greeting": turn.persona.greeting,
    }


async def _drive_events(context: AppContext, turn: ReplyRequest) -> AsyncIterator[bytes]:
    stream = context.engine.stream(turn)
    paced = Paced(stream)
    said: list[str] = []
    try:
        async for event in voiced(paced, stream if isinstance(stream, Reply) else None):
            if isinstance(event, Notice):
                yield sse("notice", {"message": event.message})
            else:
                said.append(event.text)
                yield sse("delta", {"text": event.text})
    except Exception as exc:
        log.warning("engine %s failed in a test drive: %r", context.engine.name, exc)
        yield sse("error", {"message": DRIVE_FAILED})
        return
    finally:
        paced.close()  # the advisor left mid-reply: stop reading the engine
    yield sse("done", _drive_result(turn, "".join(said).strip()))


@api.post("/probe")
async def run_probe(draft: drafts.Draft, context: Context, advisor: AdvisorIn) -> dict[str, Any]:
    persona = _valid(draft)
    await on_store(context, limits.check_probe, context.settings, context.store, advisor.sign_in or advisor.name)
    results = await probe.run_probe(persona, context.engine)
    return {
        "results": [r.to_json() for r in results],
        "questions": len(results),
        "unlocked": sum(len(r.unlocked) for r in results),
        "insights": len(persona.insights),
        "flags": sum(len(r.flags) for r in results),
        "engine": context.engine.name,
    }


@api.post("/publish")
async def publish_draft(body: PublishIn, context: Context, advisor: AdvisorIn) -> JSONResponse:
    persona = _valid(body.draft)
    editing = body.editing.strip() or None
    still_published = None
    if editing and editing != persona.id:
        # Renaming is publishing a new persona. The old file stays, so students' past interviews
        # with it keep their reports; the advisor is told, and removes it by hand if they wish.
        still_published = editing if editing in context.personas.personas else None
        editing = None
    if editing != persona.id and persona.id in context.personas.personas:
        # A shipped persona has no file in the writable folder, so publish() alone would not see it taken.
        raise WebProblem(
            409, "persona_exists", f"A persona with the id {persona.id!r} already exists; open it from the persona list to edit it, or choose another id"
        )
    try:
        version = await run_in_threadpool(publish.publish, context.settings.personas_dir, persona, editing=editing)
    except publish.PublishRefused as exc:
        raise WebProblem(409, "persona_exists", str(exc)) from None
    await run_in_threadpool(context.reload_personas)
    log.info("advisor %s published persona %s (version %s)", advisor.name, persona.id, version.name)
    loaded = persona.id in context.personas.personas
    return JSONResponse(
        {
            "id": persona.id,
            "version": version.name,
            "loaded": loaded,
            "edit_url": f"/studio/personas/{persona.id}",
            "history_url": f"/studio/personas/{persona.id}/history",
            "gallery_url": "/",
            "still_published": still_published,
        },
        status_code=201 if editing is None else 200,
    )


@api.post("/notes")
async def draft_from_notes(body: NotesIn, context: Context, _advisor: AdvisorIn) -> dict[str, Any]:
    try:
        found = await notes.draft_from_notes(body.notes, body.form, context.complete)
    except ImportError:
        raise WebProblem(502, "model_unavailable", "The model library is not installed here; the template is still available without notes.") from None
    except Exception as exc:
        log.warning("draft from notes failed: %r", exc)
        raise WebProblem(502, "model_failed", "The model could not write a draft just now; try again, or start from the template.") from None
    return {"text": found.text, "source": found.source, "errors": found.errors}


@api.post("/import")
async def import_card(body: ImportIn, _advisor: AdvisorIn) -> dict[str, Any]:
    try:
        imported = cards.from_card(body.card)
    except InputError as exc:
        raise WebProblem(422, "card_invalid", str(exc)) from None
    return {"text": dump_persona(imported.persona), "exact": imported.exact, "warnings": imported.warnings}


@api.get("/personas/{persona_id}/card")
async def export_card(persona_id: str, context: Context, _advisor: AdvisorIn) -> dict[str, Any]:
    return cards.to_card(context.personas.get(persona_id))


@api.get("/sign-ins")
async def sign_ins_json(context: Context, advisor: AdvisorIn) -> list[dict[str, Any]]:
    """Advisor sign-ins not ended and not expired; `current` marks the one asking."""
    found = await run_in_threadpool(context.store.advisor_sign_ins)
    return [
        {"id": s.id, "name": s.name, "address": s.address, "created_at": s.created_at, "expires_at": s.expires_at, "current": s.id == advisor.sign_in}
        for s in found
    ]


@api.get("/dashboard")
async def dashboard_json(context: Context, _advisor: AdvisorIn) -> list[dict[str, Any]]:
    stats = await run_in_threadpool(dashboard.dashboard, context.store, list(context.personas.personas.values()))
    return [
        {
            "persona_id": s.persona_id,
            "sessions": s.sessions,
            "mean_score": s.mean_score,
            "questions": s.questions,
            "open_share": s.open_share,
            "uncovered": [{"topic": t.topic, "sessions": t.missed, "share": t.share} for t in s.topics],
            "closed_questions": [{"text": q.text, "sessions": q.sessions, "rewrite": q.rewrite} for q in s.closed_questions],
        }
        for s in stats
    ]

