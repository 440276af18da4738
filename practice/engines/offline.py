"""The offline engine: a persona that speaks only from their file.

Every sentence comes from the persona file (greeting, facts, unlocked insights,
boundaries, sign-off), joined by short connective phrases. No key, no network,
deterministic for a given transcript.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from practice.disclosure import boundary_for
from practice.engines.base import ReplyRequest
from practice.personas import Persona
from practice.questions import AI_QUESTION, EXTRACTION, content_words
from practice.topics import TOPIC_PHRASES, TOPICS
from practice.transcript import State, passage_ids

# How many passages an open answer holds, by talkativeness.
OPEN_PASSAGES = {"reserved": 2, "balanced": 3, "chatty": 4}

# Minutes before the end at which the persona mentions the time.
WARN_MINUTES = 3

_GREETING = re.compile(r"\b(?:hi|hello|hey|good (?:morning|afternoon|evening)|nice to meet|pleasure to meet|my name is|i am a (?:junior|senior|sophomore|freshman|first-year|student)|i'm a)\b", re.I)
_STUDENT_NAME = re.compile(r"\b(?i:i'm|i am|my name is|this is|it's)\s+([A-Z][a-z]+)\b")
_NOT_NAMES = frozenset({"a", "an", "the", "so", "really", "very", "just", "currently", "interested", "curious", "studying"})
_THANKS = re.compile(r"\b(?:thank|thanks|appreciate|grateful)\b", re.I)
_GOODBYE = re.compile(r"\b(?:bye|goodbye|that's all|that is all|that is everything|that's everything|all my questions|have a (?:good|great|nice)|take care|i should let you go|i'll let you go|talk soon)\b", re.I)
_NEGATIVE = re.compile(r"\b(?:not|never|no|don't|doesn't|didn't|isn't|wasn't|aren't|rarely|hardly|can't|won't)\b", re.I)

_WARM_OPENERS = ("Good question.", "Oh, I like that question.", "Sure.", "Happy to talk about that.")
_NEUTRAL_OPENERS = ("Sure.", "Okay.", "Good question.", "Right.")
_BRISK_OPENERS = ("Sure.", "Okay.", "Briefly:", "Right.")
_JOINERS = ("", "Also, ", "And ", "On top of that, ")
_INSIGHT_LEADS = (
    "Something I don't say to everyone: ",
    "And since you asked it that way, I'll be honest: ",
    "Here's something you won't find online: ",
)


class OfflineEngine:
    """Grounded role-play with no model at all."""

    name = "offline"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        text = self.compose(request)
        # Word-sized chunks, so the browser shows the reply arriving as with a model.
        for piece in re.findall(r"\S+\s*", text):
            yield piece

    def compose(self, request: ReplyRequest) -> str:
        persona, state = request.persona, request.state
        question = request.question
        analysis = question.analysis
        assert analysis is not None, "the student's turn must be analysed"
        turn_no = state.questions + 1
        words = question.text

        if AI_QUESTION.search(words):
            body = [
                f"I should be straight with you: I'm an AI practice partner playing {persona.name}, "
                "built from notes a career advisor wrote. Everything I tell you comes from those notes.",
                "Happy to keep going if you are.",
            ]
            return _finish(persona, state, body, request)
        if EXTRACTION.search(words):
            body = [
                "I'm not sure what you mean by that.",
                f"I'm happy to talk about {_pointer(persona, state, [])}, though.",
            ]
            return _finish(persona, state, body, request)

        boundary = boundary_for(persona, words, analysis.flags)
        if boundary is not None:
            return _finish(persona, state, [boundary.reply], request)

        if analysis.form == "not_a_question":
            return _small_talk(persona, state, request)

        topics = question.topics
        if not topics:
            body = [
                "Hmm, that's not really something I can speak to.",
                f"I could tell you about {_pointer(persona, state, [])}, if that would help.",
            ]
            return _finish(persona, state, body + _insights(request), request)

        if not any(t in persona.facts for t in topics) and not request.unlocked_now:
            body = [
                "Hmm, that's not something I know much about.",
                f"I could tell you about {_pointer(persona, state, topics)}, if that would help.",
            ]
            return _finish(persona, state, body, request)
        count = 1 if analysis.form == "closed" else OPEN_PASSAGES[persona.style.talkativeness]
        chosen = _choose_passages(persona, state, topics, words, count, closed=analysis.form == "closed")
        if not chosen and not request.unlocked_now:
            body = [
                "I think I've told you most of what I can say about that.",
                f"We could talk about {_pointer(persona, state, topics)} instead.",
            ]
            return _finish(persona, state, body, request)
        body = []
        if chosen:
            if analysis.form == "closed":
                lead = _yes_no_lead(words, chosen[0])
                body.append(f"{lead} {chosen[0]}" if lead else chosen[0])
            else:
                opener = _opener(persona, turn_no, analysis.follow_up)
                first = chosen[0]
                body.append(f"{opener} {first}" if opener else first)
                for i, passage in enumerate(chosen[1:], start=1):
                    joiner = _JOINERS[(turn_no + i) % len(_JOINERS)]
                    joined = _lower_first(passage)
                    # A joiner only before an ordinary word: "Also, the..." but never "Also, Public...".
                    body.append(joiner + joined if joiner and joined != passage else passage)
        insight_lines = _insights(request)
        # The insight lands after the first passage, where a person would add it.
        body[1:1] = insight_lines
        return _finish(persona, state, body, request)


def _insights(request: ReplyRequest) -> list[str]:
    lines = []
    for n, insight in enumerate(request.unlocked_now):
        lead = _INSIGHT_LEADS[(request.state.questions + n) % len(_INSIGHT_LEADS)]
        lines.append(lead + _lower_first(insight.text))
    return lines


def _finish(persona: Persona, state: State, body: list[str], request: ReplyRequest) -> str:
    """Add the time signals: a warning near the end, the sign-off past it."""
    spoken = sum(len(b.split()) for b in body) + len(request.question.text.split())
    elapsed = state.elapsed_minutes + spoken / 140 + 0.2
    minutes = persona.style.minutes
    if elapsed >= minutes:
        body = [*body, "I'm afraid that's about all the time I have.", persona.sign_off]
    elif elapsed >= minutes - WARN_MINUTES and state.elapsed_minutes < minutes - WARN_MINUTES:
        body = [*body, "We've only got a few minutes left, so ask me whatever matters most."]
    return " ".join(b.strip() for b in body if b.strip())


def _small_talk(persona: Persona, state: State, request: ReplyRequest) -> str:
    words = request.question.text
    # A passing "thanks" is not goodbye unless the time is nearly up.
    nearly_over = state.elapsed_minutes >= persona.style.minutes - WARN_MINUTES
    if _GOODBYE.search(words) or (_THANKS.search(words) and nearly_over and state.questions >= 3):
        return persona.sign_off
    if _GREETING.search(words) and state.questions == 0:
        name = _STUDENT_NAME.search(words)
        who = f", {name.group(1)}" if name and name.group(1).lower() not in _NOT_NAMES else ""
        if persona.style.warmth == "brisk":
            return _finish(persona, state, [f"Good to meet you{who}.", "Go ahead."], request)
        return _finish(persona, state, [f"Nice to meet you{who}.", "Where would you like to start?"], request)
    if _THANKS.search(words):
        return _finish(persona, state, ["Of course.", "What else would you like to know?"], request)
    return _finish(persona, state, ["Mm-hm.", "What else is on your list?"], request)


def _choose_passages(
    persona: Persona, state: State, topics: list[str], question: str, count: int, *, closed: bool
) -> list[str]:
    """Unused passages on the question's topics.

    A closed question gets the passage sharing most words with it. An open one follows the
    file's order (advisors write passages in an order that tells a story) unless a passage
    clearly matches (two shared words).
    """
    ids = passage_ids(persona)
    wanted = content_words(question)
    candidates: list[tuple[int, int, int, str]] = []
    for rank, topic in enumerate(topics):
        passages = persona.facts.get(topic, [])  # type: ignore[call-overload]
        for i, text in enumerate(passages):
            pid = f"facts.{topic}.{i}"
            if pid in state.used_passages or pid not in ids:
                continue
            overlap = len(wanted & content_words(text))
            relevance = overlap if closed else int(overlap >= 2)
            candidates.append((-relevance, rank, i, text))
    candidates.sort()
    return [text for *_, text in candidates[:count]]


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


def _opener(persona: Persona, turn_no: int, follow_up: bool) -> str:
    if follow_up:
        return "Sure, a little more on that." if persona.style.warmth != "brisk" else ""
    if turn_no % 3:
        return ""  # most answers just start
    options = {"warm": _WARM_OPENERS, "neutral": _NEUTRAL_OPENERS, "brisk": _BRISK_OPENERS}[persona.style.warmth]
    return options[turn_no % len(options)]


def _yes_no_lead(question: str, passage: str) -> str:
    """'Yes.' or 'Not really.' where a yes/no question meets a sentence that plainly answers it.

    Only the sentence sharing words with the question counts: a negation there is a no; two
    shared words ("Is remote work allowed?" / "Remote work is allowed...") are a yes. One
    shared word decides nothing ("Do you work weekends?" / "Weekends are usually mine.").
    """
    q = question.strip().lower()
    if not re.match(r"^(?:do|does|did|is|are|was|were|can|could|have|has|would|will)\b", q):
        return ""
    asked = content_words(q)
    for sentence in re.split(r"(?<=[.!?])\s+", passage):
        shared = asked & content_words(sentence)
        if shared:
            if _NEGATIVE.search(sentence):
                return "Not really."
            return "Yes." if len(shared) >= 2 else ""
    return ""


_COMMON_STARTS = frozenset(
    ["a", "an", "the", "my", "our", "we", "it", "its", "it's", "there", "that", "this", "these", "those", "most", "some", "when", "in", "on", "at", "for", "after", "before", "if", "one", "two", "three", "every", "each", "what", "how", "most", "many", "much", "honestly", "really", "so", "but", "and", "then", "now", "also"]
)


def _lower_first(text: str) -> str:
    """Lower-case the first word after a joiner, unless it is a name or 'I'."""
    first = text.split(" ", 1)[0]
    if first.lower().strip(",") in _COMMON_STARTS:
        return first.lower() + text[len(first):]
    return text
