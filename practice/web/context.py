"""What every route needs, built once per app: settings, store, personas, engine, page renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from practice.engines.base import Engine
from practice.engines.complete import Complete
from practice.personas import LoadReport
from practice.review import CoachingNote
from practice.settings import Settings
from practice.store import Store
from practice.web.views import Pages


@dataclass
class AppContext:
    settings: Settings
    store: Store
    personas: LoadReport
    engine: Engine
    pages: Pages
    # Sessions whose reply is being streamed by this process, so a retry cannot run a second engine beside it.
    replying: dict[str, float] = field(default_factory=dict)  # session id -> time.monotonic() of the mark
    # One-shot model calls (the coaching note); None when no model is configured.
    complete: Complete | None = None
    # Coaching notes already written, by (session id, number of turns): one model call per transcript.
    notes: dict[tuple[str, int], CoachingNote | None] = field(default_factory=dict)


def _context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(_context)]
