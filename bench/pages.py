"""Pages whose cost grows with the data: a long report, a long My sessions, the advisor dashboard.

Builds the data straight into a fresh SQLite database (an 800-question interview; one browser
with 2,001 sessions; 2,500 sessions in all across the personas), then loads each page through
the whole app in process and prints the time of each load: the first (cold), the next two, and
one after a new question in one session (what a change costs). Written against the columns
every version of the schema has, so the same script measures an older checkout too:

    python bench/pages.py [--report-questions 800] [--sessions 2001] [--dashboard-sessions 2500]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from itsdangerous import Signer  # noqa: E402
from sqlalchemy import text  # noqa: E402

SECRET = "bench-pages"
TOKEN = "bench-advisor"
QUESTIONS = [
    "Hi, I'm Sam, a sophomore studying biology. Thanks for making time; I'd love to learn how you chose your field.",
    "How did you get into this line of work?",
    "What does a typical week look like for you?",
    "Do you like your job?",
    "What skills matter most when you're starting out?",
    "Is remote work an option?",
    "How would you describe the culture where you work?",
    "What's the hardest part of the job?",
    "Where do you see the field heading in the next few years?",
    "Can you say more about that?",
    "How many hours do you work in a busy week?",
    "If you were starting today, what would you do differently?",
    "Who else do you think I should talk to?",
    "Thank you so much for your time!",
]
REPLY = "That is a good question. Most weeks are a mix of planned work and surprises, and I like it that way."


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build(store: object, student: str, personas: list[str], args: argparse.Namespace) -> tuple[str, str]:
    """Insert the data; return (the long session's id, one of the many sessions' ids)."""
    engine = store.engine  # type: ignore[attr-defined]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    sessions: list[dict[str, object]] = []
    turns: list[dict[str, object]] = []
    clock = [start]

    def session(owner: str, persona: str, questions: int, ended: bool = True) -> str:
        session_id = uuid.uuid4().hex
        clock[0] += timedelta(seconds=7)
        created = stamp(clock[0])
        sessions.append({"id": session_id, "student_id": owner, "persona_id": persona, "created_at": created, "ended_at": created if ended else None})
        seq = 0
        turns.append(_turn(session_id, seq, "persona", "Hello, nice to meet you.", created))
        for n in range(questions):
            seq += 1
            turns.append(_turn(session_id, seq, "student", QUESTIONS[(n + len(sessions)) % len(QUESTIONS)], created))
            seq += 1
            turns.append(_turn(session_id, seq, "persona", REPLY, created))
        return session_id

    long_one = session(student, personas[0], args.report_questions)
    many = [session(student, personas[n % len(personas)], 3 + n % 5) for n in range(args.sessions)]
    for n in range(max(0, args.dashboard_sessions - args.sessions - 1)):
        session(f"other-{n % 300}", personas[n % len(personas)], 4 + n % 8)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO sessions (id, student_id, persona_id, created_at, ended_at) VALUES (:id, :student_id, :persona_id, :created_at, :ended_at)"),
            sessions,
        )
        conn.execute(
            text(
                "INSERT INTO turns (id, session_id, seq, role, text, topics_json, unlocked_json, partial, created_at)"
                " VALUES (:id, :session_id, :seq, :role, :text, '[]', '[]', FALSE, :created_at)"
            ),
            turns,
        )
    print(f"built: {len(sessions):,} sessions, {len(turns):,} turns; one of {args.report_questions} questions; one browser with {args.sessions + 1:,}")
    return long_one, many[-1]


def _turn(session_id: str, seq: int, role: str, said: str, created: str) -> dict[str, object]:
    return {"id": uuid.uuid4().hex, "session_id": session_id, "seq": seq, "role": role, "text": said, "created_at": created}


def timed(client: TestClient, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report-questions", type=int, default=800)
    parser.add_argument("--sessions", type=int, default=2000, help="sessions of the one browser besides the long one (default: 2000)")
    parser.add_argument("--dashboard-sessions", type=int, default=2500, help="sessions in all (default: 2500)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="practice-pages-") as data:
        os.environ.update(
            {
                "PRACTICE_DATA_DIR": data,
                "PRACTICE_SECRET_KEY": SECRET,
                "PRACTICE_ADVISOR_TOKEN": TOKEN,
                "PRACTICE_PERSONAS_DIR": str(ROOT / "personas"),
            }
        )
        from practice.settings import Settings
        from practice.web.app import create_app

        app = create_app(Settings.from_env())
        with TestClient(app) as client:
            client.get("/")
            cookie = client.cookies.get("practice_student")
            assert cookie
            student = Signer(SECRET, salt="practice.student").unsign(cookie).decode()
            context = app.state.context
            personas = sorted(context.personas.personas)
            long_one, recent = build(context.store, student, personas, args)
            signed = client.post("/studio/sign-in", data={"token": TOKEN}, follow_redirects=False)
            assert signed.status_code == 303, signed.text
            pages = [
                (f"report, {args.report_questions} questions", f"/sessions/{long_one}/report", long_one),
                (f"My sessions, {args.sessions + 1:,} sessions", "/sessions", recent),
                (f"dashboard, {args.dashboard_sessions:,} sessions", "/studio/dashboard", recent),
            ]
            print(f"\n{'page':<34} {'load 1':>8} {'load 2':>8} {'load 3':>8} {'after a change':>15}  (seconds)")
            for label, path, changed in pages:
                loads = [timed(client, path) for _ in range(3)]
                # A change: one more question in a session this page shows.
                with context.store.engine.begin() as conn:
                    seq = conn.execute(text("SELECT MAX(seq) FROM turns WHERE session_id = :s"), {"s": changed}).scalar()
                    when = stamp(datetime.now(UTC))
                    for offset, (role, said) in enumerate((("student", "What surprised you most?"), ("persona", REPLY))):
                        conn.execute(
                            text(
                                "INSERT INTO turns (id, session_id, seq, role, text, topics_json, unlocked_json, partial, created_at)"
                                " VALUES (:id, :session_id, :seq, :role, :text, '[]', '[]', FALSE, :created_at)"
                            ),
                            _turn(changed, int(seq) + 1 + offset, role, said, when),
                        )
                after = timed(client, path)
                print(f"{label:<34} {loads[0]:>8.2f} {loads[1]:>8.2f} {loads[2]:>8.2f} {after:>15.2f}")
            shown = len(re.findall(r'class="card session-row"', client.get("/sessions").text))
            print(f"\nMy sessions shows {shown} rows on its first page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
