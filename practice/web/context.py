"""What every route needs, built once per app: settings, store, personas, engine, page renderer."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from practice.engines.base import Engine
from practice.engines.complete import Complete
from practice.personas import LoadReport, load_personas
from practice.review import CoachingNote
from practice.settings import Settings
from practice.store import Store
from practice.web.trend import TrendCache
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
    # My sessions' progress chart: each session scored once per transcript (see web/trend.py).
    trend_points: TrendCache = field(default_factory=dict)
    # The persona folder as last loaded, and when it was last looked at (see refresh_personas).
    personas_seen: tuple[tuple[str, int, int], ...] = ()
    personas_checked: float = 0.0

    def refresh_personas(self) -> None:
        """Reload personas when their folder changed: a file published by another instance, or edited by hand.

        Looks at most every PERSONAS_CHECK_SECONDS; a look is one directory listing.
        """
        now = time.monotonic()
        if now - self.personas_checked < PERSONAS_CHECK_SECONDS:
            return
        self.personas_checked = now
        if persona_folder_state(self.settings.personas_dir) != self.personas_seen:
            self.reload_personas()

    def reload_personas(self) -> None:
        """Load the persona folder again; a broken file is logged and skipped, the others serve."""
        self.personas_seen = persona_folder_state(self.settings.personas_dir)
        report = load_personas([self.settings.personas_dir])
        for problems in report.errors.values():
            for problem in problems:
                log.warning("persona skipped: %s", problem)
        self.personas = report


PERSONAS_CHECK_SECONDS = 2.0


def persona_folder_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime) of every persona file: changes whenever one is added, removed or rewritten."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".md") and e.is_file()]
    except OSError:
        return ()
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))


async def _context(request: Request) -> AppContext:
    # async, though nothing here awaits: FastAPI runs a plain `def` dependency in a worker thread,
    # a round trip (and, under load, a wait for the GIL) on every request.
    context: AppContext = request.app.state.context
    context.refresh_personas()
    return context


Context = Annotated[AppContext, Depends(_context)]

log = logging.getLogger("practice.web")
