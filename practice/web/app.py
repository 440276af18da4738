"""The app factory: settings, storage, personas and engine in; a FastAPI app out.

`create_app()` with no arguments reads PRACTICE_* settings (uvicorn's `--factory` uses it);
tests pass their own settings and a fake engine.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from practice import __version__
from practice.engines.base import Engine
from practice.engines.complete import Complete, completer
from practice.engines.select import describe, engine_for
from practice.personas import LoadReport
from practice.settings import Settings
from practice.store import Store
from practice.web import api, pages, problems, studio
from practice.web.context import AppContext
from practice.web.guards import BodyLimit, SecurityHeaders
from practice.web.students import StudentCookie, secret_key
from practice.web.views import STATIC, Pages

log = logging.getLogger("practice.web")


def create_app(settings: Settings | None = None, engine: Engine | None = None, complete: Complete | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = Store.open(settings)
    context = AppContext(settings, store, LoadReport(), engine or engine_for(settings), Pages())
    context.reload_personas()
    context.complete = complete or (completer(settings) if settings.model else None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # An engine with a slow first use (litellm's import) pays it before the first student arrives.
        warm = getattr(context.engine, "warm", None)
        if callable(warm):
            warm()
        log.info("engine: %s", describe(context.engine))
        # What was loaded up to here (litellm alone is hundreds of thousands of objects) lives as
        # long as the process: out of the collector's sight, a full collection no longer walks it
        # in the middle of a streamed reply.
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()
        aclose = getattr(context.engine, "aclose", None)  # pooled model connections
        if callable(aclose):
            await aclose()
        store.close()

    app = FastAPI(
        title="Practice",
        version=__version__,
        summary="Rehearse informational interviews with AI-played professionals.",
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.pages = context.pages
    problems.install(app)
    app.include_router(api.health)
    app.include_router(api.router)
    app.include_router(pages.router)
    studio.install(app, context)  # the advisor persona studio: /studio and /api/studio
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost last: headers and the cookie wrap every response, including a 413.
    app.add_middleware(BodyLimit)
    app.add_middleware(StudentCookie, secret=secret_key(settings))
    app.add_middleware(SecurityHeaders)
    return app
