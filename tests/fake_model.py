"""One queue-fed fake model at the model seam, for every test that needs a model to say something.

    model = FakeModel()
    model.enqueue(["I was ", "a dancer."])          # one reply, in pieces, finished with "stop"
    model.enqueue(Failure(429, retry_after="0.2"))  # one call that fails before any word
    model.enqueue(["Well, ", Stall(5)])             # words, then silence
    engine = fake_engine(settings, model)           # the real LLMEngine, draining the fake wire
    ...
    model.history[-1].messages                      # what the last call was sent

It implements the `Wire` protocol (practice/engines/wire.py), so everything above the wire is
the real thing: the policy (attempts, deadlines, fallbacks, breaker), the engine, usage.
Wire tests that need real HTTP keep respx at the HTTP edge instead.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

from practice.engines.complete import Completer
from practice.engines.llm import LLMEngine
from practice.engines.wire import Call, Piece, Route
from practice.settings import Settings

FAKE = "fake/model"


class Failure(Exception):
    """What an HTTP error looks like to the policy: a status code and headers."""

    def __init__(self, status_code: int, message: str = "failed", retry_after: str | None = None) -> None:
        self.status_code = status_code
        self.headers = {"retry-after": retry_after} if retry_after is not None else {}
        super().__init__(message)


@dataclass(frozen=True)
class Stall:
    """Silence for this many seconds at this point of a reply."""

    seconds: float


@dataclass
class Scripted:
    pieces: list[str | Stall | BaseException]
    finish: str | None = "stop"
    usage: tuple[int, int] | None = None


@dataclass
class Sent:
    """One call the fake received."""

    route: Route
    call: Call

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.call.messages

    @property
    def model(self) -> str:
        return self.route.model


class FakeStream:
    def __init__(self, script: Scripted) -> None:
        self.script = script
        self.closed = False

    def __aiter__(self) -> AsyncIterator[Piece]:
        return self._pieces()

    async def _pieces(self) -> AsyncIterator[Piece]:
        for piece in self.script.pieces:
            await asyncio.sleep(0)
            if isinstance(piece, Stall):
                await asyncio.sleep(piece.seconds)
            elif isinstance(piece, BaseException):
                raise piece
            else:
                yield Piece(piece)
        usage = None
        if self.script.usage is not None:
            usage = {"prompt_tokens": self.script.usage[0], "completion_tokens": self.script.usage[1]}
        if self.script.finish is not None or usage is not None:
            yield Piece("", usage, self.script.finish)

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class FakeModel:
    """A Wire fed from a queue: each call takes the next enqueued reply (or failure)."""

    queue: deque[Scripted | BaseException | Stall] = field(default_factory=deque)
    history: list[Sent] = field(default_factory=list)
    price_per_token: float | None = None
    closed: bool = False

    def enqueue(
        self,
        reply: list[str | Stall | BaseException] | BaseException | Stall,
        *,
        finish: str | None = "stop",
        usage: tuple[int, int] | None = None,
    ) -> FakeModel:
        self.queue.append(Scripted(list(reply), finish, usage) if isinstance(reply, list) else reply)
        return self

    async def open(self, route: Route, call: Call) -> FakeStream:
        self.history.append(Sent(route, call))
        if not self.queue:
            raise AssertionError(f"the fake model was called with nothing enqueued (call {len(self.history)})")
        item = self.queue.popleft()
        if isinstance(item, Stall):  # no answer at all: the connection hangs
            await asyncio.sleep(item.seconds)
            raise ConnectionError("the fake model hung up")
        if isinstance(item, BaseException):
            raise item
        return FakeStream(item)

    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        return None if self.price_per_token is None else (tokens_in + tokens_out) * self.price_per_token

    def warm(self) -> None:
        return None

    async def aclose(self) -> None:
        self.closed = True


def model_settings(settings: Settings, **overrides: Any) -> Settings:
    """Settings with a model configured and quick deadlines, for tests."""
    values: dict[str, Any] = {"model": FAKE, "model_attempts": 2, "model_timeout": 2.0, **overrides}
    return replace(settings, **values)


def fake_engine(settings: Settings, model: FakeModel) -> LLMEngine:
    """The real LLM engine on the fake model, with near-zero backoff."""
    if not settings.model:
        settings = model_settings(settings)
    return LLMEngine(settings, wire=model, backoff=0.001, max_backoff=0.005)


def fake_completer(settings: Settings, model: FakeModel) -> Completer:
    if not settings.model:
        settings = model_settings(settings)
    return Completer(settings, wire=model, backoff=0.001)
