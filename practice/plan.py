"""One decision per turn: what the student's message is, what answers it, what it earns.

Every engine renders the same plan, and the report replays it, so the interview and the
report can never disagree. The plan carries a view of the persona without its locked
insights: no engine can reach what the student has not earned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from practice.answers import (
    MEANING_ANSWERS,
    SPOKEN_WEIGHT,
    Passage,
    Ranked,
    answer_kind,
    index_for,
    names_only_its_topic,
    said_names,
    terms,
)
from practice.disclosure import boundary_for, unlocks
from practice.personas import Boundary, Insight, Persona
from practice.questions import Analysis, Question
from practice.questions.follow_up import is_bare
from practice.questions.normalise import normalise
from practice.questions.split import echoed
from practice.questions.topics import clause_topic
from practice.transcript import SECONDS_PER_TURN, WORDS_PER_MINUTE, State, Turn

Situation = Literal[
    "greeting", "question", "questions", "follow_up", "off_file", "boundary", "ai_question", "extraction",
    "thanks", "goodbye", "remark",
]
Clock = Literal["ok", "nearly_up", "up"]

# Several questions in one message: the first three are answered, briefly, in order.
MAX_PARTS = 3
# Minutes before the end at which the persona mentions the time.
WARN_MINUTES = 3
# Said once, as the last minutes begin (every engine's wording of it).
TIME_WARNING = "We've only got a few minutes left, so ask me whatever matters most."
# A reply the plan cannot see yet is counted as this many words when reading the clock.
EXPECTED_REPLY_WORDS = 60

_THANKS = re.compile(r"\b(?:thank|thanks|thx|ty|appreciate|grateful)\b", re.I)
_GOODBYE = re.compile(
    r"\b(?:bye|goodbye|good-bye|that's all|that is all|that is everything|that's everything|all my questions|"
    r"have a (?:good|great|nice|wonderful)|take care|let you go|talk soon|that(?:'s| is) (?:my list|all i (?:have|had|got)|everything i (?:have|had|got))|"
    r"see you|signing off|that's it from me|that covers (?:it|everything)|(?:won't|will not|don't want to) keep you|"
    r"let you get back|(?:make|making) you late|(?:take up|eat up|eat into|eat|use up) (?:more of |any more of |too much of |all of |much more of |the rest of )?your (?:whole |entire )?(?:time|day|afternoon|evening|morning|lunch|lunch break|break|hour|half hour|minutes)|(?:i'll|i will|i am going to|i'm going to|i should|let me|we can) (?:stop|wrap up|wrap it up|leave it) (?:here|there|now)|i think (?:i am|i'm|im) (?:good|all set|set)|(?:i am|i'm|im) all set|i think that(?:'s| is) (?:it|all)|gonna go|going to go)\b",
    re.I,
)
# A thank-you that closes the conversation rather than acknowledging one answer.
_CLOSING_THANKS = re.compile(
    r"\b(?:(?:for|with|of) (?:your|the) time|for (?:talking|meeting|chatting|speaking|doing this|taking the time|making time|"
    r"this conversation|the conversation|all (?:of )?(?:this|that|your help|the advice))|(?:this|that|you|it) (?:really |so |honestly )*helped(?: (?:me|a lot|so much))*|this (?:was|has been|'s been) "
    r"(?:so |really |super |very |just |honestly )*[a-z]+|so much for everything|"
    r"appreciate (?:you|your) (?:making|taking|giving|time)|appreciate the time|(?:that|this|it) went (?:so |really )?(?:fast|quickly|by fast)|"
    # ... or that looks past the call: "thanks again", "I'll send you a follow-up email".
    r"again|time out of|(?:squeezing|squeeze|fitting|fit) me in|(?:talk|talking|speak|speaking|meet|meeting) (?:with|to) me|"
    r"(?:i'll|i will|i'm going to|i'm gonna|gonna) (?:send|email|write|follow|reach|be in touch|keep in touch|let you know|try|look into|check out|apply|stay in touch))\b",
    re.I,
)
# Words that look back on a conversation: a thank-you with them closes it, even as the first message.
_LOOKING_BACK = re.compile(
    r"\b(?:this|that|it) (?:was|has been|'s been)\b|\b(?:this|that|you|it) (?:really |so )?helped\b|\bfor everything\b|\b(?:was|been) (?:so |really |super |very )?"
    r"(?:helpful|great|useful|amazing|informative)\b",
    re.I,
)
_GREETING = re.compile(
    r"\b(?:hi|hello|hey|good (?:morning|afternoon|evening)|nice to meet|pleasure to meet|my name is|"
    r"i am a (?:junior|senior|sophomore|freshman|first-year|student)|i'm a)\b",
    re.I,
)
# "You mentioned the loan workout", "you said something about X": what the student points back at.
_REFERENCE = re.compile(
    r"\byou (?:mentioned|said|talked about|brought up|were saying|spoke about|described|noted|referred to)"
    r"(?: something about| that| earlier| before| how)?\s+(?P<x>[^?.!,;]+)",
    re.I,
)
_MORE = re.compile(
    r"\b(?:say|tell me|talk|speak|hear|share|explain) (?:a (?:little |tiny )?(?:bit |little )?)?more\b|\belaborate\b|"
    r"\bexpand on\b|\bmore (?:about|on) (?:that|this|it)\b|\bgo on\b|\bhow so\b|\bwhat do you mean\b|\bfor example\b|"
    r"\bsuch as\b",
    re.I,
)


@dataclass(frozen=True)
class Part:
    """One question of the message and the passages that answer it, best first."""

    question: Question
    passages: tuple[Passage, ...]
    answered: bool  # something in the file answers it
    scores: tuple[float, ...] = ()  # the ranking's score of each passage, when it ranked them all


@dataclass(frozen=True)
class TurnPlan:
    situation: Situation
    parts: tuple[Part, ...]
    # A follow-up: the passage the student pointed back at, and what comes next on its thread.
    continues_from: Passage | None
    thread: tuple[Passage, ...]
    # "You mentioned X" where X was never said: the words the student attributed to the persona.
    never_said: str | None
    boundary: Boundary | None
    earned_now: tuple[Insight, ...]
    earned_before: tuple[Insight, ...]
    persona: Persona  # the persona without locked insights: all an engine may see
    clock: Clock

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Every passage that answers this turn, in the order it should be told."""
        seen: dict[str, Passage] = {}
        for p in (*self.thread, *(p for part in self.parts for p in part.passages)):
            seen.setdefault(p.id, p)
        return tuple(seen.values())


def plan_turn(persona: Persona, history: list[Turn], question: Turn, state: State) -> TurnPlan:
    """Decide the turn for the student's analysed message `question`, said after `history`."""
    analysis = question.analysis
    assert analysis is not None, "the student's turn must be analysed"
    earned_now = tuple(unlocks(persona, analysis, unlocked=state.unlocked, discussed=state.discussed,
                               previous_topics=state.last_topics))
    earned_before = tuple(i for i in persona.insights if i.id in state.unlocked)
    warned = any(t.role == "persona" and TIME_WARNING in t.text for t in history)
    clock = _clock(persona, state, question.text, warned)
    boundary = boundary_for(persona, analysis.text, analysis.flags)

    def plan(situation: Situation, parts: tuple[Part, ...] = (), continues_from: Passage | None = None,
             thread: tuple[Passage, ...] = (), never_said: str | None = None, earned: tuple[Insight, ...] = earned_now) -> TurnPlan:
        # The engines see the persona without the insights not earned yet.
        view = persona.model_copy(update={"insights": [*earned_before, *earned]})
        return TurnPlan(situation, parts, continues_from, thread, never_said, boundary, earned, earned_before, view, clock)

    if analysis.off_script in ("ai_question", "extraction"):
        return plan(analysis.off_script)
    if boundary is not None:
        return plan("boundary")
    if analysis.form == "not_a_question":
        situation = _small_talk(analysis.text, state)
        nearly_over = state.elapsed_minutes >= persona.style.minutes - WARN_MINUTES
        if situation == "thanks" and nearly_over and state.questions >= 3:
            situation = "goodbye"  # a thank-you in the last minutes closes the conversation
        return plan(situation)

    spoken = state.used_passages
    names = said_names(question.text)  # as written: the analysis is in lower case
    asked = [q for q in analysis.questions[:MAX_PARTS] if not q.off_script]
    clarified = len(asked) == 2 and bool(_CLARIFIES.search(analysis.text))
    context = _without_who_they_are(analysis.text) if len(asked) == 1 and len(analysis.text) > len(asked[0].text) + 20 else ""
    echo = echoed(normalise(analysis.text)) if len(asked) == 1 and _points_back(asked[0].text) else None
    if echo is not None:
        # "wait, you did americorps? was that hard to live on?": the question is about what it echoes, its context,
        # which may be said already: it is asked about, so it is not held back for having been said.
        context = f"{echo}? {asked[0].text}"
        echo_terms, index = set(terms(echo)), index_for(persona)
        spoken = {pid for pid in spoken if not ((told := index.passage(pid)) is not None and echo_terms & set(terms(told.text)))}
    whole = None
    if clarified:
        # Ranked as one question; answered when the two together or either alone is (each alone is
        # ranked only when the two together are not answered).
        q1, q2 = asked
        joined = Question(text=f"{q1.text} {q2.text}", form="open" if "open" in (q1.form, q2.form) else "closed",
                          topic=q1.topic or q2.topic, flags=tuple(dict.fromkeys(q1.flags + q2.flags)), off_script=None)
        whole = _part(persona, joined, spoken, "", analysis.topics, names=names)
    if whole is not None and whole.answered:
        parts: tuple[Part, ...] = (whole,)
    else:
        # "My professor mentioned 'spreading' financials. What is that exactly, and does it matter?": what
        # comes before the first question is its context, as it is for a question asked alone.
        said = normalise(analysis.text)  # the parts are written as the analyzer normalised them ("whats" -> "what is")
        first = said.find(asked[0].text[:24]) if len(asked) >= 2 else -1
        preamble = said[:first] if first > 20 and len(set(terms(said[:first]))) >= 2 else ""
        parts = tuple(
            _part(persona, _with_its_subject(q, asked[n - 1]) if n else q, spoken, context or (preamble if n == 0 else ""), analysis.topics,
                  several=len(asked) >= 2 and not clarified, names=names)
            for n, q in enumerate(asked)
        )
        # "How much vacation do you get? Is it hard to actually take it?": a part that names little and
        # points back at a question the file cannot answer is not answered either.
        parts = tuple(
            Part(p.question, (), False) if n and not parts[n - 1].answered and _points_back(p.question.text) else p
            for n, p in enumerate(parts)
        )
        if whole is not None:
            parts = (next((p for p in parts if p.answered), whole),)
    if analysis.off_script == "small_talk" and not any(p.answered for p in parts):
        return plan("off_file", parts)

    # "sorry, one more about that, what do you wear out there?": a question of its own the file cannot answer
    # is said so; it is not a cue to go on along the last answer's thread.
    asks_its_own = bool(parts) and not any(p.answered for p in parts) and not all(is_bare(p.question.text) for p in parts)
    if analysis.follow_up and not asks_its_own:
        followed = _follow_up(persona, history, analysis, spoken, state, parts)
        if followed is not None:
            source, thread, never_said = followed
            if thread or never_said:
                return plan("follow_up", parts, source, thread, never_said)
    if not any(p.answered for p in parts):
        # Nothing in the file answers ("Does the affirmative action ruling come up in your AP Gov class?"):
        # it is said so, and an insight is not told either, since it would answer something else.
        return plan("off_file", parts, earned=())
    return plan("questions" if len(parts) >= 2 else "question", parts)


# ... or when it answers better by its words and plainly better by its meaning (this much closer).
CLEARLY_CLOSER = 0.1
# "What's the schedule like? Like, how many hours a week...?": the second question says what the
# first means. It is one question, asked twice.
_CLARIFIES = re.compile(r"[?]\s*(?:like|i mean|as in|so like|basically|or rather|specifically|or)\b[,]?\s", re.I)


# A passage said already is looked for among this many of the best, when no unsaid one answers.
SAID_AMONG = 4
# A question pointing at what was said before it in the message, naming at most this many words of its own.
_POINTS_AT_CONTEXT = re.compile(r"\b(?:that|this|it|those|these|them|they|their|there|she|he|her|him)\b|\b(?:have|has|had|got|get|do) (?:one|any)\s*$")
NAMES_LITTLE = 4


# "I'm a junior in CS and I've never written a test. Is that going to bite me?": who the student is
# introduces them; what they ask about is the rest (unless nothing else is said: "I'm an English major. Is that a problem?").
_WHO_THEY_ARE = re.compile(
    r"\b(?:i am|i'm|im) (?:a |an )?(?:junior|senior|sophomore|freshman|first-year|student|grad student|[a-z]+ major|[a-z]+ student)"
    r"(?: (?:in|at|studying|majoring in) [a-z]+(?: [a-z]+)?)?(?: and| so|,)?\s*", re.I
)


def _without_who_they_are(text: str) -> str:
    """The message without the student's description of themself, when something else is left to say what they ask about."""
    rest = _WHO_THEY_ARE.sub(" ", text)
    return rest if len(set(terms(rest))) >= 3 else text


# The thing a yes/no question asks about: "is the training program hard to get into" -> "the training program".
_ITS_SUBJECT = re.compile(r"^(?:is|are|was|were|does|do|did|has|have) (?P<np>(?:the|your|that|this) [a-z'-]+(?: [a-z'-]+)?)(?= (?:hard|easy|worth|good|bad|competitive|paid|open|long|big|common|required|necessary|really|very|still|actually|usually|pretty|a |an |the |like|make|pay|take|cover|include|count|help|matter)\b)")
_IT = re.compile(r"\b(?:it|that)\b")


# "What's the culture like at your bank? Is it formal?": the thing the first question asks what it is like.
_LIKE_SUBJECT = re.compile(r"^(?:what|how) is (?P<np>(?:the|your) [a-z'-]+(?: [a-z'-]+)?) like\b")


def _with_its_subject(question: Question, before: Question) -> Question:
    """"...the training program hard to get into? and how long is it?": "it" said as the first question's subject."""
    subject = _ITS_SUBJECT.match(before.text) or _LIKE_SUBJECT.match(before.text)
    if subject is None or len(question.text.split()) > 6 or not _IT.search(question.text):
        return question
    return replace(question, text=_IT.sub(subject["np"], question.text, count=1))


def _points_back(text: str) -> bool:
    """Whether a question points at what came before it ("is it hard to take it?") and names little of its own.

    The "it" of "is it possible to live on a journalism salary?" points at nothing.
    """
    named = len(set(terms(text)))
    # "What's usually going on?" after "when someone just stops showing up": it names nothing, so it asks about what came before.
    # "Is that normal, or do people at your company go back and forth?": its subject is what came before.
    if _IF_SO.match(text):
        return True  # "...still want the GRE? and if so what score should I aim for": hangs on the question before
    if named == 0 or _ABOUT_THAT.match(text):
        return True
    plain = _DUMMY_IT.sub(" ", text)
    pointer = _POINTS_AT_CONTEXT.search(plain)
    if pointer is None or named > NAMES_LITTLE:
        return False
    # "are your sessions with users in person, or do you do them online?": what "them" is, the first half says.
    first_half = re.split(r",? or\b", plain[: pointer.start()])
    return not (len(first_half) >= 2 and len(set(terms(first_half[0]))) >= 2)


_IF_SO = re.compile(r"^(?:and |but |so )?if (?:so|not|yes|no|they do|it does|you do|that is the case)\b")
_ABOUT_THAT = re.compile(r"^(?:so |but |and )?(?:is|was|does|did|would|will|isn't|doesn't) (?:that|this)\b(?! (?:company|job|role|field|team|place|program|school|kind|type|sort)\b)")


_DUMMY_IT = re.compile(r"\b(?:is|was|would|will|does|did|do|can|could|isn't|wasn't) it (?:(?:really|actually|even|ever|still|just|too|so|be) )*[a-z'-]+ (?:to|for|if|that|when|whether|how)\b")


def _part(persona: Persona, question: Question, spoken: set[str], context: str = "", message_topics: tuple[str, ...] = (),
          *, several: bool = False, names: frozenset[str] = frozenset()) -> Part:
    index = index_for(persona)
    kind = answer_kind(question.text, question.form)
    # The passages are ranked on the topic the question's words name, when they name one; the topic
    # model's reading, where it differs, judges the question for the report ("do you need a design
    # background": skills), while the file may tell it in the story of how they got in.
    cued = clause_topic(question.text)
    topic = cued or question.topic
    # "I'm thinking about a museum studies master's. Do you think that's a good idea?": the question
    # names nothing of its own, and what "that" is, the sentences before it say. They are what is
    # asked, on the topic the whole message is about.
    asked, ranking_topic = question.text, topic
    if context and _points_back(question.text):
        asked, ranking_topic = context, topic or (message_topics[0] if message_topics else None)
    ranked = index.rank(asked, topic=ranking_topic, kind=kind, spoken=spoken, context="" if asked == context else context, story=not several,
                        named=ranking_topic == cued or asked == context)
    ranked = index.standalone_first(index.focused_first(asked, index.counted_first(asked, ranked)), spoken)
    lacking = index.lacks(question.text, ranked, names)
    # A topic the question names by its words lowers the bar a passage on it must clear, and lets the
    # topic's story answer an open question; one only the topic model gave is a guess
    # for ranking, not evidence that the file answers ("Have you ever been to PyCon?" is no career story).
    named = cued
    answered = index.answerable(asked, ranked, named, lacks=lacking)
    if lacking:
        # The best unsaid passage lacks what is asked (a length of time, a sum): the answer may be one said
        # before that holds it ("how long is the training program?" after the nine-month program was told),
        # however far having been said put it down the ranking.
        said_best = next((r for r in ranked if r.passage.id in spoken and not index.lacks(question.text, [r], names)), None)
    else:
        said_best = next((r for r in ranked[:SAID_AMONG] if r.passage.id in spoken), None)
    if not answered and said_best is not None and index.answerable(asked, [said_best], named, lacks=False):
        # The passage that answers was said already (and so ranks lower): the question is answered, by saying it again.
        answered = True
        ranked = [said_best, *(r for r in ranked if r is not said_best)]
    if not answered and lacking:
        # It names something the file never mentions, or asks a count the file never gives: no story stands in for it.
        return Part(question, (), False)
    if not answered and named in persona.facts and (question.form == "open" or names_only_its_topic(question.text, named)):
        # An open question on a topic the file tells a story about is answered from that story,
        # best-matching passage first, even when it names nothing the file says in its words; so is
        # a closed one that names nothing but its topic ("Do you have any advice?").
        on_topic = [r.passage for r in ranked if r.passage.topic == topic]
        rest = [p for p in index.passages if p.topic == topic and p not in on_topic]
        fresh = [p for p in on_topic + rest if p.id not in spoken]
        told = [p for p in on_topic + rest if p.id in spoken]
        return Part(question, tuple(fresh + told), True)
    if not answered:
        return Part(question, (), False)
    # What was said already goes last while something unsaid answers: on the question's topic, or as well as the best.
    need = min(ranked[0].coverage, index.answer_share(named, ranked[0].passage.topic))
    unsaid = [r for r in ranked if r.passage.id not in spoken]
    said_before = [r for r in ranked if r.passage.id in spoken]
    plainly = question.form == "closed" or bool(said_before and said_before[0].meaning >= RESTATE_MEANING)
    # An open question naming its topic ("What do you wish you'd known before PT school?": advice) is
    # not answered by repeating a passage of another topic (the career story) while its own has more.
    # Unless the passage said is plainly the answer: "How did you catch up on the science classes?" (skills, by
    # its words) is answered by the community-college story told a minute ago.
    if plainly and question.form == "open" and named and said_before and said_before[0].passage.topic != named and any(
        r.passage.topic == named for r in unsaid
    ) and said_before[0].meaning < PLAINLY_SAID:
        plainly = False
    if said_before and plainly and (not unsaid or said_before[0].score / SPOKEN_WEIGHT * AS_WELL > unsaid[0].score or (
        said_before[0].score / SPOKEN_WEIGHT > unsaid[0].score and said_before[0].meaning >= unsaid[0].meaning + CLEARLY_CLOSER
    )):
        # A question whose answer was said already ("How long is each visit?" after the day was
        # described, "What's the hardest part?" after the insurance story) gets that answer again,
        # briefly, when nothing unsaid answers it nearly as well.
        return Part(question, (said_before[0].passage, *(r.passage for r in unsaid)), True)
    if any(r.passage.topic == topic or r.coverage >= need or r.meaning >= MEANING_ANSWERS for r in unsaid):
        ranked = unsaid + said_before
    return Part(question, tuple(r.passage for r in ranked), True, tuple(r.score for r in ranked))


def _small_talk(text: str, state: State) -> Situation:
    text = normalise(text)  # "thats all i had" -> "that is all i had"
    if state.questions == 0 and not _GOODBYE.search(text) and not _LOOKING_BACK.search(text) and _GREETING.search(text):
        return "greeting"  # "Hi, I'm Jordan; thanks for making time" opens the conversation
    if _GOODBYE.search(text) or (_THANKS.search(text) and _CLOSING_THANKS.search(text)):
        return "goodbye"
    if _THANKS.search(text):
        return "thanks"
    return "remark"


# A follow-up's own question is answered by the passages scoring at least this share of the best.
FOLLOW_UP_SHARE = 0.7
# An unsaid passage takes the lead from one already said when it scores at least this share of it.
AS_WELL = 0.8
# An open question gets an answer said already again only when it plainly means what was asked.
RESTATE_MEANING = 0.65
# ... even on another topic than the question's words name, when it is this close in meaning.
PLAINLY_SAID = 0.85
# Words of a follow-up that only asks for more ("you mentioned X, can you tell me more about that?").
_BARE_FOLLOW_UP = frozenset(terms("mentioned mention said say saying talked more about that elaborate expand go on detail details bit little"))


def _follow_up(
    persona: Persona, history: list[Turn], analysis: Analysis, spoken: set[str], state: State, parts: tuple[Part, ...] = ()
) -> tuple[Passage | None, tuple[Passage, ...], str | None] | None:
    """What a follow-up builds on: the passage pointed back at (or the last one said) and what comes next."""
    index = index_for(persona)
    said = [p for p in index.passages if p.id in spoken]
    reference = _REFERENCE.search(analysis.text)
    if reference:
        named = reference.group("x")
        ranked = [r for r in index.rank(named) if r.passage.id in spoken and r.coverage >= 0.5]
        if not ranked:
            # Was it said at all (in the greeting, or in words the file does not hold)?
            persona_words = set(terms(" ".join(t.text for t in history if t.role == "persona")))
            if not set(terms(named)) & persona_words:
                return None, (), named.strip()
            return None
        source = ranked[0].passage
        # "You mentioned insurance. How does it affect how you treat people?" asks its own question
        # about X: answer that from what is still unsaid; a bare "you mentioned X" goes on along X's thread.
        own = set(terms(analysis.text)) - set(terms(named)) - _BARE_FOLLOW_UP
        if own and parts:
            if parts[0].answered and parts[0].passages and parts[0].passages[0].id in spoken:
                # "You mentioned the eleven clicks. What did you do with those complaints?", "You mentioned a
                # stress fracture. What was it about your PT...?": what was said answers it best (the question's
                # own ranking says so); it is said again, briefly, as any question answered before.
                return None
            asked = f"{named.strip()}: {parts[0].question.text}"  # "insurance: how does that affect the way you treat people"
            ranked_for_x = index.rank(asked, spoken=spoken)
            unsaid = [r for r in ranked_for_x if r.passage.id not in spoken]
            # The best that answers, and those answering nearly as well: not whatever else ranks next.
            answers = [r.passage for r in unsaid if r.score >= FOLLOW_UP_SHARE * unsaid[0].score] if unsaid else []
            if answers and index.answerable(asked, ranked_for_x):
                return source, tuple(answers[:3]), None
        return source, _next_on_thread(index.passages, source, spoken), None
    if not _MORE.search(analysis.text) and analysis.topics:
        return None  # a follow-up with a subject of its own is answered like any question
    last = _last_spoken(history, said)
    if last is None:
        return None
    return last, _next_on_thread(index.passages, last, spoken), None


def _last_spoken(history: list[Turn], said: list[Passage]) -> Passage | None:
    """The last file passage the persona said (the end of their last reply that held one)."""
    for turn in reversed(history):
        if turn.role != "persona":
            continue
        text = turn.text.lower()
        found = [(text.rfind(p.text.lower()), p) for p in said if p.text.lower() in text]
        if found:
            return max(found, key=lambda f: f[0])[1]
    return None


def _next_on_thread(passages: list[Passage], source: Passage, spoken: set[str]) -> tuple[Passage, ...]:
    """Unspoken passages of the same topic, those right after `source` in the file first."""
    same = [p for p in passages if p.topic == source.topic and p.id not in spoken and p.id != source.id]
    after = [p for p in same if p.index > source.index]
    before = [p for p in same if p.index < source.index]
    return tuple(after + before)


def _clock(persona: Persona, state: State, question: str, warned: bool) -> Clock:
    """Read the time from the words spoken (both sides) and the turns, as `state.elapsed_minutes` does."""
    minutes = persona.style.minutes
    after = state.elapsed_minutes + (len(question.split()) + EXPECTED_REPLY_WORDS) / WORDS_PER_MINUTE + 2 * SECONDS_PER_TURN / 60
    if after >= minutes:
        return "up"
    if after >= minutes - WARN_MINUTES and not warned:
        return "nearly_up"  # said once, as the last minutes begin
    return "ok"


def ranked_passages(persona: Persona, text: str, *, topic: str | None = None, spoken: set[str] | None = None) -> list[Ranked]:
    """The file's passages ranked against any text (for the LLM prompt's "most relevant" section)."""
    return index_for(persona).rank(text, topic=topic, spoken=spoken or set())
