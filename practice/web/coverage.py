"""What the live meter in the interview room shows: topics covered, open share, time used.

Read off the stored turns alone, so a resumed session shows exactly what the live one did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from practice.personas import Persona
from practice.topics import TOPIC_LABELS, TOPICS
from practice.transcript import Turn, state_of


@dataclass(frozen=True)
class Coverage:
    covered: list[str]  # topic ids, in taxonomy order
    questions: int
    open_questions: int
    closed_questions: int
    elapsed_minutes: float
    minutes: int

    @property
    def open_share(self) -> float | None:
        asked = self.open_questions + self.closed_questions
        return self.open_questions / asked if asked else None

    @property
    def minutes_left(self) -> int:
        return max(0, round(self.minutes - self.elapsed_minutes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": [{"id": t, "label": TOPIC_LABELS[t], "covered": t in self.covered} for t in TOPICS],
            "covered": list(self.covered),
            "questions": self.questions,
            "open_questions": self.open_questions,
            "closed_questions": self.closed_questions,
            "open_share": None if self.open_share is None else round(self.open_share, 3),
            "elapsed_minutes": round(self.elapsed_minutes, 1),
            "minutes": self.minutes,
            "minutes_left": self.minutes_left,
        }


def coverage_of(persona: Persona, turns: list[Turn]) -> Coverage:
    asked: set[str] = set()
    open_questions = closed_questions = 0
    for turn in turns:
        if turn.role != "student" or turn.analysis is None:
            continue
        asked.update(turn.topics)
        if turn.analysis.form == "open":
            open_questions += 1
        elif turn.analysis.form == "closed":
            closed_questions += 1
    state = state_of(persona, turns)
    return Coverage(
        covered=[t for t in TOPICS if t in asked],
        questions=open_questions + closed_questions,
        open_questions=open_questions,
        closed_questions=closed_questions,
        elapsed_minutes=state.elapsed_minutes,
        minutes=persona.style.minutes,
    )
