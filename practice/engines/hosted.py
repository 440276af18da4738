"""The litellm wire: every provider that is not an OpenAI-compatible server at an API base.

Anthropic, Azure, Ollama, OpenAI itself without an API base, ...: litellm speaks each one's API.
It is imported on first use (it takes seconds, and the offline install does not have it), with
its price list read from the copy it ships and its async calls sent through httpx.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import AsyncIterator
from functools import cache
from typing import Any

from practice.engines.wire import Call, Piece, Route
from practice.errors import PracticeError

# Set before litellm is first imported: its price list ships with it (no download at import),
# and without the aiohttp transport its async calls go through httpx (where respx can see them).
LITELLM_ENVIRONMENT = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_OFFLINE_MODE": "true",
    "DISABLE_AIOHTTP_TRANSPORT": "True",
}


@cache
def load_litellm() -> Any:
    """litellm, imported on first use: it takes seconds to import, and the CLI must stay quick."""
    for name, value in LITELLM_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    try:
        litellm: Any = importlib.import_module("litellm")
    except ImportError:
        raise PracticeError("PRACTICE_MODEL is set but litellm is not installed: pip install 'practice[llm]'") from None
    litellm.suppress_debug_info = True  # its "Give Feedback" banner would land in our output
    return litellm


class LitellmStream:
    """litellm's streamed chunks, read as pieces."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __aiter__(self) -> AsyncIterator[Piece]:
        return self._pieces()

    async def _pieces(self) -> AsyncIterator[Piece]:
        async for chunk in self.stream:
            yield read(chunk)

    async def aclose(self) -> None:
        close = getattr(self.stream, "aclose", None)
        if close is not None:
            await close()


async def _one(response: Any) -> AsyncIterator[Any]:
    """A whole (non-streamed) litellm response as a stream of one chunk, read by `read`."""
    yield _Whole(response)


class _Whole:
    """A litellm ModelResponse shaped like a streamed chunk: its message as the delta."""

    def __init__(self, response: Any) -> None:
        self.usage = getattr(response, "usage", None)
        choices = getattr(response, "choices", None) or []
        first = choices[0] if choices else None
        self.choices = [_Choice(getattr(first, "message", None), getattr(first, "finish_reason", None) or "stop")] if first else []


class _Choice:
    def __init__(self, message: Any, finish_reason: str) -> None:
        self.delta = message
        self.finish_reason = finish_reason


def read(chunk: Any) -> Piece:
    """The text, usage and finish reason of one litellm chunk."""
    usage = getattr(chunk, "usage", None)
    choices = getattr(chunk, "choices", None) or []
    choice = choices[0] if choices else None
    delta = getattr(choice, "delta", None) if choice is not None else None
    text = getattr(delta, "content", None) if delta is not None else None
    finish = getattr(choice, "finish_reason", None) if choice is not None else None
    counts = None
    if usage is not None:
        prompt, completion = getattr(usage, "prompt_tokens", None), getattr(usage, "completion_tokens", None)
        if isinstance(prompt, int) and isinstance(completion, int):
            counts = {"prompt_tokens": prompt, "completion_tokens": completion}
    return Piece(text if isinstance(text, str) else "", counts, finish if isinstance(finish, str) and finish else None)


class LitellmWire:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    def warm(self) -> None:
        load_litellm()

    async def aclose(self) -> None:
        return None  # litellm keeps its own clients

    async def open(self, route: Route, call: Call) -> LitellmStream:
        options: dict[str, Any] = {}
        if call.temperature is not None:
            options["temperature"] = call.temperature
        if call.stream:
            options["stream_options"] = {"include_usage": True}
        stream = await load_litellm().acompletion(
            model=route.model,
            messages=call.messages,
            stream=call.stream,
            max_tokens=call.max_tokens,
            api_base=route.api_base,
            api_key=route.api_key,
            timeout=self.timeout,
            # Retries are ours (practice/engines/wire.py); the SDK's and litellm's would multiply them.
            max_retries=0,
            num_retries=0,
            **options,
        )
        return LitellmStream(stream) if call.stream else LitellmStream(_one(stream))

    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        """The price from litellm's bundled list, or None for a model it does not know (a local one)."""
        try:
            prompt, completion = load_litellm().cost_per_token(model=model, prompt_tokens=tokens_in, completion_tokens=tokens_out)
            return float(prompt) + float(completion)
        except Exception:
            return None
