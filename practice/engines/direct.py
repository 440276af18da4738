"""The fast path to OpenAI-compatible servers: one streamed POST to `{api_base}/chat/completions`.

Used for `openai/...` and `hosted_vllm/...` models with an API base set (a vLLM box, a local
OpenAI-compatible server, a gateway); every other provider goes through litellm. Why: litellm
(through the openai SDK) builds a pydantic model and a wrapper per streamed chunk, about a
millisecond of CPU each, which made the server-overhead bar (PRODUCT.md) unreachable with
many interviews at once. Here one shared `httpx.AsyncClient` keeps connections alive, and the
SSE lines are parsed straight into text and usage.

This is one of the two wires of the model seam (practice/engines/wire.py). Failures are raised
in the shape its policy reads (`status_code` and `headers`, or a TimeoutError / ConnectionError),
so retries, fallbacks and notices behave as on the litellm wire.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import httpcore
import httpx

from practice.engines.wire import Call, Piece, Route

# Provider prefix -> the variable holding its key when no PRACTICE_API_KEY is set (as litellm reads it).
KEY_VARIABLES = {"openai": "OPENAI_API_KEY", "hosted_vllm": "HOSTED_VLLM_API_KEY"}


def speaks_openai(model: str, api_base: str | None) -> bool:
    """Whether a route takes the fast path: an OpenAI-compatible provider at a given address."""
    return bool(api_base) and model.split("/", 1)[0] in KEY_VARIABLES and "/" in model


class UpstreamError(Exception):
    """The server answered with an HTTP error (or an error event in the stream)."""

    def __init__(self, status_code: int | None, message: str, headers: httpx.Headers | None = None) -> None:
        self.status_code = status_code
        self.headers = headers  # read for Retry-After, as litellm's errors carry theirs on `response`
        super().__init__(message)


class UpstreamTimeout(TimeoutError):
    """No connection, or no next piece, within the timeout."""


class UpstreamDropped(ConnectionError):
    """The connection failed or broke."""


class MalformedStream(ValueError):
    """A `data:` line that is not JSON."""


class Stream:
    """An open streamed reply: iterate for pieces (all the text of one network read at once)."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    def __aiter__(self) -> AsyncIterator[Piece]:
        return self._pieces()

    async def aclose(self) -> None:
        await self.response.aclose()

    async def _pieces(self) -> AsyncIterator[Piece]:
        # Everything one read brought is yielded as one piece: when the server is busy, chunks
        # that queued up meanwhile go on together (fewer events), and nothing waits for a timer.
        rest = b""
        data: list[bytes] = []  # the data lines of the event being read
        try:
            async for received in self.response.aiter_bytes():
                rest += received
                if b"\n" not in received and b"\r" not in received:
                    continue
                lines = rest.splitlines(keepends=True)
                rest = b"" if lines[-1].endswith((b"\n", b"\r")) else lines.pop()
                texts: list[str] = []
                ending = _Ending()
                for line in lines:
                    line = line.rstrip(b"\r\n")
                    if line.startswith(b"data:"):
                        data.append(line[5:].lstrip(b" "))
                    elif not line and data:  # a blank line ends an event
                        _event(b"\n".join(data), texts, ending)
                        data = []
                if texts or ending.usage or ending.finish:
                    yield Piece("".join(texts), ending.usage, ending.finish)
            if rest.startswith(b"data:"):
                data.append(rest[5:].lstrip(b" "))
            if data:  # the last event, when the server did not end it with a blank line
                texts = []
                ending = _Ending()
                _event(b"\n".join(data), texts, ending)
                if texts or ending.usage or ending.finish:
                    yield Piece("".join(texts), ending.usage, ending.finish)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"no reply within the timeout ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise UpstreamDropped(f"{type(exc).__name__}: {exc}") from exc


class _Ending:
    """The usage and finish reason seen in one read (they come near the end of a stream)."""

    __slots__ = ("finish", "usage")

    def __init__(self) -> None:
        self.usage: dict[str, Any] | None = None
        self.finish: str | None = None


class Whole:
    """A non-streamed answer, read as a stream of one piece."""

    def __init__(self, piece: Piece) -> None:
        self.piece = piece

    @classmethod
    async def read(cls, response: httpx.Response) -> Whole:
        try:
            raw = await response.aread()
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"no reply within the timeout ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise UpstreamDropped(f"{type(exc).__name__}: {exc}") from exc
        finally:
            await response.aclose()
        try:
            body = json.loads(raw)
        except ValueError:
            raise MalformedStream(f"the answer is not JSON: {raw[:80]!r}") from None
        choices = body.get("choices") if isinstance(body, dict) else None
        choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
        message = choice.get("message")
        content = message.get("content") if isinstance(message, dict) else None
        finish = choice.get("finish_reason")
        usage = body.get("usage") if isinstance(body, dict) else None
        return cls(
            Piece(
                content if isinstance(content, str) else "",
                usage if isinstance(usage, dict) else None,
                finish if isinstance(finish, str) and finish else "done",
            )
        )

    def __aiter__(self) -> AsyncIterator[Piece]:
        return self._pieces()

    async def _pieces(self) -> AsyncIterator[Piece]:
        yield self.piece

    async def aclose(self) -> None:
        return None


def _event(payload: bytes, texts: list[str], ending: _Ending) -> None:
    """Add one event's text to `texts`, and its usage and finish reason to `ending`."""
    if payload == b"[DONE]":
        ending.finish = ending.finish or "done"
        return
    try:
        chunk = json.loads(payload)
    except ValueError:
        raise MalformedStream(f"a streamed chunk is not JSON: {payload[:80]!r}") from None
    if not isinstance(chunk, dict):
        raise MalformedStream(f"a streamed chunk is not a JSON object: {payload[:80]!r}")
    if "error" in chunk:
        error = chunk["error"]
        code = error.get("code") if isinstance(error, dict) else None
        raise UpstreamError(code if isinstance(code, int) else None, _error_message(error) or "an error event in the stream")
    choices = chunk.get("choices")
    if choices and isinstance(choices, list) and isinstance(choices[0], dict):
        delta = choices[0].get("delta")
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str) and content:
            texts.append(content)
        finish = choices[0].get("finish_reason")
        if isinstance(finish, str) and finish:
            ending.finish = finish
    usage = chunk.get("usage")
    if isinstance(usage, dict):
        ending.usage = usage


def _error_message(error: Any) -> str | None:
    """The message of an OpenAI-style error ({"error": {"message": ...}} or {"error": "..."})."""
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])
    if isinstance(error, str) and error:
        return error
    return None


class LeanPool(httpcore.AsyncConnectionPool):
    """httpcore's connection pool, without its cost per request at scale.

    Whenever any request starts or ends, the stock pool asks every pooled connection whether it
    expired (a socket poll for each idle one) and counts idle connections once per idle connection
    (quadratic): with 50 streams at once that was a third of the server's CPU. Here a connection is
    checked when it is about to be reused (so a connection the server closed is never handed out),
    and the whole pool is swept for expired keep-alives at most once a second.
    """

    SWEEP_SECONDS = 1.0
    _swept_at = 0.0

    def _assign_requests_to_connections(self) -> list[httpcore.AsyncConnectionInterface]:
        closing: list[httpcore.AsyncConnectionInterface] = []
        now = time.monotonic()
        sweep = now - self._swept_at >= self.SWEEP_SECONDS
        if sweep:
            self._swept_at = now
        kept: list[httpcore.AsyncConnectionInterface] = []
        idle: list[httpcore.AsyncConnectionInterface] = []
        for connection in self._connections:
            if connection.is_closed():
                continue
            if sweep and connection.has_expired():
                closing.append(connection)
                continue
            kept.append(connection)
            if connection.is_idle():
                idle.append(connection)
        # Surplus idle connections beyond the keep-alive limit: close the oldest.
        surplus = len(idle) - self._max_keepalive_connections
        if surplus > 0:
            for connection in idle[:surplus]:
                kept.remove(connection)
                closing.append(connection)
            idle = idle[surplus:]
        self._connections = kept

        queued = [request for request in self._requests if request.is_queued()]
        if queued:
            available = [c for c in kept if c.is_available()]
            for pool_request in queued:
                origin = pool_request.request.url.origin
                chosen = None
                for index in range(len(available) - 1, -1, -1):  # the most recently used first
                    candidate = available[index]
                    if not candidate.can_handle_request(origin):
                        continue
                    del available[index]
                    if candidate.has_expired():
                        kept.remove(candidate)
                        closing.append(candidate)
                        if candidate in idle:
                            idle.remove(candidate)
                        continue
                    chosen = candidate
                    break
                if chosen is None and len(kept) >= self._max_connections and idle:
                    oldest = idle.pop(0)
                    kept.remove(oldest)
                    closing.append(oldest)
                if chosen is None and len(kept) < self._max_connections:
                    chosen = self.create_connection(origin)
                    kept.append(chosen)
                if chosen is not None:
                    if chosen in idle:
                        idle.remove(chosen)
                    pool_request.assign_to_connection(chosen)
        return closing


def _lean(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Give the client's own transport the lean pool; anything unexpected keeps the stock one."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    if type(pool) is httpcore.AsyncConnectionPool:
        pool.__class__ = LeanPool
    return client


@cache
def shared(timeout: float) -> DirectWire:
    """The process's direct wire: the persona engine and the one-shot calls share its pooled client."""
    return DirectWire(timeout)


class DirectWire:
    """Opens streamed chat completions; one pooled httpx client per event loop."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: httpx.AsyncClient | None = None

    def client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            # A client's pooled connections belong to the loop that opened them.
            self._loop = loop
            self._client = _lean(
                httpx.AsyncClient(
                    timeout=httpx.Timeout(self.timeout),
                    limits=httpx.Limits(max_connections=None, max_keepalive_connections=256),
                )
            )
        return self._client

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()

    def warm(self) -> None:
        return None

    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        return None  # prices come from litellm's list (RoutedWire asks the litellm wire)

    async def open(self, route: Route, call: Call) -> Stream | Whole:
        """Send the request; return once the server has answered 200 (the words come by iterating)."""
        assert route.api_base, "the direct wire needs an API base"
        provider, name = route.model.split("/", 1)
        key = route.api_key or os.environ.get(KEY_VARIABLES[provider], "")
        headers = {"content-type": "application/json", "accept": "text/event-stream"}
        if key:
            headers["authorization"] = f"Bearer {key}"
        body: dict[str, Any] = {
            "model": name,
            "messages": call.messages,
            "stream": call.stream,
            "max_tokens": call.max_tokens,
        }
        if call.stream:
            body["stream_options"] = {"include_usage": True}
        if call.temperature is not None:
            body["temperature"] = call.temperature
        client = self.client()
        request = client.build_request("POST", f"{route.api_base.rstrip('/')}/chat/completions", content=json.dumps(body), headers=headers)
        try:
            response = await client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"no answer within the timeout ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise UpstreamDropped(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 400:
            try:
                raw = await response.aread()
            except httpx.HTTPError:
                raw = b""
            finally:
                await response.aclose()
            raise UpstreamError(response.status_code, _message(raw, response.status_code), response.headers)
        if not call.stream:
            return await Whole.read(response)
        return Stream(response)


def _message(raw: bytes, status: int) -> str:
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    message = _error_message(body.get("error")) if isinstance(body, dict) else None
    return (message or raw.decode("utf-8", "replace").strip())[:300] or f"HTTP {status}"
