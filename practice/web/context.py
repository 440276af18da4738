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
from practice.personas import LoadReport, load_gallery
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
    # One-shot model calls (the coaching note); None when no model is configured.
    complete: Complete | None = None
    # Coaching notes already written, by (session id, number of turns): one model call per transcript.
    notes: dict[tuple[str, int], CoachingNote | None] = field(default_factory=dict)
    # My sessions' progress chart: each session scored once per transcript (see web/trend.py).
    trend_points: TrendCache = field(default_factory=dict)
    # The persona folders as last loaded, and when they were last listed (see refresh_personas).
    personas_seen: tuple[tuple[str, int, int], ...] = ()
    personas_checked: float = 0.0
    folders_seen: tuple[int, ...] = ()
    folders: list[Path] = field(default_factory=list)  # settings.persona_folders(), worked out once

    def refresh_personas(self) -> None:
        """Reload personas when their folders changed: a file published by another worker or instance, or edited by hand.

        On every request, one stat() of each folder: publishing replaces a file by rename, which
        changes its folder's mtime, so every worker sees a publish at its next request. At most
        every PERSONAS_CHECK_SECONDS, a full listing: it also catches a file rewritten in place.
        """
        if folder_mtimes(self.folders) != self.folders_seen:
            self.reload_personas()
            return
        now = time.monotonic()
        if now - self.personas_checked < PERSONAS_CHECK_SECONDS:
            return
        self.personas_checked = now
        if persona_folder_state(self.folders) != self.personas_seen:
            self.reload_personas()

    def reload_personas(self) -> None:
        """Load the persona folders again; a broken file is logged and skipped, the others serve."""
        folders = self.folders = self.settings.persona_folders()
        self.folders_seen = folder_mtimes(folders)
        self.personas_seen = persona_folder_state(folders)
        self.personas_checked = time.monotonic()
        report = load_gallery(folders)
        for problems in report.errors.values():
            for problem in problems:
                log.warning("persona skipped: %s", problem)
        self.personas = report


PERSONAS_CHECK_SECONDS = 2.0


def folder_mtimes(folders: list[Path]) -> tuple[int, ...]:
    """Each folder's own mtime (0 when missing): it moves when a file in it is added, removed or renamed over."""
    found: list[int] = []
    for folder in folders:
        try:
            found.append(os.stat(folder).st_mtime_ns)
        except OSError:
            found.append(0)
    return tuple(found)


def persona_folder_state(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of every persona file: changes whenever one is added, removed or rewritten."""
    state: list[tuple[str, int, int]] = []
    for folder in folders:
        try:
            entries = [e for e in os.scandir(folder) if e.name.endswith(".md") and e.is_file()]
        except OSError:
            continue
        state.extend((e.path, e.stat().st_size, e.stat().st_mtime_ns) for e in entries)
    return tuple(sorted(state))


async def _context(request: Request) -> AppContext:
    # async, though nothing here awaits: FastAPI runs a plain `def` dependency in a worker thread,
    # a round trip (and, under load, a wait for the GIL) on every request.
    context: AppContext = request.app.state.context
    context.refresh_personas()
    return context


Context = Annotated[AppContext, Depends(_context)]

log = logging.getLogger("practice.web")
