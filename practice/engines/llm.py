"""The LLM engine: a persona played by a model, streamed as it is written.

Every call goes through the model seam (practice/engines/wire.py): direct HTTP for
OpenAI-compatible servers at an API base, litellm for every other provider, with one policy for
attempts, Retry-After, deadlines, fallbacks and the circuit breaker. When no model gives a first
word, the offline engine answers, with a notice for the student. What the model is told comes
from practice/prompts.py, which only ever holds insights already earned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlparse

from practice.engines.base import Engine, Reply, ReplyRequest, Usage
from practice.engines.hosted import LITELLM_ENVIRONMENT, load_litellm
from practice.engines.offline import OfflineEngine
from practice.engines.wire import (
    MAX_RETRY_AFTER,
    Call,
    ModelError,
    Models,
    NoModel,
    NoReply,
    ReplyCutOff,
    Route,
    Tally,
    Wire,
    is_transient,
    reason,
    retry_after,
    routes,
    single_attempt,
    worth_retrying,
)
from practice.prompts import PromptLimits, estimate_tokens, persona_messages, with_instructions
from practice.settings import Settings

__all__ = [
    "LITELLM_ENVIRONMENT",
    "MAX_RETRY_AFTER",
    "OFFLINE_NOTICE",
    "Finding",
    "LLMEngine",
    "ModelError",
    "NoReply",
    "ReplyCutOff",
    "Route",
    "check_configuration",
    "is_transient",
    "load_litellm",
    "ping",
    "retry_after",
    "routes",
    "worth_retrying",
]

log = logging.getLogger("practice.engines.llm")

OFFLINE_NOTICE = (
    "The AI service is unavailable right now, so practice continues offline: this reply comes straight from the persona's notes."
)


class LLMEngine:
    """Personas played by a model through the model seam, falling back to the offline engine."""

    name = "llm"

    def __init__(
        self,
        settings: Settings,
        *,
        wire: Wire | None = None,
        offline: Engine | None = None,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
    ) -> None:
        self.models = Models(settings, wire, backoff=backoff, max_backoff=max_backoff)
        self.model: str | None = self.models.model
        self.limits = PromptLimits.of(settings)
        self.offline = offline or OfflineEngine()

    def warm(self) -> None:
        """Import litellm now (its price list, and the wire of other providers), not during the first question."""
        self.models.warm()

    async def aclose(self) -> None:
        """Close the pooled connections of the direct wire (the app's shutdown calls this)."""
        await self.models.aclose()

    def stream(self, request: ReplyRequest) -> Reply:
        reply = Reply()
        tally = self.models.tally()
        reply.tally = tally.usage  # counts failed attempts, and words said so far when a reply is abandoned
        reply.chunks = self._speak(request, reply, tally)
        return reply

    async def _speak(self, request: ReplyRequest, reply: Reply, tally: Tally) -> AsyncIterator[str]:
        messages = persona_messages(request, self.limits)
        try:
            answer = await self.models.open(Call(messages, self.models.max_tokens), tally)
        except NoModel:
            log.error("no model could answer; the offline engine replies")
            reply.notice = OFFLINE_NOTICE
            async for text in self.offline.stream(request):
                yield text
            return
        async for text in answer.words():
            yield text


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


# What `doctor --ping` sends as instructions: long enough that a server which drops them shows it
# in the prompt tokens it reports (Gemma's chat template drops the system role: 10 tokens for all).
PING_INSTRUCTIONS = (
    "You are taking part in a quick check that this model server is reachable and that it reads "
    "the instructions it is given before the conversation. Read this whole paragraph, then answer "
    "the message that follows with exactly one lower-case word and nothing else: no punctuation, "
    "no greeting, no explanation. The word to send back is ready. Thank you for keeping it short."
)


@dataclass(frozen=True)
class Ping:
    seconds: float
    said: str
    usage: Usage | None
    instructions_tokens: int  # our estimate of the instructions alone

    @property
    def instructions_dropped(self) -> bool:
        """The server reported fewer prompt tokens than the instructions alone take: it dropped them."""
        reported = self.usage.tokens_in if self.usage is not None and not self.usage.estimated else None
        return reported is not None and reported < self.instructions_tokens / 2


async def ping(settings: Settings, wire: Wire | None = None) -> Ping:
    """One tiny call to the main model, through the same seam as every reply. Raises ModelError."""
    models = Models(single_attempt(settings), wire)
    where = PromptLimits.of(settings).instructions
    messages = with_instructions(PING_INSTRUCTIONS, [{"role": "user", "content": "Are you there?"}], where)
    started = time.perf_counter()
    try:
        # Not streamed: some servers (llama.cpp's) count tokens only in a whole answer.
        done = await models.complete(messages, max_tokens=5, partial_ok=True, stream=False)
    finally:
        await models.aclose()
    elapsed = time.perf_counter() - started
    # The ping's own framing is left out of the estimate: what counts is whether the paragraph arrived.
    return Ping(elapsed, done.text.strip(), done.usage, estimate_tokens(PING_INSTRUCTIONS) - 4)
