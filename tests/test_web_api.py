"""The JSON API through an in-process client: flow, streaming, errors, ownership, persistence."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fake_model import FakeModel, fake_engine
from fastapi.testclient import TestClient
from streams import events

from practice.engines.base import Lifecycle, ReplyRequest
from practice.settings import ROOT, Settings
from practice.store import Store, database_url
from practice.topics import TOPIC_LABELS

PERSONA = "priya-raman"


class NoWordsEngine(Lifecycle):
    """An engine with a bug: it fails before saying anything (no model is involved)."""

    name = "no-words"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        raise ConnectionError("upstream went away")
        yield ""  # pragma: no cover - makes this an async generator


class CheckingEngine(Lifecycle):
    """Before saying anything, reads the database on its own connection: the question must be there."""

    name = "checking"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.seen: list[str] = []

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        store = Store(database_url(self.settings))
        try:
            with store.engine.connect() as conn:
                rows = conn.exec_driver_sql("SELECT role, text FROM turns ORDER BY created_at").all()
        finally:
            store.close()
        self.seen = [f"{role}: {text}" for role, text in rows]
        assert self.seen[-1] == f"student: {request.question.text}"
        yield "Stored first, then answered."


@pytest.fixture
def client_for(settings: Settings, app_client: Callable[..., TestClient]) -> Callable[..., TestClient]:
    def make(engine: Any = None, settings_: Settings | None = None, **kwargs: Any) -> TestClient:
        return app_client(settings_ or settings, engine, **kwargs)

    return make


@pytest.fixture
def client(client_for: Callable[..., TestClient]) -> TestClient:
    return client_for()


def start(client: TestClient, persona_id: str = PERSONA) -> str:
    response = client.post("/api/sessions", json={"persona_id": persona_id})
    assert response.status_code == 201, response.text
    session_id: str = response.json()["id"]
    return session_id


def assert_error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    assert message
    return message


# ------------------------------------------------------------------ the happy path


def test_health_names_the_engine(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "engine": "offline"}


def test_personas_are_public_fields_only(client: TestClient) -> None:
    personas = client.get("/api/personas").json()
    assert len(personas) >= 9
    priya = next(p for p in personas if p["id"] == PERSONA)
    assert set(priya) == {"id", "name", "pronouns", "title", "organization", "industry", "location", "summary", "style", "greeting"}
    assert client.get(f"/api/personas/{PERSONA}").json() == priya
    raw = client.get("/api/personas").text
    assert "insights" not in raw and "backstory" not in raw


def test_whole_interview_flow(client: TestClient) -> None:
    created = client.post("/api/sessions", json={"persona_id": PERSONA})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "persona_id", "greeting", "created_at"}
    assert body["greeting"].startswith("Hi, I'm Priya")
    session_id = body["id"]

    reply = client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get into physical therapy?"})
    assert reply.status_code == 200, reply.text
    exchange = reply.json()
    assert exchange["student"]["role"] == "student"
    assert exchange["student"]["analysis"]["form"] == "open"
    assert "career_path" in exchange["student"]["topics"]
    assert exchange["persona"]["role"] == "persona" and exchange["persona"]["text"]
    assert exchange["persona"]["partial"] is False
    assert "career_path" in exchange["coverage"]["covered"]

    closed = client.post(f"/api/sessions/{session_id}/messages", json={"text": "Do you like your job?"}).json()
    assert closed["student"]["analysis"]["form"] == "closed"
    assert closed["student"]["analysis"]["rewrite"]
    assert closed["coverage"]["open_share"] == 0.5

    session = client.get(f"/api/sessions/{session_id}").json()
    assert [t["role"] for t in session["turns"]] == ["persona", "student", "persona", "student", "persona"]
    assert [t["seq"] for t in session["turns"]] == [0, 1, 2, 3, 4]
    assert session["coverage"]["questions"] == 2
    assert session["awaiting_reply"] is False and session["can_retry"] is False

    ended = client.post(f"/api/sessions/{session_id}/end").json()
    assert ended["ended_at"]
    listed = client.get("/api/sessions").json()
    assert [(s["id"], s["questions"]) for s in listed] == [(session_id, 2)]


def test_reply_streams_as_server_sent_events(client: TestClient) -> None:
    session_id = start(client)
    with client.stream(
        "POST",
        f"/api/sessions/{session_id}/messages",
        json={"text": "What does a typical day look like for you?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    found = events(body)
    kinds = [kind for kind, _ in found]
    assert kinds[-1] == "done"
    assert set(kinds[:-1]) == {"delta"}  # the words first (batched: a few ms of them per event), then done
    streamed = "".join(data["text"] for kind, data in found if kind == "delta")
    done = found[-1][1]
    assert done["persona"]["text"] == streamed.strip()
    assert done["student"]["text"] == "What does a typical day look like for you?"
    stored = client.get(f"/api/sessions/{session_id}").json()["turns"]
    assert stored[-1]["text"] == done["persona"]["text"]


def test_an_offline_reply_streams_at_a_reading_pace_but_json_gets_it_at_once(settings: Settings, client_for: Callable[..., TestClient]) -> None:
    import time

    client = client_for(settings_=replace(settings, reading_pace=50.0))
    session_id = start(client)
    began = time.monotonic()
    with client.stream(
        "POST", f"/api/sessions/{session_id}/messages", json={"text": "What does a typical day look like for you?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        found = events("".join(response.iter_text()))
    streamed = time.monotonic() - began
    words = len(found[-1][1]["persona"]["text"].split())
    # A short pause, then about 50 words a second; several events, not one.
    assert streamed >= 0.5 + 0.8 * words / 50
    assert sum(kind == "delta" for kind, _ in found) >= 3
    began = time.monotonic()
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": "What skills matter most?"}).status_code == 200
    assert time.monotonic() - began < 0.5


def test_sessions_are_listed_newest_first(client: TestClient) -> None:
    first, second = start(client), start(client, "marcus-bell")
    assert [s["id"] for s in client.get("/api/sessions").json()] == [second, first]


# ------------------------------------------------------------------ errors


def test_unknown_persona_and_session_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/personas/nobody"), 404, "persona_not_found")
    assert_error(client.post("/api/sessions", json={"persona_id": "nobody"}), 404, "persona_not_found")
    assert_error(client.get("/api/sessions/0123"), 404, "session_not_found")
    assert_error(client.post("/api/sessions/0123/messages", json={"text": "Hi?"}), 404, "session_not_found")
    assert_error(client.get("/api/nothing-here"), 404, "not_found")


def test_empty_and_too_long_messages_are_422(client: TestClient) -> None:
    session_id = start(client)
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "   "}), 422, "message_empty")
    message = assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "a" * 2345}), 422, "message_too_long")
    assert message == "Your message is 2,345 characters; the limit is 2,000."
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={}), 422, "invalid_request")
    # Nothing invalid was stored.
    assert len(client.get(f"/api/sessions/{session_id}").json()["turns"]) == 1


def test_message_limit_follows_the_setting(client_for: Callable[..., TestClient], settings: Settings) -> None:
    client = client_for(settings_=replace(settings, max_message_chars=10))
    session_id = start(client)
    message = assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "x" * 11}), 422, "message_too_long")
    assert "the limit is 10." in message


def test_message_to_an_ended_session_is_409(client: TestClient) -> None:
    session_id = start(client)
    client.post(f"/api/sessions/{session_id}/end")
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "One more?"}), 409, "session_ended")
    assert_error(client.post(f"/api/sessions/{session_id}/retry"), 409, "session_ended")


def test_the_409_page_says_what_happened(client: TestClient) -> None:
    session_id = start(client)
    client.post(f"/api/sessions/{session_id}/end")
    page = client.post(f"/sessions/{session_id}/messages", data={"text": "One more?"})
    assert page.status_code == 409
    assert "<title>This interview has already ended · Practice</title>" in page.text
    assert '<h1 id="error-title">This interview has already ended</h1>' in page.text
    assert "review its report" in page.text
    retry = client.post(f"/sessions/{start(client)}/retry")
    assert retry.status_code == 409 and "<h1 id=\"error-title\">There is no reply to retry</h1>" in retry.text


def test_retry_with_nothing_to_retry_is_409(client: TestClient) -> None:
    session_id = start(client)
    assert_error(client.post(f"/api/sessions/{session_id}/retry"), 409, "nothing_to_retry")


def test_oversized_body_is_413_in_the_error_shape(client: TestClient) -> None:
    session_id = start(client)
    response = client.post(f"/api/sessions/{session_id}/messages", json={"text": "a" * 70_000})
    assert_error(response, 413, "body_too_large")


def test_unexpected_failure_is_500_in_the_error_shape(client_for: Callable[..., TestClient]) -> None:
    client = client_for(raise_server_exceptions=False)

    async def broken() -> None:
        raise RuntimeError("secret internals")

    client.app.add_api_route("/api/broken", broken)  # type: ignore[attr-defined]
    client.app.add_api_route("/broken", broken)  # type: ignore[attr-defined]
    message = assert_error(client.get("/api/broken"), 500, "internal_error")
    assert "secret" not in message
    page = client.get("/broken")
    assert page.status_code == 500 and "Something went wrong on our side" in page.text and "secret" not in page.text


def test_engine_error_without_streaming_is_502(client_for: Callable[..., TestClient]) -> None:
    class Crashing(Lifecycle):
        name = "crashing"

        def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
            raise RuntimeError("bug")

    client = client_for(Crashing())
    session_id = start(client)
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you start?"}), 502, "reply_failed")


# ------------------------------------------------------------------ who sees what


def test_another_browser_cannot_see_or_use_a_session(client: TestClient, client_for: Callable[..., TestClient]) -> None:
    session_id = start(client)
    stranger = client_for()
    assert stranger.get("/api/sessions").json() == []
    assert_error(stranger.get(f"/api/sessions/{session_id}"), 404, "session_not_found")
    assert_error(stranger.post(f"/api/sessions/{session_id}/messages", json={"text": "Hi?"}), 404, "session_not_found")
    assert_error(stranger.post(f"/api/sessions/{session_id}/end"), 404, "session_not_found")
    assert stranger.get(f"/sessions/{session_id}").status_code == 404


def test_a_forged_cookie_is_a_new_student(client: TestClient, client_for: Callable[..., TestClient]) -> None:
    session_id = start(client)
    forger = client_for()
    forger.cookies.set("practice_student", "someone.forged-signature")
    assert_error(forger.get(f"/api/sessions/{session_id}"), 404, "session_not_found")


def test_student_cookie_is_signed_and_http_only(client_for: Callable[..., TestClient]) -> None:
    client = client_for()
    header = client.get("/api/personas").headers["set-cookie"]
    assert header.startswith("practice_student=") and "HttpOnly" in header and "SameSite=Lax" in header


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


# ------------------------------------------------------------------ nothing typed is lost


def test_sessions_survive_an_app_restart(client_for: Callable[..., TestClient]) -> None:
    first = client_for()
    session_id = start(first)
    first.post(f"/api/sessions/{session_id}/messages", json={"text": "What skills matter most when starting out?"})
    cookie = first.cookies.get("practice_student")
    assert cookie is not None
    first.__exit__(None, None, None)

    second = client_for()
    second.cookies.set("practice_student", cookie)
    turns = second.get(f"/api/sessions/{session_id}").json()["turns"]
    assert [t["text"] for t in turns][1] == "What skills matter most when starting out?"
    assert turns[1]["analysis"]["topics"] == ["skills"]
    # The conversation goes on from the stored history.
    more = second.post(f"/api/sessions/{session_id}/messages", json={"text": "Can you say more about that?"}).json()
    assert more["student"]["topics"] == ["skills"]


def test_student_turn_is_stored_before_the_engine_runs(client_for: Callable[..., TestClient], settings: Settings) -> None:
    engine = CheckingEngine(settings)
    client = client_for(engine)
    session_id = start(client)
    reply = client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you choose this field?"})
    assert reply.status_code == 200
    assert engine.seen[-1] == "student: How did you choose this field?"


def test_engine_failure_mid_stream_keeps_the_question_and_the_partial_reply(client_for: Callable[..., TestClient], settings: Settings) -> None:
    model = FakeModel().enqueue(["Well, ", "it started ", "when I ", ConnectionError("upstream went away")])
    client = client_for(fake_engine(settings, model))
    session_id = start(client)
    with client.stream(
        "POST",
        f"/api/sessions/{session_id}/messages",
        json={"text": "How did you get started?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        found = events("".join(response.iter_text()))
    kinds = [k for k, _ in found]
    assert kinds[-1] == "error" and set(kinds[:-1]) == {"delta"}
    assert "".join(data["text"] for kind, data in found if kind == "delta") == "Well, it started when I "
    error = found[-1][1]
    assert error["retry"] is True and "saved" in error["message"]
    assert error["partial"]["text"] == "Well, it started when I"

    session = client.get(f"/api/sessions/{session_id}").json()
    student, partial = session["turns"][1:]
    assert student["text"] == "How did you get started?"
    assert partial["partial"] is True and partial["text"] == "Well, it started when I"
    assert session["can_retry"] is True


def test_engine_failure_without_streaming_is_502_and_keeps_the_question(client_for: Callable[..., TestClient]) -> None:
    client = client_for(NoWordsEngine())
    session_id = start(client)
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you start?"}), 502, "reply_failed")
    session = client.get(f"/api/sessions/{session_id}").json()
    assert [t["role"] for t in session["turns"]] == ["persona", "student"]
    assert session["awaiting_reply"] is True and session["can_retry"] is True
    # A new question must wait for the missing reply.
    assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": "Next?"}), 409, "reply_pending")


def test_retry_replaces_a_partial_reply(client_for: Callable[..., TestClient], settings: Settings) -> None:
    model = FakeModel().enqueue(["I started to ", ConnectionError("the model went away")]).enqueue(["Every week ", "is different."])
    client = client_for(fake_engine(settings, model))
    session_id = start(client)
    failed = client.post(f"/api/sessions/{session_id}/messages", json={"text": "What does a typical week look like?"})
    assert failed.status_code == 502
    with client.stream("POST", f"/api/sessions/{session_id}/retry", headers={"Accept": "text/event-stream"}) as response:
        found = events("".join(response.iter_text()))
    assert found[-1][0] == "done"
    done = found[-1][1]
    assert done["persona"]["partial"] is False and done["persona"]["seq"] == 2
    turns = client.get(f"/api/sessions/{session_id}").json()["turns"]
    assert [(t["role"], t["partial"]) for t in turns] == [("persona", False), ("student", False), ("persona", False)]
    assert turns[2]["text"] == done["persona"]["text"] == "Every week is different."
    # The retry asked the same question again, with no trace of the partial reply.
    again, first = model.history[1].messages, model.history[0].messages
    assert again == first and [m["role"] for m in again] == ["system", "user"]
    assert again[-1]["content"].startswith("What does a typical week look like?\n")
    assert_error(client.post(f"/api/sessions/{session_id}/retry"), 409, "nothing_to_retry")


# ------------------------------------------------------------------ pages and docs


def test_pages_render(client: TestClient) -> None:
    gallery = client.get("/")
    assert gallery.status_code == 200 and "Priya Raman" in gallery.text
    started = client.post("/sessions", data={"persona_id": PERSONA}, follow_redirects=False)
    assert started.status_code == 303
    room_url = started.headers["location"]
    room = client.get(room_url)
    assert "Hi, I&#39;m Priya" in room.text and 'aria-live="polite"' in room.text
    sent = client.post(f"{room_url}/messages", data={"text": "<b>How</b> did you start?"}, follow_redirects=True)
    assert "&lt;b&gt;How&lt;/b&gt; did you start?" in sent.text
    assert client.get("/sessions").status_code == 200
    ended = client.post(f"{room_url}/end", follow_redirects=True)
    assert ended.url.path.endswith("/report") and "Topics covered" in ended.text


def test_pages_show_errors_as_html(client: TestClient) -> None:
    missing = client.get("/sessions/nope")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "My sessions" in missing.text
    session_id = start(client)
    too_long = client.post(f"/sessions/{session_id}/messages", data={"text": "a" * 2001})
    assert too_long.status_code == 422 and "the limit is 2,000" in too_long.text


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/personas", "/api/sessions", "/api/sessions/{session_id}/messages", "/api/sessions/{session_id}/retry"} <= set(paths)


def test_generated_cookie_secret_is_kept_private_and_reused(settings: Settings) -> None:
    from practice.web.students import secret_key

    unset = replace(settings, secret_key="")
    key = secret_key(unset)
    path = settings.data_dir / "secret_key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert secret_key(unset) == key and len(key) > 40
    assert secret_key(settings) == "test-secret"


def test_report_json_markdown_and_transcript_agree(client: TestClient) -> None:
    session_id = start(client)
    for text in ("How did you get into this work?", "Do you like your job?", "Are you hiring?"):
        assert client.post(f"/api/sessions/{session_id}/messages", json={"text": text}).status_code == 200
    report = client.get(f"/api/sessions/{session_id}/report").json()
    assert report["question_count"] == 3 and report["open_count"] == 1 and report["closed_count"] == 2
    assert report["etiquette"]["job_requests"] == [3]
    # Before the end, missed insights stay hidden; after it they are revealed.
    assert all(e["text"] is None for e in report["ledger"] if not e["unlocked"])
    markdown = client.get(f"/api/sessions/{session_id}/report", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert f"score {report['score']}/100" in markdown.text
    assert f"Open questions: {report['open_count']} of {report['question_count']}" in markdown.text
    transcript = client.get(f"/api/sessions/{session_id}/transcript").json()
    assert transcript["persona_id"] == PERSONA
    assert [t["role"] for t in transcript["turns"]] == ["persona"] + ["student", "persona"] * 3
    client.post(f"/api/sessions/{session_id}/end")
    ended = client.get(f"/api/sessions/{session_id}/report").json()
    assert all(e["text"] for e in ended["ledger"])
    assert ended["score"] == report["score"]
    page = client.get(f"/sessions/{session_id}/report")
    assert page.status_code == 200
    assert f">{report['score']}<" in page.text and "Are you hiring?" in page.text


def test_the_report_page_shows_the_whole_conversation_with_each_question_coded(client: TestClient) -> None:
    session_id = start(client)
    asked = ["Hi, I'm Sam, a student curious about your field.", "Do you like your job?", "How did you get into this work?"]
    for text in asked:
        client.post(f"/api/sessions/{session_id}/messages", json={"text": text})
    report = client.get(f"/api/sessions/{session_id}/report").json()
    page = client.get(f"/sessions/{session_id}/report").text
    conversation = page.split("data-conversation>")[1].split("</ol>")[0]
    turns = conversation.split('<li class="turn ')[1:]
    assert len(turns) == 7 and turns[0].startswith("turn--persona")  # the greeting, then each question and its reply
    students = [t for t in turns if t.startswith("turn--student")]
    for turn, text, coded in zip(students, asked, report["questions"], strict=True):
        assert text.replace("'", "&#39;") in turn
        assert f'form-badge--{coded["form"]}"' in turn
        for topic in coded["topics"]:
            assert TOPIC_LABELS[topic] in turn
    assert "Try it open:" in students[1]  # the closed question, with its open rewrite


def test_the_report_page_says_which_turns_were_off_script(client: TestClient) -> None:
    session_id = start(client)
    for text in ["Hi, I'm Sam, a student curious about your field.", "wait are you an AI?", "How did you get into this work?"]:
        client.post(f"/api/sessions/{session_id}/messages", json={"text": text})
    page = client.get(f"/sessions/{session_id}/report").text
    students = [t for t in page.split("data-conversation>")[1].split("</ol>")[0].split('<li class="turn ')[1:] if t.startswith("turn--student")]
    assert "<dt>Off-script</dt><dd>asks whether the professional is an AI</dd>" in students[1]
    assert "Off-script" not in students[2]


def test_download_as_markdown_is_a_file_with_the_report_markdown(client_for: Callable[..., TestClient]) -> None:
    client, stranger = client_for(), client_for()
    session_id = start(client)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get into this work?"})
    page = client.get(f"/sessions/{session_id}/report").text
    assert f'href="/sessions/{session_id}/report.md" download>Download as Markdown</a>' in page
    download = client.get(f"/sessions/{session_id}/report.md")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/markdown")
    assert re.fullmatch(rf'attachment; filename="practice-report-{PERSONA}-\d{{4}}-\d\d-\d\d\.md"', download.headers["content-disposition"])
    assert download.text == client.get(f"/api/sessions/{session_id}/report", params={"format": "markdown"}).text
    assert stranger.get(f"/sessions/{session_id}/report.md").status_code == 404


def test_report_of_someone_elses_session_is_404(client_for: Callable[..., TestClient]) -> None:
    owner, stranger = client_for(), client_for()
    session_id = start(owner)
    assert stranger.get(f"/api/sessions/{session_id}/report").status_code == 404
    assert stranger.get(f"/api/sessions/{session_id}/transcript").status_code == 404


def test_my_sessions_charts_finished_interviews_with_dates_and_values(client: TestClient) -> None:
    first = start(client)
    client.post(f"/api/sessions/{first}/messages", json={"text": "Do you like your job?"})
    second = start(client)
    client.post(f"/api/sessions/{second}/messages", json={"text": "How did you get into this work?"})
    ongoing = start(client)
    client.post(f"/api/sessions/{ongoing}/messages", json={"text": "What does a typical week look like?"})
    client.post(f"/api/sessions/{ongoing}/messages", json={"text": "Thanks so much!"})
    for session_id in (first, second):
        client.post(f"/api/sessions/{session_id}/end")
    reports = {s: client.get(f"/api/sessions/{s}/report").json() for s in (first, second, ongoing)}
    page = client.get("/sessions").text
    assert 'id="trend-title"' in page
    # The chart: the finished interviews only, oldest first, each with its score, open share and date.
    chart = page.split("data-trend>")[1].split("</ol>")[0]
    columns = chart.split('<li class="trend__col">')[1:]
    assert len(columns) == 2
    for column, session_id, open_share in zip(columns, (first, second), ("0%", "100%"), strict=True):
        assert f'Score </span>{reports[session_id]["score"]}</span>' in column
        assert f">{open_share}<" in column
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" data-local="date">\d{1,2} [A-Z][a-z]{2}</time>', column)
    # Every row: the report's score and the report's count of questions (thanks is not one), in local time.
    rows = page.split('<li class="card session-row">')[1:]
    assert len(rows) == 3
    for row, session_id in zip(rows, (ongoing, second, first), strict=True):
        report = reports[session_id]
        assert f'<span class="session-row__score-number">{report["score"]}</span>' in row
        count = report["question_count"]
        assert f"· {count} question{'' if count == 1 else 's'}</p>" in row
        assert re.search(r'<time datetime="[0-9T:-]+Z" data-local>\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC</time>', row)
    assert reports[ongoing]["question_count"] == 1 and "so far" in rows[0] and "so far" not in rows[1]


def test_my_sessions_has_no_chart_before_two_scored_sessions(client: TestClient) -> None:
    start(client)
    assert 'id="trend-title"' not in client.get("/sessions").text


def test_a_persona_file_added_outside_the_app_appears_without_a_restart(
    tmp_path: Path, app_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another instance publishing (or an advisor copying a file in) reaches this instance too."""
    folder = tmp_path / "personas"
    folder.mkdir()
    shutil.copy(ROOT / "personas" / "priya-raman.md", folder)
    client = app_client(Settings(personas_dir=folder, data_dir=tmp_path / "data", secret_key="s", shipped_personas=False))
    assert [p["id"] for p in client.get("/api/personas").json()] == ["priya-raman"]
    session_id = start(client)
    shutil.copy(ROOT / "personas" / "nadia-haddad.md", folder)
    monkeypatch.setattr("practice.web.context.PERSONAS_CHECK_SECONDS", 0.0)
    assert sorted(p["id"] for p in client.get("/api/personas").json()) == ["nadia-haddad", "priya-raman"]
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get started?"}).status_code == 200


def test_my_sessions_scores_each_transcript_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import practice.web.trend as trend

    scored: list[int] = []
    real_score = trend.score

    def counting(persona: Any, turns: Any, **kwargs: Any) -> Any:
        scored.append(len(turns))
        return real_score(persona, turns, **kwargs)

    monkeypatch.setattr(trend, "score", counting)
    first, second = start(client), start(client)
    for session_id in (first, second):
        client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get into this work?"})
    client.get("/sessions")
    client.get("/sessions")
    assert scored == [3, 3]  # once per session, not once per page view
    client.post(f"/api/sessions/{second}/messages", json={"text": "What does a typical week look like?"})
    page = client.get("/sessions").text
    assert scored == [3, 3, 5]  # only the session that grew is scored again
    assert page.count('class="session-row__score-number"') == 2


def test_sqlite_turn_writes_run_on_the_event_loop_and_others_in_a_worker_thread(settings: Settings) -> None:
    """A worker thread would queue for the GIL behind the busy event loop (bench/overhead.py)."""
    import asyncio
    import threading
    from types import SimpleNamespace

    from practice.web.turns import on_store

    async def threads_used(is_sqlite: bool) -> tuple[int, int]:
        context: Any = SimpleNamespace(store=SimpleNamespace(is_sqlite=is_sqlite))
        return threading.get_ident(), await on_store(context, threading.get_ident)

    loop_thread, call_thread = asyncio.run(threads_used(True))
    assert call_thread == loop_thread
    loop_thread, call_thread = asyncio.run(threads_used(False))
    assert call_thread != loop_thread


# ------------------------------------------------------------------ bad input, headers, broken personas


def test_a_lone_surrogate_is_422_and_nothing_is_stored(client: TestClient) -> None:
    session_id = start(client)
    raw = b'{"text": "How did you \\ud800 start?"}'  # valid JSON, but no UTF-8 can hold it
    response = client.post(f"/api/sessions/{session_id}/messages", content=raw, headers={"Content-Type": "application/json"})
    message = assert_error(response, 422, "message_invalid_text")
    assert "U+D800" in message
    # The form route too (the browser without JavaScript).
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    page = client.post(f"/sessions/{session_id}/messages", content=b"text=Hi+%ED%A0%80", headers=form, follow_redirects=False)
    assert page.status_code in (303, 422)
    turns = client.get(f"/api/sessions/{session_id}").json()["turns"]
    assert all("\ud800" not in t["text"] for t in turns)
    if page.status_code == 303:  # the form encoder replaced it: stored repaired, never a 500
        assert turns[-2]["text"].startswith("Hi")
    else:
        assert len(turns) == 1


def test_a_lone_surrogate_anywhere_else_is_never_a_500(client_for: Callable[..., TestClient]) -> None:
    client = client_for(raise_server_exceptions=False)
    raw = b'{"persona_id": "\\udc00"}'
    response = client.post("/api/sessions", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code in (404, 422), response.text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("\x00\x00\x00\x00", "only NUL bytes"),
        ("\u200b\u200b\u200d\ufeff", "only invisible characters"),
        (" \n\t\u3000 ", "nothing but spaces"),
        ("\x1b[2J\x1b[H", "only terminal escape codes"),
    ],
)
def test_empty_looking_messages_are_422_naming_the_problem(client: TestClient, text: str, named: str) -> None:
    session_id = start(client)
    message = assert_error(client.post(f"/api/sessions/{session_id}/messages", json={"text": text}), 422, "message_empty")
    assert named in message
    assert len(client.get(f"/api/sessions/{session_id}").json()["turns"]) == 1


def test_terminal_escape_codes_are_stripped_before_storing(client: TestClient) -> None:
    session_id = start(client)
    sent = client.post(f"/api/sessions/{session_id}/messages", json={"text": "\x1b[31mHow did you\x00 start?\x1b[0m\x07"})
    assert sent.status_code == 200
    assert sent.json()["student"]["text"] == "How did you start?"
    assert client.get(f"/api/sessions/{session_id}/transcript").json()["turns"][1]["text"] == "How did you start?"


def test_a_500_still_carries_the_security_headers(client_for: Callable[..., TestClient]) -> None:
    client = client_for(raise_server_exceptions=False)

    async def broken() -> None:
        raise RuntimeError("secret internals")

    client.app.add_api_route("/api/sessions/broken/x", broken)  # type: ignore[attr-defined]
    client.app.add_api_route("/broken-page", broken)  # type: ignore[attr-defined]
    for path in ("/api/sessions/broken/x", "/broken-page"):
        response = client.get(path)
        assert response.status_code == 500
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
        assert "secret" not in response.text
    assert client.get("/api/sessions/broken/x").headers["cache-control"] == "no-store"


def test_session_and_studio_pages_are_not_cached(client: TestClient) -> None:
    session_id = start(client)
    for path in ("/sessions", f"/sessions/{session_id}", f"/api/sessions/{session_id}", "/api/sessions", "/studio/sign-in"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    client.post(f"/api/sessions/{session_id}/end")
    assert client.get(f"/sessions/{session_id}/report").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/").headers  # the gallery is public
    stream = client.post(f"/api/sessions/{start(client)}/messages", json={"text": "Hi?"}, headers={"Accept": "text/event-stream"})
    assert stream.headers["cache-control"] == "no-store"


@pytest.fixture
def own_personas(tmp_path: Path) -> Path:
    folder = tmp_path / "personas"
    shutil.copytree(ROOT / "personas", folder)
    return folder


def test_a_finished_interview_keeps_its_report_after_its_persona_file_breaks(
    own_personas: Path, settings: Settings, client_for: Callable[..., TestClient]
) -> None:
    ours = replace(settings, personas_dir=own_personas, shipped_personas=False)  # only our copy, which breaks
    client = client_for(settings_=ours)
    session_id = start(client)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get into physical therapy?"})
    client.post(f"/api/sessions/{session_id}/end")
    before = client.get(f"/api/sessions/{session_id}/report").json()
    path = own_personas / f"{PERSONA}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 20", "minutes: thirty").replace("minutes: 25", "minutes: thirty").replace("minutes: 30", "minutes: thirty"), encoding="utf-8")
    assert "thirty" in path.read_text(encoding="utf-8")
    # A fresh app (a restart, or another worker) has only the database's snapshot to go on.
    cookie = client.cookies.get("practice_student")
    later = client_for(settings_=ours)
    later.cookies.set("practice_student", cookie or "")
    assert PERSONA not in [p["id"] for p in later.get("/api/personas").json()]
    report = later.get(f"/api/sessions/{session_id}/report")
    assert report.status_code == 200 and report.json() == before
    session = later.get(f"/api/sessions/{session_id}").json()
    assert f"{PERSONA}.md no longer loads" in session["persona_note"] and "style.minutes" in session["persona_note"]
    page = later.get(f"/sessions/{session_id}/report")
    assert page.status_code == 200 and "no longer loads" in page.text and "as they were when the interview started" in page.text
    assert later.get(f"/api/sessions/{session_id}/report", params={"format": "markdown"}).text.startswith("> The persona file")
    # The app that saw the file load before keeps serving it too (its last loaded version).
    client.app.state.context.personas_checked = 0.0  # type: ignore[attr-defined]
    assert client.get(f"/api/sessions/{session_id}/report").json() == before


def test_a_report_is_scored_once_until_its_session_changes(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from practice.web import turns as web_turns

    scored: list[int] = []
    real = web_turns.score

    def counting(*args: Any, **kwargs: Any) -> Any:
        scored.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(web_turns, "score", counting)
    session_id = start(client)
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "How did you get into physical therapy?"})
    first = client.get(f"/api/sessions/{session_id}/report").json()
    assert client.get(f"/api/sessions/{session_id}/report").json() == first
    assert client.get(f"/sessions/{session_id}/report").status_code == 200
    client.get(f"/api/sessions/{session_id}/report", params={"format": "markdown"})
    assert len(scored) == 1
    client.post(f"/api/sessions/{session_id}/messages", json={"text": "What does a typical week look like?"})
    assert client.get(f"/api/sessions/{session_id}/report").json()["question_count"] == 2
    client.post(f"/api/sessions/{session_id}/end")  # ending reveals the missed insights: a new report
    assert client.get(f"/api/sessions/{session_id}/report").json()["question_count"] == 2
    assert len(scored) == 3


def test_my_sessions_come_a_page_at_a_time(settings: Settings, client_for: Callable[..., TestClient]) -> None:
    client = client_for(settings_=replace(settings, sessions_per_hour=0))
    made = [start(client) for _ in range(120)]
    assert [s["id"] for s in client.get("/api/sessions").json()] == made[::-1][:50]
    assert [s["id"] for s in client.get("/api/sessions", params={"limit": 30, "offset": 100}).json()] == made[::-1][100:]
    assert_error(client.get("/api/sessions", params={"limit": 5000}), 422, "invalid_request")
    first = client.get("/sessions").text
    assert first.count('class="card session-row"') == 50 and "Page 1 of 3" in first and 'href="/sessions?page=2"' in first
    last = client.get("/sessions", params={"page": 3}).text
    assert last.count('class="card session-row"') == 20 and 'href="/sessions?page=2"' in last and "page=4" not in last
    assert client.get("/sessions", params={"page": 99}).text.count('class="card session-row"') == 20  # past the end: the last page


def test_a_question_right_after_the_last_answer_is_refused_then_taken(settings: Settings, client_for: Callable[..., TestClient]) -> None:
    import time

    client = client_for(settings_=replace(settings, question_gap=0.3))
    session_id = start(client)
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": "What skills matter most?"}).status_code == 200
    too_soon = client.post(f"/api/sessions/{session_id}/messages", json={"text": "And what does a typical week look like?"})
    assert too_soon.status_code == 409 and too_soon.json()["error"]["code"] == "one_at_a_time"
    time.sleep(0.35)
    assert client.post(f"/api/sessions/{session_id}/messages", json={"text": "And what does a typical week look like?"}).status_code == 200
    turns = client.get(f"/api/sessions/{session_id}").json()["turns"]
    assert [t["role"] for t in turns] == ["persona", "student", "persona", "student", "persona"]
