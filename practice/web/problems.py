"""The one error type the web app raises on purpose, and the one place it is rendered.

    PracticeError (practice.errors)
    └── WebProblem       status + code + a message for the student; JSON under /api, a page elsewhere

Unexpected exceptions become a 500 with the same shape and nothing internal in it.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from practice.errors import PersonaNotFound, PracticeError

log = logging.getLogger("practice.web")

# What the student can do next, by status: the error page shows it as links.
TITLES = {
    400: "That request didn't make sense",
    404: "We couldn't find that page",
    405: "That action isn't available here",
    409: "That clashes with where things stand now",
    413: "That was too much to send at once",
    422: "Something in your message needs fixing",
    429: "That was a lot at once: please wait a moment",
    500: "Something went wrong on our side",
    502: "The persona couldn't finish answering",
}


# A 409's title says what happened, which only the code knows (the error page's title, too).
CODE_TITLES = {
    "session_ended": "This interview has already ended",
    "reply_pending": "Your last question is still waiting for its reply",
    "reply_in_progress": "The reply to your last question is still arriving",
    "nothing_to_retry": "There is no reply to retry",
    "persona_exists": "A persona with that id already exists",
}


def title_of(problem: WebProblem) -> str:
    return CODE_TITLES.get(problem.code) or TITLES.get(problem.status, "Something went wrong")


class WebProblem(PracticeError):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}  # e.g. Retry-After on a 429
        super().__init__(message)

    def to_json(self) -> dict[str, Any]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


def not_found(what: str) -> WebProblem:
    return WebProblem(404, f"{what}_not_found", f"There is no {what} with that id, or it belongs to someone else.")


def too_many(code: str, message: str, wait: float) -> WebProblem:
    """A 429: `message` says which limit; Retry-After (whole seconds) says when to try again."""
    seconds = max(1, math.ceil(wait))
    when = f"{seconds} second{'s' if seconds != 1 else ''}" if seconds < 120 else f"{round(seconds / 60)} minutes"
    return WebProblem(429, code, f"{message} Try again in {when}.", headers={"Retry-After": str(seconds)})


def crashed(request: Request, exc: BaseException) -> Response:
    """The 500 for an unexpected exception: logged here, nothing internal in the answer."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if isinstance(exc, UnicodeEncodeError) and "surrogate" in str(exc):
        # Text that cannot be encoded (a lone surrogate, say) got past the checks: the write failed
        # in its transaction, so nothing was stored; say that, as a 422 about the input.
        problem = WebProblem(422, "text_invalid", "The request holds a broken character (a lone surrogate) that cannot be stored; nothing was saved.")
    else:
        problem = WebProblem(500, "internal_error", "Something broke on our side; try again in a moment. Questions already answered are saved.")
    return render(request, problem)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into one shape."""

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebProblem)
        return render(request, exc)

    async def on_persona_not_found(request: Request, exc: Exception) -> Response:
        return render(request, not_found("persona"))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            return render(request, WebProblem(404, "not_found", "There is nothing at this address."))
        code = {405: "method_not_allowed", 413: "body_too_large"}.get(exc.status_code, "http_error")
        return render(request, WebProblem(exc.status_code, code, str(exc.detail)))

    async def on_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        message = "The request is not valid: " + "; ".join(parts) + "."
        return render(request, WebProblem(422, "invalid_request", message))

    async def on_crash(request: Request, exc: Exception) -> Response:
        return crashed(request, exc)

    app.add_exception_handler(WebProblem, on_problem)
    app.add_exception_handler(PersonaNotFound, on_persona_not_found)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(Exception, on_crash)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/healthz"


def render(request: Request, problem: WebProblem) -> Response:
    if wants_json(request):
        return JSONResponse(problem.to_json(), status_code=problem.status, headers=problem.headers)
    pages = getattr(request.app.state, "pages", None)
    if pages is None:  # the page renderer failed to start: still say something useful
        return HTMLResponse(f"<h1>{problem.status}</h1>", status_code=problem.status, headers=problem.headers)
    try:
        html = pages.render(request, "error.html", problem=problem, title=title_of(problem))
    except Exception:  # the error page itself failed: still answer, in the one shape
        log.exception("the error page failed to render")
        return JSONResponse(problem.to_json(), status_code=problem.status, headers=problem.headers)
    return HTMLResponse(html, status_code=problem.status, headers=problem.headers)
