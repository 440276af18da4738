"""What students miss: per persona aggregates over every stored session, never who asked.

The dashboard reads transcripts, scores them with practice.scoring.score (the students'
own report) and keeps only counts and shares. A closed question is shown only when
several different sessions asked it, so one student's wording is not singled out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

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


def persona_stats(store: Store, persona: Persona) -> PersonaStats:
    records = store.sessions_with_persona(persona.id)
    scores: list[int] = []
    missed: Counter[str] = Counter()
    asked = open_ = 0
    closed: dict[str, set[str]] = {}
    wording: dict[str, tuple[str, str]] = {}
    for record in records:
        turns = [Turn(role=t.role, text=t.text) for t in store.turns(record.id)]
        if not any(t.role == "student" for t in turns):
            continue
        report = score(persona, turns)
        if not report.question_count:
            continue
        scores.append(report.score)
        asked += report.question_count
        open_ += report.open_count
        for coverage in report.coverage:
            if not coverage.covered:
                missed[coverage.topic] += 1
        for q in report.questions:
            if q.form == "closed" and q.rewrite:
                key = _key(q.text)
                closed.setdefault(key, set()).add(record.id)
                wording.setdefault(key, (q.text, q.rewrite))
    n = len(scores)
    topics = [TopicMiss(t, TOPIC_LABELS[t], missed[t], missed[t] / n if n else 0.0) for t in TOPICS]
    topics.sort(key=lambda t: (-t.missed, TOPICS.index(t.topic)))
    common = [
        CommonQuestion(wording[k][0], len(ids), wording[k][1])
        for k, ids in sorted(closed.items(), key=lambda item: (-len(item[1]), item[0]))
        if len(ids) >= MIN_SESSIONS_FOR_A_QUESTION
    ][:TOP_QUESTIONS]
    return PersonaStats(
        persona_id=persona.id,
        name=persona.name,
        title=persona.title,
        sessions=n,
        started=len(records),
        mean_score=sum(scores) / n if n else None,
        questions=asked,
        open_share=open_ / asked if asked else None,
        topics=topics,
        closed_questions=common,
    )


def dashboard(store: Store, personas: list[Persona]) -> list[PersonaStats]:
    """Every persona's aggregates, the most practised first."""
    stats = [persona_stats(store, p) for p in personas]
    return sorted(stats, key=lambda s: (-s.sessions, s.name))
