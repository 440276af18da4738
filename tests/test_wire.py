"""The model seam's policy, driven by the queue-fed fake model: deadlines, the circuit breaker,
cut-off replies, usage over every attempt, and what reaches the wire.

The same policy on real HTTP (both wires, respx at the edge) is in test_llm_engine.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from fake_model import Failure, FakeModel, Stall, fake_completer, fake_engine, model_settings
from fastapi.testclient import TestClient
from streams import events

from practice.engines.base import Reply
from practice.engines.llm import OFFLINE_NOTICE, LLMEngine
from practice.engines.wire import Breaker, ReplyCutOff
from practice.interview import prepare
from practice.personas import load_personas
from practice.prompts import estimate_tokens
from practice.settings import ROOT, Settings
from practice.transcript import Turn

PRIYA = load_personas([ROOT / "personas"]).get("priya-raman")


def greeting() -> list[Turn]:
    return [Turn(role="persona", text=PRIYA.greeting)]


def speak(engine: LLMEngine, question: str = "How did you get started?") -> tuple[list[str], Reply, float]:
    """The reply's pieces, its notes and the seconds it took."""
    request = prepare(PRIYA, greeting(), question)

    async def run() -> tuple[list[str], Reply]:
        reply = engine.stream(request)
        return [piece async for piece in reply], reply

    started = time.monotonic()
    pieces, reply = asyncio.run(run())
    return pieces, reply, time.monotonic() - started


def speak_until_cut(engine: LLMEngine) -> tuple[list[str], ReplyCutOff, Reply]:
    request = prepare(PRIYA, greeting(), "How did you get started?")
    got: list[str] = []
    reply = engine.stream(request)

    async def run() -> None:
        async for piece in reply:
            got.append(piece)

    with pytest.raises(ReplyCutOff) as info:
        asyncio.run(run())
    return got, info.value, reply


# ------------------------------------------------------------------ what every request carries


def test_every_request_carries_max_tokens_from_the_setting(settings: Settings) -> None:
    model = FakeModel().enqueue(["Hi."]).enqueue(["Hi again."])
    speak(fake_engine(model_settings(settings), model))
    speak(fake_engine(model_settings(settings, max_reply_tokens=120), model))
    assert [sent.call.max_tokens for sent in model.history] == [400, 120]


def test_instructions_go_in_a_system_message_or_the_first_user_message(settings: Settings) -> None:
    model = FakeModel().enqueue(["Hi."]).enqueue(["Hi."])
    speak(fake_engine(model_settings(settings), model))
    speak(fake_engine(model_settings(settings, instructions="user"), model))
    as_system, as_user = (sent.messages for sent in model.history)
    assert [m["role"] for m in as_system] == ["system", "user"]
    (only,) = as_user
    assert only["role"] == "user"
    assert only["content"] == f"{as_system[0]['content'].rstrip()}\n\n---\n\n{as_system[1]['content']}"
    assert as_system[1]["content"].startswith("How did you get started?\n")


# ------------------------------------------------------------------ deadlines and the circuit breaker


def test_a_model_that_never_answers_gets_the_offline_reply_by_the_deadline_then_is_skipped(settings: Settings) -> None:
    model = FakeModel().enqueue(Stall(30)).enqueue(["Back again."])
    engine = fake_engine(model_settings(settings, first_word_seconds=0.3, model_timeout=5.0, model_cooldown=0.5), model)

    pieces, reply, took = speak(engine)
    assert reply.notice == OFFLINE_NOTICE and pieces and 0.3 <= took < 1.0
    assert len(model.history) == 1  # a silent model gets no retry past the deadline

    # The next question answers at once: the model is cooling down, so it is not called.
    pieces, reply, took = speak(engine)
    assert reply.notice == OFFLINE_NOTICE and took < 0.1 and len(model.history) == 1

    # After the cool-down it is tried again.
    time.sleep(0.5)
    pieces, reply, _ = speak(engine)
    assert pieces == ["Back again."] and reply.notice is None and len(model.history) == 2


def test_the_first_word_deadline_covers_retries_and_fallbacks(settings: Settings) -> None:
    model = FakeModel().enqueue(Stall(30)).enqueue(["From the backup."])
    s = model_settings(settings, first_word_seconds=0.3, fallback_models="fake/backup", model_attempts=3)
    _pieces, reply, took = speak(fake_engine(s, model))
    assert reply.notice == OFFLINE_NOTICE and took < 1.0
    assert [sent.model for sent in model.history] == ["fake/model"]  # no time left for the backup


def test_a_fast_failure_leaves_the_fallback_its_time(settings: Settings) -> None:
    model = FakeModel().enqueue(Failure(401, "bad key")).enqueue(["From the backup."])
    engine = fake_engine(model_settings(settings, fallback_models="fake/backup"), model)
    pieces, reply, _ = speak(engine)
    assert pieces == ["From the backup."] and reply.notice is None
    assert [sent.model for sent in model.history] == ["fake/model", "fake/backup"]
    # A rejected key will not work in a moment either: the next question goes straight to the backup.
    model.enqueue(["Backup again."])
    assert speak(engine)[0] == ["Backup again."] and model.history[-1].model == "fake/backup"


def test_a_bad_request_does_not_open_the_breaker(settings: Settings) -> None:
    model = FakeModel().enqueue(Failure(400, "bad request")).enqueue(["Fine now."])
    engine = fake_engine(model_settings(settings), model)
    assert speak(engine)[1].notice == OFFLINE_NOTICE
    assert speak(engine)[0] == ["Fine now."]


def test_retry_after_is_honoured_by_the_policy(settings: Settings) -> None:
    model = FakeModel().enqueue(Failure(429, "slow down", retry_after="0.3")).enqueue(["Sure."])
    pieces, _, took = speak(fake_engine(model_settings(settings), model))
    assert pieces == ["Sure."] and 0.3 <= took < 1.0


def test_the_breaker_opens_for_the_cool_down_then_lets_one_call_through() -> None:
    now = [100.0]
    breaker = Breaker(30.0, clock=lambda: now[0])
    assert breaker.allows("m")
    breaker.failed("m")
    assert not breaker.allows("m") and breaker.allows("other")
    now[0] += 29.9
    assert not breaker.allows("m")
    now[0] += 0.2
    assert breaker.allows("m")
    breaker.recovered("m")
    assert "m" not in breaker.open_until
    breaker.failed("m", asked=120.0)  # the provider asked for two minutes: longer than the cool-down
    now[0] += 60
    assert not breaker.allows("m")
    now[0] += 61
    assert breaker.allows("m")
    assert Breaker(0.0).failed("m") is None and Breaker(0.0).allows("m")  # a cool-down of 0 turns it off


def test_a_reply_that_trickles_is_cut_off_at_the_reply_deadline(settings: Settings) -> None:
    trickle: list[Any] = ["One ", Stall(0.25), "two ", Stall(0.25), "three ", Stall(0.25), "four ", Stall(0.25), "five."]
    model = FakeModel().enqueue(trickle)
    engine = fake_engine(model_settings(settings, model_timeout=0.4, reply_seconds=0.6), model)
    started = time.monotonic()
    got, cut, reply = speak_until_cut(engine)
    assert cut.why == "deadline" and time.monotonic() - started < 1.0
    assert got[0] == "One " and "five." not in got
    assert reply.usage is not None and reply.usage.tokens_out == estimate_tokens("".join(got))
    # Too slow to serve students: the next question does not wait for it.
    assert speak(engine)[1].notice == OFFLINE_NOTICE


def test_a_reply_that_stalls_midway_is_cut_off_after_the_timeout(settings: Settings) -> None:
    model = FakeModel().enqueue(["Well, ", Stall(5), "never."])
    got, cut, _ = speak_until_cut(fake_engine(model_settings(settings, model_timeout=0.2), model))
    assert got == ["Well, "] and cut.why == "stalled"


# ------------------------------------------------------------------ replies that end before they are whole


def test_a_reply_that_reaches_max_tokens_is_cut_off(settings: Settings) -> None:
    model = FakeModel().enqueue(["I started ", "as a"], finish="length", usage=(900, 400))
    got, cut, reply = speak_until_cut(fake_engine(model_settings(settings), model))
    assert got == ["I started ", "as a"] and cut.why == "length"
    assert reply.usage is not None and (reply.usage.tokens_in, reply.usage.tokens_out, reply.usage.estimated) == (900, 400, False)


def test_a_stream_that_ends_without_a_finish_reason_is_cut_off(settings: Settings) -> None:
    model = FakeModel().enqueue(["I started ", "as a"], finish=None)
    got, cut, _ = speak_until_cut(fake_engine(model_settings(settings), model))
    assert got == ["I started ", "as a"] and cut.why == "unfinished"


@pytest.mark.parametrize("finish", ["length", None])
def test_cut_off_replies_are_stored_as_partial_and_retried(
    settings: Settings, app_client: Callable[..., TestClient], finish: str | None
) -> None:
    model = FakeModel()
    model.enqueue(["I started ", "as a"], finish=finish)
    model.enqueue(["I started as a temp."])
    client = app_client(settings, fake_engine(model_settings(settings), model))
    session_id = client.post("/api/sessions", json={"persona_id": "priya-raman"}).json()["id"]
    with client.stream("POST", f"/api/sessions/{session_id}/messages", json={"text": "How did you start?"}, headers={"Accept": "text/event-stream"}) as r:
        found = events("".join(r.iter_text()))
    assert found[-1][0] == "error" and found[-1][1]["retry"] is True and found[-1][1]["partial"]["text"] == "I started as a"
    session = client.get(f"/api/sessions/{session_id}").json()
    assert session["turns"][-1]["partial"] is True and session["can_retry"] is True
    done = client.post(f"/api/sessions/{session_id}/retry").json()
    assert done["persona"]["text"] == "I started as a temp." and done["persona"]["partial"] is False


# ------------------------------------------------------------------ usage over every attempt


def test_usage_counts_the_failed_attempts_before_a_fallback(settings: Settings) -> None:
    model = FakeModel(price_per_token=0.001).enqueue(Failure(503)).enqueue(["From the backup."], usage=(1000, 5))
    engine = fake_engine(model_settings(settings, model_attempts=1, fallback_models="fake/backup"), model)
    _pieces, reply, _ = speak(engine)
    sent = sum(estimate_tokens(m["content"]) for m in model.history[0].messages)
    assert reply.usage is not None
    assert (reply.usage.model, reply.usage.tokens_in, reply.usage.tokens_out) == ("fake/backup", sent + 1000, 5)
    assert reply.usage.estimated  # the failed attempt's share is our estimate
    assert reply.usage.cost == pytest.approx((sent + 1000 + 5) * 0.001)


def test_usage_counts_a_reply_the_student_abandoned(settings: Settings) -> None:
    model = FakeModel().enqueue(["Well, ", "it started ", Stall(5), "later."])
    engine = fake_engine(model_settings(settings), model)
    request = prepare(PRIYA, greeting(), "How did you get started?")
    reply = engine.stream(request)

    async def leave_after_two() -> None:
        got = [await anext(reply), await anext(reply)]
        assert got == ["Well, ", "it started "]
        # The student leaves: whoever stores the partial reply reads the usage now.
        assert reply.usage is not None and reply.usage.tokens_out == estimate_tokens("Well, it started ")
        assert reply.chunks is not None
        await reply.chunks.aclose()  # type: ignore[attr-defined]

    asyncio.run(leave_after_two())
    assert reply.usage is not None and reply.usage.estimated and reply.usage.tokens_in and reply.usage.tokens_in > 500


# ------------------------------------------------------------------ one-shot calls drain the same seam


def test_the_completer_streams_through_the_same_policy(settings: Settings) -> None:
    model = FakeModel().enqueue(Failure(429, retry_after="0.2")).enqueue(['{"ok": ', "true}"])
    complete = fake_completer(model_settings(settings), model)
    started = time.monotonic()
    assert asyncio.run(complete([{"role": "user", "content": "hi"}], max_tokens=50)) == '{"ok": true}'
    assert time.monotonic() - started >= 0.2 and [s.call.max_tokens for s in model.history] == [50, 50]
    assert model.history[0].call.temperature == 0.4


def test_a_one_shot_reply_cut_off_at_the_limit_is_an_error(settings: Settings) -> None:
    model = FakeModel().enqueue(['{"ok": '], finish="length")
    with pytest.raises(ReplyCutOff):
        asyncio.run(fake_completer(model_settings(settings), model)([{"role": "user", "content": "hi"}]))


# ------------------------------------------------------------------ CJK interviews stay within their budget


def test_the_last_request_of_a_long_cjk_interview_is_capped(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    model = FakeModel()
    # 24 questions back to back are more than a student sends in a minute: lift that limit (issue 14) for this test.
    settings = replace(settings, messages_per_minute=0)
    client = app_client(settings, fake_engine(model_settings(settings), model))
    session_id = client.post("/api/sessions", json={"persona_id": "priya-raman"}).json()["id"]
    for n in range(24):
        model.enqueue(["我的工作每天都不一样，" * 20])
        question = f"第{n}个问题：" + "你能告诉我更多关于你的工作和职业道路的事情吗" * 90
        reply = client.post(f"/api/sessions/{session_id}/messages", json={"text": question[:2000]})
        assert reply.status_code == 200, reply.text
    conversation = model.history[-1].messages[1:]
    assert len(model.history) == 24 and len(conversation) >= 2
    assert sum(len(m["content"]) for m in conversation) <= 16_000
    assert conversation[-1]["content"].startswith("第23个问题")  # the question, then this turn's notes


# ------------------------------------------------------------------ the offline path stays light


def test_the_offline_app_imports_no_model_stack() -> None:
    code = (
        "import sys\n"
        "from practice.web.app import create_app\n"
        "from practice.settings import Settings\n"
        "import practice.cli, practice.review, practice.studio.notes, practice.engines.complete\n"
        "import tempfile, pathlib\n"
        "create_app(Settings(data_dir=pathlib.Path(tempfile.mkdtemp()), secret_key='x'))\n"
        "print(sorted(m for m in ('litellm', 'tenacity', 'httpx', 'httpcore', 'openai') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
