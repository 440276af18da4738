"""Open versions of closed questions: the small word helpers, and that every rewrite is open."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from practice.questions import analyze
from practice.rewrites import FLAG_REWRITES, TOPIC_REWRITES, gerund, open_version, subject_of
from practice.wording import KNOWN_NAMES, problems


@pytest.mark.parametrize(
    ("verb", "expected"),
    [("travel", "traveling"), ("get", "getting"), ("make", "making"), ("go", "going"), ("see", "seeing"), ("lie", "lying"), ("work", "working")],
)
def test_gerund(verb: str, expected: str) -> None:
    assert gerund(verb) == expected


def test_every_fallback_by_topic_is_open() -> None:
    assert {t: analyze(q).form for t, q in TOPIC_REWRITES.items()} == dict.fromkeys(TOPIC_REWRITES, "open")


def test_a_question_asking_two_things_with_or_is_rewritten_from_the_first() -> None:
    assert open_version("are you in the classroom all day or do you have planning periods", ["day_to_day"], []) == (
        "What does being in the classroom all day look like for you?"
    )


@pytest.mark.parametrize(
    ("question", "rewrite"),
    [
        ("do game studios care about gpa at all or is it all about the portfolio", "How much do game studios care about gpa?"),
        ("how big of a deal is the shrm-cp when you're trying to get a job", "How much does the shrm-cp matter when you're trying to get a job?"),
        ("where do new grads usually mess up when they're trying to break in", "What mistakes do new grads make when they're trying to break in?"),
        ("is your job more like chasing down late trucks or more like building models", "How much of your job is chasing down late trucks, and how much is building models?"),
        ("does the denver ux community have any events where students can meet people", "What kinds of events does the denver ux community have where students can meet people?"),
        ("what's the going rate for a new grad nurse around here, per hour", "What does pay usually look like for a new grad nurse around here?"),
        ("does the ea credential matter for tax prep, or is the cpa the only thing people care about", "How does the ea credential compare with the cpa for tax prep?"),
        ("you mentioned billing, is that something i should learn before i graduate", "How much would it help to learn that before i graduate?"),
    ],
)
def test_rewrites_keep_what_the_student_asked_about(question: str, rewrite: str) -> None:
    assert open_version(question, ["skills"], []) == rewrite


def test_flags_come_before_rules() -> None:
    assert open_version("do you like your salary", ["lifestyle"], ["salary_personal"]).startswith("What do salaries")
    assert open_version("what is the average salary for nurses", ["lifestyle"], ["googleable"]).startswith("What do salaries")
    assert open_version("when was the company founded", ["culture"], ["googleable"]).startswith("What drew you")


# The open version keeps what the student asked about: the thing counted, the tool, the place,
# the two options weighed, the organization's policy. (Fresh examples, not rows of the tables.)
@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("How many clients do you see in a week?", "What can you tell me about the clients you see in a week?"),
        ("how many students do you have this year", "What can you tell me about the students you have this year?"),  # not "use your students"
        ("how much vacation do you get?", "How do you use your vacation?"),  # time off is used
        ("how many people are on the grants team?", "What can you tell me about the people on the grants team?"),
        ("Which conferences do you go to?", "What can you tell me about the conferences you go to?"),
        ("Which agency did you start at after college?", "What can you tell me about the agency you started at after college?"),
        ("Do you use Figma for your wireframes?", "How do you use Figma for your wireframes?"),
        ("do you end up charting on weekends?", "What does charting on weekends look like for you?"),  # not "ending up charting"
        # An open question does not end on a yes-or-no one: the first half says what they want to know.
        ("Is the market for nurses pretty competitive right now, or are hospitals hiring?", "How would you describe the market for nurses right now?"),
        ("Do you use Python a lot?", "How do you use Python in your work?"),
        ("Does your firm pay for the CPA exam?", "How does your firm approach paying for the CPA exam?"),
        ("Do people usually leave after two years?", "What have you noticed about people leaving after two years?"),
        ("Who do you report to?", "Could you tell me about the people you report to?"),
        ("How hard is it to get a job at a museum?", "What does it take to get a job at a museum?"),
        ("Is it better to start at an agency or in-house?", "How would you decide whether to start at an agency or in-house, in my position?"),
        ("Should I learn R before I graduate?", "How would you decide whether to learn R before I graduate, in my position?"),
        ("Is a PhD required, or is a master's enough?", "How would you compare a PhD and a master's for someone starting out?"),
        ("Are startups still hiring junior designers?", "What does hiring look like at startups right now?"),
        ("Is there anyone in the policy office I should reach out to?", "What kinds of people in the policy office would you suggest I talk to next?"),
        ("how much does your GPA really matter", "What role does your GPA play in hiring?"),
        ("Would you still go to law school if you could do it over?", "How do you feel now about your choice to go to law school?"),
        ("Can you work from home on Fridays?", "What does working from home on Fridays look like for you?"),
        ("Is the residency hard?", "What parts of the residency are hardest for you?"),
        ("Is grad school expensive?", "What should I know about the cost of grad school?"),
        ("Could I tag along on one of your client meetings?", "What would it take to sit in on one of your client meetings?"),
        ("Who would be good to talk to about the research side?", "What kinds of people would you suggest I talk to about the research side?"),
        ("Wouldn't you agree that remote work is here to stay?", "What are your thoughts on whether remote work is here to stay?"),
    ],
)
def test_rewrites_keep_the_students_subject(text: str, rewrite: str) -> None:
    a = analyze(text)
    assert a.form == "closed"
    assert a.rewrite == rewrite
    assert analyze(rewrite).form == "open"


def test_a_pay_question_coded_under_another_topic_is_rewritten_about_pay() -> None:
    assert open_version("is the starting pay enough to live on in denver", ["lifestyle"], []) == FLAG_REWRITES["salary_personal"]
    assert open_version("does that make it hard to get things done", ["culture"], []) == TOPIC_REWRITES["culture"]  # 'make' alone is not pay


def _tables() -> list[dict[str, str]]:
    data = Path(__file__).parent / "data"
    return [row for path in sorted(data.glob("questions*.csv")) for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())]


def test_every_rewrite_of_the_tables_keeps_the_names_the_student_used_and_stays_short() -> None:
    lost, long = [], []
    for row in _tables():
        a = analyze(row["text"], row["previous_answer"] or None)
        if a.rewrite is None:
            continue
        if len(a.rewrite.split()) > 25:
            long.append(a.rewrite)
        if a.flags:
            continue  # a job request or a salary question gets the question worth asking instead
        asked = " ".join(q.text for q in a.questions)
        names = {w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", asked)} & {n.lower() for n in KNOWN_NAMES}
        if names and not any(re.search(rf"\b{re.escape(n)}\b", a.rewrite.lower()) for n in names):
            lost.append((row["text"], a.rewrite))
    assert (lost, long) == ([], [])


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("How do you use Tableau for your charts?", "how you use Tableau for your charts"),
        ("What tools do you use for the analysis?", "the tools you use for the analysis"),
        ("What can you tell me about the people on the data desk?", "the people on the data desk"),
        ("Why did you leave banking?", "why you left banking"),
        ("What does a normal week look like for you?", "what a normal week looks like for you"),
        ("What do you think about AI?", None),  # an opinion has no subject to say more about
    ],
)
def test_the_subject_of_a_question_for_a_follow_up(question: str, subject: str | None) -> None:
    assert subject_of(question) == subject


def test_a_follow_ups_rewrite_keeps_the_thread_it_picks_up() -> None:
    answer = "Most of my week goes to public records requests, and I clean the data in Python."
    a = analyze("You mentioned public records. How hard is it to actually get data from the city?", answer)
    assert a.follow_up and a.form == "closed"
    assert a.rewrite == "You mentioned public records. What does it take to actually get data from the city?"
    b = analyze("Earlier you mentioned Python, how much of it would I need to know for an internship?", answer)
    assert b.rewrite == "Earlier you mentioned Python. What would I need to know about it for an internship?"
    assert analyze(b.rewrite).form == "open" and not problems(b.rewrite)


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        ("Is there anything I should be doing this year to get ready?", "What should I be doing this year to get ready?"),
        ("is there anything else i should know?", "What else should I know?"),
        ("Is there anything you would do differently?", "What would you do differently?"),
        ("is there anything i need to do before applying?", "What do I need to do before applying?"),
    ],
)
def test_is_there_anything_with_a_modal_asks_what_in_its_own_order(text: str, rewrite: str) -> None:
    assert analyze(text).rewrite == rewrite


def test_whether_something_helps_becomes_how_it_helps() -> None:
    assert analyze("Does your nursing background actually help you in research now?").rewrite == "How does your nursing background help you in research now?"


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        # "you guys" is "you"; "any" after a preposition goes.
        ("do you guys partner with any hospitals in Austin?", "What does partnering with hospitals in Austin look like for you?"),
        # An echo of the past asks what it was like; "did" and "were" are no verbs to open up.
        ("you taught middle school?", "What was teaching middle school like for you?"),
        ("wait, you did americorps? was that hard to live on?", "What was it like to live on that?"),
    ],
)
def test_echoes_and_you_guys_are_opened_up_in_good_english(text: str, rewrite: str) -> None:
    assert analyze(text).rewrite == rewrite


def test_a_pay_question_keeps_for_whom_and_where() -> None:
    assert analyze("is the pay enough to live on in Boise?").rewrite == "What does pay usually look like for people starting out in Boise?"
    assert analyze("is the salary enough to live on?").rewrite == "What do salaries usually look like for people starting out in this field?"


def test_how_much_something_helps_becomes_the_ways_it_helps() -> None:
    assert analyze("How much does a minor in statistics actually help?").rewrite == "In what ways does a minor in statistics help?"
    assert analyze("how much do internships really help you get hired?").rewrite == "In what ways do internships help you get hired?"


def test_is_that_when_you_keeps_the_student_s_subject() -> None:
    # Not the topic's stock question ("What does a typical week look like for you?").
    a = analyze("um, you mentioned you're in your prep period, is that when you do your grading?", "I'm in my prep period.")
    assert a.rewrite == "Could you tell me about how you do your grading?"


def test_how_long_they_get_with_someone_asks_how_the_time_is_spent() -> None:
    assert analyze("how long do you get with each patient?").rewrite == "How do you spend your time with each patient?"


def test_whether_something_is_growing_keeps_what_and_the_hype_named() -> None:
    assert analyze("r nursing jobs actually growing rn or is that just tiktok hype").rewrite == (
        "How much of the growth in nursing jobs is real, and how much is TikTok hype?")
    assert analyze("are welding jobs still in demand?").rewrite == "How is demand for welding jobs changing right now?"


def test_whether_something_is_normal_asks_how_common_it_is_keeping_the_subject() -> None:
    assert analyze("is remote work normal in ux research?").rewrite == "How common is remote work in UX research, in your experience?"
    assert analyze("are unpaid internships normal?").rewrite == "How common are unpaid internships, in your experience?"


@pytest.mark.parametrize(("question", "better"), [
    ("do you go out on the lakes a lot? like how often?", "What does going out on the lakes look like for you?"),
    ("do you get paid ok? sorry if that's rude", "What do salaries usually look like for people starting out in this field?"),
    ("um is it hard? like physically?", "What parts of the work are hardest for you, physically?"),
    ("ok so I'm kind of bad at chemistry, is that going to be a problem?", "How much does chemistry matter in your work?"),
    ("do you need to know how to code for this?", "What role does knowing how to code play in your work?"),
])
def test_a_how_much_tail_and_whether_the_pay_is_enough(question: str, better: str) -> None:
    a = analyze(question)
    assert open_version(a.questions[0].text, list(a.topics), list(a.flags)) == better


def test_the_subject_stops_before_a_clarifying_aside() -> None:
    assert subject_of("how did you get your job, like did you know someone") == "how you got your job"
    # A trailing "honestly" is the student's tone, not the subject.
    assert subject_of(analyze("whats the hardest part of ur job honestly").questions[0].text) == "the hardest part of your job"
