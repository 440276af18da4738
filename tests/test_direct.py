"""The direct path to OpenAI-compatible servers, its connection pool, and the pacing of streamed words.

The engine's behaviour on both paths (retries, fallbacks, notices, cut-off replies, usage) is in
test_llm_engine.py; here: which routes go direct, SSE parsing at awkward chunk boundaries, keys,
the pooled client, the lean pool against a real server on 127.0.0.1, and `Paced`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import respx
from streams import Chunked

from practice.engines.complete import completer
from practice.engines.direct import DirectWire, LeanPool, speaks_openai
from practice.engines.llm import OFFLINE_NOTICE, LLMEngine
from practice.interview import prepare
from practice.personas import load_personas
from practice.prompts import estimate_tokens
from practice.settings import ROOT, Settings
from practice.transcript import Turn
from practice.web.turns import Paced

API = "http://mock.test/v1"
PRIYA = load_personas([ROOT / "personas"]).get("priya-raman")
SSE = {"content-type": "text/event-stream"}


def event(body: dict[str, Any], end: bytes = b"\n\n") -> bytes:
    return b"data: " + json.dumps(body).encode() + end


def words(text: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}


@pytest.fixture
def upstream() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=API, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def llm_settings(settings: Settings) -> Settings:
    return replace(settings, model="openai/gpt-4o-mini", api_base=API, api_key="test", model_attempts=1, model_timeout=2.0)


def speak(engine: LLMEngine) -> tuple[list[str], Any]:
    request = prepare(PRIYA, [Turn(role="persona", text=PRIYA.greeting)], "How did you get into physical therapy?")

    async def run() -> tuple[list[str], Any]:
        reply = engine.stream(request)
        return [piece async for piece in reply], reply

    return asyncio.run(run())


def test_which_routes_go_direct() -> None:
    assert speaks_openai("openai/gpt-4o-mini", API)
    assert speaks_openai("hosted_vllm/meta-llama/Llama-3.1-8B-Instruct", API)
    assert not speaks_openai("openai/gpt-4o-mini", None)  # OpenAI itself: through litellm
    for model in ("anthropic/claude-3-5-haiku-latest", "azure/gpt-4o", "ollama/llama3.2", "gpt-4o-mini", "openai"):
        assert not speaks_openai(model, API)


def test_sse_split_anywhere_is_read_whole(upstream: respx.MockRouter, llm_settings: Settings) -> None:
    body = (
        b": a comment line, ignored\r\n"
        + event(words("I was "), b"\r\n\r\n")
        + b"event: message\n"
        + event(words("a dancer "))
        + event(words("first."))
        + event({"choices": [], "usage": {"prompt_tokens": 50, "completion_tokens": 4, "cost": 0.25}})
        + b"data: [DONE]\n\n"
    )
    cuts = [0, 9, 40, 41, 90, 160, 161, len(body)]  # inside "data:", inside JSON, between \r and \n, ...
    parts = [body[a:b] for a, b in itertools.pairwise(cuts)]
    upstream.post("/chat/completions").mock(return_value=httpx.Response(200, stream=Chunked(*parts), headers=SSE))
    pieces, reply = speak(LLMEngine(llm_settings))
    assert "".join(pieces) == "I was a dancer first."
    assert reply.notice is None
    # The upstream's own price wins over litellm's list.
    assert (reply.usage.tokens_in, reply.usage.tokens_out, reply.usage.cost) == (50, 4, 0.25)


def test_events_that_arrive_together_go_on_together(upstream: respx.MockRouter, llm_settings: Settings) -> None:
    together = event(words("One ")) + event(words("two ")) + event(words("three."))
    upstream.post("/chat/completions").mock(
        return_value=httpx.Response(200, stream=Chunked(event(words("Zero. ")), together, b"data: [DONE]\n\n"), headers=SSE)
    )
    pieces, reply = speak(LLMEngine(llm_settings))
    assert pieces == ["Zero. ", "One two three."]
    # No usage chunk (a server that ignores include_usage): the tokens are our estimate, marked so.
    assert reply.usage is not None and reply.usage.estimated
    assert reply.usage.tokens_out == estimate_tokens("Zero. One two three.")
    assert reply.usage.tokens_in is not None and reply.usage.tokens_in > 500  # the system prompt alone


def test_an_error_event_before_any_words_falls_back(upstream: respx.MockRouter, llm_settings: Settings) -> None:
    error = event({"error": {"message": "model overloaded", "code": 503}})
    route = upstream.post("/chat/completions").mock(return_value=httpx.Response(200, stream=Chunked(error), headers=SSE))
    pieces, reply = speak(LLMEngine(replace(llm_settings, model_attempts=1)))
    assert route.call_count == 1 and reply.notice == OFFLINE_NOTICE and pieces


def test_a_chunk_that_is_not_json_is_not_retried(upstream: respx.MockRouter, llm_settings: Settings) -> None:
    route = upstream.post("/chat/completions").mock(
        return_value=httpx.Response(200, stream=Chunked(b"data: {not json\n\n"), headers=SSE)
    )
    _, reply = speak(LLMEngine(replace(llm_settings, model_attempts=3)))
    assert route.call_count == 1 and reply.notice == OFFLINE_NOTICE


def test_hosted_vllm_names_and_keys(upstream: respx.MockRouter, llm_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    route = upstream.post("/chat/completions").mock(
        side_effect=lambda _request: httpx.Response(200, stream=Chunked(event(words("Hello.")), b"data: [DONE]\n\n"), headers=SSE)
    )
    monkeypatch.setenv("HOSTED_VLLM_API_KEY", "vllm-key")
    speak(LLMEngine(replace(llm_settings, model="hosted_vllm/meta-llama/Llama-3.1-8B-Instruct", api_key="")))
    request = route.calls.last.request
    assert json.loads(request.content)["model"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert request.headers["authorization"] == "Bearer vllm-key"

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    speak(LLMEngine(replace(llm_settings, api_key="")))
    assert "authorization" not in route.calls.last.request.headers  # no key anywhere: none sent


def test_one_pooled_client_per_loop_closed_with_the_engine(upstream: respx.MockRouter, llm_settings: Settings) -> None:
    upstream.post("/chat/completions").mock(
        side_effect=lambda _request: httpx.Response(200, stream=Chunked(event(words("Hi.")), b"data: [DONE]\n\n"), headers=SSE)
    )
    engine = LLMEngine(llm_settings)
    request = prepare(PRIYA, [Turn(role="persona", text=PRIYA.greeting)], "How did you start?")

    async def run() -> None:
        assert "".join([p async for p in engine.stream(request)]) == "Hi."
        direct = engine.models.wire.direct()  # type: ignore[attr-defined]
        client = direct.client()
        assert "".join([p async for p in engine.stream(request)]) == "Hi."
        assert direct.client() is client
        # The one-shot calls (coaching note, draft) go over the same pooled client.
        assert await completer(llm_settings)([{"role": "user", "content": "Hi?"}]) == "Hi."
        assert direct.client() is client
        assert isinstance(client._transport._pool, LeanPool)  # type: ignore[attr-defined]
        await engine.aclose()
        assert client.is_closed

    asyncio.run(run())


# ------------------------------------------------------------------ the lean pool, on a real socket


async def _server(counts: dict[str, int], close_after: int = 0) -> asyncio.Server:
    """A tiny keep-alive HTTP/1.1 server on 127.0.0.1; `close_after` > 0 closes each connection after that many replies."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counts["connections"] += 1
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                await asyncio.sleep(0.01)
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                await writer.drain()
                counts["requests"] += 1
                served += 1
                if close_after and served >= close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0)


def test_the_lean_pool_keeps_connections_alive_and_never_hands_out_a_closed_one() -> None:
    async def run() -> None:
        counts = {"connections": 0, "requests": 0}
        server = await _server(counts)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        direct = DirectWire(timeout=5)
        client = direct.client()
        for _ in range(3):
            assert (await client.post(url, content=b"x")).text == "ok"
        assert counts == {"connections": 1, "requests": 3}  # one connection, kept alive
        answers = await asyncio.gather(*(client.post(url, content=b"x") for _ in range(5)))
        assert [a.text for a in answers] == ["ok"] * 5 and counts["connections"] == 5
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert len(pool.connections) == 5 and all(c.is_idle() for c in pool.connections)
        await direct.aclose()
        server.close()

        # A server that closes each connection after its reply: the next request opens a fresh one.
        counts = {"connections": 0, "requests": 0}
        server = await _server(counts, close_after=1)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        direct = DirectWire(timeout=5)
        client = direct.client()
        for _ in range(3):
            assert (await client.post(url, content=b"x")).text == "ok"
            await asyncio.sleep(0.05)  # the server's close has arrived
        assert counts == {"connections": 3, "requests": 3}
        await direct.aclose()
        server.close()

    asyncio.run(run())


def test_the_lean_pool_closes_idle_connections_beyond_the_keepalive_limit() -> None:
    async def run() -> None:
        counts = {"connections": 0, "requests": 0}
        server = await _server(counts)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        async with httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=2)) as client:
            pool = client._transport._pool  # type: ignore[attr-defined]
            pool.__class__ = LeanPool
            await asyncio.gather(*(client.post(url, content=b"x") for _ in range(5)))
            await client.post(url, content=b"x")  # the pool tidies up as a request comes and goes
            assert len(pool.connections) <= 2
        server.close()

    asyncio.run(run())


# ------------------------------------------------------------------ pacing


async def timed(*steps: tuple[float, str], fail: bool = False) -> AsyncIterator[str]:
    for delay, text in steps:
        await asyncio.sleep(delay)
        yield text
    if fail:
        raise ConnectionError("gone")


def test_paced_sends_the_first_words_at_once_then_batches() -> None:
    async def run() -> list[tuple[float, str]]:
        loop = asyncio.get_running_loop()
        began = loop.time()
        got = []
        async for text in Paced(timed((0.0, "a "), (0.002, "b "), (0.002, "c "), (0.05, "d.")), pace=0.03):
            got.append((loop.time() - began, text))
        return got

    got = asyncio.run(run())
    assert [text for _, text in got] == ["a ", "b c ", "d."]
    assert got[0][0] < 0.02  # the first words did not wait for the pace
    assert got[1][0] >= 0.029  # the next batch waited for it
    assert got[2][0] < got[1][0] + 0.05 + 0.03  # the last words go as soon as the pace allows


def test_paced_ends_at_once_and_raises_after_the_words() -> None:
    async def run() -> tuple[list[str], BaseException | None, float]:
        loop = asyncio.get_running_loop()
        got: list[str] = []
        began = loop.time()
        try:
            async for text in Paced(timed((0.0, "a "), (0.001, "b "), fail=True), pace=5.0):
                got.append(text)
        except ConnectionError as exc:
            return got, exc, loop.time() - began
        return got, None, loop.time() - began

    got, failure, took = asyncio.run(run())
    assert got == ["a ", "b "] and isinstance(failure, ConnectionError)
    assert took < 1.0  # the end (here a failure) did not wait out the 5 s pace


def test_paced_stops_reading_when_closed() -> None:
    read: list[str] = []

    async def endless() -> AsyncIterator[str]:
        while True:
            await asyncio.sleep(0.001)
            read.append("x")
            yield "x"

    async def run() -> None:
        paced = Paced(endless(), pace=0.01)
        async for _ in paced:
            break
        paced.close()
        await asyncio.sleep(0.02)
        count = len(read)
        await asyncio.sleep(0.02)
        assert len(read) == count  # the reader task is gone

    asyncio.run(run())
