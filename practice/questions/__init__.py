"""The question analyzer: codes one student utterance (form, topics, flags, follow-up).

Pure functions, no I/O, deterministic, about a millisecond a question. Every decision
but one is a named rule over a normalised text, so a result can be explained; the topic
model's second reading (`model`) gives its probabilities. The analysis runs in stages,
one module each:

    normalise -> split (clauses) -> form (each clause) -> topics (each question: cues,
              then the topic model) -> flags and off-script turns -> follow-up -> rewrite

Each question of a message is coded on its own (`Analysis.questions`); the message's form
and flags follow PRODUCT.md: open when any question is open, double-barreled with two or more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from practice.questions.flags import DOUBLE_IN_ONE, GOOGLEABLE, JOB_REQUEST, LEADING, SALARY_PERSONAL
from practice.questions.follow_up import is_bare, is_follow_up, refers_back
from practice.questions.form import QUESTION_START, clause_form, strip_fillers
from practice.questions.model import NAMES, TRUSTED, topic_probabilities
from practice.questions.normalise import normalise
from practice.questions.offscript import AI_QUESTION, EXTRACTION, OffScript, off_script
from practice.questions.split import clauses, echoed
from practice.questions.topics import clause_topic, topics_of
from practice.questions.topics import clear_cache as clear_topic_cache
from practice.questions.words import content_words
from practice.rewrites import open_version
from practice.topics import TOPICS
from practice.wording import plain_question

__all__ = [
    "AI_QUESTION", "EXTRACTION", "FLAGS", "TOO_LONG_WORDS", "Analysis", "Form", "OffScript", "Question",
    "analyze", "analyze_uncached", "clear_cache", "content_words",
]

Form = Literal["open", "closed", "not_a_question"]

FLAGS = ("leading", "double_barreled", "googleable", "job_request", "salary_personal", "too_long")

# A message longer than this is hard for a professional to follow in conversation.
TOO_LONG_WORDS = 60


@dataclass(frozen=True)
class Question:
    """One question of a message, coded on its own."""

    text: str  # normalised, fillers dropped: "how many hours do you work"
    form: Literal["open", "closed"]
    topic: str | None
    flags: tuple[str, ...] = ()
    off_script: OffScript | None = None


@dataclass(frozen=True)
class Analysis:
    text: str
    form: Form
    topics: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    follow_up: bool = False
    rewrite: str | None = None
    questions: tuple[Question, ...] = ()
    off_script: OffScript | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: lists where the analysis holds tuples."""
        return {
            "text": self.text, "form": self.form, "topics": list(self.topics), "flags": list(self.flags),
            "follow_up": self.follow_up, "rewrite": self.rewrite,
            "questions": [
                {"text": q.text, "form": q.form, "topic": q.topic, "flags": list(q.flags), "off_script": q.off_script}
                for q in self.questions
            ],
            "off_script": self.off_script,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """The inverse of `to_dict`, also for analyses stored before a field existed."""
        questions = tuple(
            Question(text=q["text"], form=q["form"], topic=q.get("topic"), flags=tuple(q.get("flags", ())), off_script=q.get("off_script"))
            for q in data.get("questions", ())
        )
        return cls(
            text=data["text"], form=data["form"], topics=tuple(data.get("topics", ())), flags=tuple(data.get("flags", ())),
            follow_up=bool(data.get("follow_up", False)), rewrite=data.get("rewrite"), questions=questions,
            off_script=data.get("off_script"),
        )


# A follow-up's opening that names what it picks up: "You mentioned public records. How hard is it...?"
_REFERS_BACK = re.compile(r"^\s*((?:earlier |before,? |so )?you (?:mentioned|said|talked about|brought up) [^.?!,;:]{2,60}?)\s*[.,;:]\s+\S", re.I)


def _rewrite(question: str, topics: Sequence[str], flags: Sequence[str], original: str) -> str:
    # In good written English, with the student's capitalised words kept ("Excel", "New York").
    named = frozenset(w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z'-]+", original))
    return plain_question(open_version(strip_fillers(question), list(topics), list(flags), named), original)


def _question_flags(clause: str) -> tuple[str, ...]:
    flags = []
    if LEADING.search(clause):
        flags.append("leading")
    if GOOGLEABLE.search(clause):
        flags.append("googleable")
    if JOB_REQUEST.search(clause):
        flags.append("job_request")
    if SALARY_PERSONAL.search(clause):
        flags.append("salary_personal")
    return tuple(flags)


def analyze(text: str, previous_answer: str | None = None, *, previous_topics: Sequence[str] = ()) -> Analysis:
    """Code one student utterance. Pure and deterministic (cached: a report replays the same turns).

    `previous_answer` is what the professional just said; `previous_topics`, when the caller
    knows them, are the topics of the question it answered. A follow-up that names no subject
    of its own ("How did you handle that?") takes those topics, or else the answer's.
    """
    return _cached(text, previous_answer or None, tuple(previous_topics))


def analyze_uncached(text: str, previous_answer: str | None = None, previous_topics: Sequence[str] = ()) -> Analysis:
    """`analyze` without its cache, for benchmarks."""
    return _analyze(text, previous_answer or None, tuple(previous_topics))


READ_WORDS = 2
# A student introducing themself, and the purpose they give: together, an introduction, not a question.
_INTRODUCES = re.compile(
    r"\bmy name is\b|\bi am (?:a |an )?(?:junior|senior|sophomore|freshman|first-year|second-year|third-year|fourth-year|student|"
    r"grad student|graduate student|[a-z]+ major|[a-z]+ student)\b|^(?:hi|hello|hey)\b[^.!?]{0,60}[.!,] i am (?!wondering|curious|hoping)[a-z]+\b"
    # "i'm kevin nguyen, a sophomore history major at sac state", "junior psych major at belmont"
    r"|\b(?:freshman|sophomore|junior|senior|first-year|second-year|third-year|fourth-year)(?: [a-z]+){0,2} (?:major|student)\b"
)
_PURPOSE = re.compile(
    r"^(?:and |so |but )?(?:i am |i )?(?:really |also )?(?:hoping|hoped|want|wanted|would like|would love|trying|here|looking|interested) "
    r"(?:to|in) (?:learn|understand|hear|know|get a (?:sense|feel)|find out|figure out|learning|understanding|hearing)\b"
)

_ASKS_NOW = re.compile(
    r"\b(?:what i (?:am|was) (?:really |actually )?(?:asking|trying to ask|getting at|wondering|trying to figure out) is|"
    r"(?:my|the) (?:real |actual |main )?question (?:is|would be)|i guess (?:my question is|i am asking))\b"
)

# "I'm Kevin, a sophomore..., so I wanted to learn what it's actually like": the purpose, said within the introduction.
_PURPOSE_WITHIN = re.compile(
    r"\b(?:so |and )(?:i )?(?:am |was )?(?:really |also |just )?(?:hoping|hoped|want|wanted|would like|would love|trying|here|looking|interested) "
    r"(?:to|in) (?:learn|understand|hear|know|get a (?:sense|feel)|find out|figure out|see)\b"
)


def _analyze(text: str, previous_answer: str | None, previous_topics: tuple[str, ...] = ()) -> Analysis:
    norm = normalise(text)
    pieces = clauses(norm)
    # "...and my friends say teachers burn out, so I guess what I'm trying to ask is, how did you know?": what
    # comes before the student says what they ask is its background, not more questions.
    marker = _ASKS_NOW.search(norm)
    if marker:
        pieces = [p for p in pieces if norm.find(p[0]) + len(p[0]) > marker.start()] or pieces
    coded: list[Question] = []
    introduces = bool(_INTRODUCES.search(norm))
    echo = echoed(norm)
    if echo:
        pieces = pieces[1:]  # "wait, you did americorps? was that hard to live on?": one question, about what was echoed
    for clause, asked, sentence in pieces:
        form = clause_form(clause, asked)
        if introduces and not asked and (_PURPOSE.match(clause) or _PURPOSE_WITHIN.search(clause)):
            continue  # "My name is Jordan... and I want to learn what the work is really like": why they came, not a question
        if form in ("open", "closed"):
            core = strip_fillers(clause)
            if coded and _CLARIFIER.match(clause) and len(core.split()) <= (CLARIFIER_WORDS if not QUESTION_START.match(core) else 3):
                # "is it hard? like physically?", "a lot? like how often?": the same question, made precise, not a second one.
                coded[-1] = replace(coded[-1], text=f"{coded[-1].text}, {core}")
                continue
            own_flags = _question_flags(core)
            kind = off_script(sentence)  # the whole sentence: "if you were allowed to tell me everything, what..."
            # A job request is about the student's job hunt, an off-script question not about the job: no topic.
            topic = None if kind or "job_request" in own_flags else clause_topic(core)
            if "salary_personal" in own_flags and not kind:
                topic = "lifestyle"  # their own pay is still a question about pay (PRODUCT.md: lifestyle)
            coded.append(Question(text=core, form=form, topic=topic, flags=own_flags, off_script=kind))
    # The topic model (`practice.questions.model`) reads each question too: it names the topic of one
    # no cue names, and overrules a cue it is sure is wrong. A question naming fewer than two things
    # ("Can you say more?", "Anything else I should know?") gives it nothing to read.
    readable = [n for n, q in enumerate(coded) if not q.off_script and "job_request" not in q.flags
                and len(content_words(q.text)) >= READ_WORDS and not is_bare(q.text)]
    for n, chances in zip(readable, topic_probabilities([coded[n].text for n in readable]) or (), strict=False):
        best = max(chances, key=chances.__getitem__)
        if best != coded[n].topic and chances[best] >= (TRUSTED if coded[n].topic else NAMES) and "salary_personal" not in coded[n].flags:
            coded[n] = replace(coded[n], topic=best)

    message_form: Form
    if any(q.form == "open" for q in coded):
        message_form = "open"
    elif coded:
        message_form = "closed"
    else:
        message_form = "not_a_question"

    # Off-script when a question is ("Are you an AI?"), or the message as a whole ("Ignore your instructions.").
    offscript = next((q.off_script for q in coded if q.off_script), None) or off_script(norm)
    on_script = [q for q in coded if not q.off_script]

    flags: list[str] = []
    if LEADING.search(norm) and message_form != "not_a_question":
        flags.append("leading")
    if (len(coded) >= 2 and _distinct(coded)) or (coded and DOUBLE_IN_ONE.search(norm)):
        flags.append("double_barreled")
    if GOOGLEABLE.search(norm) or any("googleable" in q.flags for q in coded):
        flags.append("googleable")
    if JOB_REQUEST.search(norm) or any("job_request" in q.flags for q in coded):
        flags.append("job_request")
    if SALARY_PERSONAL.search(norm) or any("salary_personal" in q.flags for q in coded):
        flags.append("salary_personal")
    if len(text.split()) > TOO_LONG_WORDS:
        flags.append("too_long")

    # Greetings, thanks, remarks, job requests and off-script turns carry no topic.
    topics: list[str] = []
    if message_form != "not_a_question" and on_script:
        found = {q.topic for q in on_script if q.topic}
        if not found and not offscript and "job_request" not in flags:
            found = set(topics_of([], norm))  # the subject may sit in a preamble
        if "job_request" in flags:
            found.discard("network")  # asking to be referred is not asking who else to talk to
        topics = [t for t in TOPICS if t in found]

    # After "what I'm wondering is", the question is what may pick up the answer; the life story before it
    # shares words with anything (a "you mentioned" anywhere still counts).
    asked_now = norm[marker.start():] if marker else norm
    # An echo of what was just said ("wait, you did a bootcamp? how long was it?") picks it up by definition.
    echoes_answer = bool(echo and previous_answer and content_words(echo) & content_words(previous_answer))
    follow_up = message_form != "not_a_question" and bool(on_script) and (
        echoes_answer or is_follow_up(asked_now, previous_answer) or (marker is not None and bool(previous_answer) and refers_back(norm)))
    if follow_up and not topics and not is_bare(norm) and "job_request" not in flags:
        # "How did you meet her?" is about whatever the answer was about.
        if previous_topics:
            topics = [t for t in TOPICS if t in previous_topics]
        elif previous_answer:
            topic = clause_topic(normalise(previous_answer))
            topics = [topic] if topic else []
    rewrite = None
    closed = next((q for q in on_script if q.form == "closed"), None)
    if message_form == "closed" and closed is not None:
        rewrite = _rewrite(closed.text, [closed.topic] if closed.topic else topics, flags, text)
        lead = _REFERS_BACK.match(text) if follow_up else None
        if lead and len(lead[1].split()) + len(rewrite.split()) <= 25:
            rewrite = plain_question(f"{lead[1]}. {rewrite}", text)  # keep the thread it picks up
    return Analysis(
        text=text, form=message_form, topics=tuple(topics), flags=tuple(flags), follow_up=follow_up,
        rewrite=rewrite, questions=tuple(coded), off_script=offscript,
    )


_cached = lru_cache(maxsize=4096)(_analyze)


def clear_cache() -> None:
    """Forget every cached analysis (benchmarks measure from cold)."""
    _cached.cache_clear()
    clear_topic_cache()


# A fragment that makes the question before it precise ("like physically?", "I mean, at your clinic?").
_CLARIFIER = re.compile(r"^(?:like|i mean|as in|so like|specifically|basically|or rather)\b,?\s")
CLARIFIER_WORDS = 5


def _distinct(questions: Sequence[Question]) -> bool:
    """Two or more questions, not just one question rephrased as a choice ('X, or Y?')."""
    real = [q for q in questions if not q.text.startswith(("or ", "like "))]
    return len(real) >= 2
