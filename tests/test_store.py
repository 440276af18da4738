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


# ------------------------------------------------------------------ limits, sign-ins, snapshots, summaries


def test_limit_wait_is_a_sliding_window_estimate() -> None:
    from practice.store import limit_wait

    # Room left: no wait.
    assert limit_wait(before=3, prev=0, elapsed=0.5, limit=5, window=60) == 0
    # This window is full: wait into the next until this window's weighted share leaves room for one.
    assert limit_wait(before=5, prev=0, elapsed=0.5, limit=5, window=60) == 30 + 12  # (1 - 4/5) of the next
    # The previous window is what is in the way: it shrinks as this one goes by.
    assert limit_wait(before=0, prev=10, elapsed=0.25, limit=5, window=60) == 21  # needs elapsed >= 0.6
    assert limit_wait(before=0, prev=1, elapsed=0.0, limit=1, window=60) == 60
    assert limit_wait(before=0, prev=0, elapsed=0.0, limit=1, window=60) == 0


def test_hits_count_in_the_database_and_refused_ones_do_not(store: Store) -> None:
    start = 6000.0  # the start of a minute
    for n in range(3):
        assert store.hit("k", 60, 3, at=start + n) == 0
    # Into the next minute, until 3 * (1 - elapsed) + 1 <= 3: a third of it (57 s + 20 s, rounded up).
    assert store.hit("k", 60, 3, at=start + 3) == 78
    assert store.hit("k", 60, 3, at=start + 4) == 77  # the refused hit was not counted
    assert store.hit("other", 60, 3, at=start + 4) == 0  # each key its own
    # In the next window the last one's hits weigh by how much of it still overlaps.
    assert store.hit("k", 60, 3, at=start + 60 + 30) == 0  # 3 * 0.5 + 1 <= 3
    assert store.hit("k", 60, 3, at=start + 60 + 31) > 0  # 3 * 0.48 + 2 > 3
    # A second store on the same database (another worker) sees the same counts.
    again = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        assert again.hit("k", 60, 3, at=start + 60 + 31) > 0
    finally:
        again.close()


def test_several_hits_count_together_or_not_at_all(store: Store) -> None:
    assert store.hits([("a", 60, 5), ("b", 60, 1)], at=60.0) is None
    refused = store.hits([("a", 60, 5), ("b", 60, 1)], at=61.0)
    assert refused is not None and refused[0] == "b"
    # "a" was not counted by the refused pair: four more fit.
    assert all(store.hit("a", 60, 5, at=62.0) == 0 for _ in range(4))
    assert store.hit("a", 60, 5, at=62.0) > 0


def test_expired_counters_are_swept(store: Store) -> None:
    store.hit("old", 60, 5, at=1000.0)
    store._swept = 0.0
    store.hit("new", 60, 5, at=10_000.0)
    with store.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT key FROM rate_limits"))] == ["new"]


def test_sign_in_attempts_count_per_key_wait_and_are_forgotten(store: Store) -> None:
    def delay(failures: int) -> float:
        return 10.0 if failures >= 2 else 0.0

    keys = ["address:a", "name:n"]
    assert store.sign_in_attempt(keys, 100.0, 0.0, delay) == 0
    assert store.sign_in_attempt(keys, 101.0, 1.0, delay) == 0  # one failure before: no delay yet
    assert store.sign_in_attempt(keys, 102.0, 2.0, delay) == 9  # two before: 10 s after the last, at 101
    assert store.sign_in_attempt(keys, 105.0, 5.0, delay) == 6  # the refused ones were not counted
    assert store.sign_in_attempt(["name:n"], 111.0, 11.0, delay) == 0  # waited: counted (three now)
    assert store.sign_in_attempt(keys, 112.0, 12.0, delay) == 9  # the name's wait holds back the pair
    assert store.sign_in_attempt(["address:a"], 5000.0, 4000.0, delay) == 0  # forgotten: starts again
    assert store.sign_in_attempt(["address:a"], 5001.0, 4001.0, delay) == 0
    store.sign_in_succeeded(keys)
    assert store.sign_in_attempt(keys, 5002.0, 4002.0, delay) == 0  # forgiven on success


def test_advisor_sign_ins_are_listed_and_ended(store: Store) -> None:
    from practice.store import AdvisorSignIn

    store.add_advisor_sign_in(AdvisorSignIn("s1", "ana", "c1", "10.0.0.1", "2026-01-01T00:00:00.000000Z", "2999-01-01T00:00:00.000000Z", None))
    store.add_advisor_sign_in(AdvisorSignIn("s2", "ben", "c2", "10.0.0.2", "2026-01-02T00:00:00.000000Z", "2000-01-01T00:00:00.000000Z", None))
    assert [s.id for s in store.advisor_sign_ins()] == ["s1"]  # s2 has expired
    found = store.advisor_sign_in("s1")
    assert found is not None and found.name == "ana" and found.csrf == "c1" and found.ended_at is None
    assert store.end_advisor_sign_in("s1") is True
    assert store.end_advisor_sign_in("s1") is False
    ended = store.advisor_sign_in("s1")
    assert ended is not None and ended.ended_at is not None
    assert store.advisor_sign_ins() == []


def test_a_persona_snapshot_is_stored_once_per_version(store: Store) -> None:
    first, _ = store.create_session("a", "priya-raman", "Hi", snapshot=("v1", '{"id": "priya-raman"}'))
    second, _ = store.create_session("b", "priya-raman", "Hi", snapshot=("v1", '{"id": "priya-raman"}'))
    assert store.session(first.id) == first and first.persona_snapshot == second.persona_snapshot == "v1"
    assert store.persona_snapshot("v1") == '{"id": "priya-raman"}'
    assert store.persona_snapshot("v2") is None
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM persona_snapshots")).scalar() == 1


def test_sessions_page_and_turn_versions_change_with_every_turn(store: Store) -> None:
    made = [store.create_session("me", "priya-raman", "Hi")[0] for _ in range(5)]
    store.create_session("someone-else", "priya-raman", "Hi")
    newest_first = [s.id for s in store.sessions_of("me")]
    assert newest_first == [s.id for s in reversed(made)]
    assert [s.id for s in store.sessions_of("me", 2, 2)] == newest_first[2:4]
    assert store.count_sessions_of("me") == 5
    before = store.turn_versions([made[0].id])[made[0].id]
    store.add_turn(made[0].id, question("How did you start?"))
    after = store.turn_versions([made[0].id])[made[0].id]
    assert before[:2] == ("priya-raman", 1) and after[1] == 2 and after[2] > before[2]
    assert store.turn_versions([]) == {}
    assert set(store.turn_versions()) == {s.id for s in made} | {store.sessions_of("someone-else")[0].id}
    store.save_session_summaries({made[0].id: ("v", "{}")})
    store.save_session_summaries({made[0].id: ("w", '{"questions": 0}')})
    assert store.session_summaries() == {made[0].id: ("w", '{"questions": 0}')}
