"""Storage: migrations, turns round-trip with their analyses, replies replaced, nothing lost on a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import IntegrityError

from practice.engines.base import Usage
from practice.questions import analyze
from practice.settings import Settings
from practice.store import MIGRATIONS, Store, database_url
from practice.transcript import Turn

# PostgreSQL runs too when a test database is given (it is emptied first), e.g.
# PRACTICE_TEST_POSTGRES_URL=postgresql+psycopg://practice:practice@127.0.0.1/practice_test
POSTGRES_URL = os.environ.get("PRACTICE_TEST_POSTGRES_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("set PRACTICE_TEST_POSTGRES_URL to a scratch PostgreSQL database to run the store tests there too")
        _empty(POSTGRES_URL)
        settings = replace(settings, database_url=POSTGRES_URL)
    opened = Store.open(settings)
    yield opened
    opened.close()


def _empty(url: str) -> None:
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()


def question(text: str) -> Turn:
    return Turn(role="student", text=text, analysis=analyze(text), topics=analyze(text).topics)


def test_migrations_run_once_and_record_the_version(store: Store) -> None:
    assert store.schema_version() == len(MIGRATIONS)
    again = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        assert again.migrate() == len(MIGRATIONS)
    finally:
        again.close()


def test_sqlite_runs_in_wal_mode(settings: Settings, store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("WAL is SQLite's")
    store.create_session("student", "priya-raman", "Hi")
    with sqlite3.connect(Path(settings.data_dir) / "practice.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_turns_round_trip_with_their_analysis(store: Store) -> None:
    session, greeting = store.create_session("student", "priya-raman", "Hi, I'm Priya.")
    assert (greeting.seq, greeting.role, greeting.text) == (0, "persona", "Hi, I'm Priya.")
    asked = store.add_turn(session.id, question("Do you like your job?"))
    store.add_turn(session.id, Turn(role="persona", text="I do.", unlocked=["first-insight"]))
    loaded = store.turns(session.id)
    assert [t.seq for t in loaded] == [0, 1, 2]
    assert loaded[1] == asked
    assert loaded[1].analysis == analyze("Do you like your job?")
    assert loaded[2].unlocked == ["first-insight"]
    assert loaded[1].to_turn().analysis == analyze("Do you like your job?")


def test_usage_round_trips_with_whether_it_was_estimated(store: Store) -> None:
    session, _ = store.create_session("student", "priya-raman", "Hi")
    asked = store.add_turn(session.id, question("How did you start?"))
    measured = Usage("openai/gpt-4o-mini", 900, 40, 0.0002)
    guessed = Usage("openai/gpt-4o-mini", 880, 12, None, estimated=True)
    store.add_turn(session.id, Turn(role="persona", text="Well, it"), partial=True, usage=guessed)
    assert store.turns(session.id)[-1].usage == guessed
    store.replace_reply(session.id, asked.seq, Turn(role="persona", text="Well, it began in college."), usage=measured)
    assert store.turns(session.id)[-1].usage == measured


def test_replace_reply_swaps_a_partial_reply_for_a_full_one(store: Store) -> None:
    session, _ = store.create_session("student", "priya-raman", "Hi")
    asked = store.add_turn(session.id, question("How did you start?"))
    store.add_turn(session.id, Turn(role="persona", text="Well, it"), partial=True)
    full = store.replace_reply(session.id, asked.seq, Turn(role="persona", text="Well, it began in college."))
    assert [(t.text, t.partial) for t in store.turns(session.id)][1:] == [("How did you start?", False), ("Well, it began in college.", False)]
    assert full.seq == asked.seq + 1


def test_a_turn_placed_after_a_stale_read_loses_the_race(store: Store) -> None:
    session, greeting = store.create_session("student", "priya-raman", "Hi")
    first = store.add_turn(session.id, question("How did you start?"), after=greeting.seq)
    assert first.seq == 1
    with pytest.raises(IntegrityError):  # a second writer that read the session before the first wrote
        store.add_turn(session.id, question("What do you do all day?"), after=greeting.seq)
    found, turns = store.session_with_turns(session.id)
    assert found == session and [t.text for t in turns] == ["Hi", "How did you start?"]
    assert store.session_with_turns("no-such-session") == (None, [])


def test_two_turns_cannot_take_the_same_place(store: Store) -> None:
    session, _ = store.create_session("student", "priya-raman", "Hi")
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO turns (id, session_id, seq, role, text, created_at) VALUES ('x', :session, 1, 'student', 'a', 'now')"),
            {"session": session.id},
        )
    with pytest.raises(IntegrityError):
        store.replace_reply(session.id, 0, Turn(role="student", text="b"))  # seq 1 again (not a persona row to replace)


def test_sessions_are_per_student_newest_first_and_end_once(store: Store) -> None:
    first, _ = store.create_session("ann", "priya-raman", "Hi")
    second, _ = store.create_session("ann", "marcus-bell", "Hello")
    store.create_session("bob", "priya-raman", "Hi")
    assert [s.id for s in store.sessions_of("ann")] == [second.id, first.id]
    ended = store.end_session(first.id)
    assert ended.ended
    assert store.end_session(first.id).ended_at == ended.ended_at
    assert store.question_counts([first.id, second.id]) == {}


def test_a_killed_process_keeps_every_committed_turn(settings: Settings, tmp_path: Path) -> None:
    url = database_url(settings)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    script = f"""
import os, signal
from practice.store import Store
from practice.transcript import Turn
store = Store({url!r})
session, _ = store.create_session("student", "priya-raman", "Hi")
store.add_turn(session.id, Turn(role="student", text="What is a typical day like?"))
print(session.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert run.returncode == -signal.SIGKILL, run.stderr
    session_id = run.stdout.strip()
    store = Store(url)
    try:
        assert [t.text for t in store.turns(session_id)] == ["Hi", "What is a typical day like?"]
    finally:
        store.close()
