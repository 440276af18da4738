"""Limits a real student never meets and a script always does.

Each answers 429 with Retry-After (or, for a session's caps, 409: no wait helps) in the one error
shape. Everything is counted in the database, so the limits hold across workers and instances:
a session's message rate and caps are read from its stored turns, which the turn has loaded
anyway (no extra statement on the path to a reply); the others are sliding-window counters
(Store.hit, one statement). A setting of 0 turns its limit off.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from practice.settings import Settings
from practice.store import Store, TurnRecord
from practice.web.problems import WebProblem, too_many

MINUTE = 60.0
HOUR = 3600.0
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def subject(kind: str, who: str) -> str:
    """A counter's key: what is limited and a digest of whose it is (no raw address or id is kept)."""
    return f"{kind}:{hashlib.blake2b(who.encode(), digest_size=12).hexdigest()}"


def check_question(settings: Settings, turns: list[TurnRecord], at: datetime | None = None) -> None:
    """Before a new question is stored: the session's questions in the last minute, its question cap
    and its model-token budget, all from the turns just loaded."""
    questions = [t for t in turns if t.role == "student"]
    cap = settings.session_max_questions
    if cap and len(questions) >= cap:
        raise WebProblem(
            409, "session_question_limit",
            f"This interview has reached its limit of {cap:,} questions. End it to see your report, then start a new one to keep practising.",
        )  # fmt: skip
    _check_budget(settings, turns)
    limit = settings.messages_per_minute
    if not limit or len(questions) < limit:
        return
    now = at or datetime.now(UTC)
    cutoff = (now - timedelta(seconds=MINUTE)).strftime(STAMP)
    recent = [t.created_at for t in reversed(questions[-limit:]) if t.created_at > cutoff]
    if len(recent) >= limit:
        # The oldest of the last `limit` questions must leave the minute before another fits.
        oldest = datetime.strptime(recent[-1], STAMP).replace(tzinfo=UTC)
        wait = (oldest + timedelta(seconds=MINUTE) - now).total_seconds()
        raise too_many("message_rate", f"That is more than {limit} messages in a minute to one interview.", wait)


def check_retry(settings: Settings, store: Store, session_id: str, turns: list[TurnRecord]) -> None:
    """A retry calls the engine again without storing a question: counted with the session's messages."""
    _check_budget(settings, turns)
    limit = settings.messages_per_minute
    if limit:
        wait = store.hit(subject("retry", session_id), MINUTE, limit)
        if wait:
            raise too_many("retry_rate", f"That is more than {limit} retries in a minute in one interview.", wait)


def _check_budget(settings: Settings, turns: list[TurnRecord]) -> None:
    budget = settings.session_max_tokens
    if not budget:
        return
    used = sum((t.usage.tokens_in or 0) + (t.usage.tokens_out or 0) for t in turns if t.usage is not None)
    if used >= budget:
        raise WebProblem(
            409, "session_budget_spent",
            f"This interview has used its model budget ({used:,} of {budget:,} tokens). End it to see your report, then start a new one to keep practising.",
        )  # fmt: skip


def check_new_session(settings: Settings, store: Store, student: str, address: str) -> None:
    """Sessions per browser and per client address, each in any hour; both counted, or neither."""
    checks = []
    if settings.sessions_per_hour:
        checks.append((subject("sessions/browser", student), HOUR, settings.sessions_per_hour))
    if settings.sessions_per_address_per_hour:
        checks.append((subject("sessions/address", address), HOUR, settings.sessions_per_address_per_hour))
    if not checks:
        return
    refused = store.hits(checks)
    if refused is not None:
        key, wait = refused
        if key.startswith("sessions/browser"):
            raise too_many("session_rate", f"This browser has started {settings.sessions_per_hour} interviews in the last hour.", wait)
        raise too_many(
            "session_rate_address",
            f"{settings.sessions_per_address_per_hour} interviews were started from your network in the last hour.",
            wait,
        )


def check_review(settings: Settings, store: Store, student: str) -> None:
    limit = settings.reviews_per_minute
    if limit:
        wait = store.hit(subject("review", student), MINUTE, limit)
        if wait:
            raise too_many("review_rate", f"That is more than {limit} coaching notes in a minute.", wait)


def check_probe(settings: Settings, store: Store, advisor: str) -> None:
    limit = settings.probes_per_minute
    if limit:
        wait = store.hit(subject("probe", advisor), MINUTE, limit)
        if wait:
            raise too_many("probe_rate", f"That is more than {limit} probes in a minute.", wait)
