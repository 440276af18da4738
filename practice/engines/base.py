"""The one seam every engine implements: a reply request in, text chunks out.

An engine may return a `Reply` (still an async iterator of text) to report what it learned
while speaking: the tokens and price of a model call, or a notice for the student. Every
engine declares its lifecycle (`warm` before the first student, `aclose` at shutdown, the
`model` it speaks through); `Lifecycle` gives the defaults of an engine that needs none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Protocol

from practice.personas import Insight, Persona
from practice.plan import TurnPlan
from practice.transcript import State, Turn


@dataclass(frozen=True)
class ReplyRequest:
    """Everything an engine may know for one reply. Locked insights are not in it.

    `persona` is the plan's view of the persona: its insights are only those already earned.
    """

    persona: Persona
    history: list[Turn]  # every turn before the current question
    question: Turn  # the student's turn, analysed
    state: State  # read off `history`
    unlocked_now: list[Insight]  # insights this question earned: share them now
    unlocked_before: list[Insight]  # insights already shared earlier
    plan: TurnPlan  # the turn, decided once: situation, the passages that answer, the clock


class Engine(Protocol):
    name: str
    model: str | None  # the model it speaks through; None for an engine without one

    def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Yield the reply in chunks; the concatenation is the whole reply."""
        ...

    def warm(self) -> None:
        """Pay a slow first use (an import) now, before the first student arrives."""
        ...

    async def aclose(self) -> None:
        """Release what the engine holds (pooled connections); the app's shutdown calls it."""
        ...


class Lifecycle:
    """The lifecycle of an engine with no model: nothing to warm, nothing to close."""

    model: str | None = None

    def warm(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


@dataclass(frozen=True)
class Usage:
    """What one model reply took: tokens in and out, and its price when the provider's is known."""

    model: str
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost: float | None = None  # US dollars
    # True when the provider reported no usage (a reply cut off midway, or a server that ignores
    # stream_options.include_usage): the tokens are our estimate from the text, and so is the price.
    estimated: bool = False


class Reply(AsyncIterator[str]):
    """A reply on its way: the text chunks, plus notes the engine fills in while speaking.

    `notice` (one line for the student, e.g. that the AI service is down) is set before the
    first chunk it concerns; `usage` is read at any moment: a reply cut off, or abandoned by a
    student who left, reports what it took up to there.
    """

    def __init__(self) -> None:
        self.notice: str | None = None
        self.chunks: AsyncIterator[str] | None = None
        self.tally: Callable[[], Usage | None] | None = None  # the live count, when the engine keeps one
        self._usage: Usage | None = None

    @property
    def usage(self) -> Usage | None:
        if self._usage is not None:
            return self._usage
        return self.tally() if self.tally is not None else None

    @usage.setter
    def usage(self, value: Usage | None) -> None:
        self._usage = value

    def __aiter__(self) -> Reply:
        return self

    async def __anext__(self) -> str:
        if self.chunks is None:
            raise StopAsyncIteration
        return await self.chunks.__anext__()
