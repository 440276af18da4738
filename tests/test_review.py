"""The optional coaching note: validated, re-asked once, dropped on failure, served beside the report."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import respx
from fake_model import FakeModel, fake_completer, model_settings
from fastapi.testclient import TestClient
from streams import Chunked

from practice.engines.complete import Completer, completer
from practice.engines.llm import ModelError
from practice.personas import Persona, load_personas
from practice.review import REVIEW_TOKENS, CoachingNote, coaching_note, review_messages
from practice.scoring import Report, parse_transcript, score
from practice.settings import Settings
from practice.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
NOTE = {
    "headline": "You were polite and curious; now let the questions open up.",
    "strengths": ["You covered the basics of the job with 'Do you like your job?'."],
    "next_steps": ["Try 'What do you enjoy most about your job?' instead of a yes/no question."],
}


def fed(*replies: str | Exception) -> tuple[FakeModel, Completer]:
    """The queue-fed fake model with these replies (or failures), and the real completer on it."""
    model = FakeModel()
    for reply in replies:
        model.enqueue([reply] if isinstance(reply, str) else reply)
    return model, fake_completer(model_settings(Settings(), model_attempts=1), model)


@pytest.fixture(scope="module")
def gabriela() -> Persona:
    return load_personas([ROOT / "personas"]).get("gabriela-ruiz")


@pytest.fixture(scope="module")
def weak(gabriela: Persona) -> Report:
    _, turns = parse_transcript(json.loads((ROOT / "tests" / "data" / "transcripts" / "weak.json").read_text()))
    return score(gabriela, turns)


def test_the_prompt_carries_the_measured_numbers_and_the_questions(gabriela: Persona, weak: Report) -> None:
    prompt = review_messages(gabriela, weak)[0]["content"]
    assert f"Score: {weak.score}/100." in prompt
    assert '3. "Do you like your job?" (closed; rewards_challenges)' in prompt
    assert "Never give or change a score" in prompt


def test_a_valid_reply_becomes_a_note(gabriela: Persona, weak: Report) -> None:
    model, complete = fed("Here you go:\n```json\n" + json.dumps(NOTE) + "\n```")
    note = asyncio.run(coaching_note(gabriela, weak, complete))
    assert note == CoachingNote(**NOTE)
    assert len(model.history) == 1 and model.history[0].call.max_tokens == REVIEW_TOKENS


def test_an_invalid_reply_is_re_asked_once_with_the_error(gabriela: Persona, weak: Report) -> None:
    model, complete = fed(json.dumps({"headline": "Hi", "strengths": []}), json.dumps(NOTE))
    note = asyncio.run(coaching_note(gabriela, weak, complete))
    assert note == CoachingNote(**NOTE)
    second = model.history[1].messages
    assert second[-2]["role"] == "assistant"
    assert "That reply was not valid" in second[-1]["content"] and "next_steps" in second[-1]["content"]


@pytest.mark.parametrize(
    "replies",
    [
        ("not json", "still not json"),
        (json.dumps({**NOTE, "score": 99}), json.dumps({**NOTE, "score": 99})),  # a score is not the model's to give
        (ConnectionError("the AI service is down"),),
    ],
)
def test_any_failure_means_no_note(gabriela: Persona, weak: Report, replies: tuple[str | Exception, ...]) -> None:
    assert asyncio.run(coaching_note(gabriela, weak, fed(*replies)[1])) is None


def test_no_questions_no_call(gabriela: Persona) -> None:
    model, complete = fed()
    assert asyncio.run(coaching_note(gabriela, score(gabriela, []), complete)) is None
    assert model.history == []


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(personas_dir=ROOT / "personas", data_dir=tmp_path, reading_pace=0, question_gap=0)


@pytest.fixture
def client_with(settings: Settings) -> Iterator[Callable[[Completer | None], TestClient]]:
    with ExitStack() as stack:
        yield lambda complete: stack.enter_context(TestClient(create_app(settings, complete=complete)))


def test_the_review_endpoint_serves_one_note_per_transcript(client_with: Callable[[Completer | None], TestClient]) -> None:
    model, complete = fed(json.dumps(NOTE))
    client = client_with(complete)
    session_id = client.post("/api/sessions", json={"persona_id": "priya-raman"}).json()["id"]
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "Do you like your job?"})
    first = client.get(f"/api/sessions/{session_id}/review").json()
    again = client.get(f"/api/sessions/{session_id}/review").json()
    assert first == again == {"review": NOTE}
    assert len(model.history) == 1  # cached: the same transcript is not sent twice
    page = client.get(f"/sessions/{session_id}/report").text
    assert 'id="coach"' in page and "/static/report.js" in page


def test_without_a_model_there_is_no_note_and_no_coach_section(client_with: Callable[[Completer | None], TestClient]) -> None:
    client = client_with(None)
    session_id = client.post("/api/sessions", json={"persona_id": "priya-raman"}).json()["id"]
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "Do you like your job?"})
    assert client.get(f"/api/sessions/{session_id}/review").json() == {"review": None}
    assert 'id="coach"' not in client.get(f"/sessions/{session_id}/report").text


# ------------------------------------------------------------------ the real completion path, against a mocked API

API = "http://mock.test/v1"


def _completion(text: str) -> httpx.Response:
    """A streamed answer, as every call through the model seam asks for."""
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
             "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": "stop"}]}  # fmt: skip
    body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    return httpx.Response(200, stream=Chunked(body), headers={"content-type": "text/event-stream"})


def test_the_completer_retries_a_rate_limit_then_answers(settings: Settings) -> None:
    llm = replace(settings, model="openai/gpt-4o-mini", api_base=API, api_key="test", model_attempts=3, model_timeout=2.0)
    with respx.mock(base_url=API) as upstream:
        route = upstream.post("/chat/completions").mock(
            side_effect=[httpx.Response(429, json={"error": {"message": "slow down"}}), _completion(json.dumps(NOTE))]
        )
        text = asyncio.run(completer(llm, backoff=0.001)([{"role": "user", "content": "hi"}]))
    assert json.loads(text) == NOTE
    assert route.call_count == 2
    assert json.loads(route.calls.last.request.content)["max_tokens"] == llm.max_reply_tokens


def test_the_completer_names_every_model_that_failed(settings: Settings) -> None:
    llm = replace(settings, model="openai/gpt-4o-mini", fallback_models="openai/gpt-4o", api_base=API, api_key="test",
                  model_attempts=1, model_timeout=2.0)  # fmt: skip
    with respx.mock(base_url=API) as upstream:
        upstream.post("/chat/completions").mock(return_value=httpx.Response(500, json={"error": {"message": "down"}}))
        with pytest.raises(ModelError, match=r"gpt-4o-mini.*; openai/gpt-4o"):
            asyncio.run(completer(llm, backoff=0.001)([{"role": "user", "content": "hi"}]))
