"""The one seam every model call goes through, and the one policy around it.

A `Wire` opens a streamed call to one model and yields its pieces (text, usage, finish reason).
Two wires exist: direct HTTP to OpenAI-compatible servers (practice/engines/direct.py) and
litellm for every other provider (practice/engines/hosted.py); `RoutedWire` picks per model.
`Models` is the policy, written once for the persona engine, the coaching note, the studio's
draft and `doctor --ping`: attempts with backoff and Retry-After before the first word, a
deadline for the first word and one for the whole reply, the fallback models in order, and a
circuit breaker that skips a failing model for a cool-down. `Tally` counts the tokens of every
attempt, the failed and the abandoned ones included.

This module imports nothing heavy: the wires (httpx, litellm) load only when a model is used.

    PracticeError
    └── ModelError           a model call failed; `model` and `cause` keep the evidence
        ├── NoReply          the model answered without a single word (a malformed or empty body)
        ├── NoModel          no model gave a first word (each failed, was skipped, or the deadline passed)
        └── ReplyCutOff      the reply ended before it was whole; `why` says how; the partial text is kept
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, NamedTuple, Protocol

from practice.engines.base import Usage
from practice.errors import PracticeError
from practice.prompts import Message, estimate_tokens
from practice.settings import Settings

log = logging.getLogger("practice.engines.wire")


# ------------------------------------------------------------------ errors


class ModelError(PracticeError):
    def __init__(self, model: str, message: str, cause: BaseException | None = None) -> None:
        self.model = model
        self.cause = cause
        super().__init__(f"{model}: {message}")


class NoReply(ModelError):
    pass


class NoModel(ModelError):
    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        super().__init__("every model failed", "; ".join(failures) or "no model configured")


CutReason = Literal["broke", "stalled", "deadline", "length", "unfinished"]


class ReplyCutOff(ModelError):
    def __init__(self, model: str, why: CutReason, cause: BaseException | None = None) -> None:
        self.why = why
        super().__init__(model, f"the reply was cut off ({CUT_WORDS[why]})", cause)


CUT_WORDS: dict[CutReason, str] = {
    "broke": "the connection broke",
    "stalled": "no next words within the timeout",
    "deadline": "the whole reply took longer than PRACTICE_REPLY_SECONDS",
    "length": "it reached PRACTICE_MAX_REPLY_TOKENS",
    "unfinished": "the stream ended without a finish reason",
}


# ------------------------------------------------------------------ routes, calls, pieces


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


@dataclass(frozen=True)
class Call:
    """What one request asks of a model."""

    messages: list[Message]
    max_tokens: int
    temperature: float | None = None
    # False asks for the whole answer at once, read as one piece: some servers (llama.cpp's)
    # report token counts only then. `doctor --ping` uses it; every reply streams.
    stream: bool = True


class Piece(NamedTuple):
    """What one read of a stream brought: text (maybe empty), usage, finish reason.

    `finish` is the provider's finish_reason ("stop", "length", ...), or "done" for the
    `[DONE]` line that ends an OpenAI-style stream.
    """

    text: str
    usage: dict[str, Any] | None = None  # prompt_tokens, completion_tokens, and maybe cost
    finish: str | None = None


class Stream(Protocol):
    def __aiter__(self) -> AsyncIterator[Piece]: ...
    async def aclose(self) -> None: ...


class Wire(Protocol):
    """Opens one streamed call; raises what failed (with `status_code` / `headers` when HTTP said so)."""

    async def open(self, route: Route, call: Call) -> Stream: ...
    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None: ...
    def warm(self) -> None: ...
    async def aclose(self) -> None: ...


class RoutedWire:
    """Direct HTTP for OpenAI-compatible servers at an API base, litellm for every other route."""

    def __init__(self, settings: Settings) -> None:
        self.timeout = settings.model_timeout
        self._direct: Wire | None = None
        self._hosted: Wire | None = None

    def direct(self) -> Wire:
        if self._direct is None:
            from practice.engines.direct import shared

            self._direct = shared(self.timeout)
        return self._direct

    def hosted(self) -> Wire:
        if self._hosted is None:
            from practice.engines.hosted import LitellmWire

            self._hosted = LitellmWire(self.timeout)
        return self._hosted

    def for_route(self, route: Route) -> Wire:
        from practice.engines.direct import speaks_openai

        return self.direct() if speaks_openai(route.model, route.api_base) else self.hosted()

    async def open(self, route: Route, call: Call) -> Stream:
        return await self.for_route(route).open(route, call)

    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        return self.hosted().price(model, tokens_in, tokens_out)  # litellm's price list, for every route

    def warm(self) -> None:
        self.hosted().warm()

    async def aclose(self) -> None:
        for wire in (self._direct, self._hosted):
            if wire is not None:
                await wire.aclose()


# ------------------------------------------------------------------ what is worth another attempt


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def is_transient(exc: BaseException) -> bool:
    """Worth another attempt: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    status = status_of(exc)
    return status is not None and (status in (408, 429) or status >= 500)


def trips_breaker(exc: BaseException) -> bool:
    """A failure that says the model is unusable for now (not that this one request was bad):
    timeouts, dropped connections, 408/429/5xx, a rejected key or an unknown model."""
    cause = exc.cause if isinstance(exc, ModelError) and exc.cause is not None else exc
    return is_transient(cause) or status_of(cause) in (401, 403, 404)


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
    status = status_of(exc)
    lines = str(exc).strip().splitlines()
    first = lines[0][:200] if lines else ""
    kind = type(exc).__name__ if status is None else f"{type(exc).__name__} {status}"
    return f"{kind}: {first}" if first else kind


# ------------------------------------------------------------------ usage over every attempt


@dataclass
class Attempt:
    model: str
    messages: list[Message]
    said: list[str] = field(default_factory=list)
    reported: dict[str, Any] | None = None

    @property
    def prompt(self) -> int:
        """Our estimate of the tokens sent (only worked out when the provider reported none)."""
        return sum(estimate_tokens(m["content"]) for m in self.messages)


class Tally:
    """Every attempt of one reply, the failed and the abandoned ones too; `usage()` at any moment."""

    def __init__(self, price: Callable[[str, int, int], float | None]) -> None:
        self.price = price
        self.attempts: list[Attempt] = []

    def start(self, model: str, messages: list[Message]) -> Attempt:
        attempt = Attempt(model, messages)
        self.attempts.append(attempt)
        return attempt

    def usage(self) -> Usage | None:
        if not self.attempts:
            return None
        tokens_in = tokens_out = 0
        costs: list[float] = []
        estimated = False
        for attempt in self.attempts:
            got = attempt.reported or {}
            prompt, completion = got.get("prompt_tokens"), got.get("completion_tokens")
            if isinstance(prompt, int) and isinstance(completion, int):
                cost = got.get("cost")
                if not isinstance(cost, int | float) or isinstance(cost, bool):
                    cost = self.price(attempt.model, prompt, completion)
            else:
                estimated = True
                prompt, completion = attempt.prompt, estimate_tokens("".join(attempt.said)) if attempt.said else 0
                cost = self.price(attempt.model, prompt, completion)
            tokens_in += prompt
            tokens_out += completion
            if cost is not None:
                costs.append(float(cost))
        return Usage(self.attempts[-1].model, tokens_in, tokens_out, sum(costs) if costs else None, estimated)


# ------------------------------------------------------------------ the policy


class Breaker:
    """Skips a model for `cooldown` seconds after it failed, so the next question answers at once."""

    def __init__(self, cooldown: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.clock = clock
        self.open_until: dict[str, float] = {}

    def allows(self, model: str) -> bool:
        until = self.open_until.get(model)
        return until is None or self.clock() >= until  # after the cool-down, one call tries it again

    def failed(self, model: str, asked: float | None = None) -> None:
        """Skip `model` for the cool-down, or as long as its provider asked (Retry-After), if longer."""
        if self.cooldown > 0:
            self.open_until[model] = self.clock() + max(self.cooldown, asked or 0.0)

    def recovered(self, model: str) -> None:
        self.open_until.pop(model, None)


@dataclass
class Answer:
    """A reply that has its first words: iterate for the rest (the first words come first)."""

    route: Route
    first: str
    stream: Stream
    pieces: AsyncIterator[Piece]
    attempt: Attempt
    models: Models
    whole_deadline: float  # loop time by which the whole reply must be in
    finish: str | None = None

    async def words(self) -> AsyncIterator[str]:
        """Every word of the reply; raises ReplyCutOff after the words when it was not whole."""
        loop = asyncio.get_running_loop()
        model = self.route.model
        yield self.first
        try:
            while True:
                left = self.whole_deadline - loop.time()
                if left <= 0:
                    self.models.breaker.failed(model)
                    raise ReplyCutOff(model, "deadline")
                wait = min(self.models.idle, left)
                try:
                    async with asyncio.timeout(wait):
                        piece = await anext(self.pieces, None)
                except TimeoutError as exc:
                    self.models.breaker.failed(model)
                    raise ReplyCutOff(model, "deadline" if wait == left else "stalled", exc) from exc
                except ModelError:
                    raise
                except Exception as exc:
                    # Not a reason to skip the model: it was answering (a retry may well work).
                    log.warning("model %s broke off mid-reply: %s", model, reason(exc))
                    raise ReplyCutOff(model, "broke", exc) from exc
                if piece is None:
                    break
                text, usage, finish = piece
                if usage:
                    self.attempt.reported = usage
                if finish and (self.finish is None or finish != "done"):  # [DONE] keeps the reason before it
                    self.finish = finish
                if text:
                    self.attempt.said.append(text)
                    yield text
        finally:
            await quietly(self.stream.aclose)
        if self.finish is None:
            raise ReplyCutOff(model, "unfinished")
        if self.finish == "length":
            raise ReplyCutOff(model, "length")


@dataclass(frozen=True)
class Completion:
    text: str
    usage: Usage | None
    finish: str | None


class Models:
    """The configured models behind one wire, with one policy for retries, fallbacks and deadlines."""

    def __init__(self, settings: Settings, wire: Wire | None = None, *, backoff: float = 0.5, max_backoff: float = 8.0) -> None:
        if not settings.model.strip():
            raise PracticeError("a model call needs a model: set PRACTICE_MODEL")
        self.model = settings.model.strip()
        self.routes = routes(settings)
        self.wire: Wire = wire if wire is not None else RoutedWire(settings)
        self.attempts = max(1, settings.model_attempts)
        self.idle = settings.model_timeout  # the longest wait for a connection or for the next piece
        self.first_word = settings.first_word_seconds
        self.whole = settings.reply_seconds
        self.max_tokens = settings.max_reply_tokens
        self.backoff = backoff  # seconds before the first retry; doubles each time, plus jitter
        self.max_backoff = max_backoff
        self.breaker = Breaker(settings.model_cooldown)

    def tally(self) -> Tally:
        return Tally(self.wire.price)

    async def open(self, call: Call, tally: Tally) -> Answer:
        """First words from the first model that gives them before the first-word deadline.

        Raises NoModel when none did: each model failed its attempts, was skipped by the breaker
        (it failed within its cool-down), or the deadline passed.
        """
        # A slow first use (litellm's import, seconds) is paid before the clocks start, not inside them.
        self.wire.warm()
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + self.first_word
        failures: list[str] = []
        for route in self.routes:
            if not self.breaker.allows(route.model):
                log.warning("model %s failed within the last %.0f s; skipping it", route.model, self.breaker.cooldown)
                failures.append(f"{route.model}: skipped (cooling down after a failure)")
                continue
            if loop.time() >= deadline:
                failures.append(f"{route.model}: not tried (no first word within {self.first_word:g} s)")
                continue
            try:
                answer = await self._attempts(route, call, tally, deadline, started + self.whole)
            except ModelError as exc:
                cause = exc.cause or exc
                log.error("model %s gave up: %s", route.model, reason(cause))
                failures.append(f"{route.model}: {reason(cause)}")
                if trips_breaker(exc):
                    self.breaker.failed(route.model, retry_after(cause))
                continue
            self.breaker.recovered(route.model)
            return answer
        raise NoModel(failures)

    async def _attempts(self, route: Route, call: Call, tally: Tally, deadline: float, whole_deadline: float) -> Answer:
        loop = asyncio.get_running_loop()
        for number in range(1, self.attempts + 1):
            try:
                return await self._first_words(route, call, tally, deadline, whole_deadline)
            except Exception as exc:
                log.warning("model %s, attempt %d of %d failed: %s", route.model, number, self.attempts, reason(exc))
                if isinstance(exc, ModelError):
                    raise
                if number == self.attempts or not worth_retrying(exc):
                    raise ModelError(route.model, reason(exc), exc) from exc
                wait = max(min(self.max_backoff, self.backoff * 2 ** (number - 1) + random.uniform(0, self.backoff)), retry_after(exc) or 0.0)
                if loop.time() + wait >= deadline:
                    raise ModelError(route.model, f"no first word within {self.first_word:g} s", exc) from exc
                log.info("retrying in %.2f s", wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _first_words(self, route: Route, call: Call, tally: Tally, deadline: float, whole_deadline: float) -> Answer:
        loop = asyncio.get_running_loop()
        attempt = tally.start(route.model, call.messages)
        # Our own clock as well as the client's: a silent upstream must not hold a student's turn.
        left = deadline - loop.time()
        wait = min(self.idle, left)
        stream: Stream | None = None
        try:
            async with asyncio.timeout(wait):
                stream = await self.wire.open(route, call)
                pieces = aiter(stream)
                async for text, usage, finish in pieces:
                    if usage:
                        attempt.reported = usage
                    if text:
                        attempt.said.append(text)
                        return Answer(route, text, stream, pieces, attempt, self, whole_deadline, finish)
                    if finish:
                        break
        except TimeoutError as exc:
            if stream is not None:
                await quietly(stream.aclose)
            if wait == left:
                raise ModelError(route.model, f"no first word within {self.first_word:g} s", exc) from exc
            raise
        except BaseException:
            if stream is not None:
                await quietly(stream.aclose)
            raise
        if stream is not None:
            await quietly(stream.aclose)
        raise NoReply(route.model, "the model's answer held no text (an empty or malformed body)")

    async def complete(
        self,
        messages: list[Message],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        partial_ok: bool = False,
        stream: bool = True,
    ) -> Completion:
        """A whole reply, drained from the same stream; raises ModelError when no model answers, or
        when the reply is cut off (unless `partial_ok`: then what came is returned)."""
        tally = self.tally()
        answer = await self.open(Call(messages, max_tokens or self.max_tokens, temperature, stream), tally)
        said: list[str] = []
        try:
            async for words in answer.words():
                said.append(words)
        except ReplyCutOff:
            if not partial_ok:
                raise
        return Completion("".join(said), tally.usage(), answer.finish)

    def warm(self) -> None:
        self.wire.warm()

    async def aclose(self) -> None:
        await self.wire.aclose()


def single_attempt(settings: Settings) -> Settings:
    """Settings for a check that must not retry or fall back (`doctor --ping`)."""
    return replace(settings, model_attempts=1, fallback_models=(), model_cooldown=0.0)


async def quietly(close: Callable[[], Awaitable[None]]) -> None:
    """Hand the connection back; closing is best effort and never hides the real outcome."""
    try:
        await close()
    except Exception as exc:  # pragma: no cover - depends on the provider's stream
        log.debug("closing a model stream failed: %r", exc)
