"""What students miss: per persona aggregates over every stored session, never who asked.

The dashboard reads transcripts, scores them with practice.scoring.score (the students'
own report) and keeps only counts and shares; each session's counts are stored and reused until
the session (or its persona) changes, so a load scores only what is new. A closed question is shown only when
several different sessions asked it, so one student's wording is not singled out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from practice.personas import Persona
from practice.scoring import score
from practice.store import Store
from practice.topics import TOPIC_LABELS, TOPICS
from practice.transcript import Turn

# A closed question appears on the dashboard once this many sessions asked it.
MIN_SESSIONS_FOR_A_QUESTION = 2
TOP_QUESTIONS = 5


@dataclass
class TopicMiss:
    topic: str
    label: str
    missed: int  # sessions that never asked about it
    share: float


@dataclass
class CommonQuestion:
    text: str
    sessions: int
    rewrite: str


@dataclass
class PersonaStats:
    persona_id: str
    name: str
    title: str
    sessions: int  # sessions with at least one question
    started: int  # every session, empty ones included
    mean_score: float | None
    questions: int
    open_share: float | None
    topics: list[TopicMiss] = field(default_factory=list)  # most often missed first
    closed_questions: list[CommonQuestion] = field(default_factory=list)

    @property
    def most_missed(self) -> list[TopicMiss]:
        return [t for t in self.topics if t.missed][:3]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", text.lower()).strip()


def summarize(persona: Persona, turns: list[Turn]) -> dict[str, Any]:
    """One session's part of the dashboard: what its report says, in counts (and its closed questions)."""
    if not any(t.role == "student" for t in turns):
        return {"questions": 0}
    report = score(persona, turns)
    if not report.question_count:
        return {"questions": 0}
    return {
        "questions": report.question_count,
        "open": report.open_count,
        "score": report.score,
        "missed": [c.topic for c in report.coverage if not c.covered],
        "closed": [[_key(q.text), q.text, q.rewrite] for q in report.questions if q.form == "closed" and q.rewrite],
    }


def fingerprint(persona: Persona) -> str:
    """Changes whenever the persona does: a summary scored against another version is stale."""
    return hashlib.sha256(persona.model_dump_json().encode()).hexdigest()[:16]


def summaries(store: Store, personas: list[Persona]) -> dict[str, list[dict[str, Any]]]:
    """persona id -> the summary of each of its sessions. Incremental: a summary is kept in the store
    with its session's version (turn count, newest turn, persona fingerprint); only sessions that
    changed since are read and scored again, so a load costs two queries and the new sessions."""
    by_id = {p.id: (p, fingerprint(p)) for p in personas}
    found: dict[str, list[dict[str, Any]]] = {p.id: [] for p in personas}
    stored = store.session_summaries()
    fresh: dict[str, tuple[str, str]] = {}
    for session_id, (persona_id, count, last) in sorted(store.turn_versions().items()):
        known = by_id.get(persona_id)
        if known is None:
            continue
        persona, print_ = known
        version = f"{count}:{last}:{print_}"
        kept = stored.get(session_id)
        if kept is not None and kept[0] == version:
            summary = json.loads(kept[1])
        else:
            summary = summarize(persona, [Turn(role=t.role, text=t.text) for t in store.turns(session_id)])
            fresh[session_id] = (version, json.dumps(summary))
        found[persona_id].append(summary)
    store.save_session_summaries(fresh)
    return found


def aggregate(persona: Persona, sessions: list[dict[str, Any]]) -> PersonaStats:
    scores: list[int] = []
    missed: Counter[str] = Counter()
    asked = open_ = 0
    closed: dict[str, int] = Counter()
    wording: dict[str, tuple[str, str]] = {}
    for summary in sessions:
        if not summary["questions"]:
            continue
        scores.append(summary["score"])
        asked += summary["questions"]
        open_ += summary["open"]
        missed.update(summary["missed"])
        for key, text, rewrite in summary["closed"]:
            wording.setdefault(key, (text, rewrite))
        closed.update({key for key, _text, _rewrite in summary["closed"]})  # sessions that asked it, not times
    n = len(scores)
    topics = [TopicMiss(t, TOPIC_LABELS[t], missed[t], missed[t] / n if n else 0.0) for t in TOPICS]
    topics.sort(key=lambda t: (-t.missed, TOPICS.index(t.topic)))
    common = [
        CommonQuestion(wording[k][0], count, wording[k][1])
        for k, count in sorted(closed.items(), key=lambda item: (-item[1], item[0]))
        if count >= MIN_SESSIONS_FOR_A_QUESTION
    ][:TOP_QUESTIONS]
    return PersonaStats(
        persona_id=persona.id,
        name=persona.name,
        title=persona.title,
        sessions=n,
        started=len(sessions),
        mean_score=sum(scores) / n if n else None,
        questions=asked,
        open_share=open_ / asked if asked else None,
        topics=topics,
        closed_questions=common,
    )


def persona_stats(store: Store, persona: Persona) -> PersonaStats:
    return aggregate(persona, summaries(store, [persona])[persona.id])


def dashboard(store: Store, personas: list[Persona]) -> list[PersonaStats]:
    """Every persona's aggregates, the most practised first."""
    found = summaries(store, personas)
    stats = [aggregate(p, found[p.id]) for p in personas]
    return sorted(stats, key=lambda s: (-s.sessions, s.name))
