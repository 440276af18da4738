"""The offline engine: a persona that speaks only from their file.

It renders the turn's plan (`practice.plan`): every sentence comes from the persona file
(greeting, facts, earned insights, boundaries, sign-off), joined by short connective phrases
written for it. It leads with the passage that answers, answers closed questions briefly and
open ones fully, continues a thread on follow-ups, and says so in character when nothing in the
file answers. No key, no network, deterministic for a given transcript.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace

from practice.answers import CALENDAR, Passage, answer_kind, holds, implied_words, index_for, sentences, stem, terms
from practice.engines.base import Lifecycle, ReplyRequest
from practice.personas import Insight, Persona
from practice.plan import TIME_WARNING, Part, TurnPlan
from practice.questions import Question, content_words
from practice.topics import TOPIC_PHRASES, TOPICS
from practice.transcript import State, Turn

# How many passages an open answer holds, by talkativeness.
OPEN_PASSAGES = {"reserved": 2, "balanced": 3, "chatty": 4}

_STUDENT_NAME = re.compile(r"\b(?i:i'm|i am|my name is|this is|it's)\s+([A-Z][a-z]+)\b")
_NOT_NAMES = frozenset({"a", "an", "the", "so", "really", "very", "just", "currently", "interested", "curious", "studying"})
_NEGATIVE = re.compile(r"\b(?:not|never|no|don't|doesn't|didn't|isn't|wasn't|aren't|rarely|hardly|can't|won't|cannot|nobody|none)\b", re.I)
# A yes/no question, and those among them a bare yes or no would answer wrongly: requests for tips,
# "is there a way to...", "is it weird to...", and either-or questions ("remote or in the office?").
_YES_NO = re.compile(r"^(?:do|does|did|is|are|was|were|can|could|have|has|would|will)\b")
_NOT_YES_NO = re.compile(
    r"^(?:do|does|would|could|can|will) (?:you|anyone) (?:have |got |know )?(?:any |some )?(?:tips|advice|suggestions|recommendations|ideas|thoughts|resources)\b"
    r"|^(?:can|could|would|will) you (?:tell|describe|explain|talk|walk|share|say|give|recommend|suggest)\b"
    r"|^is (?:there|it) (?:a|any) (?:way|chance|point)\b|^is it (?:weird|ok|okay|rude|bad|normal|smart|worth|better|possible|hard|easy)\b"
    r"|\bor\b"
)

# Before an answer said once already, given again (see plan._part for when).
REPEAT_LEAD = "Like I said,"
# Openers before an open answer, by warmth. Each is used at most once an interview, and only on
# some answers: most answers just start.
OPENERS = {
    "warm": ("Good question.", "Oh, I like that question.", "Happy to talk about that.", "Sure.", "Oh, that's a good one."),
    "neutral": ("Good question.", "Sure.", "Okay.", "Fair question."),
    "brisk": ("Sure.", "Briefly:", "Okay."),
}
# A first sentence this short is a fragment said on its own ("Tedious.", "Straight line, no detours."): no joiner before it.
SHORT_FRAGMENT = 5
# Openers before more on the same thread.
THREAD_OPENERS = {
    "warm": ("Sure, a little more on that.", "Happy to say more.", "Let me add to that."),
    "neutral": ("Sure.", "To say a bit more:", "Right."),
    "brisk": ("", "", ""),
}
# The second-best passage follows the lead whatever its topic when it scores this share of the lead's.
RUNNER_UP_SHARE = 0.9
# How far down the question's ranking an open answer looks for more on the lead's topic, and how
# close to the lead's score a passage must come to be told before the rest of the topic's story.
THREAD_RANKED = 4
THREAD_SHARE = 0.7
_JOINERS = ("", "Also, ", "And ", "On top of that, ")
# How an earned insight is told: a warm persona confides, a neutral one is frank, a brisk one
# just states it.
INSIGHT_LEADS = {
    "warm": ("Honestly? ", "I'll tell you something, though. ", "Can I be candid? "),
    "neutral": ("To be frank, ", "One more thing, since you asked: ", "Candidly, "),
    "brisk": ("", "", ""),
}
# When nothing in the file answers: said in character, then nearby ground is offered.
OFF_FILE = {
    "warm": ("Hmm, that's not really something I can speak to.", "Oh, I honestly couldn't tell you about that one.",
             "I wish I had a good answer for you there, but I don't."),
    "neutral": ("That's outside what I can speak to.", "I don't have a good answer for that one.", "I can't really speak to that one."),
    "brisk": ("Can't help you there.", "Not something I can speak to.", "Don't know that one."),
}
OFF_FILE_PART = "That one I can't really speak to."
# Asked for the instructions or hidden notes: a person would not know what is meant, then would move on.
EXTRACTION_LINES = ("I'm not sure what you mean by that.", "That's not something I can help with.", "I'd rather keep this about the work.")
NEVER_SAID = "I don't think I mentioned that, actually."
TIME_UP = "I'm afraid that's about all the time I have."
THANKS_REPLIES = {
    "warm": ("Of course.", "What else would you like to know?"),
    "neutral": ("Sure.", "What else would you like to know?"),
    "brisk": ("Sure.", "Next question?"),
}


class OfflineEngine(Lifecycle):
    """Grounded role-play with no model at all."""

    name = "offline"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        text = self.compose(request)
        # Word-sized chunks, so the browser shows the reply arriving as with a model.
        for piece in re.findall(r"\S+\s*", text):
            yield piece

    def compose(self, request: ReplyRequest) -> str:
        plan, persona, state = request.plan, request.persona, request.state
        words = request.question.text
        situation = plan.situation
        if situation == "ai_question":
            return _finish(plan, [
                f"I should be straight with you: I'm an AI practice partner playing {persona.name}, "
                "built from notes a career advisor wrote. Everything I tell you comes from those notes.",
                "Happy to keep going if you are.",
            ])
        if situation == "extraction":
            said = " ".join(t.text for t in request.history if t.role == "persona")
            line = next((line for line in EXTRACTION_LINES if line not in said), EXTRACTION_LINES[0])
            return _finish(plan, [line, f"I'm happy to talk about {_pointer(persona, state, [])}, though."])
        if situation == "boundary":
            assert plan.boundary is not None
            return _finish(plan, [plan.boundary.reply])
        if situation == "goodbye":
            return persona.sign_off
        if situation == "thanks":
            return _finish(plan, list(THANKS_REPLIES[persona.style.warmth]))
        if situation == "greeting":
            name = _STUDENT_NAME.search(words)
            who = f", {name.group(1)}" if name and name.group(1).lower() not in _NOT_NAMES else ""
            if persona.style.warmth == "brisk":
                return _finish(plan, [f"Good to meet you{who}.", "Go ahead."])
            return _finish(plan, [f"Nice to meet you{who}.", "Where would you like to start?"])
        if situation == "remark":
            return _finish(plan, ["Mm-hm.", "What else is on your list?"])
        if situation == "off_file":
            return _finish(plan, _off_file(persona, state, plan, request.history) + _insights(request))
        if situation == "follow_up":
            return _finish(plan, _follow_up(persona, state, plan, request))
        if situation == "questions":
            return _finish(plan, _several(persona, plan, request))
        return _finish(plan, _one(persona, plan, plan.parts[0], request))


def _one(persona: Persona, plan: TurnPlan, part: Part, request: ReplyRequest) -> list[str]:
    """A single question: the answering passage first; an open one gets more on the same thread."""
    if not part.answered:
        return _off_file(persona, request.state, plan, request.history) + _insights(request)
    said = request.state.used_passages
    if part.passages[0].id in said and (part.question.form == "closed" or any(p.id not in said for p in part.passages[1:])):
        # Its answer was said already and nothing unsaid answers nearly as well (the plan's rule): a
        # person says it again, briefly, rather than reach for a passage that answers something else.
        # A closed question gets the sentence that answers it; an open one the whole passage again.
        again = _answering_sentence(persona, part.question, part.passages[0].text) if part.question.form == "closed" else part.passages[0].text
        return [f"{REPEAT_LEAD} {_lower_first(persona, again)}", *_insights(request)]
    if part.passages[0].id in said:
        # Everything that answers was said already (or, on a subject the file has nothing on, never was).
        topic = part.question.topic or part.passages[0].topic
        if topic not in persona.facts:
            return _off_file(persona, request.state, plan, request.history) + _insights(request)
        pointer = _pointer(persona, request.state, [topic])
        return ["I think I've told you most of what I can say about that.", *_insights(request), f"We could talk about {pointer} instead."]
    lead = part.passages[0]
    if _other_side(request.question.text, lead.text):
        # "What's the worst part?" is not answered with the favorite moment while a passage on the hard side answers.
        lead = next((p for p in part.passages[1:] if p.topic == lead.topic and p.id not in said and not _other_side(request.question.text, p.text)), lead)
        part = replace(part, passages=(lead, *(p for p in part.passages if p is not lead)), scores=())
    if part.question.form == "closed":
        yes_no = _yes_no_lead(persona, part.question.text, lead.text)
        body = [f"{yes_no} {lead.text}" if yes_no else lead.text]
    else:
        opener = _opener(persona, request, OPENERS[persona.style.warmth])
        body = [_after(persona, opener, lead.text)]
        more = OPEN_PASSAGES[persona.style.talkativeness] - 1
        # Next, the passage that answers second best: when it scores close to the lead, or (without
        # scores) when it is on the question's topic; then the lead's thread.
        if len(part.scores) > 1:
            fits = part.scores[1] >= RUNNER_UP_SHARE * part.scores[0]
        else:
            fits = len(part.passages) > 1 and part.passages[1].topic == (part.question.topic or lead.topic)
        runner_up = [p for p in part.passages[1:2] if fits and p.id not in request.state.used_passages]
        thread = [p for p in _same_thread(lead, part.passages, plan, request.state, part.scores) if p not in runner_up]
        # "What's the worst part?" goes on with more that is hard, not with the best part (and the other way round).
        asked = request.question.text
        thread = [p for p in thread if not _other_side(asked, p.text)]
        runner_up = [p for p in runner_up if not _other_side(asked, p.text)]
        # What follows the lead is told in the file's order within a topic: "one of those sessions" comes
        # after the passage that told of the sessions, as the advisor wrote it.
        chosen = (runner_up + thread)[:more]
        first_of_topic: dict[str, int] = {}
        for n, p in enumerate(chosen):
            first_of_topic.setdefault(p.topic, n)
        body += _joined(persona, request, sorted(chosen, key=lambda p: (first_of_topic[p.topic], p.index)))
    body[1:1] = _insights(request)  # an insight lands after the first passage, where a person adds it
    return body


# A part whose best passage answered an earlier part, this far ahead of its next best, is answered already.
CLEARLY_SAME = 1.15
# ... when it is a short yes or no about the same thing ("is it formal?").
SHORT_PART = 6


def _several(persona: Persona, plan: TurnPlan, request: ReplyRequest) -> list[str]:
    """Several questions: each answered briefly, in order."""
    body: list[str] = []
    used: set[str] = set()
    for n, part in enumerate(plan.parts):
        if (part.question.form == "closed" and len(part.question.text.split()) <= SHORT_PART and part.passages
                and part.passages[0].id in used and len(part.scores) >= 2 and part.scores[0] >= CLEARLY_SAME * part.scores[1]):
            continue  # "what's the culture like? is it formal?": what answered the first plainly answers this one too
        passage = next((p for p in part.passages if p.id not in used), None)
        if passage is None:
            body.append(OFF_FILE_PART)
            continue
        used.add(passage.id)
        text = passage.text
        if part.question.form == "closed":
            yes_no = _yes_no_lead(persona, part.question.text, text)
            text = f"{yes_no} {text}" if yes_no else text
        elif n and not text.startswith(("I ", "I'")):
            text = "And " + _lower_first(persona, text) if _lower_first(persona, text) != text else text
        body.append(text)
    body[1:1] = _insights(request)
    return body


def _follow_up(persona: Persona, state: State, plan: TurnPlan, request: ReplyRequest) -> list[str]:
    if plan.never_said is not None:
        body = [NEVER_SAID]
        answered = [p for p in plan.parts if p.answered]
        if answered:
            body += _one(persona, plan, answered[0], request)
        else:
            body.append(f"I could tell you about {_pointer(persona, state, [])}, if that would help.")
            body[1:1] = _insights(request)
        return body
    if not plan.thread:
        pointer = _pointer(persona, state, [plan.continues_from.topic] if plan.continues_from else [])
        return ["I think I've told you most of what I can say about that.", *_insights(request), f"We could talk about {pointer} instead."]
    opener = _opener(persona, request, THREAD_OPENERS[persona.style.warmth])
    body = [_after(persona, opener, plan.thread[0].text)]
    body += _joined(persona, request, list(plan.thread[1 : OPEN_PASSAGES[persona.style.talkativeness]]))
    body[1:1] = _insights(request)
    return body


def _off_file(persona: Persona, state: State, plan: TurnPlan, history: Sequence[Turn]) -> list[str]:
    lines = OFF_FILE[persona.style.warmth]
    # In turn, and the one said least so far: no line starts more than its share of the interview's replies.
    said = [t.text for t in history if t.role == "persona"]
    start = state.questions % len(lines)
    turn_order = lines[start:] + lines[:start]
    line = min(turn_order, key=lambda candidate: sum(s.startswith(candidate) for s in said))
    topics = [q.question.topic for q in plan.parts if q.question.topic]
    near = next((t for t in topics if t in persona.facts), None)
    pointer = TOPIC_PHRASES[near] if near else _pointer(persona, state, [])
    return [line, f"I could tell you about {pointer}, if that would help."]


_ASKS_WORST = re.compile(r"\b(?:worst|hardest|toughest|downsides?|frustrat\w*|dislike|least|challeng\w*|hate|annoying|difficult|hard part)\b")
_ASKS_BEST = re.compile(r"\b(?:best|favou?rite|love|rewarding|enjoy|like most|highlights?)\b")
_SAYS_BEST = re.compile(r"\b(?:best part|favou?rite|i love|rewarding|the highlight|the best|small wins|proud)\b", re.I)
_SAYS_WORST = re.compile(r"\b(?:hardest|worst|frustrations?|frustrating|downside|toughest|hard part)\b", re.I)


def _other_side(question: str, passage: str) -> bool:
    """Whether a passage tells the good side where only the hard one is asked for, or the other way round."""
    low = question.lower()
    worst, best = bool(_ASKS_WORST.search(low)), bool(_ASKS_BEST.search(low))
    if worst == best:
        return False  # neither, or both ("the best and the worst part")
    first = sentences(passage)[0]
    says_best, says_worst = bool(_SAYS_BEST.search(first)), bool(_SAYS_WORST.search(first))
    return (says_best and not says_worst) if worst else (says_worst and not says_best)


def _same_thread(lead: Passage, ranked: Sequence[Passage], plan: TurnPlan, state: State, scores: Sequence[float] = ()) -> list[Passage]:
    """More on the lead's thread: other answering passages of its topic, then the rest of the topic in file order."""
    told = {lead.id} | state.used_passages
    rest = [p for p in index_for(plan.persona).passages if p.topic == lead.topic and p.id not in told]
    # Those of the topic that answer the question come first, best first; then the story goes on from
    # the lead in the file's order (advisors write passages in an order that tells it).
    strong = [p for n, p in enumerate(ranked[:THREAD_RANKED]) if not scores or scores[n] >= THREAD_SHARE * scores[0]]
    answering = [p for p in strong if p in rest]
    return answering + [p for p in rest if p.index > lead.index and p not in answering] + [p for p in rest if p.index < lead.index and p not in answering]


def _joined(persona: Persona, request: ReplyRequest, passages: Sequence[Passage]) -> list[str]:
    out = []
    for i, passage in enumerate(passages, start=1):
        joiner = _JOINERS[(request.state.questions + i) % len(_JOINERS)]
        lowered = _lower_first(persona, passage.text)
        # A joiner only before an ordinary word: "Also, the..." but never "Also, Public...", nor before a
        # short fragment a person says on its own ("Straight line, no detours.", not "Also, straight line...").
        short = len(sentences(passage.text)[0].split()) <= SHORT_FRAGMENT
        out.append(joiner + lowered if joiner and lowered != passage.text and not short else passage.text)
    return out


def _insights(request: ReplyRequest) -> list[str]:
    persona = request.persona
    leads = INSIGHT_LEADS[persona.style.warmth]
    told_before = len(request.plan.earned_before)
    lines = []
    for n, insight in enumerate(request.plan.earned_now):
        lead = leads[(told_before + n) % len(leads)]
        lines.append(_with_lead(persona, lead, insight))
    return lines


def _with_lead(persona: Persona, lead: str, insight: Insight) -> str:
    if not lead or lead.endswith((". ", "? ")):
        return lead + insight.text  # a new sentence keeps its capital
    return lead + _lower_first(persona, insight.text)


def _finish(plan: TurnPlan, body: list[str]) -> str:
    """Add the time signals: a warning as the last minutes begin, the sign-off once they are used."""
    if plan.clock == "up":
        body = [*body, TIME_UP, plan.persona.sign_off]
    elif plan.clock == "nearly_up":
        body = [*body, TIME_WARNING]
    return " ".join(b.strip() for b in body if b.strip())


def _pointer(persona: Persona, state: State, avoid: list[str]) -> str:
    """A subject this persona can still talk about, phrased for speech."""
    for topic in TOPICS:
        if topic in avoid or topic not in persona.facts:
            continue
        unused = [i for i in range(len(persona.facts[topic])) if f"facts.{topic}.{i}" not in state.used_passages]
        if unused and topic not in state.discussed:
            return TOPIC_PHRASES[topic]
    # Everything was discussed: point at any other subject this persona has facts on.
    fallback = next((t for t in TOPICS if t in persona.facts and t not in avoid), None)
    return TOPIC_PHRASES[fallback] if fallback else "my work"


def _pick(n: int, plan: TurnPlan, state: State) -> int:
    """A varied, deterministic choice that depends on the turn."""
    key = f"{plan.persona.id}:{state.questions}:{plan.situation}"
    return zlib.crc32(key.encode()) % n


def _opener(persona: Persona, request: ReplyRequest, options: Sequence[str]) -> str:
    """An opener on about one answer in three, never one this interview already used."""
    turn_no = request.state.questions + 1
    if turn_no % 3 and options is OPENERS[persona.style.warmth]:
        return ""  # most answers just start
    said = [t.text for t in request.history if t.role == "persona"]
    fresh = [o for o in options if o and not any(s.startswith(o) for s in said)]
    if not fresh:
        return ""
    return fresh[_pick(len(fresh), request.plan, request.state)]


def _answering_sentence(persona: Persona, question: Question, passage: str) -> str:
    """The sentence of a passage said before that answers the question: said again, it is said briefly.

    The sentence sharing most words with the question (and holding what it asks for, a number for
    "how many"); the first when none shares any.
    """
    said = sentences(passage)
    asked = content_words(question.text.lower()) | implied_words(question.text)
    kind = answer_kind(question.text, question.form)
    proper = index_for(persona).proper_nouns

    def fit(n: int) -> tuple[int, int]:
        sentence = said[n]
        return len(asked & content_words(sentence)) + (1 if kind not in ("open", "yes_no") and holds(kind, sentence, proper) else 0), -n

    return said[max(range(len(said)), key=fit)]


def _yes_no_lead(persona: Persona, question: str, passage: str) -> str:
    """'Yes.' or 'Not really.' where a yes/no question meets a first sentence that plainly settles it.

    The lead stands before the passage, so only its first sentence may decide. It settles the
    question when it holds every word of it the file does not use all over ("Do you need a science
    degree?" is not settled by "you need a Doctor of Physical Therapy degree"), and at least two
    of them; a negation next to one of those words makes it a no. Requests ("Do you have any
    tips...?"), either-or questions and questions that are negative themselves get no lead: a
    bare yes or no would answer them wrongly.
    """
    q = question.strip().lower().replace("\u2019", "'")
    if not _YES_NO.match(q) or _NOT_YES_NO.search(q) or _NEGATIVE.search(q):
        return ""
    index = index_for(persona)
    first = sentences(passage)[0]
    said = set(terms(first))
    asked = [t for t in dict.fromkeys(terms(q)) if t not in index.own_words]
    held = [t for t in asked if t in said]  # the words themselves: a synonym ("hours" for "weekends") is not a yes
    missing = [t for t in asked if t not in held]
    if len(held) < 2 or any(not index.common(t) for t in missing):
        return ""
    words = [stem(w) for w in re.findall(r"[a-z][a-z'-]*", first.lower())]
    negated = {n for n, w in enumerate(words) if _NEGATIVE.fullmatch(w)}
    near = any(abs(n - m) <= 3 for n, w in enumerate(words) if w in held for m in negated)
    return "Not really." if near else "Yes."


def _after(persona: Persona, opener: str, text: str) -> str:
    """A passage after its opener: "Sure. The certificate...", but "To say a bit more: the certificate..."."""
    if not opener:
        return text
    return f"{opener} {_lower_first(persona, text) if opener.endswith(':') else text}"


def _lower_first(persona: Persona, text: str) -> str:
    """Lower-case the first word after a lead-in, unless it is 'I' or a name the file capitalises."""
    first = text.split(" ", 1)[0]
    bare = first.strip(",.;:!?")
    if bare in ("I", "I'm", "I've", "I'd", "I'll") or bare.isupper() or _is_name(persona, bare):
        return text
    return first[:1].lower() + first[1:] + text[len(first):]


def _is_name(persona: Persona, word: str) -> bool:
    """A name: capitalised in mid-sentence somewhere in the file ("Charlotte"), or a known one ("Excel")."""
    # Days and months keep their capitals wherever they stand ("Also, Mondays I meet...").
    return word in index_for(persona).proper_nouns or word.rstrip("s").removesuffix("'") in CALENDAR
