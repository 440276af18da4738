"""Transcript + persona -> Report: what the student asked, what they missed, how to ask better.

Pure: the report is a function of the transcript and the persona only. It replays the
conversation through the same analyzer and disclosure rule the live interview used.
Weights and targets are documented in README.md ("How the score is made").
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from practice.disclosure import unlocks
from practice.errors import InputError
from practice.personas import Persona
from practice.questions import TOO_LONG_WORDS, Analysis
from practice.questions.normalise import normalise
from practice.rewrites import open_version, subject_of
from practice.topics import OFF_SCRIPT_LABELS, TOPIC_LABELS, TOPICS
from practice.transcript import Tracker, Turn, state_of, student_turn
from practice.wording import KNOWN_NAMES, plain_question

# Share of the score each part carries (sums to 100).
# Insights weigh less than the rest: how many a persona hides, and behind which topics, is the
# advisor's choice, while the other four parts measure only what the student did.
WEIGHTS: dict[str, int] = {"coverage": 25, "open_questions": 25, "listening": 15, "insights": 10, "etiquette": 25}
# A full mark needs this much: six topics in one conversation, 70% open, one follow-up in six.
TARGET_TOPICS = 6
TARGET_OPEN_SHARE = 0.7
TARGET_FOLLOW_UP_RATE = 1 / 6
# The open-questions and listening marks need this many questions to be earned in full: two
# questions, however well put, show little of either.
FULL_MARK_QUESTIONS = 6
# A question of more than TOO_LONG_WORDS words costs this much, up to the most below.
TOO_LONG_PENALTY = 5
MAX_TOO_LONG_PENALTY = 15
# A weak interview scores at most this (PRODUCT.md): job hunting without an introduction, rambling
# (half the questions or more too long), or nothing but closed questions.
WEAK_CAP = 40

# How a student would name each topic, for suggestions.
STUDENT_PHRASES = {
    "career_path": "how you got into this work",
    "day_to_day": "what your days actually look like",
    "skills": "the skills that matter most in your job",
    "culture": "what your organization is like to work for",
    "lifestyle": "the hours and the balance",
    "rewards_challenges": "the best and hardest parts of the job",
    "industry": "where your field is heading",
    "advice": "what you would tell someone starting out",
    "network": "who else I should talk to",
}

# How an advisor would name each topic when speaking about the professional ({their}: the
# persona's possessive pronoun, from the file's `pronouns`).
ABOUT_PHRASES = {
    "career_path": "{their} career path",
    "day_to_day": "{their} day-to-day work",
    "skills": "the skills the job takes",
    "culture": "{their} organization's culture",
    "lifestyle": "the hours and work-life balance",
    "rewards_challenges": "what {they} like and find hard about the job",
    "industry": "where the field is heading",
    "advice": "advice for someone starting out",
    "network": "who else to talk to",
}

_POSSESSIVE = {"she": "her", "he": "his", "they": "their", "ze": "zir", "xe": "xyr", "ey": "eir"}


def pronoun_forms(persona: Persona) -> dict[str, str]:
    """'she/her' -> {'they': 'she', 'their': 'her', 'like': 'likes'}; unknown sets read as they/their."""
    subject = persona.pronouns.split("/")[0].strip().lower()
    their = _POSSESSIVE.get(subject)
    if their is None:
        subject, their = "they", "their"
    return {"they": subject, "their": their, "s": "" if subject == "they" else "s"}


def about(persona: Persona, topic: str) -> str:
    """How the report names a topic when speaking of this persona ("her career path")."""
    forms = pronoun_forms(persona)
    phrase = ABOUT_PHRASES[topic].format(they=forms["they"], their=forms["their"])
    return phrase.replace(f"what {forms['they']} like ", f"what {forms['they']} like{forms['s']} ").replace(
        "find hard", f"find{forms['s']} hard"
    )


_INTRODUCED = re.compile(
    r"\b(?:my name is|i am|i'm|this is)\b.{0,60}\b(?:student|junior|senior|sophomore|freshman|first[- ]year|major|"
    r"majoring|studying|graduate|grad|at \w+ (?:university|college)|university|college)\b",
    re.I,
)
# A name alone introduces too: "Hi, I'm Tyler." (capitalised, as a name is written), "my name is sam".
_NAMED = re.compile(r"\b[Mm]y name is [a-zA-Z]+|\b(?:I'm|I am|[Tt]his is|[Ii]m) (?!Not\b|Just\b|So\b|Really\b|Very\b|Sorry\b|Here\b)[A-Z][a-z]+\b")
_PURPOSE = re.compile(
    r"\b(?:interested in|exploring|considering|thinking (?:about|of)|learn(?:ing)? (?:more )?about|hoping to|hoped to|"
    r"curious about|looking into|reached out because|the reason i|"
    r"(?:want|wanted|would like|'d like|hope|hoped|trying|try|looking|here) to (?:go into|work in|get into|break into|move into|"
    r"learn|understand|hear|know|find out|figure out|get a (?:sense|feel)|see|explore|decide))\b",
    re.I,
)
_THANKS = re.compile(r"\b(?:thank|thanks|thx|thnx|tysm|tyvm|ty|appreciate|grateful)\b", re.I)
# Who else to talk to, or how to keep in touch: a network question that asks for people. Asking to
# shadow, or which events or groups to go to, is a good network question, but it asks for no one.
_ASKS_FOR_PEOPLE = re.compile(
    r"\b(?:who|whom|anyone|anybody|someone|somebody|people|person|colleagues?|introduce|introduction|connect|in touch|"
    r"reach out|contact|email|linkedin|talk to|speak with|follow up with you|refer me to)\b", re.I)


class QuestionReport(BaseModel):
    index: int  # position among the student's turns, from 1
    text: str
    form: str
    topics: list[str]
    flags: list[str]
    follow_up: bool
    rewrite: str | None
    unlocked: list[str]
    # "ai_question", "extraction" or "small_talk" for a turn that is not about the work (PRODUCT.md).
    off_script: str | None = None


class TopicCoverage(BaseModel):
    topic: str
    label: str
    covered: bool
    questions: list[int]
    depth: int  # questions on the topic, follow-ups included


class Rewrite(BaseModel):
    index: int
    text: str
    better: str


class MissedThread(BaseModel):
    after_question: int
    topic: str
    label: str
    note: str


class LedgerEntry(BaseModel):
    id: str
    topic: str
    label: str
    unlocked: bool
    by_question: int | None
    how_to_unlock: str
    text: str | None  # revealed only once the session has ended


class Etiquette(BaseModel):
    introduced: bool
    stated_purpose: bool
    respected_time: bool
    asked_for_contacts: bool
    thanked: bool
    job_requests: list[int]
    personal_salary_questions: list[int]
    googleable_questions: list[int]

    def checks(self) -> dict[str, bool]:
        return {
            "introduced themself": self.introduced,
            "said why they asked for the conversation": self.stated_purpose,
            "kept to the time offered": self.respected_time,
            "asked who else to talk to or how to keep in touch": self.asked_for_contacts,
            "said thank you": self.thanked,
            "did not ask for a job": not self.job_requests,
            "did not ask what the professional earns": not self.personal_salary_questions,
            "asked nothing easily found online": not self.googleable_questions,
        }


class Suggestion(BaseModel):
    title: str
    why: str
    quote: str
    better: str


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    persona_id: str
    persona_name: str
    questions: list[QuestionReport]
    question_count: int
    open_count: int
    closed_count: int
    open_share: float
    follow_up_count: int
    follow_up_rate: float
    coverage: list[TopicCoverage]
    topics_covered: int
    missed_openings: list[Rewrite]
    missed_threads: list[MissedThread]
    insights_total: int
    insights_unlocked: int
    ledger: list[LedgerEntry]
    etiquette: Etiquette
    student_words: int
    persona_words: int
    student_share: float
    parts: dict[str, float] = Field(description="each part's mark, 0 to 1")
    weights: dict[str, int]
    marked_by: dict[str, str] = Field(default_factory=dict, description="each part's mark, explained with the interview's own figures")
    score: int
    penalties: list[str] = Field(default_factory=list, description="deductions and caps, each with its reason")
    suggestions: list[Suggestion]
    suggestions_title: str = "Things to try"
    no_suggestions: str = Field(default="", description="what the report says when it has no suggestion to make")
    next_questions: list[str]
    summary: str


def parse_transcript(data: Any) -> tuple[str, list[Turn]]:
    """Validate transcript JSON: {"persona_id": ..., "turns": [{"role", "text"}, ...]}."""
    if not isinstance(data, dict):
        raise InputError("transcript: the top level must be an object with 'persona_id' and 'turns'")
    persona_id = data.get("persona_id")
    if not isinstance(persona_id, str) or not persona_id:
        raise InputError("transcript: field 'persona_id' is missing or not a string")
    raw_turns = data.get("turns")
    if not isinstance(raw_turns, list):
        raise InputError("transcript: field 'turns' must be a list")
    turns: list[Turn] = []
    for i, raw in enumerate(raw_turns):
        if not isinstance(raw, dict) or raw.get("role") not in ("student", "persona") or not isinstance(raw.get("text"), str):
            raise InputError(f"transcript: field 'turns.{i}': each turn needs 'role' (student or persona) and 'text'")
        turns.append(Turn(role=raw["role"], text=raw["text"]))
    return persona_id, turns


def replay(persona: Persona, turns: list[Turn]) -> list[Turn]:
    """Re-decide disclosure turn by turn, as the live interview did.

    A student turn keeps the coding it got when it was asked (a stored session's turns carry it),
    so the report says what the interview saw; a bare transcript (an import) is analysed afresh.
    One pass: the conversation's state is kept up to date turn by turn, so a long transcript
    costs in proportion to its length.
    """
    history: list[Turn] = []
    tracker = Tracker(persona)
    before_question = tracker.state()
    for turn in turns:
        if turn.role == "student":
            before_question = tracker.state()
            if turn.analysis is not None:
                question = Turn(role="student", text=turn.text, analysis=turn.analysis, topics=turn.topics)
            else:
                question = student_turn(persona, history, turn.text, before_question)
            history.append(question)
            tracker.add(question)
            continue
        unlocked: list[str] = []
        if history and history[-1].role == "student" and history[-1].analysis is not None:
            state = before_question
            earned = unlocks(persona, history[-1].analysis, unlocked=state.unlocked,
                             discussed=state.discussed, previous_topics=state.last_topics)
            unlocked = [i.id for i in earned]
        reply = Turn(role="persona", text=turn.text, unlocked=unlocked)
        history.append(reply)
        tracker.add(reply)
    return history


def score(persona: Persona, turns: list[Turn], *, reveal: bool = True) -> Report:
    """The report for a transcript. `reveal` shows missed insights' text (after the session ends)."""
    history = replay(persona, turns)
    students = [t for t in history if t.role == "student"]
    questions: list[QuestionReport] = []
    replies = {id(t): history[i + 1] for i, t in enumerate(history[:-1]) if t.role == "student" and history[i + 1].role == "persona"}
    for n, turn in enumerate(students, start=1):
        a = turn.analysis
        assert a is not None
        reply = replies.get(id(turn))
        questions.append(QuestionReport(
            # A bare follow-up ("Can you say more about that?") names no topic of its own (PRODUCT.md); the
            # turn's topics, which continue the last one for the insights it may earn, are not the question's.
            index=n, text=turn.text, form=a.form, topics=list(a.topics), flags=a.flags,
            follow_up=a.follow_up and a.form != "not_a_question", rewrite=in_their_names(persona, a.rewrite) if a.rewrite else None,
            unlocked=reply.unlocked if reply else [], off_script=a.off_script,
        ))
    asked = [q for q in questions if q.form != "not_a_question"]
    open_count = sum(q.form == "open" for q in asked)
    closed_count = sum(q.form == "closed" for q in asked)
    follow_ups = sum(q.follow_up for q in asked)
    n_asked = len(asked)

    coverage = []
    for topic in TOPICS:
        on_topic = [q.index for q in asked if topic in q.topics]
        coverage.append(TopicCoverage(topic=topic, label=TOPIC_LABELS[topic], covered=bool(on_topic),
                                      questions=on_topic, depth=len(on_topic)))
    covered = sum(c.covered for c in coverage)

    missed_openings = [
        Rewrite(index=q.index, text=q.text, better=q.rewrite)
        for q in asked
        if q.form == "closed" and q.rewrite and "network" not in q.topics and "job_request" not in q.flags
    ]
    missed_threads = _missed_threads(persona, history, questions)
    ledger = _ledger(persona, questions, reveal)
    unlocked_total = sum(e.unlocked for e in ledger)
    etiquette = _etiquette(persona, history, questions)

    student_words = sum(len(t.text.split()) for t in history if t.role == "student")
    persona_words = sum(len(t.text.split()) for t in history if t.role == "persona")
    total_words = student_words + persona_words

    open_share = open_count / n_asked if n_asked else 0.0
    follow_rate = follow_ups / n_asked if n_asked else 0.0
    checks = etiquette.checks()
    volume = min(1.0, n_asked / FULL_MARK_QUESTIONS)
    parts = {
        "coverage": min(1.0, covered / TARGET_TOPICS),
        "open_questions": min(1.0, open_share / TARGET_OPEN_SHARE) * volume,
        "listening": min(1.0, follow_rate / TARGET_FOLLOW_UP_RATE) * volume,
        "insights": unlocked_total / len(persona.insights) if persona.insights else 1.0,
        "etiquette": sum(checks.values()) / len(checks),
    }
    if not n_asked:
        parts = dict.fromkeys(parts, 0.0)
    few = f"; under {FULL_MARK_QUESTIONS} questions lowers it" if n_asked < FULL_MARK_QUESTIONS else ""
    marked_by = {
        "coverage": f"{covered} of {len(coverage)} topics; {TARGET_TOPICS} or more earn the full mark",
        "open_questions": f"{open_count} of {_count(n_asked, 'question')} open; {round(TARGET_OPEN_SHARE * 100)}% open earns the full mark{few}",
        "listening": f"{_count(follow_ups, 'follow-up')} in {_count(n_asked, 'question')}; one in {round(1 / TARGET_FOLLOW_UP_RATE)} earns the full mark{few}",
        "insights": f"{unlocked_total} of {len(persona.insights)} unlocked",
        "etiquette": f"{sum(checks.values())} of {len(checks)} checks",
    }
    total = round(sum(WEIGHTS[k] * v for k, v in parts.items()))
    too_long = [q.index for q in asked if "too_long" in q.flags]
    penalties: list[str] = []
    if too_long:
        cost = min(MAX_TOO_LONG_PENALTY, TOO_LONG_PENALTY * len(too_long))
        total -= cost
        penalties.append(f"-{cost}: {_count(len(too_long), 'question')} over {TOO_LONG_WORDS} words "
                         f"(question{'s' if len(too_long) > 1 else ''} {', '.join(map(str, too_long))})")
    caps = [reason for reason, applies in (
        ("asked for a job without introducing themself", bool(etiquette.job_requests) and not etiquette.introduced),
        # PRODUCT.md: two rambling questions make a weak interview (so does one, when it is half of them).
        ("two or more questions ran too long to follow" if len(too_long) >= 2 else "half or more of the questions ran too long to follow",
         bool(asked) and (len(too_long) >= 2 or 2 * len(too_long) >= n_asked)),
        ("asked only yes-or-no and short-fact questions", n_asked >= 2 and open_count == 0),
    ) if applies]
    if caps and total > WEAK_CAP:
        penalties.append(f"capped at {WEAK_CAP}: " + "; ".join(caps))
        total = WEAK_CAP
    total = max(0, total)

    report = Report(
        persona_id=persona.id, persona_name=persona.name, questions=questions, question_count=n_asked,
        open_count=open_count, closed_count=closed_count, open_share=round(open_share, 3),
        follow_up_count=follow_ups, follow_up_rate=round(follow_rate, 3), coverage=coverage, topics_covered=covered,
        missed_openings=missed_openings, missed_threads=missed_threads, insights_total=len(persona.insights),
        insights_unlocked=unlocked_total, ledger=ledger, etiquette=etiquette, student_words=student_words,
        persona_words=persona_words, student_share=round(student_words / total_words, 3) if total_words else 0.0,
        parts={k: round(v, 3) for k, v in parts.items()}, weights=dict(WEIGHTS), marked_by=marked_by, score=total, penalties=penalties,
        suggestions=[], next_questions=_next_questions(persona, coverage, ledger), summary="",
    )
    report.suggestions = _suggestions(persona, report, {n: t.analysis for n, t in enumerate(students, start=1) if t.analysis})
    report.suggestions_title = suggestions_heading(len(report.suggestions))
    report.no_suggestions = _no_suggestions(persona, report)
    report.summary = _summary(persona, report)
    return report


def _missed_threads(persona: Persona, history: list[Turn], questions: list[QuestionReport]) -> list[MissedThread]:
    """Answers on a topic that still hid a follow-up insight, followed by a change of subject."""
    follow_topics = {i.topic for i in persona.insights if i.unlock == "follow_up"}
    unlocked_ids = {u for q in questions for u in q.unlocked}
    open_follow = {i.topic for i in persona.insights if i.unlock == "follow_up" and i.id not in unlocked_ids}
    missed: list[MissedThread] = []
    seen: set[str] = set()
    for q, nxt in itertools.pairwise(questions):
        if q.form == "not_a_question":
            continue
        for topic in q.topics:
            if topic in follow_topics and topic in open_follow and topic not in seen and not nxt.follow_up:
                seen.add(topic)
                missed.append(MissedThread(
                    after_question=q.index, topic=topic, label=TOPIC_LABELS[topic],
                    note=f"{persona.first_name} had more to say about {about(persona, topic)}; "
                    f"question {nxt.index} moved on instead of following up.",
                ))
    return missed


def _ledger(persona: Persona, questions: list[QuestionReport], reveal: bool) -> list[LedgerEntry]:
    by = {u: q.index for q in questions for u in q.unlocked}
    entries = []
    for insight in persona.insights:
        if insight.unlock == "open_question" and insight.topic == "network":
            how = "a question about who else to talk to"
        elif insight.unlock == "open_question":
            how = f"an open question about {about(persona, insight.topic)}"
        else:
            how = f"a follow-up question once {persona.first_name} had talked about {about(persona, insight.topic)}"
        got = insight.id in by
        entries.append(LedgerEntry(
            id=insight.id, topic=insight.topic, label=TOPIC_LABELS[insight.topic], unlocked=got,
            by_question=by.get(insight.id), how_to_unlock=how, text=insight.text if (got or reveal) else None,
        ))
    return entries


def _etiquette(persona: Persona, history: list[Turn], questions: list[QuestionReport]) -> Etiquette:
    early = " ".join(q.text for q in questions[:2])
    late = " ".join(q.text for q in questions[-2:])
    elapsed = state_of(persona, history).elapsed_minutes
    return Etiquette(
        # On the normalised text too: nervous typing ("hi im alex, a sophomore") still introduces.
        introduced=bool(_INTRODUCED.search(early) or _INTRODUCED.search(normalise(early)) or _NAMED.search(early)),
        stated_purpose=bool(_PURPOSE.search(early) or _PURPOSE.search(normalise(early))),
        respected_time=elapsed <= persona.style.minutes + 1,
        asked_for_contacts=any("network" in q.topics and _ASKS_FOR_PEOPLE.search(q.text) for q in questions if q.form != "not_a_question"),
        thanked=bool(_THANKS.search(late)),
        job_requests=[q.index for q in questions if "job_request" in q.flags],
        personal_salary_questions=[q.index for q in questions if "salary_personal" in q.flags],
        googleable_questions=[q.index for q in questions if "googleable" in q.flags],
    )


def _job_title(title: str) -> str:
    """A job title as it reads mid-sentence: "Senior UX Researcher" -> "senior UX researcher".

    Its main part only (before a comma); acronyms and names stay capitalised ("UX", "DPT", "US").
    """
    words = title.split(",")[0].split()
    return " ".join(w if w.isupper() or w in KNOWN_NAMES else w.lower() for w in words)


# An organization named by what it is takes "the": "the Minnesota Water Quality Agency", "the Tidewater Museum of Art and History".
_TAKES_THE = re.compile(r"\b(?:of|for)\b|\b(?:Agency|Department|Institute|Office|Foundation|Commission|Authority|Service|Council|Board|"
                        r"Administration|Museum|Library|Society|Association|Bureau|Ministry|Court|Senate|Assembly)$")


def _organization(name: str) -> str:
    """An organization's name as it reads mid-sentence."""
    name = name.strip()
    if name.lower().startswith("the "):
        return "the " + name[4:]
    return f"the {name}" if _TAKES_THE.search(name) else name


def _next_questions(persona: Persona, coverage: list[TopicCoverage], ledger: list[LedgerEntry]) -> list[str]:
    """Open questions for uncovered topics, those hiding an insight first, phrased for this persona."""
    org, title = _organization(persona.organization), _job_title(persona.title)
    templates = {
        "career_path": f"How did you end up as {_article(title)} {title} at {org}?",
        "day_to_day": f"What does a typical week look like for you at {org}?",
        "skills": "What skills have mattered most in your work, and where did you build them?",
        "culture": f"How would you describe what {org} values, day to day?",
        "lifestyle": "How do you manage the hours and the balance with the rest of your life?",
        "rewards_challenges": "What has been the hardest part of this work for you?",
        "industry": f"How do you see {_field(persona.industry)} changing over the next few years?",
        "advice": "If you were starting out today, what would you do differently?",
        "network": "Who else do you think I should talk to as I explore this field?",
    }
    return [templates[t] for t in _uncovered_order(persona, coverage, ledger)[:4]]


def _uncovered_order(persona: Persona, coverage: list[TopicCoverage], ledger: list[LedgerEntry]) -> list[str]:
    """Uncovered topics, those still hiding an insight first."""
    hidden = {e.topic for e in ledger if not e.unlocked}
    uncovered = [c.topic for c in coverage if not c.covered]
    return sorted(uncovered, key=lambda t: (t not in hidden, TOPICS.index(t)))


# The most serious slips come first in the suggestions: (flag, title, why, a better question).
_ETIQUETTE_SLIPS = (
    (
        "job_request",
        "Ask how people get hired, not for a job",
        "An informational interview is for learning; asking for a job puts the person on the spot and can end the goodwill.",
        "How do people usually get hired onto your team, and what would make an application stand out?",
    ),
    (
        "salary_personal",
        "Ask about pay in the field, not their own",
        "Personal pay is private; ranges for the field are fair game and more useful to you.",
        "What do salaries usually look like for people starting out in this field?",
    ),
)


# A better version is at most this long: something a student can say in one breath.
MAX_BETTER_WORDS = 25


def _suggestions(persona: Persona, r: Report, analyses: dict[int, Analysis]) -> list[Suggestion]:
    """The three most useful changes, each quoting a different one of the student's own questions.

    Every better version keeps the quoted question's subject: it is that question rewritten
    (opened up, asked plainly, one part at a time), never a question about something else.
    """
    found: list[Suggestion] = []
    quoted: set[int] = set()
    asked = [q for q in r.questions if q.form != "not_a_question"]

    def add(q: QuestionReport, title: str, why: str, better: str | None) -> None:
        if better is None or q.index in quoted or len(found) >= 3:
            return
        better = in_their_names(persona, plain_question(better, q.text))  # good written English, the student's names kept
        if len(better.split()) > MAX_BETTER_WORDS or better.rstrip("?").lower() == q.text.rstrip("?").lower():
            return
        quoted.add(q.index)
        found.append(Suggestion(title=title, why=why, quote=q.text, better=better))

    for flag, title, why, better in _ETIQUETTE_SLIPS:
        for q in asked:
            if flag in q.flags:
                add(q, title, why, better)
                break
    for q in asked:
        if "too_long" in q.flags:
            add(q, "Ask the question, then stop",
                f"This one ran to {len(q.text.split())} words; a professional has to dig for the question. "
                "Give one line of context at most, then ask.", _main_question(analyses[q.index], q.text))
            break
    if r.missed_openings and r.open_share < TARGET_OPEN_SHARE:
        for m in r.missed_openings:
            q = next(q for q in asked if q.index == m.index)
            before = len(found)
            add(q, "Open up your questions",
                f"{round(r.open_share * 100)}% of your questions were open; closed ones get short answers and "
                "leave the best material unsaid.", m.better)
            if len(found) > before:
                break
    if r.missed_threads or (len(asked) >= 2 and r.follow_up_rate < TARGET_FOLLOW_UP_RATE):
        # Quote the question whose answer held more, and follow it up on its own subject.
        thread_after = {t.after_question: t.topic for t in r.missed_threads}
        candidates = [q for q in asked if q.index in thread_after] or [q for q in asked if q.topics and not q.follow_up]
        for q in candidates:
            topic = thread_after.get(q.index) or q.topics[0]
            before = len(found)
            add(q, "Follow up before you change the subject",
                "Follow-up questions show you are listening, and they are how people share what they would not say at first. "
                "After this answer, stay on it for one more question.", _follow_up_on(q, topic, analyses[q.index]))
            if len(found) > before:
                break
    for q in asked:
        if "double_barreled" in q.flags:
            before = len(found)
            add(q, "Ask one thing at a time",
                "With two questions in one, people answer the easier one and the other gets lost.",
                _main_question(analyses[q.index], q.text))
            if len(found) > before:
                break
    for q in asked:
        if "leading" in q.flags or "googleable" in q.flags:
            before = len(found)
            add(q, "Ask what only they can tell you" if "googleable" in q.flags else "Let them answer in their own words",
                "This could be found online in a minute; use the time for their experience."
                if "googleable" in q.flags else "A leading question tells them the answer you expect.",
                q.rewrite or (f"What has {STUDENT_PHRASES[q.topics[0]]} been like for you?" if q.topics else None))
            if len(found) > before:
                break
    return found


def in_their_names(persona: Persona, text: str) -> str:
    """`text` with the persona's names written as their file writes them: a student typing "san antonio"
    or "alamo pathways" gets "San Antonio" and "Alamo Pathways" back."""
    for name in (persona.name, persona.organization, persona.location.split(",")[0], *persona.location.split(",")[1:2]):
        name = name.strip()
        if name and any(c.isupper() for c in name):
            text = re.sub(rf"\b{re.escape(name)}\b", name, text, flags=re.I)
    return text


def _follow_up_on(q: QuestionReport, topic: str, analysis: Analysis) -> str:
    """A follow-up on the answer to `q` that keeps its subject, else one on the answer's topic."""
    # The open question itself, without "so um" and its preamble, else the closed one's open rewrite.
    main = next((part.text for part in analysis.questions if part.form == "open" and not part.off_script), None)
    subject = subject_of(main) if main else None
    if subject is None and q.rewrite:
        subject = subject_of(q.rewrite)
    if subject is not None:
        return f"Could you tell me more about {subject}?"
    return f"Could you tell me more about {STUDENT_PHRASES[topic]}?"


def _main_question(analysis: Analysis, original: str) -> str | None:
    """A message's main question, asked plainly: its first open question, else its first question."""
    parts = [q for q in analysis.questions if not q.off_script and len(q.text.split()) <= MAX_BETTER_WORDS]
    asked = [q for q in parts if re.match(r"^(?:what|how|why|who|where|when|which|do|does|did|is|are|can|could|would|should)\b", q.text)]
    for pool in (asked, parts):
        main = next((q for q in pool if q.form == "open"), pool[0] if pool else None)
        if main is not None:
            # A closed main question is suggested open, as every closed question is.
            return main.text if main.form == "open" else open_version(main.text, [main.topic] if main.topic else [], list(main.flags))
    return None


def _off_script_count(r: Report) -> int:
    """Questions not about the persona's work: off-script turns and requests for a job."""
    return sum(1 for q in r.questions if q.form != "not_a_question" and (q.off_script is not None or "job_request" in q.flags))


def _no_suggestions(persona: Persona, r: Report) -> str:
    """What to say when no question gave a suggestion: never 'nothing major' about a weak interview."""
    if not r.question_count:
        return "Ask a few questions first; the suggestions come from what you ask."
    if r.score < 60:
        off = _off_script_count(r)
        if off and off == r.question_count:
            lead = f"None of your {_count(off, 'question')} was about {persona.first_name}'s work, so they covered no topic. "
        elif off:
            lead = f"{off} of your {r.question_count} questions were not about {persona.first_name}'s work, so they covered no topic. "
        else:
            lead = ""
        return lead + "Start from the questions to try next time below: open questions about the work, one at a time."
    return "Nothing major: keep asking open questions and following up."


def _summary(persona: Persona, r: Report) -> str:
    if not r.question_count:
        return f"You did not ask {persona.first_name} any questions yet. Start with how they got into their work."
    return (
        f"You asked {r.question_count} question{'s' if r.question_count != 1 else ''}, "
        f"{round(r.open_share * 100)}% of them open, covered {r.topics_covered} of 9 topics, followed up "
        f"{r.follow_up_count} time{'s' if r.follow_up_count != 1 else ''} and unlocked {r.insights_unlocked} of "
        f"{r.insights_total} insights."
    )


def suggestions_heading(n: int) -> str:
    """'Three things to try', or as many as there are."""
    return {0: "Things to try", 1: "One thing to try", 2: "Two things to try"}.get(n, f"{_NUMBER_WORDS.get(n, str(n))} things to try")


_NUMBER_WORDS = {3: "Three", 4: "Four", 5: "Five"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _field(industry: str) -> str:
    """'Nonprofit' -> 'the nonprofit field', 'Museums' -> 'the museum field', 'Government' -> 'the public sector';
    a name stays capitalised ('the UX field')."""
    words = [w if w.isupper() else w.lower() for w in industry.split()]
    name = " ".join(words)
    if name in _FIELD_NAMES:
        return _FIELD_NAMES[name]
    if len(words) == 1 and name.endswith("s") and not name.endswith(("ss", "ics", "us")):
        name = name[:-1]  # "museums" -> "the museum field" ("economics" stays)
    return name if name.endswith(("field", "sector", "industry", "world")) else f"the {name} field"


# Fields whose natural name is not "the X field".
_FIELD_NAMES = {"government": "the public sector", "public service": "the public sector", "trades": "the skilled trades"}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


Format = Literal["json", "markdown"]


def to_markdown(r: Report) -> str:
    """The report as Markdown, carrying the same numbers as the JSON."""
    lines = [
        f"# Interview with {r.persona_name}: score {r.score}/100",
        "",
        r.summary,
        "",
        "## Score",
        "",
        "| part | mark | weight | how it is marked |",
        "|---|---|---|---|",
    ]
    for part, mark in r.parts.items():
        lines.append(f"| {part.replace('_', ' ')} | {round(mark * 100)}% | {r.weights[part]} | {r.marked_by.get(part, '')} |")
    if r.penalties:
        lines += [""] + [f"- {p}" for p in r.penalties]
    lines += ["", f"## {r.suggestions_title}", ""]
    if not r.suggestions:
        lines.append(r.no_suggestions)
    for n, s in enumerate(r.suggestions, start=1):
        lines += [f"{n}. **{s.title}.** {s.why}", f"   - You asked: \"{s.quote}\"", f"   - Try: \"{s.better}\""]
    lines += ["", "## Topics", "", "| topic | covered | questions |", "|---|---|---|"]
    for c in r.coverage:
        lines.append(f"| {c.label} | {'yes' if c.covered else 'no'} | {', '.join(map(str, c.questions)) or '-'} |")
    lines += ["", f"Open questions: {r.open_count} of {r.question_count} ({round(r.open_share * 100)}%). "
              f"Follow-ups: {r.follow_up_count} ({round(r.follow_up_rate * 100)}%). "
              f"Your share of the words: {round(r.student_share * 100)}%.", ""]
    if r.missed_openings:
        lines += ["## Closed questions that could have opened up", ""]
        lines += [f"- Q{m.index} \"{m.text}\" → \"{m.better}\"" for m in r.missed_openings]
        lines.append("")
    if r.missed_threads:
        lines += ["## Threads you did not pull", ""] + [f"- After Q{t.after_question}: {t.note}" for t in r.missed_threads] + [""]
    lines += [f"## Insights: {r.insights_unlocked} of {r.insights_total} unlocked", ""]
    for e in r.ledger:
        state = f"unlocked by Q{e.by_question}" if e.unlocked else f"missed: needed {e.how_to_unlock}"
        lines.append(f"- **{e.label}**: {state}" + (f". \"{e.text}\"" if e.text else ""))
    lines += ["", "## Etiquette", ""]
    lines += [f"- [{'x' if ok else ' '}] {name}" for name, ok in r.etiquette.checks().items()]
    if r.etiquette.job_requests:
        lines.append(f"- Asked for a job in question {', '.join(map(str, r.etiquette.job_requests))}.")
    if r.next_questions:
        lines += ["", "## Questions to try next time", ""] + [f"- {q}" for q in r.next_questions]
    lines += ["", "## Your questions", ""]
    for q in r.questions:
        off = [f"off-script: {OFF_SCRIPT_LABELS.get(q.off_script, q.off_script)}"] if q.off_script else []
        tags = ", ".join([q.form, *q.topics, *q.flags, *off] + (["follow-up"] if q.follow_up else []))
        lines.append(f"{q.index}. {q.text} _({tags})_")
    return "\n".join(lines) + "\n"
