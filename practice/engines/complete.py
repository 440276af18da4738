"""One-shot model calls: the coaching note on a report, a persona drafted from notes.

They drain the same seam as the persona engine (practice/engines/wire.py): the same routes,
attempts, Retry-After, deadlines, fallbacks and circuit breaker. Nothing heavy is imported
here: the wires load on the first call, so the offline app imports this module freely.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from practice.settings import Settings

if TYPE_CHECKING:
    from practice.engines.wire import Models, Wire

log = logging.getLogger(__name__)

Message = dict[str, str]


class Complete(Protocol):
    """Messages in, the model's whole text out (the seam tests replace); raises on failure."""

    async def __call__(self, messages: list[Message], *, max_tokens: int | None = None) -> str: ...


class Completer:
    """A completion function for the configured models; raises ModelError when every route fails."""

    def __init__(self, settings: Settings, *, temperature: float = 0.4, backoff: float = 0.5, wire: Wire | None = None) -> None:
        self.settings = settings
        self.temperature = temperature
        self.backoff = backoff
        self.wire = wire
        self._models: Models | None = None

    @property
    def models(self) -> Models:
        if self._models is None:
            from practice.engines.wire import Models

            self._models = Models(self.settings, self.wire, backoff=self.backoff, max_backoff=8 * self.backoff)
        return self._models

    async def __call__(self, messages: list[Message], *, max_tokens: int | None = None) -> str:
        done = await self.models.complete(messages, max_tokens=max_tokens, temperature=self.temperature)
        return done.text


def completer(settings: Settings, *, temperature: float = 0.4, backoff: float = 0.5, wire: Wire | None = None) -> Completer:
    return Completer(settings, temperature=temperature, backoff=backoff, wire=wire)
