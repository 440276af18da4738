"""The JSON shapes of the API, one family per resource; they also document /docs."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

from pydantic import BaseModel

from practice.personas import Persona
from practice.store import SessionRecord, TurnRecord
from practice.web.coverage import Coverage


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


class StyleOut(BaseModel):
    talkativeness: str
    warmth: str
    minutes: int


class PersonaOut(BaseModel):
    id: str
    name: str
    pronouns: str
    title: str
    organization: str
    industry: str
    location: str
    summary: str
    style: StyleOut
    greeting: str

    @classmethod
    def of(cls, persona: Persona) -> PersonaOut:
        return cls.model_validate(persona.public())


class AnalysisOut(BaseModel):
    form: Literal["open", "closed", "not_a_question"]
    topics: list[str]
    flags: list[str]
    follow_up: bool
    rewrite: str | None


class UsageOut(BaseModel):
    """What a model reply took; `cost` in US dollars, null when the model's price is unknown.
    `estimated`: the provider sent no counts (e.g. the reply was cut off), so these are ours."""

    model: str
    tokens_in: int | None
    tokens_out: int | None
    cost: float | None
    estimated: bool = False


class TurnOut(BaseModel):
    seq: int
    role: Literal["student", "persona"]
    text: str
    created_at: str
    partial: bool
    topics: list[str]
    unlocked: list[str]
    analysis: AnalysisOut | None = None
    notice: str | None = None  # persona turns: e.g. the AI service was down and the offline engine answered
    usage: UsageOut | None = None  # persona turns played by a model

    @classmethod
    def of(cls, turn: TurnRecord) -> TurnOut:
        analysis = None
        if turn.analysis is not None:
            a = turn.analysis
            analysis = AnalysisOut(form=a.form, topics=a.topics, flags=a.flags, follow_up=a.follow_up, rewrite=a.rewrite)
        return cls(
            seq=turn.seq,
            role=turn.role,
            text=turn.text,
            created_at=turn.created_at,
            partial=turn.partial,
            topics=turn.topics,
            unlocked=turn.unlocked,
            analysis=analysis,
            notice=turn.notice,
            usage=UsageOut(**dataclasses.asdict(turn.usage)) if turn.usage else None,
        )


class TopicOut(BaseModel):
    id: str
    label: str
    covered: bool


class CoverageOut(BaseModel):
    topics: list[TopicOut]
    covered: list[str]
    questions: int
    open_questions: int
    closed_questions: int
    open_share: float | None
    elapsed_minutes: float
    minutes: int
    minutes_left: int

    @classmethod
    def of(cls, coverage: Coverage) -> CoverageOut:
        return cls.model_validate(coverage.to_dict())


class SessionIn(BaseModel):
    persona_id: str


class MessageIn(BaseModel):
    text: str


class SessionCreated(BaseModel):
    id: str
    persona_id: str
    greeting: str
    created_at: str


class SessionSummary(BaseModel):
    id: str
    persona_id: str
    created_at: str
    ended_at: str | None
    questions: int

    @classmethod
    def of(cls, record: SessionRecord, questions: int) -> SessionSummary:
        return cls(id=record.id, persona_id=record.persona_id, created_at=record.created_at, ended_at=record.ended_at, questions=questions)


class SessionOut(BaseModel):
    id: str
    persona: PersonaOut
    created_at: str
    ended_at: str | None
    awaiting_reply: bool
    can_retry: bool
    turns: list[TurnOut]
    coverage: CoverageOut
    usage: SessionUsageOut
    # Set when the persona file no longer loads (or was removed): the session uses the persona as it was.
    persona_note: str | None = None


class SessionUsageOut(BaseModel):
    """The session's model use so far; `cost` sums the turns whose price is known (null if none).
    `estimated`: some of it is our estimate, where the provider sent no counts."""

    tokens_in: int
    tokens_out: int
    cost: float | None
    estimated: bool = False

    @classmethod
    def of(cls, turns: list[TurnRecord]) -> SessionUsageOut:
        used = [t.usage for t in turns if t.usage is not None]
        costs = [u.cost for u in used if u.cost is not None]
        return cls(
            tokens_in=sum(u.tokens_in or 0 for u in used),
            tokens_out=sum(u.tokens_out or 0 for u in used),
            cost=round(sum(costs), 8) if costs else None,
            estimated=any(u.estimated for u in used),
        )


class ExchangeOut(BaseModel):
    """One question and its reply, as stored; also the `done` event of a streamed reply."""

    student: TurnOut
    persona: TurnOut
    coverage: CoverageOut


class Health(BaseModel):
    status: str
    engine: str
    model: str | None = None  # the LLM engine's model; left out for the offline engine


def sse(event: str, data: dict[str, Any] | BaseModel) -> bytes:
    """One server-sent event; JSON never holds a raw newline, so one data line suffices."""
    payload = data.model_dump_json() if isinstance(data, BaseModel) else _dumps(data)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
