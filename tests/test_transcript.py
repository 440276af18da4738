"""Turns and the state read off them: unlocked, discussed, used passages, elapsed time."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.personas import Persona, load_persona
from practice.questions import analyze
from practice.transcript import State, Turn, passage_ids, state_of, student_turn

FIXTURE = Path(__file__).resolve().parent / "data" / "personas" / "robin-example.md"

GREETING = "Hi, I'm Robin. I have twenty minutes before standup. What would you like to know?"  # 15 words
P0 = "I studied economics at Wright State and graduated in 2016."  # 10 words
P1 = "My first job was a temp contract doing data entry for a paint wholesaler."  # 14 words
TEMP_TEXT = "half of our analysts came in through the same temp agency, so registering there beats applying online."
INSIGHT_REPLY = "Something I don't say to everyone: " + TEMP_TEXT  # 23 words


@pytest.fixture(scope="module")
def robin() -> Persona:
    return load_persona(FIXTURE)


def student(text: str, topics: list[str], previous: str | None = None) -> Turn:
    return Turn(role="student", text=text, analysis=analyze(text, previous), topics=topics)


def persona(text: str, unlocked: list[str] | None = None) -> Turn:
    return Turn(role="persona", text=text, unlocked=unlocked or [])


@pytest.fixture
def conversation() -> list[Turn]:
    return [
        persona(GREETING),  # 15 words
        student("How did you get started?", ["career_path"]),  # 5
        persona(f"{P0} {P1}"),  # 24
        student("Can you say more about that?", ["career_path"], f"{P0} {P1}"),  # 6
        persona(INSIGHT_REPLY, ["temp-agencies-are-the-door"]),  # 23
        student("Thanks!", []),  # 1
    ]


def test_passage_ids_number_every_fact(robin: Persona) -> None:
    ids = passage_ids(robin)
    assert list(ids) == [
        *(f"facts.career_path.{i}" for i in range(5)),
        *(f"facts.skills.{i}" for i in range(4)),
        *(f"facts.lifestyle.{i}" for i in range(3)),
        "facts.network.0",
    ]
    assert ids["facts.career_path.0"] == P0
    assert ids["facts.network.0"] == "You should talk to Dana on our data engineering team; she started as an intern."


def test_state_of_an_empty_transcript(robin: Persona) -> None:
    assert state_of(robin, []) == State(
        unlocked=[], discussed=[], last_topics=[], used_passages=set(), elapsed_minutes=0.0, questions=0, last_answer=None
    )


def test_state_of_a_conversation(robin: Persona, conversation: list[Turn]) -> None:
    state = state_of(robin, conversation)
    assert state.unlocked == ["temp-agencies-are-the-door"]
    assert state.discussed == ["career_path"]
    assert state.last_topics == ["career_path"]
    assert state.used_passages == {"facts.career_path.0", "facts.career_path.1"}
    assert state.questions == 2  # "Thanks!" is not a question
    assert state.last_answer == INSIGHT_REPLY
    # 74 words at 140 a minute, plus six seconds for each of six turns.
    assert state.elapsed_minutes == pytest.approx(74 / 140 + 36 / 60)


def test_a_topic_is_discussed_only_once_the_persona_answered(robin: Persona) -> None:
    turns = [persona(GREETING), student("What skills matter most?", ["skills"])]
    state = state_of(robin, turns)
    assert state.discussed == []
    assert state.last_topics == ["skills"]
    assert state.questions == 1
    assert state.last_answer == GREETING

    state = state_of(robin, [*turns, persona("SQL is the skill I use every single hour of the day.")])
    assert state.discussed == ["skills"]
    assert state.used_passages == {"facts.skills.0"}


def test_topics_and_unlocks_are_listed_once_in_order(robin: Persona) -> None:
    turns = [
        student("What skills matter most?", ["skills"]),
        persona("Reply one.", ["sql-from-library-books"]),
        student("How many hours do you work?", ["lifestyle"]),
        persona("Reply two."),
        student("And what skills again?", ["skills"]),
        persona("Reply three.", ["sql-from-library-books"]),
    ]
    state = state_of(robin, turns)
    assert state.discussed == ["skills", "lifestyle"]
    assert state.unlocked == ["sql-from-library-books"]
    assert state.last_topics == ["skills"]


def test_a_question_without_topic_keeps_the_last_topics(robin: Persona) -> None:
    turns = [student("What skills matter most?", ["skills"]), persona("Reply."), student("Thanks!", [])]
    assert state_of(robin, turns).last_topics == ["skills"]


def test_used_passages_are_read_from_what_the_persona_said(robin: Persona) -> None:
    turns = [
        student(f"You said: {P0}", ["career_path"]),  # the student quoting a passage does not use it
        persona("Something else entirely."),
    ]
    assert state_of(robin, turns).used_passages == set()


def test_state_is_the_same_however_often_it_is_read(robin: Persona, conversation: list[Turn]) -> None:
    assert state_of(robin, conversation) == state_of(robin, list(conversation))


def test_student_turn_resolves_a_bare_follow_up_to_the_last_topic(robin: Persona, conversation: list[Turn]) -> None:
    history = conversation[:3]
    turn = student_turn(robin, history, "Can you say more about that?")
    assert turn.role == "student"
    assert turn.text == "Can you say more about that?"
    assert turn.topics == ["career_path"]
    assert turn.analysis == analyze("Can you say more about that?", f"{P0} {P1}")
    assert turn.analysis is not None and turn.analysis.follow_up is True
    assert turn.unlocked == []


def test_student_turn_is_analysed_against_the_last_answer(robin: Persona, conversation: list[Turn]) -> None:
    history = conversation[:3]
    turn = student_turn(robin, history, "What was Wright State like?")
    assert turn.analysis == analyze("What was Wright State like?", f"{P0} {P1}")
    assert turn.analysis is not None and turn.analysis.follow_up is True  # "wright", "state" overlap


def test_student_turn_with_a_new_topic_keeps_its_own_topics(robin: Persona, conversation: list[Turn]) -> None:
    turn = student_turn(robin, conversation, "What skills matter most?")
    assert turn.topics == ["skills"]


def test_student_turn_for_a_greeting_has_no_topics(robin: Persona, conversation: list[Turn]) -> None:
    turn = student_turn(robin, conversation[:1], "Hi, I'm Sam.")
    assert turn.analysis is not None and turn.analysis.form == "not_a_question"
    assert turn.topics == []
