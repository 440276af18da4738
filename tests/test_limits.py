"""Abuse limits: a student's pace always passes, a script's never does; 429 with Retry-After in the one shape."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from practice.engines.base import Lifecycle, Reply, ReplyRequest, Usage
from practice.engines.complete import Message
from practice.settings import Settings
from practice.store import TurnRecord
from practice.web import limits
from practice.web.app import create_app
from practice.web.problems import WebProblem

PERSONA = "priya-raman"
QUESTIONS = ["How did you get into physical therapy?", "What does a typical week look like?", "Can you say more about that?"]


def too_many(response: Any, code: str) -> int:
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["error"]["status"] == 429 and body["error"]["code"] == code
    wait = int(response.headers["retry-after"])
    assert wait >= 1 and "Try again in" in body["error"]["message"]
    return wait


@pytest.fixture
def client(settings: Settings, app_client: Callable[..., TestClient]) -> TestClient:
    return app_client(settings)


def new_session(client: TestClient) -> str:
    response = client.post("/api/sessions", json={"persona_id": PERSONA})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_back_to_back_messages_to_one_session_meet_429_while_the_first_pass(client: TestClient) -> None:
    session_id = new_session(client)
    statuses = []
    for n in range(120):
        response = client.post(f"/api/sessions/{session_id}/messages", json={"text": f"{QUESTIONS[n % 3]} ({n})"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            wait = too_many(response, "message_rate")
            assert wait <= 60
    limit = Settings().messages_per_minute
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}
    # Nothing refused was stored: the greeting and `limit` exchanges.
    assert len(client.get(f"/api/sessions/{session_id}").json()["turns"]) == 1 + 2 * limit
    # Another interview of the same student is not held up.
    other = new_session(client)
    assert client.post(f"/api/sessions/{other}/messages", json={"text": QUESTIONS[0]}).status_code == 200


def test_the_message_rate_is_a_sliding_minute_over_the_stored_questions(settings: Settings) -> None:
    now = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)

    def asked(seconds_ago: float) -> TurnRecord:
        stamp = (now - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return TurnRecord("t", "s", 0, "student", "Why?", stamp)

    strict = replace(settings, messages_per_minute=3)
    limits.check_question(strict, [asked(70), asked(50), asked(40)], at=now)  # only two in the last minute
    with pytest.raises(WebProblem) as refused:
        limits.check_question(strict, [asked(50), asked(40), asked(5)], at=now)
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "10"}  # when the one 50 s ago leaves
    limits.check_question(replace(strict, messages_per_minute=0), [asked(1)] * 50, at=now)  # 0: no limit


def test_300_sessions_from_one_browser_meet_429(client: TestClient) -> None:
    statuses = [client.post("/api/sessions", json={"persona_id": PERSONA}).status_code for _ in range(300)]
    limit = Settings().sessions_per_hour
    assert statuses[:limit] == [201] * limit and set(statuses[limit:]) == {429}
    refused = client.post("/api/sessions", json={"persona_id": PERSONA})
    assert too_many(refused, "session_rate") > 60
    assert len(client.get("/api/sessions", params={"limit": 500}).json()) == limit
    # The page form gets the same answer, as a page.
    page = client.post("/sessions", data={"persona_id": PERSONA}, follow_redirects=False)
    assert page.status_code == 429 and "retry-after" in page.headers and "interviews in the last hour" in page.text


def test_a_script_that_drops_its_cookie_meets_the_address_limit(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    app = create_app(replace(settings, sessions_per_address_per_hour=25))
    statuses = []
    with TestClient(app) as first:
        for _ in range(30):
            first.cookies.clear()  # a new browser every time
            statuses.append(first.post("/api/sessions", json={"persona_id": PERSONA}).status_code)
        assert statuses == [201] * 25 + [429] * 5
        first.cookies.clear()
        too_many(first.post("/api/sessions", json={"persona_id": PERSONA}), "session_rate_address")
    # Another address (another campus) is not held up.
    with TestClient(app, client=("198.51.100.4", 5000)) as other:
        assert other.post("/api/sessions", json={"persona_id": PERSONA}).status_code == 201


def test_limits_hold_across_workers_sharing_the_database(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    few = replace(settings, sessions_per_hour=3)
    one, two = app_client(few), app_client(few)
    assert one.post("/api/sessions", json={"persona_id": PERSONA}).status_code == 201
    two.cookies.update(one.cookies)  # the same browser, sent to another worker
    assert [two.post("/api/sessions", json={"persona_id": PERSONA}).status_code for _ in range(3)] == [201, 201, 429]
    assert one.post("/api/sessions", json={"persona_id": PERSONA}).status_code == 429


def test_a_session_holds_at_most_its_question_cap(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(replace(settings, session_max_questions=3))
    session_id = new_session(client)
    for text in QUESTIONS:
        assert client.post(f"/api/sessions/{session_id}/messages", json={"text": text}).status_code == 200
    refused = client.post(f"/api/sessions/{session_id}/messages", json={"text": "One more?"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "session_question_limit"
    assert "limit of 3 questions" in refused.json()["error"]["message"] and "End it to see your report" in refused.json()["error"]["message"]
    assert client.post(f"/api/sessions/{session_id}/end").status_code == 200  # the way out still works


class CostlyEngine(Lifecycle):
    """Says one sentence and reports that it took 600 tokens."""

    name = "costly"

    def stream(self, request: ReplyRequest) -> Reply:
        reply = Reply()

        async def chunks() -> AsyncIterator[str]:
            yield "That took a while to say."
            reply.usage = Usage("test/model", 500, 100)

        reply.chunks = chunks()
        return reply


def test_a_session_stops_when_its_model_budget_is_spent(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(replace(settings, session_max_tokens=1000), CostlyEngine())
    session_id = new_session(client)
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": QUESTIONS[0]}).status_code == 200
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": QUESTIONS[1]}).status_code == 200
    refused = client.post(f"/api/sessions/{session_id}/messages", json={"text": QUESTIONS[2]})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "session_budget_spent"
    assert "1,200 of 1,000 tokens" in refused.json()["error"]["message"]
    assert client.get(f"/api/sessions/{session_id}").json()["usage"]["tokens_in"] == 1000  # nothing more was spent


class CountingModel:
    """A completion function that writes a fresh valid coaching note every time."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, messages: list[Message], **options: Any) -> str:
        self.calls += 1
        return json.dumps({"headline": "Good start.", "strengths": ["You asked openly."], "next_steps": ["Ask a follow-up."]})


def test_coaching_notes_are_limited_per_minute_but_a_written_one_is_free(settings: Settings) -> None:
    model = CountingModel()
    with TestClient(create_app(replace(settings, reviews_per_minute=2), complete=model)) as client:
        sessions = [new_session(client) for _ in range(3)]
        for session_id in sessions:
            client.post(f"/api/sessions/{session_id}/messages", json={"text": QUESTIONS[0]})
        assert client.get(f"/api/sessions/{sessions[0]}/review").status_code == 200
        assert client.get(f"/api/sessions/{sessions[0]}/review").status_code == 200  # written already: no model call
        assert client.get(f"/api/sessions/{sessions[1]}/review").status_code == 200
        too_many(client.get(f"/api/sessions/{sessions[2]}/review"), "review_rate")
        assert model.calls == 2


def test_probes_are_limited_per_minute(tmp_path: Any, settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(replace(settings, advisor_token="tok", probes_per_minute=1))
    draft = {"raw": (settings.personas_dir / f"{PERSONA}.md").read_text(encoding="utf-8")}
    headers = {"Authorization": "Bearer tok"}
    assert client.post("/api/studio/probe", json=draft, headers=headers).status_code == 200
    too_many(client.post("/api/studio/probe", json=draft, headers=headers), "probe_rate")


def test_a_setting_of_zero_turns_a_limit_off(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(replace(settings, sessions_per_hour=0, sessions_per_address_per_hour=0))
    assert all(client.post("/api/sessions", json={"persona_id": PERSONA}).status_code == 201 for _ in range(40))


class FailingEngine(Lifecycle):
    """Starts to answer, then the connection drops: every reply is partial, so retry stays open."""

    name = "failing"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        yield "I started to "
        raise ConnectionError("upstream went away")


def test_retries_are_limited_per_minute_too(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(replace(settings, messages_per_minute=2), FailingEngine())
    session_id = new_session(client)
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": QUESTIONS[0]}).status_code == 502
    assert [client.post(f"/api/sessions/{session_id}/retry").status_code for _ in range(2)] == [502, 502]
    too_many(client.post(f"/api/sessions/{session_id}/retry"), "retry_rate")
