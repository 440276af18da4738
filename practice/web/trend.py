"""The student's progress across sessions: score, open share and question count per session.

Computed from stored transcripts with the same scorer as the report, so My sessions, its
progress chart and each report always agree (the same score, the same count of questions).
"""

from __future__ import annotations

from dataclasses import dataclass

from practice.personas import Persona
from practice.scoring import score
from practice.store import SessionRecord, Store
from practice.transcript import Turn


@dataclass(frozen=True)
class TrendPoint:
    session_id: str
    label: str  # the persona's first name, for the chart's axis
    started_at: str  # the stored UTC timestamp; the page shows it in the browser's time zone
    score: int
    open_share: float
    questions: int  # the report's count: greetings, thanks and remarks are not questions


# Points already scored, by session id: (the session's version, the persona scored against, the point).
# A session is scored again only when its turns changed or its persona file was reloaded.
TrendCache = dict[str, tuple[tuple[int, str], Persona, TrendPoint | None]]
# The chart covers this browser's newest this many sessions: beyond that the points are too close to read.
TREND_SESSIONS = 30


def points_of(store: Store, personas: dict[str, Persona], records: list[SessionRecord], cache: TrendCache) -> dict[str, TrendPoint]:
    """A point for each session with at least one question, by session id. One query says which
    sessions changed since they were scored; only those are read and scored again."""
    points = {}
    versions = store.turn_versions([r.id for r in records])
    for record in records:
        persona = personas.get(record.persona_id)
        if persona is None:
            continue  # its persona file was removed; the session stays listed, just not scored
        _persona_id, count, last = versions.get(record.id, ("", 0, ""))
        seen = cache.get(record.id)
        if seen is None or seen[0] != (count, last) or seen[1] is not persona:
            report = score(persona, [Turn(role=t.role, text=t.text) for t in store.turns(record.id)])
            point = None
            if report.question_count:
                point = TrendPoint(record.id, persona.first_name, record.created_at, report.score, report.open_share, report.question_count)
            cache[record.id] = seen = ((count, last), persona, point)
        if seen[2] is not None:
            points[record.id] = seen[2]
    return points


def trend_of(records: list[SessionRecord], points: dict[str, TrendPoint]) -> list[TrendPoint]:
    """The chart: finished interviews only (one in progress has no final score yet), oldest first."""
    ended = sorted((r for r in records if r.ended and r.id in points), key=lambda r: r.created_at)
    return [points[r.id] for r in ended]
