"""What a model is told: Jinja templates under prompts/, rendered in a sandbox.

`persona_messages` turns a reply request into chat messages: the persona's instructions (the
same on every turn), the recent conversation within a token budget, then the question with the
notes for this answer (the clock, insights earned, how to answer it; only insights already earned
are ever in them). With a context budget (PRACTICE_CONTEXT_TOKENS) the instructions keep who the persona
is, how they talk, the rules, what they have earned and the passages that answer this question;
then the rest of the file while it fits; then the conversation. The instructions go in a system
message, or (PRACTICE_INSTRUCTIONS=user) at the top of the first user message, for servers whose
chat template has no system role.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from practice.engines.base import ReplyRequest
from practice.errors import SettingsError
from practice.personas import Persona
from practice.plan import ranked_passages
from practice.resources import folder
from practice.settings import Settings
from practice.topics import TOPIC_LABELS, TOPICS
from practice.transcript import WORDS_PER_MINUTE, Turn

PROMPTS = folder("prompts")

# A cheap token estimate that needs no tokenizer: English runs about 1.3 tokens a word;
# a little over that, plus each message's framing, keeps the budget on the safe side.
TOKENS_PER_WORD = 1.4
TOKENS_PER_MESSAGE = 4
# Text without spaces must not pass for one word: any text runs at least a token per four
# characters, and scripts written without spaces between words (Chinese, Japanese, Korean,
# Thai) about a token a character (GPT-4o's tokenizer: 0.7 to 1.1 for Chinese).
CHARS_PER_TOKEN = 4.0
TOKENS_PER_WIDE_CHAR = 1.1
WIDE = re.compile(
    "[\u0e00-\u0e7f\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)

# How long an open answer runs, by the persona's talkativeness.
OPEN_LENGTH = {
    "reserved": "three or four sentences. You are economical with words and rarely volunteer more than was asked.",
    "balanced": "a short paragraph of four to six sentences.",
    "chatty": "six to eight sentences. You enjoy a story or an aside, but you always come back to the question.",
}
WARMTH = {
    "warm": "You are warm and encouraging, glad to help someone starting out.",
    "neutral": "You are friendly but matter-of-fact.",
    "brisk": "You are busy and to the point: kind, but not chatty.",
}

Message = dict[str, str]


@cache
def environment() -> SandboxedEnvironment:
    # Sandboxed: an advisor writes persona files, and a template should never reach past them.
    # No autoescape: the output is plain text for a model, not HTML.
    return SandboxedEnvironment(
        loader=FileSystemLoader(PROMPTS),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the code: no stat() of the file on every render.
        auto_reload=False,
    )


# Runs of blank lines left by skipped blocks. Written with a literal prefix, which the regex
# engine scans for quickly (r"\n{3,}" took ~90 us on a system prompt, this ~5 us).
BLANK_RUNS = re.compile(r"\n\n\n+")


def render(name: str, **values: Any) -> str:
    text = environment().get_template(name).render(**values)
    return BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def estimate_tokens(text: str) -> int:
    """Tokens of `text` as one message: on the high side for English, CJK and space-free text alike."""
    tokens = max(len(text.split()) * TOKENS_PER_WORD, len(text) / CHARS_PER_TOKEN)
    if not text.isascii():
        wide = len(WIDE.findall(text))
        if wide:
            tokens = max(tokens, wide * TOKENS_PER_WIDE_CHAR + (len(text) - wide) / CHARS_PER_TOKEN)
    return math.ceil(tokens) + TOKENS_PER_MESSAGE


@dataclass(frozen=True)
class PromptLimits:
    """How much a request may hold, and where the instructions go (from the settings)."""

    history_tokens: int = 3000  # the most of earlier conversation
    context_tokens: int = 0  # the whole request and its reply; 0: no budget
    reply_tokens: int = 400  # what the reply may take of the context (max_tokens)
    instructions: Literal["system", "user"] = "system"

    @classmethod
    def of(cls, settings: Settings) -> PromptLimits:
        where = settings.instructions.strip().lower()
        if where not in ("system", "user"):
            raise SettingsError(f"PRACTICE_INSTRUCTIONS must be system or user, got {settings.instructions!r}")
        return cls(
            history_tokens=settings.history_tokens,
            context_tokens=max(0, settings.context_tokens),
            reply_tokens=settings.max_reply_tokens,
            instructions="user" if where == "user" else "system",
        )


# ------------------------------------------------------------------ the passages that answer a question
# The seam to the answer ranking: a budgeted prompt only needs "this persona's passages for this
# question, best first". Now the lead's ranking (practice.plan.ranked_passages, BM25 over the
# file); before it landed, simple word overlap stood here.


def relevant_passages(persona: Persona, question_text: str, limit: int) -> list[str]:
    """The persona's fact passages that best answer the question, best first (those that share nothing left out)."""
    if limit <= 0:
        return []
    return [ranked.passage.text for ranked in ranked_passages(persona, question_text)[:limit]]


# How many passages answering the question a budgeted prompt always keeps.
RELEVANT_PASSAGES = 4


def instructions(request: ReplyRequest, limits: PromptLimits | None = None, values: dict[str, Any] | None = None) -> str:
    """The persona's instructions: the same on every turn of an interview (without a budget)."""
    values = values or _prompt_values(request)
    budget = _instructions_budget(request, limits, values)
    if budget is None:
        return _whole_file(request.persona, values)
    return _fitted(request, values, budget)


# The instructions without a budget depend on the persona alone (it is frozen): rendered once per
# persona object. Keyed by id() and holding the object, so an id is never reused while cached.
_RENDERED: dict[int, tuple[Persona, str]] = {}
_RENDERED_MOST = 64


def _whole_file(persona: Persona, values: dict[str, Any]) -> str:
    found = _RENDERED.get(id(persona))
    if found is not None and found[0] is persona:
        return found[1]
    text = render("persona.md.j2", **values)
    if len(_RENDERED) >= _RENDERED_MOST:
        _RENDERED.pop(next(iter(_RENDERED)))
    _RENDERED[id(persona)] = (persona, text)
    return text


def turn_notes(request: ReplyRequest, values: dict[str, Any] | None = None) -> str:
    """The notes for this one answer: the clock, insights earned, how to answer this message."""
    return render("turn_notes.md.j2", **(values or _prompt_values(request)))


def system_prompt(request: ReplyRequest, limits: PromptLimits | None = None) -> str:
    """Everything the model is told for this one reply, as one text: instructions, then the turn's notes."""
    values = _prompt_values(request)
    return f"{instructions(request, limits, values)}\n{turn_notes(request, values)}"


def with_notes(question: str, notes: str) -> str:
    """The student's message as the model gets it: their words, then the notes for the answer."""
    return f"{question}\n\n---\n\n{notes}"


def _instructions_budget(request: ReplyRequest, limits: PromptLimits | None, values: dict[str, Any]) -> int | None:
    """Tokens the instructions may take under a context budget, keeping room for some recent talk."""
    if limits is None or limits.context_tokens <= 0:
        return None
    room = limits.context_tokens - limits.reply_tokens - estimate_tokens(with_notes(request.question.text, turn_notes(request, values)))
    # A quarter of the room is kept for the conversation, so "you mentioned..." still has its context.
    return room - min(limits.history_tokens, room // 4)


def _fitted(request: ReplyRequest, values: dict[str, Any], budget: int) -> str:
    """The instructions with as much of the file as fits: the passages that answer this question
    first (the best always, the next ones while they fit), then the question's own topics, then the rest."""
    persona = request.persona
    chosen: dict[str, list[str]] = {}
    topic_of = {passage: topic for topic in TOPICS for passage in persona.facts.get(topic, [])}

    def facts() -> list[tuple[str, list[str]]]:
        return [(TOPIC_LABELS[t], [p for p in persona.facts[t] if p in chosen.get(t, ())]) for t in TOPICS if chosen.get(t)]

    spent = estimate_tokens(render("persona.md.j2", **{**values, "facts": [], "backstory": False}))
    asked = request.question.analysis.topics if request.question.analysis is not None else []
    best = relevant_passages(persona, request.question.text, RELEVANT_PASSAGES)
    in_order = [
        *best,
        *(p for t in TOPICS if t in asked for p in persona.facts.get(t, [])),
        *(p for t in TOPICS if t not in asked for p in persona.facts.get(t, [])),
    ]
    for passage in dict.fromkeys(in_order):  # each once, in that order
        topic = topic_of.get(passage)
        if topic is None:
            continue
        # A passage and, for a topic's first, its label.
        cost = math.ceil(len(passage.split()) * TOKENS_PER_WORD) + 2 + (0 if chosen.get(topic) else 4)
        if spent + cost > budget and not (best and passage == best[0]):
            continue
        chosen.setdefault(topic, []).append(passage)
        spent += cost
    backstory = bool(persona.backstory) and spent + estimate_tokens(persona.backstory) <= budget
    return render("persona.md.j2", **{**values, "facts": facts(), "backstory": backstory})


def _prompt_values(request: ReplyRequest) -> dict[str, Any]:
    """What the templates are told, read off the turn's plan (the same decision the offline engine renders)."""
    persona, state, question, plan = request.persona, request.state, request.question, request.plan
    analysis = question.analysis
    assert analysis is not None, "the student's turn must be analysed"
    situation = {
        "ai_question": "ai", "extraction": "extraction", "boundary": "boundary", "greeting": "not_a_question",
        "thanks": "not_a_question", "remark": "not_a_question", "goodbye": "goodbye", "off_file": "off_file",
        "questions": "several",
    }.get(plan.situation, "closed" if analysis.form == "closed" else "open")
    minutes = persona.style.minutes
    elapsed = state.elapsed_minutes + len(question.text.split()) / WORDS_PER_MINUTE
    phase = {"up": "over", "nearly_up": "nearly_up"}.get(plan.clock, "plenty")
    facts = [(TOPIC_LABELS[topic], persona.facts[topic]) for topic in TOPICS if topic in persona.facts]
    # The passages of the file that answer this question, best first: the model leads with them.
    answering = [p.text for p in plan.passages[:MOST_RELEVANT]] if situation in ("open", "closed", "several") else []
    return {
        "persona": persona,
        "facts": facts,
        "backstory": True,
        "minutes": minutes,
        "elapsed": min(round(elapsed), minutes),
        "phase": phase,
        "warmth": WARMTH[persona.style.warmth],
        "open_length": OPEN_LENGTH[persona.style.talkativeness],
        "situation": situation,
        "boundary": plan.boundary,
        "unlocked_before": request.unlocked_before,
        "unlocked_now": request.unlocked_now,
        "answering": answering,
        "parts": [part.question.text for part in plan.parts],
        "never_said": plan.never_said,
    }


# How many of the passages that answer the question the turn notes name.
MOST_RELEVANT = 2


def history_messages(history: list[Turn], budget: int) -> list[Message]:
    """The most recent turns that fit in `budget` tokens, oldest first, starting with a student turn."""
    kept: list[Message] = []
    spent = 0
    for turn in reversed(history):
        cost = estimate_tokens(turn.text)
        if spent + cost > budget:
            break
        spent += cost
        kept.append({"role": "user" if turn.role == "student" else "assistant", "content": turn.text})
    kept.reverse()
    # Some providers (Anthropic) insist the conversation opens with the user; the greeting is in the system prompt.
    while kept and kept[0]["role"] == "assistant":
        kept.pop(0)
    return kept


def persona_messages(request: ReplyRequest, limits: PromptLimits | int) -> list[Message]:
    """Everything sent to the model for one reply: instructions, trimmed history, the question with its notes.

    What never changes comes first and what changes last, so a provider's prefix cache reuses the
    instructions and the conversation so far: only the last message is new on each turn.
    `limits` may be a bare number: the history's token budget, with no context budget.
    """
    if isinstance(limits, int):
        limits = PromptLimits(history_tokens=limits)
    values = _prompt_values(request)
    told = instructions(request, limits, values)
    asked = with_notes(request.question.text, turn_notes(request, values))
    history_budget = limits.history_tokens
    if limits.context_tokens > 0:
        room = limits.context_tokens - limits.reply_tokens - estimate_tokens(asked) - estimate_tokens(told)
        history_budget = max(0, min(history_budget, room))
    conversation = [*history_messages(request.history, history_budget), {"role": "user", "content": asked}]
    return with_instructions(told, conversation, limits.instructions)


def with_instructions(instructions: str, conversation: list[Message], where: Literal["system", "user"] = "system") -> list[Message]:
    """The instructions as a system message, or at the top of the first user message."""
    if where == "system":
        return [{"role": "system", "content": instructions}, *conversation]
    first, *rest = conversation
    assert first["role"] == "user", "the conversation opens with the student"
    return [{"role": "user", "content": f"{instructions.rstrip()}\n\n---\n\n{first['content']}"}, *rest]
