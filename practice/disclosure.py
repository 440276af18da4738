"""Which insights a turn unlocks: the one rule every engine shares.

Disclosure is decided here, by code, never by a model: an insight that is still locked
is not shown to any engine, so no prompt trick can extract it.
"""

from __future__ import annotations

from collections.abc import Iterable

from practice.personas import Boundary, Insight, Persona
from practice.questions import Analysis


def boundary_for(persona: Persona, text: str, flags: Iterable[str]) -> Boundary | None:
    """The boundary this message runs into (by analyzer flag or trigger phrase), if any."""
    low = text.lower()
    flagged = set(flags)
    for boundary in persona.boundaries:
        if flagged.intersection(boundary.flags) or any(t in low for t in boundary.triggers):
            return boundary
    return None


def declines(persona: Persona, analysis: Analysis) -> bool:
    """True when the reply will not engage with the question, so nothing can be earned by it."""
    return bool(analysis.off_script or boundary_for(persona, analysis.text, analysis.flags))


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

    - `open_question`: an open question on the insight's topic. On the network, a closed
      question is enough: "Who else should I talk to?" is the good question there (PRODUCT.md),
      and asking it at all is what earns the introduction.
    - `follow_up`: a follow-up on the insight's topic once that topic was already answered
      (`discussed`: topics of earlier questions the persona answered).
    Already unlocked insights are never returned again.
    """
    if analysis.form == "not_a_question" or declines(persona, analysis):
        return []
    done = set(unlocked)
    discussed_set = set(discussed)
    topics = question_topics(analysis, previous_topics)
    earned: list[Insight] = []
    for insight in persona.insights:
        if insight.id in done or insight.topic not in topics:
            continue
        asked_well = analysis.form == "open" or insight.topic == "network"
        if (insight.unlock == "open_question" and asked_well) or (insight.unlock == "follow_up" and analysis.follow_up and insight.topic in discussed_set):
            earned.append(insight)
        if len(earned) >= MAX_PER_TURN:
            break
    return earned
