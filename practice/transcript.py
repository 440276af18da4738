"""Turns of an interview and what can be read off them (the conversation's state).

State is always derived from the turns, never kept beside them, so a session reloaded
from storage behaves exactly like the one that was live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from practice.disclosure import question_topics
from practice.personas import Persona
from practice.questions import Analysis, analyze

Role = Literal["student", "persona"]

# Spoken conversation runs at about 140 words a minute; each exchange adds a little air.
WORDS_PER_MINUTE = 140
SECONDS_PER_TURN = 6


@dataclass
class Turn:
    role: Role
    text: str
    analysis: Analysis | None = None  # student turns
    topics: list[str] = field(default_factory=list)  # student turns: topics, follow-ups resolved
    unlocked: list[str] = field(default_factory=list)  # persona turns: insight ids shared in this reply


@dataclass
class State:
    unlocked: list[str]
    discussed: list[str]  # topics of questions the persona has answered
    last_topics: list[str]
    used_passages: set[str]
    elapsed_minutes: float
    questions: int
    last_answer: str | None


def passage_ids(persona: Persona) -> dict[str, str]:
    """Every passage a persona can speak, by a stable id ("facts.skills.2")."""
    ids = {}
    for topic, passages in persona.facts.items():
        for i, text in enumerate(passages):
            ids[f"facts.{topic}.{i}"] = text
    return ids


class Tracker:
    """The conversation's state, kept up to date one turn at a time (a replay reads it in linear time)."""

    def __init__(self, persona: Persona) -> None:
        self._passages = [(pid, text.lower()) for pid, text in passage_ids(persona).items()]
        self.unlocked: list[str] = []
        self.discussed: list[str] = []
        self.last_topics: list[str] = []
        self.used: set[str] = set()
        self.words = 0
        self.turns = 0
        self.questions = 0
        self.last_answer: str | None = None
        self._pending: list[str] = []

    def add(self, turn: Turn) -> None:
        self.words += len(turn.text.split())
        self.turns += 1
        if turn.role == "student":
            self._pending = turn.topics
            if turn.analysis is not None and turn.analysis.form != "not_a_question":
                self.questions += 1
            if turn.topics:
                self.last_topics = turn.topics
            return
        self.unlocked.extend(i for i in turn.unlocked if i not in self.unlocked)
        self.discussed.extend(t for t in self._pending if t not in self.discussed)
        self._pending = []
        self.last_answer = turn.text
        # Compared without case: a passage after a joiner ("And my first job...") starts lower-case.
        spoken = turn.text.lower()
        self.used.update(pid for pid, text in self._passages if pid not in self.used and text in spoken)

    def state(self) -> State:
        elapsed = self.words / WORDS_PER_MINUTE + self.turns * SECONDS_PER_TURN / 60
        return State(list(self.unlocked), list(self.discussed), list(self.last_topics), set(self.used), elapsed,
                     self.questions, self.last_answer)


def state_of(persona: Persona, turns: list[Turn]) -> State:
    tracker = Tracker(persona)
    for turn in turns:
        tracker.add(turn)
    return tracker.state()


def student_turn(persona: Persona, turns: list[Turn], text: str, state: State | None = None) -> Turn:
    """Analyze a student's message in the light of the conversation so far (`state`: state_of(turns), when known)."""
    if state is None:
        state = state_of(persona, turns)
    analysis = analyze(text, state.last_answer, previous_topics=state.last_topics)
    topics = question_topics(analysis, state.last_topics)
    return Turn(role="student", text=text, analysis=analysis, topics=topics)
