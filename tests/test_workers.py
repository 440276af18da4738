"""Several workers (or instances) on one database: one engine per question, marks that lapse, personas that reach all.

Each "worker" here is an app built by create_app on the same settings: its own store connection
pool and its own memory, like a process of `practice serve --workers N`. The last test runs the
real thing (bench/workers.py). SQLite always; PostgreSQL too when PRACTICE_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store import POSTGRES_URL, _empty

from practice.engines.base import ReplyRequest
from practice.personas import load_persona
from practice.settings import ROOT, Settings
from practice.store import MIGRATIONS, Store, database_url
from practice.studio.publish import publish
from practice.web import turns
from practice.web.app import create_app
from practice.web.context import AppContext
from practice.web.problems import WebProblem

PERSONA = "priya-raman"
STUDENT = "student-1"


class BreakingEngine:
    """Says a few words, then fails like a dropped upstream connection."""

    name = "breaking"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        yield "I started "
        raise ConnectionError("upstream went away")


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings every worker of a test shares: one database."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("set PRACTICE_TEST_POSTGRES_URL to a scratch PostgreSQL database to run the worker tests there too")
        _empty(POSTGRES_URL)
        return replace(settings, database_url=POSTGRES_URL)
    return settings


@pytest.fixture
def workers(shared: Settings) -> Iterator[Callable[..., AppContext]]:
    made: list[AppContext] = []

    def worker(engine: object = None) -> AppContext:
        context: AppContext = create_app(shared, engine=engine).state.context  # type: ignore[arg-type]
        made.append(context)
        return context

    yield worker
    for context in made:
        context.store.close()


async def _started(context: AppContext) -> str:
    record, _greeting = await turns.start(context, STUDENT, PERSONA)
    return record.id


async def _answer(context: AppContext, pending: turns.PendingReply) -> list[turns.ReplyEvent]:
    return [event async for event in turns.reply(context, pending)]


def _problem(call: object) -> WebProblem:
    with pytest.raises(WebProblem) as info:
        asyncio.run(call)  # type: ignore[arg-type]
    return info.value


def test_a_question_being_answered_on_one_worker_is_not_answered_again_on_another(workers: Callable[..., AppContext]) -> None:
    a, b = workers(), workers()
    session = asyncio.run(_started(a))
    pending = asyncio.run(turns.ask(a, STUDENT, session, "How did you get started in physical therapy?"))
    # The mark was stored with the question: worker b sees it, though it never saw the question.
    refused = _problem(turns.retry(b, STUDENT, session))
    assert (refused.status, refused.code) == (409, "reply_in_progress")
    refused = _problem(turns.ask(b, STUDENT, session, "And what does a typical week look like?"))
    assert (refused.status, refused.code) == (409, "reply_pending")
    events = asyncio.run(_answer(a, pending))
    assert isinstance(events[-1], turns.Done)
    assert a.store.reply_mark(session, pending.student.seq) is None  # cleared with the stored reply
    refused = _problem(turns.retry(b, STUDENT, session))
    assert refused.code == "nothing_to_retry"
    assert [t.role for t in b.store.turns(session)] == ["persona", "student", "persona"]


def test_a_killed_workers_mark_lapses_and_another_worker_answers(workers: Callable[..., AppContext], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "REPLY_MARK_SECONDS", 0.3)
    a, b = workers(), workers()
    session = asyncio.run(_started(a))
    # Worker a stores the question and dies before its engine says a word.
    asyncio.run(turns.ask(a, STUDENT, session, "How did you get started in physical therapy?"))
    assert _problem(turns.retry(b, STUDENT, session)).code == "reply_in_progress"
    time.sleep(0.4)
    pending = asyncio.run(turns.retry(b, STUDENT, session))
    events = asyncio.run(_answer(b, pending))
    assert isinstance(events[-1], turns.Done)
    assert [t.role for t in a.store.turns(session)] == ["persona", "student", "persona"]


def test_a_long_reply_keeps_its_mark(workers: Callable[..., AppContext], monkeypatch: pytest.MonkeyPatch) -> None:
    """A reply slower than the mark's lifetime renews it, so no other worker starts a second engine meanwhile."""
    monkeypatch.setattr(turns, "REPLY_MARK_SECONDS", 0.3)
    monkeypatch.setattr(turns, "RENEW_MARK_SECONDS", 0.1)
    refusals: list[str] = []

    class SlowEngine:
        name = "slow"

        async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
            for word in ("I ", "started ", "in ", "a ", "clinic."):
                await asyncio.sleep(0.2)
                try:
                    await turns.retry(b, STUDENT, session)
                    refusals.append("accepted")
                except WebProblem as exc:
                    refusals.append(exc.code)
                yield word

    a, b = workers(SlowEngine()), workers()
    session = asyncio.run(_started(a))

    async def ask_and_answer() -> list[turns.ReplyEvent]:
        pending = await turns.ask(a, STUDENT, session, "How did you get started in physical therapy?")
        return await _answer(a, pending)

    events = asyncio.run(ask_and_answer())
    assert isinstance(events[-1], turns.Done) and events[-1].persona.text == "I started in a clinic."
    assert refusals == ["reply_in_progress"] * 5  # a full second, over three lifetimes of the mark


def test_retries_at_once_on_two_workers_run_one_engine(workers: Callable[..., AppContext]) -> None:
    a, b, c = workers(BreakingEngine()), workers(), workers()
    session = asyncio.run(_started(a))
    pending = asyncio.run(turns.ask(a, STUDENT, session, "How did you get started in physical therapy?"))
    events = asyncio.run(_answer(a, pending))
    assert isinstance(events[-1], turns.Failed)  # the partial reply is stored and the mark let go
    results: list[str] = []
    gate = threading.Barrier(2)

    def retry(context: AppContext) -> None:
        gate.wait()
        try:
            asyncio.run(turns.retry(context, STUDENT, session))
            results.append("claimed")
        except WebProblem as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=retry, args=(w,)) for w in (b, c)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["claimed", "reply_in_progress"]


def test_copies_of_a_message_sent_at_once_are_asked_once(workers: Callable[..., AppContext]) -> None:
    a, b = workers(), workers()
    session = asyncio.run(_started(a))
    text = "How did you get started in physical therapy?"
    first = asyncio.run(turns.ask(a, STUDENT, session, text))
    asyncio.run(_answer(a, first))
    # The reply is already stored when the copy reaches the other worker: still a double submit.
    refused = _problem(turns.ask(b, STUDENT, session, text))
    assert (refused.status, refused.code) == (409, "message_repeated")
    # A different question is a new question.
    second = asyncio.run(turns.ask(b, STUDENT, session, "What does a typical week look like?"))
    assert second.student.seq == 3


def test_asking_again_after_a_reply_was_cut_off_is_not_a_double_submit(workers: Callable[..., AppContext]) -> None:
    a = workers(BreakingEngine())
    session = asyncio.run(_started(a))
    text = "How did you get started in physical therapy?"
    assert isinstance(asyncio.run(_answer(a, asyncio.run(turns.ask(a, STUDENT, session, text))))[-1], turns.Failed)
    assert asyncio.run(turns.ask(a, STUDENT, session, text)).student.seq == 3


def test_workers_starting_at_once_migrate_once(shared: Settings) -> None:
    if not shared.database_url:
        Path(shared.data_dir).mkdir(parents=True, exist_ok=True)
    url = database_url(shared)
    gate = threading.Barrier(6)
    versions: list[int] = []
    failures: list[BaseException] = []

    def start() -> None:
        gate.wait()
        try:
            store = Store(url)
        except BaseException as exc:
            failures.append(exc)
            return
        versions.append(store.schema_version())
        store.close()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert versions == [len(MIGRATIONS)] * 6
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM schema_version").scalar() == 1
    finally:
        store.close()


def test_a_persona_published_through_one_worker_reaches_the_others_at_their_next_request(
    tmp_path: Path, app_client: Callable[..., TestClient]
) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    shutil.copy(ROOT / "personas" / f"{PERSONA}.md", folder)
    settings = Settings(personas_dir=folder, data_dir=tmp_path / "data", secret_key="s", shipped_personas=False)
    a, b = app_client(settings), app_client(settings)
    assert [p["id"] for p in b.get("/api/personas").json()] == [PERSONA]
    # Published as the studio does (an atomic replace in the folder), by worker a's process.
    publish(folder, load_persona(ROOT / "personas" / "nadia-haddad.md"))
    # No waiting for the two-second listing: the folder's own mtime moved.
    assert sorted(p["id"] for p in b.get("/api/personas").json()) == ["nadia-haddad", PERSONA]
    assert sorted(p["id"] for p in a.get("/api/personas").json()) == ["nadia-haddad", PERSONA]


def test_practice_serve_with_two_workers(shared: Settings, tmp_path: Path) -> None:
    """The real thing: `practice serve --workers 2`, 10 interviews at once, and bursts of 20 messages at one session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_") or k.startswith("PRACTICE_TEST_")}
    if shared.database_url:
        env["PRACTICE_DATABASE_URL"] = shared.database_url
    practice = Path(sys.executable).with_name("practice")
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "workers.py"), "--interviews", "10", "--practice", str(practice)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "10 interviews at once, 60 replies" in run.stdout and ": 0 errors" in run.stdout
    assert "20 copies of one message at once to one session: 1 accepted" in run.stdout
    assert "20 different messages at once to one session: 1 accepted" in run.stdout
