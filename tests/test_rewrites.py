"""Open versions of closed questions: the small word helpers, and that every rewrite is open."""

from __future__ import annotations

import pytest

from practice.questions import analyze
from practice.rewrites import TOPIC_REWRITES, gerund, open_version


@pytest.mark.parametrize(
    ("verb", "expected"),
    [("travel", "traveling"), ("get", "getting"), ("make", "making"), ("go", "going"), ("see", "seeing"), ("lie", "lying"), ("work", "working")],
)
def test_gerund(verb: str, expected: str) -> None:
    assert gerund(verb) == expected


def test_every_fallback_by_topic_is_open() -> None:
    assert {t: analyze(q).form for t, q in TOPIC_REWRITES.items()} == dict.fromkeys(TOPIC_REWRITES, "open")


def test_a_question_asking_two_things_with_or_falls_back_to_its_topic() -> None:
    assert open_version("are you in the classroom all day or do you have planning periods", ["day_to_day"], []) == TOPIC_REWRITES["day_to_day"]


def test_flags_come_before_rules() -> None:
    assert open_version("do you like your salary", ["lifestyle"], ["salary_personal"]).startswith("What do salaries")
    assert open_version("what is the average salary for nurses", ["lifestyle"], ["googleable"]).startswith("What do salaries")
    assert open_version("when was the company founded", ["culture"], ["googleable"]).startswith("What drew you")
