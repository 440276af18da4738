"""Sessions and their turns on disk: SQLite by default, PostgreSQL by URL.

Every write is its own committed transaction, so killing the server at any moment
loses no turn that was stored. The schema grows by numbered migrations only, applied under a
lock, so several workers or instances starting at once migrate it once.

A question whose reply is being written carries a mark (`reply_until`) that expires: set with
the question, claimed by a retry only once it lapsed or was cleared, renewed while the reply
streams and cleared when it is stored. Any number of processes on one database therefore run
one engine per question, and a worker killed mid-reply lets its question go when the mark lapses.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from practice.engines.base import Usage
from practice.questions import Analysis
from practice.settings import Settings
from practice.transcript import Role, Turn

# Each migration runs once, in order, in one transaction; never edit a released one, add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id VARCHAR(32) PRIMARY KEY,
            student_id VARCHAR(64) NOT NULL,
            persona_id VARCHAR(64) NOT NULL,
            created_at VARCHAR(40) NOT NULL,
            ended_at VARCHAR(40)
        )""",
        "CREATE INDEX sessions_by_student ON sessions (student_id, created_at)",
        """CREATE TABLE turns (
            id VARCHAR(32) PRIMARY KEY,
            session_id VARCHAR(32) NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            role VARCHAR(16) NOT NULL,
            text TEXT NOT NULL,
            analysis_json TEXT,
            topics_json TEXT NOT NULL DEFAULT '[]',
            unlocked_json TEXT NOT NULL DEFAULT '[]',
            partial BOOLEAN NOT NULL DEFAULT FALSE,
            created_at VARCHAR(40) NOT NULL,
            UNIQUE (session_id, seq)
        )""",
    ),
    # 2: what a model reply took (tokens, price, which model) and a notice shown with it.
    (
        "ALTER TABLE turns ADD COLUMN notice TEXT",
        "ALTER TABLE turns ADD COLUMN model VARCHAR(200)",
        "ALTER TABLE turns ADD COLUMN tokens_in INTEGER",
        "ALTER TABLE turns ADD COLUMN tokens_out INTEGER",
        "ALTER TABLE turns ADD COLUMN cost FLOAT",
    ),
    # 3: usage we estimated because the provider reported none (a cut-off reply, for one).
    ("ALTER TABLE turns ADD COLUMN tokens_estimated BOOLEAN NOT NULL DEFAULT FALSE",),
    # 4: a student turn's reply is being written until this UTC time (see the module's docstring).
    ("ALTER TABLE turns ADD COLUMN reply_until VARCHAR(40)",),
    # 5: abuse limits every worker and instance shares: sliding-window counters (two fixed windows,
    # the previous one weighted), failed advisor sign-ins, and advisor sign-ins kept server-side.
    (
        """CREATE TABLE rate_limits (
            key VARCHAR(120) PRIMARY KEY,
            slot INTEGER NOT NULL,
            hits INTEGER NOT NULL,
            prev_hits INTEGER NOT NULL,
            expires_at FLOAT NOT NULL
        )""",
        """CREATE TABLE sign_in_failures (
            key VARCHAR(120) PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_at FLOAT NOT NULL,
            prev_at FLOAT NOT NULL
        )""",
        """CREATE TABLE advisor_sign_ins (
            id VARCHAR(64) PRIMARY KEY,
            name VARCHAR(64) NOT NULL,
            csrf VARCHAR(64) NOT NULL,
            address VARCHAR(64) NOT NULL,
            created_at VARCHAR(40) NOT NULL,
            expires_at VARCHAR(40) NOT NULL,
            ended_at VARCHAR(40)
        )""",
    ),
    # 6: the persona as it was when a session started, so a persona file broken later (or removed)
    # does not take its students' interviews with it. Shared by every session of that version.
    (
        """CREATE TABLE persona_snapshots (
            id VARCHAR(64) PRIMARY KEY,
            persona_id VARCHAR(64) NOT NULL,
            persona_json TEXT NOT NULL,
            created_at VARCHAR(40) NOT NULL
        )""",
        "ALTER TABLE sessions ADD COLUMN persona_snapshot VARCHAR(64)",
    ),
    # 7: each session's contribution to the advisor dashboard, kept until the session (or its persona) changes.
    (
        """CREATE TABLE session_summaries (
            session_id VARCHAR(32) PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            version VARCHAR(120) NOT NULL,
            summary_json TEXT NOT NULL
        )""",
    ),
)
# Held while migrating, on PostgreSQL (an advisory lock's key: any fixed number of ours).
_MIGRATION_LOCK = 7_204_512_019

_meta = sa.MetaData()
_sessions = sa.Table(
    "sessions",
    _meta,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("student_id", sa.String(64)),
    sa.Column("persona_id", sa.String(64)),
    sa.Column("created_at", sa.String(40)),
    sa.Column("ended_at", sa.String(40)),
    sa.Column("persona_snapshot", sa.String(64)),
)
_turns = sa.Table(
    "turns",
    _meta,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("session_id", sa.String(32)),
    sa.Column("seq", sa.Integer),
    sa.Column("role", sa.String(16)),
    sa.Column("text", sa.Text),
    sa.Column("analysis_json", sa.Text),
    sa.Column("topics_json", sa.Text),
    sa.Column("unlocked_json", sa.Text),
    sa.Column("partial", sa.Boolean),
    sa.Column("notice", sa.Text),
    sa.Column("model", sa.String(200)),
    sa.Column("tokens_in", sa.Integer),
    sa.Column("tokens_out", sa.Integer),
    sa.Column("cost", sa.Float),
    sa.Column("tokens_estimated", sa.Boolean),
    sa.Column("created_at", sa.String(40)),
    sa.Column("reply_until", sa.String(40)),
)

# The statements of an interview turn, built once. A statement built per call costs SQLAlchemy a
# fresh cache key and a coercion per column each time: half the CPU of storing a turn.
_SESSION = _sessions.select().where(_sessions.c.id == sa.bindparam("session_id"))
# A turn's columns in the order `_turn` unpacks them.
_TURN_COLUMNS = ("id", "session_id", "seq", "role", "text", "analysis_json", "topics_json", "unlocked_json", "partial",
                 "notice", "model", "tokens_in", "tokens_out", "cost", "tokens_estimated", "created_at")  # fmt: skip
_TURNS = (
    sa.select(*(_turns.c[name] for name in _TURN_COLUMNS))
    .where(_turns.c.session_id == sa.bindparam("session_id"))
    .order_by(_turns.c.seq)
)
_LAST_SEQ = sa.select(sa.func.max(_turns.c.seq)).where(_turns.c.session_id == sa.bindparam("session_id"))
_INSERT_TURN = _turns.insert()
_DROP_REPLIES_AFTER = _turns.delete().where(
    _turns.c.session_id == sa.bindparam("session_id"), _turns.c.seq > sa.bindparam("after_seq"), _turns.c.role == "persona"
)
# (Bound names differ from the columns': an UPDATE reserves the column names for its SET clause.)
_THE_QUESTION = (_turns.c.session_id == sa.bindparam("of_session"), _turns.c.seq == sa.bindparam("at_seq"), _turns.c.role == "student")
_CLAIM_REPLY = (
    _turns.update()
    .where(*_THE_QUESTION, sa.or_(_turns.c.reply_until.is_(None), _turns.c.reply_until < sa.bindparam("now")))
    .values(reply_until=sa.bindparam("until"))
)
_RENEW_REPLY = _turns.update().where(*_THE_QUESTION, _turns.c.reply_until.is_not(None)).values(reply_until=sa.bindparam("until"))
_RELEASE_REPLY = _turns.update().where(*_THE_QUESTION).values(reply_until=None)

# One statement per limit check: count this hit in the current window, rolling the window over
# (the old count becomes the previous window's) when it has passed. Every SET reads the old row.
_HIT = sa.text(
    """INSERT INTO rate_limits (key, slot, hits, prev_hits, expires_at) VALUES (:key, :slot, 1, 0, :expires)
    ON CONFLICT (key) DO UPDATE SET
        prev_hits = CASE WHEN rate_limits.slot = :slot THEN rate_limits.prev_hits
                         WHEN rate_limits.slot = :prev_slot THEN rate_limits.hits ELSE 0 END,
        hits = CASE WHEN rate_limits.slot = :slot THEN rate_limits.hits + 1 ELSE 1 END,
        slot = :slot,
        expires_at = :expires
    RETURNING hits, prev_hits"""
)
# An attempt is counted before its credentials are checked (and forgiven when they match), so
# parallel guesses cannot all slip in before the first failure lands. RETURNING gives the count
# with this attempt and when the one before it was, from which the wait follows.
_SIGN_IN_ATTEMPT = sa.text(
    """INSERT INTO sign_in_failures (key, failures, last_at, prev_at) VALUES (:key, 1, :now, 0)
    ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN sign_in_failures.last_at < :forget THEN 1 ELSE sign_in_failures.failures + 1 END,
        prev_at = CASE WHEN sign_in_failures.last_at < :forget THEN 0 ELSE sign_in_failures.last_at END,
        last_at = :now
    RETURNING failures, prev_at"""
)
_CLEAR_SIGN_IN_FAILURES = sa.text("DELETE FROM sign_in_failures WHERE key IN :keys").bindparams(sa.bindparam("keys", expanding=True))
# Expired counters are swept at most this often per process; a stale row is harmless meanwhile.
SWEEP_SECONDS = 600.0


def now(later: float = 0.0) -> str:
    """UTC timestamps as fixed-width ISO text (`later` seconds from now): they sort as they compare, in any database."""
    moment = datetime.now(UTC)
    if later:
        moment += timedelta(seconds=later)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class SessionRecord:
    id: str
    student_id: str
    persona_id: str
    created_at: str
    ended_at: str | None
    persona_snapshot: str | None = None  # id of the persona as it was at the start (None: older sessions)

    @property
    def ended(self) -> bool:
        return self.ended_at is not None


@dataclass(frozen=True)
class AdvisorSignIn:
    """One advisor sign-in, kept server-side so that signing out (or ending it from the list) revokes it."""

    id: str  # a hash of the secret in the cookie, never the secret itself
    name: str
    csrf: str
    address: str
    created_at: str
    expires_at: str
    ended_at: str | None

    def active(self, at: str) -> bool:
        return self.ended_at is None and self.expires_at > at


@dataclass(frozen=True)
class TurnRecord:
    id: str
    session_id: str
    seq: int
    role: Role
    text: str
    created_at: str
    analysis: Analysis | None = None
    topics: list[str] = field(default_factory=list)
    unlocked: list[str] = field(default_factory=list)
    partial: bool = False
    notice: str | None = None  # persona turns: a line for the student, e.g. that the AI service is down
    usage: Usage | None = None  # persona turns played by a model

    def to_turn(self) -> Turn:
        return Turn(role=self.role, text=self.text, analysis=self.analysis, topics=list(self.topics), unlocked=list(self.unlocked))


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.data_dir) / 'practice.sqlite3'}"


class Store:
    """The one door to the database; every method commits before it returns."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # SQLite takes one writer at a time: writers of this process queue here instead of in
        # SQLite's busy handler, which sleeps in steps of milliseconds. (Other processes still
        # meet the busy timeout.) PostgreSQL needs no such queue.
        self._write_lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None
        self._swept = 0.0  # when expired limit counters were last deleted (time.time())
        if self.is_sqlite:
            # A connection for each of the web app's worker threads (anyio runs 40), kept open: a
            # pooled connection beyond the pool's size is opened and closed for each use.
            self.engine = sa.create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=40, max_overflow=10
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True)
        self.migrate()

    @classmethod
    def open(cls, settings: Settings) -> Store:
        if not settings.database_url:
            Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        return cls(database_url(settings))

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ schema

    def migrate(self) -> int:
        """Apply the migrations this database has not seen; return the schema version.

        One transaction under a lock (SQLite's write lock taken up front; a PostgreSQL advisory
        lock): workers and instances starting together wait for the first, then find nothing to do.
        Both databases roll DDL back with the transaction, so a failed migration leaves no half.
        """
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            else:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            conn.execute(sa.text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
            version = int(conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar() or 0)
            for number, steps in enumerate(MIGRATIONS, start=1):
                if number <= version:
                    continue
                for step in steps:
                    conn.execute(sa.text(step))
                version = number
            conn.execute(sa.text("DELETE FROM schema_version"))
            conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
            conn.commit()
        return version

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar()
        return int(found or 0)

    # ------------------------------------------------------------------ sessions

    def create_session(
        self, student_id: str, persona_id: str, greeting: str, snapshot: tuple[str, str] | None = None
    ) -> tuple[SessionRecord, TurnRecord]:
        """A new session, with the persona's greeting as its first turn; `snapshot` is the persona as it
        is now, (id, JSON), stored once per version and named by the session."""
        session = SessionRecord(uuid.uuid4().hex, student_id, persona_id, now(), None, snapshot[0] if snapshot else None)
        with self._transaction() as conn:
            if snapshot is not None:
                conn.execute(
                    sa.text(
                        "INSERT INTO persona_snapshots (id, persona_id, persona_json, created_at) VALUES (:id, :persona_id, :json, :at)"
                        " ON CONFLICT (id) DO NOTHING"
                    ),
                    {"id": snapshot[0], "persona_id": persona_id, "json": snapshot[1], "at": session.created_at},
                )
            conn.execute(
                _sessions.insert().values(
                    id=session.id,
                    student_id=student_id,
                    persona_id=persona_id,
                    created_at=session.created_at,
                    persona_snapshot=session.persona_snapshot,
                )
            )
            greeting_turn = self._insert_turn(conn, session.id, 0, Turn(role="persona", text=greeting), partial=False)
        return session, greeting_turn

    def session_with_turns(self, session_id: str) -> tuple[SessionRecord | None, list[TurnRecord]]:
        """A session and its turns, read on one connection (the first step of every reply)."""
        with self.engine.connect() as conn:
            row = conn.execute(_SESSION, {"session_id": session_id}).first()
            if row is None:
                return None, []
            return _session(row), _read_turns(conn, session_id)

    def session(self, session_id: str) -> SessionRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(_SESSION, {"session_id": session_id}).first()
        return _session(row) if row is not None else None

    def persona_snapshot(self, snapshot_id: str) -> str | None:
        """The persona JSON a session started with."""
        with self.engine.connect() as conn:
            found = conn.execute(sa.text("SELECT persona_json FROM persona_snapshots WHERE id = :id"), {"id": snapshot_id}).scalar()
        return str(found) if found is not None else None

    def sessions_of(self, student_id: str, limit: int | None = None, offset: int = 0) -> list[SessionRecord]:
        """A student's sessions, newest first; a page of them with `limit` and `offset`."""
        query = (
            _sessions.select()
            .where(_sessions.c.student_id == student_id)
            .order_by(_sessions.c.created_at.desc(), _sessions.c.id.desc())
            .limit(limit)
            .offset(offset or None)
        )
        with self.engine.connect() as conn:
            return [_session(row) for row in conn.execute(query)]

    def count_sessions_of(self, student_id: str) -> int:
        query = sa.select(sa.func.count()).select_from(_sessions).where(_sessions.c.student_id == student_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def turn_versions(self, session_ids: list[str] | None = None) -> dict[str, tuple[str, int, str]]:
        """session id -> (persona id, number of turns, time of the newest turn): changes whenever a
        turn is added or a reply replaced, so cached work on a session knows when it is stale."""
        query = (
            sa.select(_sessions.c.id, _sessions.c.persona_id, sa.func.count(_turns.c.id), sa.func.max(_turns.c.created_at))
            .join(_turns, _turns.c.session_id == _sessions.c.id)
            .group_by(_sessions.c.id, _sessions.c.persona_id)
        )
        if session_ids is not None:
            if not session_ids:
                return {}
            query = query.where(_sessions.c.id.in_(session_ids))
        with self.engine.connect() as conn:
            return {row[0]: (row[1], int(row[2]), str(row[3])) for row in conn.execute(query)}

    def session_summaries(self) -> dict[str, tuple[str, str]]:
        """session id -> (version, summary JSON) of every summary the dashboard stored."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT session_id, version, summary_json FROM session_summaries"))
            return {row[0]: (row[1], row[2]) for row in rows}

    def save_session_summaries(self, summaries: dict[str, tuple[str, str]]) -> None:
        if not summaries:
            return
        statement = sa.text(
            "INSERT INTO session_summaries (session_id, version, summary_json) VALUES (:id, :version, :json)"
            " ON CONFLICT (session_id) DO UPDATE SET version = :version, summary_json = :json"
        )
        with self._transaction() as conn:
            conn.execute(statement, [{"id": k, "version": v, "json": j} for k, (v, j) in summaries.items()])

    def sessions_with_persona(self, persona_id: str) -> list[SessionRecord]:
        """Every student's sessions with one persona, oldest first (the advisor dashboard aggregates them)."""
        query = _sessions.select().where(_sessions.c.persona_id == persona_id).order_by(_sessions.c.created_at)
        with self.engine.connect() as conn:
            return [_session(row) for row in conn.execute(query)]

    def question_counts(self, session_ids: list[str]) -> dict[str, int]:
        if not session_ids:
            return {}
        """Questions per session, as every page counts them: student turns the analyzer coded open or closed
        (greetings, thanks and remarks are not questions)."""
        not_a_question = '"form": "not_a_question"'
        query = (
            sa.select(_turns.c.session_id, sa.func.count())
            .where(
                _turns.c.session_id.in_(session_ids),
                _turns.c.role == "student",
                _turns.c.analysis_json.is_not(None),
                _turns.c.analysis_json.not_like(f"%{not_a_question}%"),
            )
            .group_by(_turns.c.session_id)
        )
        with self.engine.connect() as conn:
            return {row[0]: int(row[1]) for row in conn.execute(query)}

    def end_session(self, session_id: str) -> SessionRecord:
        with self._transaction() as conn:
            conn.execute(
                _sessions.update().where(_sessions.c.id == session_id, _sessions.c.ended_at.is_(None)).values(ended_at=now())
            )
        found = self.session(session_id)
        assert found is not None
        return found

    # ------------------------------------------------------------------ turns

    def turns(self, session_id: str) -> list[TurnRecord]:
        with self.engine.connect() as conn:
            return _read_turns(conn, session_id)

    def add_turn(
        self,
        session_id: str,
        turn: Turn,
        *,
        partial: bool = False,
        usage: Usage | None = None,
        notice: str | None = None,
        after: int | None = None,
        reply_until: str | None = None,
    ) -> TurnRecord:
        """Append a turn (after the turn numbered `after`, when the caller has just read it). Two
        writers racing for one place: the second fails on the (session, seq) key with
        sqlalchemy.exc.IntegrityError rather than both landing. A question stored with
        `reply_until` is marked as being answered until then, in the same commit."""
        with self._transaction() as conn:
            if after is None:
                last = conn.execute(_LAST_SEQ, {"session_id": session_id}).scalar()
                after = -1 if last is None else int(last)
            return self._insert_turn(
                conn, session_id, after + 1, turn, partial=partial, usage=usage, notice=notice, reply_until=reply_until
            )

    # ------------------------------------------------------------------ replies in progress

    def claim_reply(self, session_id: str, seq: int, until: str) -> bool:
        """Mark the question at `seq` as being answered until `until`, unless another mark holds it; True if ours."""
        with self._transaction() as conn:
            claimed = conn.execute(_CLAIM_REPLY, {"of_session": session_id, "at_seq": seq, "now": now(), "until": until})
        return claimed.rowcount == 1

    def renew_reply(self, session_id: str, seq: int, until: str) -> None:
        """Push a held mark's expiry on (a long reply is still being written)."""
        with self._transaction() as conn:
            conn.execute(_RENEW_REPLY, {"of_session": session_id, "at_seq": seq, "until": until})

    def release_reply(self, session_id: str, seq: int) -> None:
        """Clear the mark: nothing is being written for this question any more."""
        with self._transaction() as conn:
            conn.execute(_RELEASE_REPLY, {"of_session": session_id, "at_seq": seq})

    def reply_mark(self, session_id: str, seq: int) -> str | None:
        """Until when the question at `seq` is marked as being answered (None: it is not)."""
        query = sa.select(_turns.c.reply_until).where(_turns.c.session_id == session_id, _turns.c.seq == seq)
        with self.engine.connect() as conn:
            found: str | None = conn.execute(query).scalar()
        return found

    def replace_reply(
        self, session_id: str, after_seq: int, turn: Turn, *, partial: bool = False, usage: Usage | None = None, notice: str | None = None
    ) -> TurnRecord:
        """Store a fresh reply to the student turn at `after_seq`, replacing a partial one, and clear its mark."""
        with self._transaction() as conn:
            conn.execute(_DROP_REPLIES_AFTER, {"session_id": session_id, "after_seq": after_seq})
            conn.execute(_RELEASE_REPLY, {"of_session": session_id, "at_seq": after_seq})
            return self._insert_turn(conn, session_id, after_seq + 1, turn, partial=partial, usage=usage, notice=notice)

    @staticmethod
    def _insert_turn(
        conn: Connection,
        session_id: str,
        seq: int,
        turn: Turn,
        *,
        partial: bool,
        usage: Usage | None = None,
        notice: str | None = None,
        reply_until: str | None = None,
    ) -> TurnRecord:
        record = TurnRecord(
            id=uuid.uuid4().hex,
            session_id=session_id,
            seq=seq,
            role=turn.role,
            text=turn.text,
            created_at=now(),
            analysis=turn.analysis,
            topics=list(turn.topics),
            unlocked=list(turn.unlocked),
            partial=partial,
            notice=notice,
            usage=usage,
        )
        conn.execute(
            _INSERT_TURN,
            {
                "id": record.id,
                "session_id": session_id,
                "seq": seq,
                "role": record.role,
                "text": record.text,
                "analysis_json": json.dumps(record.analysis.to_dict()) if record.analysis else None,
                "topics_json": json.dumps(record.topics),
                "unlocked_json": json.dumps(record.unlocked),
                "partial": partial,
                "created_at": record.created_at,
                "notice": notice,
                "model": usage.model if usage else None,
                "tokens_in": usage.tokens_in if usage else None,
                "tokens_out": usage.tokens_out if usage else None,
                "cost": usage.cost if usage else None,
                "tokens_estimated": bool(usage and usage.estimated),
                "reply_until": reply_until,
            },
        )
        return record

    # ------------------------------------------------------------------ limits

    def hit(self, key: str, window: float, limit: int, at: float | None = None) -> float:
        """Count one hit on `key`, at most `limit` per `window` seconds (a sliding window, estimated
        from this window's count and the previous one's, weighted by how much of it still overlaps).

        Returns 0 when the hit fits; otherwise the seconds until one would, and the hit is not counted.
        One statement, in its own transaction.
        """
        refused = self.hits([(key, window, limit)], at)
        return refused[1] if refused else 0.0

    def hits(self, checks: list[tuple[str, float, int]], at: float | None = None) -> tuple[str, float] | None:
        """`hit` for several (key, window, limit) at once, in one transaction: each counted, or (when
        one does not fit) none; returns the first that did not fit and its wait, or None."""
        at = time.time() if at is None else at
        self._sweep(at)
        with self._write_lock or contextlib.nullcontext(), self.engine.connect() as conn, conn.begin() as transaction:
            for key, window, limit in checks:
                slot = int(at // window)
                hits, prev = conn.execute(_HIT, {"key": key, "slot": slot, "prev_slot": slot - 1, "expires": (slot + 2) * window}).one()
                wait = limit_wait(int(hits) - 1, int(prev), at / window - slot, limit, window)
                if wait:
                    transaction.rollback()
                    return key, wait
        return None

    def _sweep(self, at: float) -> None:
        if at - self._swept < SWEEP_SECONDS:
            return
        self._swept = at
        with self._transaction() as conn:
            conn.execute(sa.text("DELETE FROM rate_limits WHERE expires_at < :at"), {"at": at})
            conn.execute(sa.text("DELETE FROM sign_in_failures WHERE last_at < :at"), {"at": at - 24 * 3600})

    def sign_in_attempt(self, keys: list[str], at: float, forget_before: float, delay: Callable[[int], float]) -> float:
        """Count a sign-in attempt on each key, as a failure until `sign_in_succeeded` forgives it.

        `delay(n)` is how long an attempt must wait after n failures in a row; a key whose last
        failure is older than `forget_before` starts again. Returns 0 when the attempt may go ahead;
        otherwise the seconds to wait, and nothing is counted. One statement per key, one transaction.
        """
        with self._write_lock or contextlib.nullcontext(), self.engine.connect() as conn, conn.begin() as transaction:
            wait = 0.0
            for key in keys:
                failures, prev_at = conn.execute(_SIGN_IN_ATTEMPT, {"key": key, "now": at, "forget": forget_before}).one()
                if prev_at:
                    wait = max(wait, delay(int(failures) - 1) - (at - float(prev_at)))
            if wait > 0:
                transaction.rollback()
                return wait
        return 0.0

    def sign_in_succeeded(self, keys: list[str]) -> None:
        with self._transaction() as conn:
            conn.execute(_CLEAR_SIGN_IN_FAILURES, {"keys": keys})

    # ------------------------------------------------------------------ advisor sign-ins

    def add_advisor_sign_in(self, sign_in: AdvisorSignIn) -> None:
        with self._transaction() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO advisor_sign_ins (id, name, csrf, address, created_at, expires_at)"
                    " VALUES (:id, :name, :csrf, :address, :created_at, :expires_at)"
                ),
                {k: v for k, v in dataclasses.asdict(sign_in).items() if k != "ended_at"},
            )

    def advisor_sign_in(self, sign_in_id: str) -> AdvisorSignIn | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.text(f"SELECT {_SIGN_IN_COLUMNS} FROM advisor_sign_ins WHERE id = :id"), {"id": sign_in_id}).first()
        return AdvisorSignIn(*row) if row is not None else None

    def advisor_sign_ins(self) -> list[AdvisorSignIn]:
        """Sign-ins not ended and not expired, newest first."""
        query = sa.text(
            f"SELECT {_SIGN_IN_COLUMNS} FROM advisor_sign_ins WHERE ended_at IS NULL AND expires_at > :now ORDER BY created_at DESC"
        )
        with self.engine.connect() as conn:
            return [AdvisorSignIn(*row) for row in conn.execute(query, {"now": now()})]

    def end_advisor_sign_in(self, sign_in_id: str) -> bool:
        """End a sign-in (sign-out, or ended from the list); False when there was none to end."""
        with self._transaction() as conn:
            ended = conn.execute(
                sa.text("UPDATE advisor_sign_ins SET ended_at = :now WHERE id = :id AND ended_at IS NULL"), {"id": sign_in_id, "now": now()}
            )
            # Sign-ins over a week old are history nobody reads.
            conn.execute(sa.text("DELETE FROM advisor_sign_ins WHERE expires_at < :old"), {"old": _days_ago(7)})
        return bool(ended.rowcount)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        if self._write_lock is None:
            with self.engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self.engine.begin() as conn:
            # The write lock up front (BEGIN IMMEDIATE): with other processes on the file (workers),
            # a transaction that read first could not take it later without failing at once.
            conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
            yield conn


_SIGN_IN_COLUMNS = "id, name, csrf, address, created_at, expires_at, ended_at"


def limit_wait(before: int, prev: int, elapsed: float, limit: int, window: float) -> float:
    """Seconds until one more hit fits under `limit`: 0 when it fits now.

    `before` hits so far in this window, `prev` in the previous one, `elapsed` the share of this
    window gone by; the estimate of the last `window` seconds is prev * (1 - elapsed) + before.
    """
    if prev * (1 - elapsed) + before + 1 <= limit:
        return 0.0
    if before + 1 <= limit:  # the previous window's share is what is in the way; it shrinks as time goes by
        needed = 1 - (limit - before - 1) / prev
        wait = (needed - elapsed) * window
    else:  # this window is full: wait into the next, where this one's count is the weighted share
        needed = 1 - (limit - 1) / before
        wait = (1 - elapsed + needed) * window
    return float(max(1, math.ceil(wait)))


def _days_ago(days: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Switching a new database to WAL needs it to itself, and SQLite answers "locked" at once
    # (without its busy timeout) while another process is creating it: wait a little and retry.
    for attempt in range(200):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.05)
    # NORMAL in WAL mode: a commit is in the write-ahead log (the OS holds it) before it returns,
    # so a crashed or killed server keeps every stored turn (tests/test_store.py kills one); only
    # an OS crash or power cut can drop the last commits before the next checkpoint. FULL would
    # also survive those, at an fsync per commit (0.4 ms here) on the path to a reply's first word.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _session(row: Any) -> SessionRecord:
    return SessionRecord(row.id, row.student_id, row.persona_id, row.created_at, row.ended_at, row.persona_snapshot)


def _read_turns(conn: Connection, session_id: str) -> list[TurnRecord]:
    return [_turn(row) for row in conn.execute(_TURNS, {"session_id": session_id})]


def _turn(row: Any) -> TurnRecord:
    # Unpacked by position, in the order of _TURN_COLUMNS: reading sixteen columns by name was
    # most of the cost of loading a session's turns.
    (id_, session_id, seq, role, text, analysis_json, topics_json, unlocked_json, partial, notice, model,
     tokens_in, tokens_out, cost, estimated, created_at) = row  # fmt: skip
    return TurnRecord(
        id=id_,
        session_id=session_id,
        seq=int(seq),
        role=role,
        text=text,
        created_at=created_at,
        analysis=Analysis.from_dict(json.loads(analysis_json)) if analysis_json else None,
        topics=_names(topics_json),
        unlocked=_names(unlocked_json),
        partial=bool(partial),
        notice=notice,
        usage=Usage(model, tokens_in, tokens_out, cost, bool(estimated)) if model else None,
    )


def _names(stored: str | None) -> list[str]:
    """A JSON list of ids; most are empty, which needs no parsing."""
    return json.loads(stored) if stored and stored != "[]" else []
