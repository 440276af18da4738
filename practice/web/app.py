"""The app factory: settings, storage, personas and engine in; a FastAPI app out.

`create_app()` with no arguments reads PRACTICE_* settings (uvicorn's `--factory` uses it, in
each of `practice serve --workers N`'s processes); tests pass their own settings and a fake engine.
The model stack is imported only when a model is configured: the base install serves offline.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from practice import __version__
from practice.engines.base import Engine
from practice.engines.complete import Complete
from practice.engines.select import describe, engine_for
from practice.personas import LoadReport
from practice.settings import Settings
from practice.store import Store
from practice.web import api, pages, problems, studio
from practice.web.context import AppContext
from practice.web.guards import BodyLimit, ClientAddress, SecurityHeaders
from practice.web.students import StudentCookie, secret_key
from practice.web.views import STATIC, Pages

log = logging.getLogger("practice.web")


def create_app(settings: Settings | None = None, engine: Engine | None = None, complete: Complete | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = Store.open(settings)
    context = AppContext(settings, store, LoadReport(), engine or engine_for(settings), Pages())
    context.reload_personas()
    if complete is None and settings.model:
        from practice.engines.complete import completer

        complete = completer(settings)
    context.complete = complete

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # An engine with a slow first use (litellm's import) pays it before the first student arrives.
        context.engine.warm()
        log.info("engine: %s", describe(context.engine))
        # What was loaded up to here (litellm alone is hundreds of thousands of objects) lives as
        # long as the process: out of the collector's sight, a full collection no longer walks it
        # in the middle of a streamed reply.
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()
        await context.engine.aclose()  # pooled model connections
        store.close()

    app = FastAPI(
        title="Practice",
        version=__version__,
        summary="Rehearse informational interviews with AI-played professionals.",
        lifespan=lifespan,
        # /docs is served below from our own static files (no CDN); ReDoc would need one.
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = context
    app.state.pages = context.pages
    problems.install(app)
    app.include_router(api.health)
    app.include_router(api.router)
    app.include_router(pages.router)
    studio.install(app, context)  # the advisor persona studio: /studio and /api/studio
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/docs", api_docs, methods=["GET"], include_in_schema=False)
    # Outermost last: headers and the cookie wrap every response, including a 413.
    app.add_middleware(BodyLimit)
    app.add_middleware(StudentCookie, secret=secret_key(settings))
    app.add_middleware(ClientAddress, trusted=settings.trusted_proxies)  # before the cookie: it reads the scheme
    app.add_middleware(SecurityHeaders)
    return app


# Swagger UI from web/static/swagger-ui (vendored from npm's swagger-ui-dist), started by a static
# script rather than FastAPI's inline one, so /docs works offline under the same CSP as every page.
DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Practice API</title>
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-ui/init.js"></script>
</body>
</html>
"""


async def api_docs() -> HTMLResponse:
    return HTMLResponse(DOCS_PAGE)
