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


def trend_of(store: Store, personas: dict[str, Persona], records: list[SessionRecord]) -> list[TrendPoint]:
    """One point per session with at least one question, oldest first."""
    points = []
    for record in sorted(records, key=lambda r: r.created_at):
        persona = personas.get(record.persona_id)
        if persona is None:
            continue  # its persona file was removed; the session stays listed, just not charted
        turns = [Turn(role=t.role, text=t.text) for t in store.turns(record.id)]
        report = score(persona, turns)
        if report.question_count:
            points.append(TrendPoint(record.id, persona.first_name, report.score, report.open_share))
    return points
