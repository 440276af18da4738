"""One interview turn: analyze the student's message, decide disclosure, let the engine speak.

The storage-free core of a session. Callers that persist (the web app) store the
student turn before `reply_request` runs the engine, and the persona turn after.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from practice.engines.base import Engine, ReplyRequest
from practice.personas import Persona
from practice.plan import plan_turn
from practice.transcript import Turn, state_of, student_turn


def prepare(persona: Persona, history: list[Turn], text: str) -> ReplyRequest:
    """Analyze a student message and decide the turn once (`practice.plan`): what answers it, what it earns."""
    state = state_of(persona, history)  # read once: the analysis and the plan both use it
    question = student_turn(persona, history, text, state)
    plan = plan_turn(persona, history, question, state)
    return ReplyRequest(plan.persona, list(history), question, state, list(plan.earned_now), list(plan.earned_before), plan)


def persona_turn(request: ReplyRequest, text: str) -> Turn:
    return Turn(role="persona", text=text, unlocked=[i.id for i in request.unlocked_now])


@dataclass
class Interview:
    """An in-memory interview, as the terminal chat runs it."""

    persona: Persona
    engine: Engine
    turns: list[Turn] = field(default_factory=list)
    notice: str | None = None  # the last reply's note for the student, if its engine left one

    def __post_init__(self) -> None:
        if not self.turns:
            self.turns.append(Turn(role="persona", text=self.persona.greeting))

    async def ask(self, text: str) -> AsyncIterator[str]:
        """Stream the persona's reply to `text`; both turns are recorded."""
        request = prepare(self.persona, self.turns, text)
        self.turns.append(request.question)
        chunks: list[str] = []
        stream = self.engine.stream(request)
        async for chunk in stream:
            chunks.append(chunk)
            yield chunk
        # An engine's one-line note for the student (e.g. the AI service is down, practice goes on offline).
        self.notice = getattr(stream, "notice", None)
        self.turns.append(persona_turn(request, "".join(chunks).strip()))

    @property
    def finished(self) -> bool:
        last = self.turns[-1]
        return last.role == "persona" and last.text.endswith(self.persona.sign_off) and len(self.turns) > 1
