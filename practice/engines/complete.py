"""One-shot model calls (not streamed): the coaching note on a report, a persona drafted from notes.

Same routes as the persona engine (main model, then fallbacks, with the configured API base
and key), the same tenacity policy on transient failures. The model stack (litellm, tenacity: the
`llm` extra) is imported only when a call is made, so the offline app imports this module without it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from practice.settings import Settings

if TYPE_CHECKING:
    from tenacity import RetryCallState

    from practice.engines.llm import Route

log = logging.getLogger(__name__)

Message = dict[str, str]
# The seam tests replace: messages in, the model's text out.
Complete = Callable[[list[Message]], Awaitable[str]]


def completer(settings: Settings, *, temperature: float = 0.4, backoff: float = 0.5) -> Complete:
    """A completion function for the configured model; raises ModelError when every route fails."""
    from practice.engines.llm import ModelError, reason, routes

    async def complete(messages: list[Message]) -> str:
        failures: list[str] = []
        for route in routes(settings):
            try:
                return await _call(route, messages, settings, temperature, backoff)
            except Exception as exc:  # any provider error: try the next route
                failures.append(f"{route.model}: {reason(exc)}")
                log.warning("model %s failed for a one-shot call: %s", route.model, reason(exc))
        raise ModelError("every model failed", "; ".join(failures) or "no model configured")

    return complete


def _why(state: RetryCallState) -> str:
    from practice.engines.llm import reason

    failure = state.outcome.exception() if state.outcome else None
    return reason(failure) if failure else "unknown"


async def _call(route: Route, messages: list[Message], settings: Settings, temperature: float, backoff: float) -> str:
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

    from practice.engines.llm import is_transient, load_litellm

    litellm = load_litellm()
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(max(1, settings.model_attempts)),
        wait=wait_exponential_jitter(multiplier=backoff, max=8 * backoff, jitter=backoff),
        retry=retry_if_exception(is_transient),
        reraise=True,
        before_sleep=lambda state: log.info("model %s attempt %d failed (%s); retrying", route.model, state.attempt_number, _why(state)),
    ):
        with attempt:
            async with asyncio.timeout(settings.model_timeout):
                response: Any = await litellm.acompletion(
                    model=route.model, messages=messages, temperature=temperature, api_base=route.api_base,
                    api_key=route.api_key, timeout=settings.model_timeout, max_retries=0, num_retries=0,
                )
            choices = getattr(response, "choices", None) or []
            message = getattr(choices[0], "message", None) if choices else None
            return str(getattr(message, "content", None) or "")
    raise AssertionError("tenacity ended without a result")  # pragma: no cover
