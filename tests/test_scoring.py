"""The report: golden transcripts, properties, and the two export formats agreeing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from practice.errors import InputError
from practice.personas import Persona, load_personas
from practice.scoring import WEIGHTS, parse_transcript, score, to_markdown
from practice.transcript import Turn

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"


@pytest.fixture(scope="module")
def gabriela() -> Persona:
    return load_personas([ROOT / "personas"]).get("gabriela-ruiz")


def load(name: str) -> list[Turn]:
    _, turns = parse_transcript(json.loads((TRANSCRIPTS / f"{name}.json").read_text()))
    return turns


def test_weights_sum_to_100() -> None:
    assert sum(WEIGHTS.values()) == 100


def test_strong_transcript(gabriela: Persona) -> None:
    r = score(gabriela, load("strong"))
    assert r.question_count == 12
    assert r.topics_covered == 9
    assert r.open_count == 10 and r.closed_count == 2
    assert r.follow_up_count == 1
    assert r.etiquette.introduced and r.etiquette.stated_purpose and r.etiquette.thanked
    assert r.etiquette.asked_for_contacts
    assert r.etiquette.job_requests == [] and r.etiquette.personal_salary_questions == []
    assert r.parts["coverage"] == 1.0 and r.parts["etiquette"] == 1.0
    # "Who else do you think I should talk to?" earns the network insight, closed as it is.
    assert next(e for e in r.ledger if e.topic == "network").by_question == 11
    assert r.score == 80
    assert [s.title for s in r.suggestions] == ["Follow up before you change the subject"]


def test_weak_transcript(gabriela: Persona) -> None:
    r = score(gabriela, load("weak"))
    assert r.question_count == 5
    assert r.open_count == 0
    assert r.etiquette.job_requests == [6]
    assert r.etiquette.personal_salary_questions == [4]
    assert r.etiquette.googleable_questions == [2]
    assert not r.etiquette.introduced and not r.etiquette.thanked
    assert r.insights_unlocked == 0
    assert r.score == 15
    titles = [s.title for s in r.suggestions]
    assert titles == [
        "Ask how people get hired, not for a job",
        "Ask about pay in the field, not their own",
        "Open up your questions",
    ]
    # Every suggestion quotes one of the student's own questions.
    asked = {t.text for t in load("weak") if t.role == "student"}
    assert all(s.quote in asked for s in r.suggestions)
    assert {m.index for m in r.missed_openings} == {2, 3, 4, 5}


def test_empty_and_greeting_only_sessions_get_a_report(gabriela: Persona) -> None:
    empty = score(gabriela, [])
    assert empty.score == 0 and empty.question_count == 0
    assert "did not ask" in empty.summary
    hello = score(gabriela, [Turn("persona", gabriela.greeting), Turn("student", "Hi! Thanks for meeting with me.")])
    assert hello.question_count == 0 and hello.score == 0
    one = score(gabriela, [Turn("student", "How did you get started in this work?")])
    assert one.question_count == 1 and one.open_share == 1.0
    assert one.coverage[0].covered and one.coverage[0].questions == [1]


def test_open_question_on_uncovered_topic_never_lowers_coverage_or_score(gabriela: Persona) -> None:
    extra = {
        "day_to_day": "What does a typical week look like for you?",
        "skills": "What skills matter most when you're starting out?",
        "industry": "Where do you see the field heading?",
        "advice": "If you were starting today, what would you do differently?",
        "career_path": "How did you get into this work?",
    }
    base = load("weak")
    before = score(gabriela, base)
    for topic, question in extra.items():
        if next(c for c in before.coverage if c.topic == topic).covered:
            continue
        after = score(gabriela, [*base, Turn("student", question), Turn("persona", "Sure.")])
        assert after.topics_covered >= before.topics_covered + 1, topic
        assert after.score >= before.score, topic


def test_job_request_always_appears_under_etiquette(gabriela: Persona) -> None:
    for ask in ("Are you hiring right now?", "Could you refer me for the coordinator position?", "Can you get me an internship?"):
        r = score(gabriela, [Turn("student", "How did you get started?"), Turn("persona", "Long story."), Turn("student", ask)])
        assert r.etiquette.job_requests == [2], ask
        assert not r.etiquette.checks()["did not ask for a job"]
        assert "Asked for a job in question 2." in to_markdown(r)


def test_markdown_and_json_carry_the_same_numbers(gabriela: Persona) -> None:
    for name in ("strong", "weak"):
        r = score(gabriela, load(name))
        md = to_markdown(r)
        data = json.loads(r.model_dump_json())
        assert f"score {data['score']}/100" in md
        assert f"Open questions: {data['open_count']} of {data['question_count']}" in md
        assert f"Insights: {data['insights_unlocked']} of {data['insights_total']} unlocked" in md
        for part, mark in data["parts"].items():
            assert f"| {part.replace('_', ' ')} | {round(mark * 100)}% | {data['weights'][part]} |" in md
        covered_rows = re.findall(r"^\| [^|]+ \| yes \|", md, re.M)
        assert len(covered_rows) == data["topics_covered"]


def test_insights_hidden_until_revealed(gabriela: Persona) -> None:
    r = score(gabriela, load("weak"), reveal=False)
    assert all(e.text is None for e in r.ledger if not e.unlocked)
    revealed = score(gabriela, load("weak"), reveal=True)
    assert all(e.text for e in revealed.ledger)
    assert all(e.how_to_unlock.startswith(("an open question", "a follow-up question", "a question about who else")) for e in revealed.ledger)


def test_unlocked_insight_is_credited_to_its_question(gabriela: Persona) -> None:
    open_insight = next(i for i in gabriela.insights if i.unlock == "open_question")
    question = {
        "skills": "What skills matter most for someone starting out in your field?",
        "network": "Who else do you think I should talk to, and how would you approach them?",
        "culture": "How would you describe the culture of your organization?",
    }[open_insight.topic]
    r = score(gabriela, [Turn("student", question), Turn("persona", "Well.")])
    entry = next(e for e in r.ledger if e.id == open_insight.id)
    assert entry.unlocked and entry.by_question == 1
    assert r.questions[0].unlocked == [open_insight.id]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "top level must be an object"),
        ({"turns": []}, "'persona_id'"),
        ({"persona_id": "x", "turns": {}}, "'turns' must be a list"),
        ({"persona_id": "x", "turns": [{"role": "coach", "text": "hi"}]}, "turns.0"),
    ],
)
def test_bad_transcripts_name_the_problem(data: object, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_transcript(data)
