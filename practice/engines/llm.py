"""The LLM engine: a persona played by any model litellm can reach, streamed as it is written.

OpenAI-compatible servers at a configured address (`openai/...` or `hosted_vllm/...` with
PRACTICE_API_BASE) are streamed directly (practice/engines/direct.py): litellm's per-chunk work
costs too much CPU when many interviews stream at once. Every other provider goes through
litellm, and so does the price of every reply.

Each model gets a few attempts before its first word (tenacity, backoff with jitter); then the
fallback models in order; then the offline engine, with a notice for the student. What the
model is told comes from practice/prompts.py, which only ever holds insights already earned.

    PracticeError
    └── ModelError           a model call failed; `model` and `cause` keep the evidence
        ├── NoReply          the model answered without a single word (a malformed or empty body)
        └── ReplyCutOff      the reply broke after it started; the web layer keeps the partial text
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any
from urllib.parse import urlparse

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from practice.engines.base import Engine, Reply, ReplyRequest, Usage
from practice.engines.direct import DirectClient, speaks_openai
from practice.engines.offline import OfflineEngine
from practice.errors import PracticeError
from practice.prompts import Message, estimate_tokens, persona_messages
from practice.settings import Settings

log = logging.getLogger("practice.engines.llm")

OFFLINE_NOTICE = (
    "The AI service is unavailable right now, so practice continues offline: this reply comes straight from the persona's notes."
)

# Set before litellm is first imported: its price list ships with it (no download at import),
# and without the aiohttp transport its async calls go through httpx (where respx can see them).
LITELLM_ENVIRONMENT = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_OFFLINE_MODE": "true",
    "DISABLE_AIOHTTP_TRANSPORT": "True",
}


class ModelError(PracticeError):
    def __init__(self, model: str, message: str, cause: BaseException | None = None) -> None:
        self.model = model
        self.cause = cause
        super().__init__(f"{model}: {message}")


class NoReply(ModelError):
    pass


class ReplyCutOff(ModelError):
    pass


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


@dataclass(frozen=True)
class Route:
    """One model and how to reach it."""

    model: str
    api_base: str | None = None
    api_key: str | None = None


def provider_prefix(model: str) -> str:
    return model.split("/", 1)[0] if "/" in model else ""


def routes(settings: Settings) -> list[Route]:
    """The main model, then each fallback; the API base and key go to models of the same provider."""
    main = settings.model.strip()
    found = [Route(main, settings.api_base or None, settings.api_key or None)]
    for name in settings.fallback_models:
        if not name or any(r.model == name for r in found):
            continue
        same = provider_prefix(name) == provider_prefix(main)
        found.append(Route(name, (settings.api_base or None) if same else None, (settings.api_key or None) if same else None))
    return found


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and (status in (408, 429) or status >= 500)


# The longest Retry-After a student waits through; asked to wait longer, we move on to the next
# model (or the offline engine) at once rather than leave them staring at nothing.
MAX_RETRY_AFTER = 10.0


def retry_after(exc: BaseException) -> float | None:
    """Seconds the provider asked us to wait (a Retry-After header, in seconds or as a date), if it did."""
    headers = getattr(exc, "headers", None) or getattr(getattr(exc, "response", None), "headers", None)
    value = headers.get("retry-after") if headers is not None and hasattr(headers, "get") else None
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def worth_retrying(exc: BaseException) -> bool:
    """Transient, and the provider did not ask for a longer wait than a student should sit through."""
    if not is_transient(exc):
        return False
    asked = retry_after(exc)
    if asked is not None and asked > MAX_RETRY_AFTER:
        log.warning("the provider asks to wait %.0f s; not waiting (the most is %.0f s)", asked, MAX_RETRY_AFTER)
        return False
    return True


def reason(exc: BaseException) -> str:
    """One short line on why a call failed, for the log."""
    status = getattr(exc, "status_code", None)
    lines = str(exc).strip().splitlines()
    first = lines[0][:200] if lines else ""
    kind = type(exc).__name__ if status is None else f"{type(exc).__name__} {status}"
    return f"{kind}: {first}" if first else kind


Piece = tuple[str, Any]  # text (maybe empty) and usage (when that chunk carried it)


@dataclass
class _Opened:
    """A model stream that has produced its first words."""

    route: Route
    pieces: AsyncIterator[Piece]
    close: Callable[[], Awaitable[None]]
    first: str
    usage: Any


class LLMEngine:
    """Personas played by a model through litellm, falling back to the offline engine."""

    name = "llm"
    # OpenAI-compatible routes with an API base skip litellm (practice/engines/direct.py);
    # False sends every call through litellm (the tests run both ways).
    direct_path = True

    def __init__(
        self,
        settings: Settings,
        *,
        offline: Engine | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
    ) -> None:
        if not settings.model.strip():
            raise PracticeError("the LLM engine needs a model: set PRACTICE_MODEL")
        self.model = settings.model.strip()
        self.routes = routes(settings)
        self.attempts = max(1, settings.model_attempts)
        self.timeout = settings.model_timeout
        self.history_tokens = settings.history_tokens
        self.offline = offline or OfflineEngine()
        self.backoff = backoff  # seconds before the first retry; doubles each time, plus jitter
        self.max_backoff = max_backoff
        self.direct = DirectClient(self.timeout)  # OpenAI-compatible routes with an API base

    async def aclose(self) -> None:
        """Close the pooled connections of the direct path (the app's shutdown calls this)."""
        await self.direct.aclose()

    def warm(self) -> None:
        """Import litellm now rather than during the first student's question."""
        load_litellm()

    def stream(self, request: ReplyRequest) -> Reply:
        reply = Reply()
        reply.chunks = self._speak(request, reply)
        return reply

    async def _speak(self, request: ReplyRequest, reply: Reply) -> AsyncIterator[str]:
        messages = persona_messages(request, self.history_tokens)
        for route in self.routes:
            try:
                opened = await self._open(route, messages)
            except ModelError as exc:
                log.error("model %s gave up: %s", route.model, reason(exc.cause or exc))
                continue
            async for text in self._relay(opened, reply, messages):
                yield text
            return
        log.error("no model could answer; the offline engine replies")
        reply.notice = OFFLINE_NOTICE
        async for text in self.offline.stream(request):
            yield text

    async def _open(self, route: Route, messages: list[Message]) -> _Opened:
        """Call the model until its first words arrive, retrying what is worth retrying."""
        backoff = wait_exponential_jitter(multiplier=self.backoff, max=self.max_backoff, jitter=self.backoff)

        def wait(state: RetryCallState) -> float:
            # Our backoff, or longer when the provider's Retry-After says so.
            failure = state.outcome.exception() if state.outcome is not None else None
            asked = retry_after(failure) if failure is not None else None
            return max(backoff(state), asked or 0.0)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait,
            retry=retry_if_exception(worth_retrying),
            before_sleep=self._log_wait,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    number = attempt.retry_state.attempt_number
                    try:
                        return await self._first_words(route, messages)
                    except Exception as exc:
                        log.warning("model %s, attempt %d of %d failed: %s", route.model, number, self.attempts, reason(exc))
                        raise
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(route.model, reason(exc), exc) from exc
        raise AssertionError("tenacity ended without a result")  # pragma: no cover

    def _log_wait(self, state: RetryCallState) -> None:
        wait = state.next_action.sleep if state.next_action else 0.0
        log.info("retrying in %.2f s", wait)

    async def _first_words(self, route: Route, messages: list[Message]) -> _Opened:
        # Our own clock as well as the client's: a silent upstream must not hold a student's turn forever.
        async with asyncio.timeout(self.timeout):
            pieces, close = await self._call(route, messages)
            usage = None
            try:
                async for text, chunk_usage in pieces:
                    usage = chunk_usage or usage
                    if text:
                        return _Opened(route, pieces, close, text, usage)
            except BaseException:
                await _quietly(close)
                raise
        await _quietly(close)
        raise NoReply(route.model, "the model's answer held no text (an empty or malformed body)")

    async def _call(self, route: Route, messages: list[Message]) -> tuple[AsyncIterator[Piece], Callable[[], Awaitable[None]]]:
        """Start one streamed call: its pieces, and how to hand its connection back."""
        if self.direct_path and route.api_base and speaks_openai(route.model, route.api_base):
            opened = await self.direct.open(route.model, route.api_base, route.api_key, messages)
            return aiter(opened), opened.aclose
        litellm = load_litellm()
        stream = await litellm.acompletion(
            model=route.model,
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},
            api_base=route.api_base,
            api_key=route.api_key,
            timeout=self.timeout,
            # Retries are ours (tenacity); the SDK's and litellm's would multiply them.
            max_retries=0,
            num_retries=0,
        )

        async def pieces() -> AsyncIterator[Piece]:
            async for chunk in stream:
                yield _read(chunk)

        async def close() -> None:
            await _close(stream)

        return pieces(), close

    async def _relay(self, opened: _Opened, reply: Reply, messages: list[Message]) -> AsyncIterator[str]:
        """The rest of the stream. No retries from here: the student has already seen words."""
        usage = opened.usage
        said = [opened.first]
        yield opened.first
        try:
            while True:
                async with asyncio.timeout(self.timeout):
                    piece = await anext(opened.pieces, None)
                if piece is None:
                    break
                text, chunk_usage = piece
                usage = chunk_usage or usage
                if text:
                    said.append(text)
                    yield text
        except Exception as exc:
            log.warning("model %s broke off mid-reply: %s", opened.route.model, reason(exc))
            # The provider's count comes at the end, so a cut-off reply has none: store our estimate.
            reply.usage = _usage(opened.route.model, None, messages, "".join(said))
            raise ReplyCutOff(opened.route.model, "the reply was cut off", exc) from exc
        finally:
            await _quietly(opened.close)
        reply.usage = _usage(opened.route.model, usage, messages, "".join(said))


def _read(chunk: Any) -> tuple[str, Any]:
    """The text and the usage (if any) of one streamed chunk."""
    usage = getattr(chunk, "usage", None)
    choices = getattr(chunk, "choices", None) or []
    delta = getattr(choices[0], "delta", None) if choices else None
    text = getattr(delta, "content", None) if delta is not None else None
    return (text if isinstance(text, str) else ""), usage


def _usage(model: str, usage: Any, messages: list[Message], text: str) -> Usage:
    """Usage from a litellm object or the direct path's dict, priced once per reply.

    Without the provider's counts (none sent, or the reply was cut off), the tokens are estimated
    from what was sent and said, and the usage is marked as estimated.
    """
    read: dict[str, Any] = usage if isinstance(usage, dict) else {}
    tokens_in = read.get("prompt_tokens") if read else getattr(usage, "prompt_tokens", None)
    tokens_out = read.get("completion_tokens") if read else getattr(usage, "completion_tokens", None)
    cost = read.get("cost") if read else getattr(usage, "cost", None)
    estimated = not isinstance(tokens_in, int) or not isinstance(tokens_out, int)
    if estimated:
        tokens_in = sum(estimate_tokens(m["content"]) for m in messages)
        tokens_out = estimate_tokens(text)
        cost = None
    if not isinstance(cost, int | float) or isinstance(cost, bool):
        cost = _price(model, tokens_in, tokens_out)
    return Usage(
        model=model,
        tokens_in=tokens_in if isinstance(tokens_in, int) else None,
        tokens_out=tokens_out if isinstance(tokens_out, int) else None,
        cost=float(cost) if cost is not None else None,
        estimated=estimated,
    )


def _price(model: str, tokens_in: Any, tokens_out: Any) -> float | None:
    """The price from litellm's bundled list, or None for a model it does not know (a local one)."""
    if not isinstance(tokens_in, int) or not isinstance(tokens_out, int):
        return None
    try:
        prompt, completion = load_litellm().cost_per_token(model=model, prompt_tokens=tokens_in, completion_tokens=tokens_out)
        return float(prompt) + float(completion)
    except Exception:
        return None


async def _quietly(close: Callable[[], Awaitable[None]]) -> None:
    """Hand the connection back; closing is best effort and never hides the real outcome."""
    try:
        await close()
    except Exception as exc:  # pragma: no cover - depends on the provider's stream
        log.debug("closing a model stream failed: %r", exc)


async def _close(stream: Any) -> None:
    close = getattr(stream, "aclose", None)
    if close is not None:
        await close()


# ------------------------------------------------------------------ configuration checks


@dataclass(frozen=True)
class Finding:
    level: str  # "ok", "warning" or "error"
    message: str
    fatal: bool = False  # the settings cannot work at all: `serve` refuses to start


def check_configuration(settings: Settings) -> list[Finding]:
    """What `practice doctor` and `practice serve` say about the model settings; no network."""
    if not settings.model.strip():
        return [Finding("ok", "no PRACTICE_MODEL: the offline engine plays every persona")]
    litellm = load_litellm()
    findings: list[Finding] = []
    if settings.api_base:
        parsed = urlparse(settings.api_base)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            findings.append(Finding("error", f"PRACTICE_API_BASE {settings.api_base!r} is not an http(s) URL", fatal=True))
        else:
            findings.append(Finding("ok", f"API base: {settings.api_base}"))
    for index, route in enumerate(routes(settings)):
        which = "model" if index == 0 else "fallback model"
        try:
            _, provider, _, _ = litellm.get_llm_provider(route.model)
        except Exception:
            findings.append(
                Finding(
                    "error",
                    f"{which} {route.model!r}: litellm does not know its provider; write it as provider/model, e.g. openai/gpt-4o-mini",
                    fatal=True,
                )
            )
            continue
        findings.append(Finding("ok", f"{which} {route.model} (provider: {provider})"))
        try:
            env = litellm.validate_environment(model=route.model, api_key=route.api_key, api_base=route.api_base)
        except Exception as exc:  # pragma: no cover - litellm's own check failing is not our verdict
            findings.append(Finding("warning", f"{which} {route.model}: could not check its environment: {reason(exc)}"))
            continue
        for key in env.get("missing_keys", []):
            if key.endswith("_API_BASE") or key.endswith("_BASE_URL"):
                if not route.api_base:
                    findings.append(
                        Finding("warning", f"{which} {route.model}: {key} is not set; the provider's default address is used")
                    )
            elif not route.api_key:
                findings.append(Finding("error", f"{which} {route.model}: {key} is not set (or set PRACTICE_API_KEY)"))
    return findings


async def ping(settings: Settings) -> tuple[float, str]:
    """One tiny call to the main model: (seconds it took, what it said). Raises ModelError."""
    route = routes(settings)[0]
    litellm = load_litellm()
    started = time.perf_counter()
    try:
        async with asyncio.timeout(settings.model_timeout):
            response = await litellm.acompletion(
                model=route.model,
                messages=[{"role": "user", "content": "Reply with the one word: ready"}],
                max_tokens=5,
                api_base=route.api_base,
                api_key=route.api_key,
                timeout=settings.model_timeout,
                max_retries=0,
                num_retries=0,
            )
    except Exception as exc:
        raise ModelError(route.model, reason(exc), exc) from exc
    elapsed = time.perf_counter() - started
    choices = getattr(response, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    said = getattr(message, "content", None) or ""
    return elapsed, str(said).strip()
