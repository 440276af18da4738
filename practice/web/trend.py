"""The student's progress across sessions: score and open share per session, oldest first.

Computed from stored transcripts with the same scorer as the report, so the trend and
each report always agree.
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
    score: int
    open_share: float


# Points already scored, by session id: (turns scored, the persona scored against, the point).
# A session is scored again only when it gained turns or its persona file was reloaded.
TrendCache = dict[str, tuple[int, Persona, TrendPoint | None]]


def trend_of(store: Store, personas: dict[str, Persona], records: list[SessionRecord], cache: TrendCache) -> list[TrendPoint]:
    """One point per session with at least one question, oldest first."""
    points = []
    for record in sorted(records, key=lambda r: r.created_at):
        persona = personas.get(record.persona_id)
        if persona is None:
            continue  # its persona file was removed; the session stays listed, just not charted
        stored = store.turns(record.id)
        seen = cache.get(record.id)
        if seen is None or seen[0] != len(stored) or seen[1] is not persona:
            report = score(persona, [Turn(role=t.role, text=t.text) for t in stored])
            point = TrendPoint(record.id, persona.first_name, report.score, report.open_share) if report.question_count else None
            cache[record.id] = seen = (len(stored), persona, point)
        if seen[2] is not None:
            points.append(seen[2])
    return points
