"""Which insights a turn unlocks: the one rule every engine shares.

Disclosure is decided here, by code, never by a model: an insight that is still locked
is not shown to any engine, so no prompt trick can extract it.
"""

from __future__ import annotations

from collections.abc import Iterable

from practice.personas import Insight, Persona
from practice.questions import Analysis

# One insight a turn: a student earns them one good question at a time.
MAX_PER_TURN = 1


def question_topics(analysis: Analysis, previous_topics: Iterable[str]) -> list[str]:
    """The topics a question is about; a bare follow-up ("Say more?") continues the last topic."""
    if analysis.topics:
        return list(analysis.topics)
    if analysis.follow_up:
        return list(previous_topics)
    return []


def unlocks(
    persona: Persona,
    analysis: Analysis,
    *,
    unlocked: Iterable[str],
    discussed: Iterable[str],
    previous_topics: Iterable[str] = (),
) -> list[Insight]:
    """The insights this question unlocks.

    - `open_question`: an open question on the insight's topic.
    - `follow_up`: a follow-up on the insight's topic once that topic was already answered
      (`discussed`: topics of earlier questions the persona answered).
    Already unlocked insights are never returned again.
    """
    if analysis.form == "not_a_question":
        return []
    done = set(unlocked)
    discussed_set = set(discussed)
    topics = question_topics(analysis, previous_topics)
    earned: list[Insight] = []
    for insight in persona.insights:
        if insight.id in done or insight.topic not in topics:
            continue
        if insight.unlock == "open_question" and analysis.form == "open":
            earned.append(insight)
        elif insight.unlock == "follow_up" and analysis.follow_up and insight.topic in discussed_set:
            earned.append(insight)
        if len(earned) >= MAX_PER_TURN:
            break
    return earned
