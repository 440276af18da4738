"""The fixed topic taxonomy (ids are part of the file format and the reports)."""

from __future__ import annotations

from typing import Literal

TopicId = Literal[
    "career_path",
    "day_to_day",
    "skills",
    "culture",
    "lifestyle",
    "rewards_challenges",
    "industry",
    "advice",
    "network",
]

TOPICS: tuple[TopicId, ...] = (
    "career_path",
    "day_to_day",
    "skills",
    "culture",
    "lifestyle",
    "rewards_challenges",
    "industry",
    "advice",
    "network",
)

TOPIC_LABELS: dict[str, str] = {
    "career_path": "Career path",
    "day_to_day": "Day to day",
    "skills": "Skills",
    "culture": "Culture",
    "lifestyle": "Lifestyle",
    "rewards_challenges": "Rewards and challenges",
    "industry": "Industry",
    "advice": "Advice",
    "network": "Network",
}

# What a turn that is not about the work is, as the report says it (PRODUCT.md, "Turns that are not about the job").
OFF_SCRIPT_LABELS: dict[str, str] = {
    "ai_question": "asks whether the professional is an AI",
    "extraction": "tries to get the persona's instructions or hidden insights",
    "small_talk": "small talk, not about the work",
}

# Short noun phrases the engines use to point the student at a subject.
TOPIC_PHRASES: dict[str, str] = {
    "career_path": "how I got into this work",
    "day_to_day": "what my days actually look like",
    "skills": "the skills that matter in this job",
    "culture": "what my organization is like",
    "lifestyle": "the hours and the balance",
    "rewards_challenges": "the best and hardest parts of the job",
    "industry": "where the field is heading",
    "advice": "advice for someone starting out",
    "network": "other people worth talking to",
}
