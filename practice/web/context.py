"""What every route needs, built once per app: settings, store, personas, engine, page renderer."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from practice.answers import index_for
from practice.engines.base import Engine
from practice.engines.complete import Complete
from practice.personas import LoadReport, Persona, load_gallery
from practice.questions.model import model as topic_model
from practice.review import CoachingNote
from practice.settings import Settings
from practice.store import SessionRecord, Store
from practice.web.reports import ReportCache
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
    # Reports, kept until their session changes (see web/reports.py).
    reports: ReportCache = field(default_factory=ReportCache)
    # The persona folders as last loaded, and when they were last listed (see refresh_personas).
    personas_seen: tuple[tuple[str, int, int], ...] = ()
    personas_checked: float = 0.0
    folders_seen: tuple[int, ...] = ()
    folders: list[Path] = field(default_factory=list)  # settings.persona_folders(), worked out once
    # The last version of each persona that loaded in this process (a file broken later still has one).
    last_loaded: dict[str, Persona] = field(default_factory=dict)
    # Snapshots of loaded personas (persona id -> the persona, its snapshot id and JSON), and snapshots read back.
    snapshots: dict[str, tuple[Persona, str, str]] = field(default_factory=dict)
    stored_snapshots: dict[str, Persona] = field(default_factory=dict)

    def snapshot_of(self, persona: Persona) -> tuple[str, str]:
        """(id, JSON) of the persona as it is now; the id is a digest of the JSON, so a version is stored once."""
        known = self.snapshots.get(persona.id)
        if known is None or known[0] is not persona:
            text = persona.model_dump_json()
            known = (persona, hashlib.sha256(text.encode()).hexdigest()[:32], text)
            self.snapshots[persona.id] = known
        return known[1], known[2]

    def persona_for(self, record: SessionRecord) -> tuple[Persona | None, str | None]:
        """The persona a session is played and reported with, and a note when it is not the file's current
        version: the file no longer loads (or is gone), so this is the persona as the session started."""
        live = self.personas.personas.get(record.persona_id)
        if live is not None:
            return live, None
        persona = None
        if record.persona_snapshot:
            persona = self.stored_snapshots.get(record.persona_snapshot)
            if persona is None:
                text = self.store.persona_snapshot(record.persona_snapshot)
                if text is not None:
                    try:
                        persona = Persona.model_validate_json(text)
                    except ValueError:  # a snapshot of an older format of persona: fall back to the last loaded
                        log.warning("persona snapshot %s no longer reads", record.persona_snapshot)
                    else:
                        self.stored_snapshots[record.persona_snapshot] = persona
        persona = persona or self.last_loaded.get(record.persona_id)
        if persona is None:
            return None, None
        problems = self.persona_problems(record.persona_id)
        if problems:
            note = f"The persona file {record.persona_id}.md no longer loads ({problems[0]}); this uses {persona.name} as they were when the interview started."
        else:
            note = f"The persona file {record.persona_id}.md has been removed; this uses {persona.name} as they were when the interview started."
        return persona, note

    def persona_problems(self, persona_id: str) -> list[str]:
        """Why the file of this persona id fails to load (empty when it loads, or there is none)."""
        for path, problems in self.personas.errors.items():
            if Path(path).stem == persona_id:
                return [p.removeprefix(f"{path}: ") for p in problems]
        return []


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
        self.last_loaded.update(report.personas)
        warm_indexes(list(report.personas.values()))


def warm_indexes(personas: list[Persona]) -> None:
    """Build the personas' answer indexes (and the analyzer's topic examples) in the background: encoding
    a new file's passages takes about two seconds (then they are kept on disk), which no student's first
    question should wait for."""

    def build() -> None:
        try:
            topic_model()  # the analyzer's labelled questions and topic model, read and placed once
        except Exception:
            log.exception("could not prepare the topic examples")
        for persona in personas:
            try:
                index_for(persona)
            except Exception:  # a failure here only costs the first question its head start
                log.exception("could not prepare the answer index of %s", persona.id)

    threading.Thread(target=build, name="practice-warm-indexes", daemon=True).start()


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
