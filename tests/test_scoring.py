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
    # The introduction ("...and I'm hoping to learn how people build a career in it") says why they came: no question.
    assert r.question_count == 11
    assert r.topics_covered == 9
    assert r.open_count == 9 and r.closed_count == 2
    assert r.follow_up_count == 1
    assert r.etiquette.introduced and r.etiquette.stated_purpose and r.etiquette.thanked
    assert r.etiquette.asked_for_contacts
    assert r.etiquette.job_requests == [] and r.etiquette.personal_salary_questions == []
    assert r.parts["coverage"] == 1.0 and r.parts["etiquette"] == 1.0
    # "Who else do you think I should talk to?" earns the network insight, closed as it is.
    assert next(e for e in r.ledger if e.topic == "network").by_question == 11
    assert r.score == 88
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
    assert r.score == 16
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


# --------------------------------------------------------------------------- score bands and suggestions (PRODUCT.md)

from practice.engines.offline import OfflineEngine  # noqa: E402
from practice.interview import Interview  # noqa: E402
from practice.wording import problems  # noqa: E402

SHIPPED = load_personas([ROOT / "personas"]).personas

STRONG = [
    "Hi Ms. Whitfield, thanks for making time. I'm Jordan, a junior studying economics, and I'm exploring commercial banking.",
    "How did you end up in credit analysis?",
    "What did the training program teach you?",
    "What does a typical week look like for you?",
    "What skills matter most for a new analyst?",
    "How would you describe the culture at the bank?",
    "What's the hardest part of the job?",
    "How do you manage the hours at quarter-end?",
    "Where do you see commercial banking heading?",
    "You mentioned private credit. Could you tell me more about that?",
    "Who else do you think I should talk to?",
    "Thank you so much for your time, this was really helpful.",
]
JOB_HUNT = ["Are you hiring?", "Could you pass my resume to your hiring manager?", "How much do you make?", "Can you refer me for the analyst program?"]
RAMBLING = [
    "So I have been going back and forth for a really long time about whether I should stay in my history major or switch into "
    "something with more numbers like economics, because everyone keeps telling me banks only hire finance people, and I am "
    "honestly not sure if that is true or what I should do about it, so what would you do?",
    "And another thing I keep wondering about is the hours, because my cousin works in investment banking and never sleeps and "
    "I really do not want that life, but I also want a career that pays well and grows, so how do the hours compare and is it worth it?",
]
YES_NO = ["Do you like your job?", "Is it stressful?", "Do you work weekends?", "Is the pay good?", "Do you have any advice?"]


def interview(persona_id: str, questions: list[str]) -> list[Turn]:
    import asyncio

    talk = Interview(SHIPPED[persona_id], OfflineEngine())

    async def run() -> None:
        for q in questions:
            async for _ in talk.ask(q):
                pass

    asyncio.run(run())
    return talk.turns


def test_a_strong_interview_scores_at_least_85() -> None:
    r = score(SHIPPED["lauren-whitfield"], interview("lauren-whitfield", STRONG))
    assert r.score >= 85, (r.score, r.parts)


@pytest.mark.parametrize("questions", [JOB_HUNT, RAMBLING, YES_NO], ids=["job hunting", "two rambling questions", "only yes or no"])
def test_a_weak_interview_scores_at_most_40_and_says_why(questions: list[str]) -> None:
    r = score(SHIPPED["lauren-whitfield"], interview("lauren-whitfield", questions))
    assert r.score <= 40, (r.score, r.parts, r.penalties)
    assert r.penalties or r.score < 40


def test_a_job_request_gets_no_coverage_and_never_counts_as_asking_who_else() -> None:
    r = score(SHIPPED["lauren-whitfield"], interview("lauren-whitfield", JOB_HUNT))
    assert r.etiquette.job_requests == [1, 2, 4]
    assert r.etiquette.asked_for_contacts is False
    assert not any(q.topics for q in r.questions if "job_request" in q.flags)


@pytest.mark.parametrize("questions", [STRONG, JOB_HUNT, RAMBLING, YES_NO])
def test_suggestions_quote_different_questions_with_short_better_versions_in_good_english(questions: list[str]) -> None:
    r = score(SHIPPED["lauren-whitfield"], interview("lauren-whitfield", questions))
    quotes = [s.quote for s in r.suggestions]
    assert len(quotes) == len(set(quotes))
    asked = {q.text for q in r.questions}
    for s in r.suggestions:
        assert s.quote in asked
        assert len(s.better.split()) <= 25, s.better
        assert problems(s.better) == [], s.better
    assert r.suggestions_title == {0: "Things to try", 1: "One thing to try", 2: "Two things to try", 3: "Three things to try"}[len(r.suggestions)]


def test_a_too_long_question_is_answered_with_its_main_question_asked_plainly() -> None:
    r = score(SHIPPED["lauren-whitfield"], interview("lauren-whitfield", RAMBLING))
    plain = next(s for s in r.suggestions if s.quote == RAMBLING[0])
    assert plain.better == "What would you do?"
    assert any("over 60 words" in p for p in r.penalties)


def test_the_report_speaks_of_the_persona_with_their_own_pronouns() -> None:
    gabriela = SHIPPED["gabriela-ruiz"]
    r = score(gabriela, interview("gabriela-ruiz", ["How did you get into this work?", "What does a typical week look like?"]))
    text = to_markdown(r) + " ".join(t.note for t in r.missed_threads) + " ".join(e.how_to_unlock for e in r.ledger)
    assert " their " not in text and "her organization's culture" in text


def test_off_script_turns_earn_no_coverage() -> None:
    r = score(SHIPPED["devin-marsh"], interview("devin-marsh", [
        "Are you an AI?", "What did you think of the keynote at PyCon last week?", "What's your favorite restaurant in Columbus?",
    ]))
    assert r.topics_covered == 0 and all(q.rewrite is None for q in r.questions)
    assert [q.off_script for q in r.questions] == ["ai_question", "small_talk", "small_talk"]


def test_off_script_counts_come_from_the_analysis_not_from_a_missing_topic() -> None:
    # A question the analyzer finds no topic for is still about the work; "Are you an AI?" and a job request are not.
    r = score(SHIPPED["devin-marsh"], interview("devin-marsh", [
        "Are you an AI?", "Could you refer me for a job at your company?", "Anything else I should know?",
    ]))
    assert [q.off_script for q in r.questions] == ["ai_question", None, None] and not r.questions[2].topics
    assert "2 of your 3 questions were not about Devin's work" in r.no_suggestions


def test_a_weak_interview_is_never_told_nothing_major() -> None:
    r = score(SHIPPED["devin-marsh"], interview("devin-marsh", ["Are you an AI?", "What's your favorite restaurant in Columbus?"]))
    assert r.suggestions == [] and "Nothing major" not in r.no_suggestions
    assert "None of your 2 questions was about Devin's work" in r.no_suggestions


def test_a_stored_turn_keeps_the_coding_it_got_when_asked_and_a_bare_one_is_analysed() -> None:
    import dataclasses

    turns = interview("devin-marsh", ["How did you get into software?", "Do you like your job?"])
    first = next(t for t in turns if t.role == "student")
    assert first.analysis is not None and first.analysis.form == "open"
    # As if the analyzer of the day had coded it closed: the report shows what the interview saw.
    first.analysis = dataclasses.replace(first.analysis, form="closed")
    stored = score(SHIPPED["devin-marsh"], turns)
    bare = score(SHIPPED["devin-marsh"], [Turn(role=t.role, text=t.text) for t in turns])
    assert [q.form for q in stored.questions] == ["closed", "closed"]
    assert [q.form for q in bare.questions] == ["open", "closed"]


def test_the_follow_up_suggestion_keeps_the_subject_of_the_question_it_quotes() -> None:
    questions = [
        "Hi Nadia, I'm Sam, a sophomore in statistics. Thanks for talking with me.",
        "What tools do you use for the analysis?",
        "Do you use Tableau for your charts?",
        "What's the hardest part of the job?",
        "Where is the news business heading?",
    ]
    r = score(SHIPPED["nadia-haddad"], interview("nadia-haddad", questions))
    follow = next(s for s in r.suggestions if s.title == "Follow up before you change the subject")
    subject = {"What tools do you use for the analysis?": "the tools you use for the analysis",
               "Do you use Tableau for your charts?": "how you use Tableau for your charts"}
    assert follow.quote in subject, follow
    assert follow.better == f"Could you tell me more about {subject[follow.quote]}?"


def test_a_follow_up_on_what_they_would_do_keeps_it() -> None:
    from practice.rewrites import subject_of

    assert subject_of("what would you do this summer") == "what you would do this summer"
    assert subject_of("which tools would you learn first") == "the tools you would learn first"
    assert subject_of("What does it take to get a job teaching history?") == "what it takes to get a job teaching history"
    assert subject_of("What was the hardest part of not having a degree when you started?") == "the hardest part of not having a degree when you started"


def test_the_markdown_report_says_which_turns_were_off_script() -> None:
    questions = ["Hi, I'm Sam, a junior in history. Thanks for your time!", "are you actually an AI?", "How did you get into teaching?"]
    r = score(SHIPPED["jamal-whitaker"], interview("jamal-whitaker", questions))
    md = to_markdown(r)
    assert "are you actually an AI? _(closed, off-script: asks whether the professional is an AI)_" in md
    assert "How did you get into teaching? _(open, career_path)_" in md


def test_questions_to_try_next_name_the_job_as_it_reads_mid_sentence() -> None:
    r = score(SHIPPED["omar-siddiqui"], interview("omar-siddiqui", ["Hi, I'm Sam.", "What does a typical day look like?"]))
    career = next(q for q in r.next_questions if q.startswith("How did you end up"))
    assert career == f"How did you end up as a senior UX researcher at {SHIPPED['omar-siddiqui'].organization}?"
    assert all(not problems(q) for q in r.next_questions)


def test_a_name_alone_introduces_the_student(gabriela: Persona) -> None:
    turns = [Turn(role="persona", text=gabriela.greeting), Turn(role="student", text="Hi, I'm Tyler."),
             Turn(role="persona", text="Nice to meet you."), Turn(role="student", text="Do you like your job?")]
    assert score(gabriela, turns).etiquette.introduced
    nervous = [Turn(role="persona", text=gabriela.greeting), Turn(role="student", text="hi, i'm so nervous lol"),
               Turn(role="persona", text="Take your time."), Turn(role="student", text="do you like your job?")]
    assert not score(gabriela, nervous).etiquette.introduced


def test_a_bare_follow_up_names_no_topic_in_the_report() -> None:
    r = score(SHIPPED["jamal-whitaker"], interview("jamal-whitaker", ["Is it hard to get a job teaching history?", "Could you say more about that?"]))
    assert r.questions[0].topics == ["industry"] and r.questions[1].topics == [] and r.questions[1].follow_up


def test_two_rambling_questions_make_a_weak_interview() -> None:
    story = ("so a little about me first, I tore my ACL playing club soccer in high school and did six months of PT at a clinic "
             "near home, and my therapist was honestly amazing, she explained everything and let me pick the music, and that is "
             "when I started thinking about this, but then I switched majors twice and my parents keep asking what the plan is, ")
    questions = [
        "Hi, I'm Dana, a sophomore studying kinesiology, and I'm thinking about PT school.",
        story + "so what does a normal day look like for you?",
        "How did you get into physical therapy?",
        story + "so what would you tell someone in my position?",
        "What's the most rewarding part of the work?",
        "Where do you see the field going?",
        "Who else do you think I should talk to?",
        "Thank you so much for your time!",
    ]
    r = score(SHIPPED["priya-raman"], interview("priya-raman", questions))
    assert r.score <= 40 and any("two or more questions ran too long" in p for p in r.penalties)


@pytest.mark.parametrize("question", ["Would it be possible to shadow at your clinic sometime?",
                                      "Are there any local PT events I could go to?"])
def test_asking_to_watch_or_where_to_go_is_not_asking_who_else_to_talk_to(question: str) -> None:
    r = score(SHIPPED["priya-raman"], interview("priya-raman", [question]))
    assert not r.etiquette.asked_for_contacts
    r = score(SHIPPED["priya-raman"], interview("priya-raman", ["Is there anyone else you think I should talk to?"]))
    assert r.etiquette.asked_for_contacts


@pytest.mark.parametrize("opening", [
    "Hi Priya, I'm Dana, a junior in kinesiology. I'm hoping to break into PT, so I wanted to hear how people actually get in.",
    "Hi, I'm Dana, a junior in kinesiology. I'm interested in outpatient work and hoped to learn what your days are like.",
])
def test_the_purpose_is_heard_in_its_usual_wordings(opening: str) -> None:
    r = score(SHIPPED["priya-raman"], interview("priya-raman", [opening, "How did you get into physical therapy?"]))
    assert r.etiquette.stated_purpose


def test_the_report_writes_the_persona_s_names_as_their_file_does() -> None:
    # Typed in lower case, her organization comes back capitalised in the better version.
    r = score(SHIPPED["gabriela-ruiz"], interview("gabriela-ruiz", ["do you like working at alamo pathways?"]))
    assert [m.better for m in r.missed_openings] == ["What do you enjoy most about working at Alamo Pathways?"]


def test_every_mark_is_explained_with_the_interview_s_own_figures(gabriela: Persona) -> None:
    r = score(gabriela, load("strong"))
    assert set(r.marked_by) == set(r.parts)
    assert r.marked_by["coverage"] == f"{r.topics_covered} of 9 topics; 6 or more earn the full mark"
    assert r.marked_by["open_questions"].startswith(f"{r.open_count} of {r.question_count} questions open")
    assert "| part | mark | weight | how it is marked |" in to_markdown(r)


def test_fields_are_named_as_people_say_them() -> None:
    from practice.scoring import _field

    assert [_field(f) for f in ("Nonprofit", "Museums", "Government", "UX", "Economics")] == [
        "the nonprofit field", "the museum field", "the public sector", "the UX field", "the economics field"]
