"""What a model is told: Jinja templates under prompts/, rendered in a sandbox.

`persona_messages` turns a reply request into chat messages: the persona's system prompt
(holding only insights already earned), the recent conversation within a token budget, the question.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from practice.disclosure import boundary_for
from practice.engines.base import ReplyRequest
from practice.plan import WARN_MINUTES
from practice.questions import AI_QUESTION, EXTRACTION
from practice.resources import folder
from practice.topics import TOPIC_LABELS, TOPICS
from practice.transcript import WORDS_PER_MINUTE, Turn

PROMPTS = folder("prompts")

# A cheap token estimate that needs no tokenizer: English runs about 1.3 tokens a word;
# a little over that, plus each message's framing, keeps the budget on the safe side.
TOKENS_PER_WORD = 1.4
TOKENS_PER_MESSAGE = 4

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
    return math.ceil(len(text.split()) * TOKENS_PER_WORD) + TOKENS_PER_MESSAGE


def system_prompt(request: ReplyRequest) -> str:
    """The persona's instructions for this one reply."""
    persona, state, question = request.persona, request.state, request.question
    analysis = question.analysis
    assert analysis is not None, "the student's turn must be analysed"
    # The same order of precedence as the offline engine: honesty, then extraction, then boundaries.
    boundary = None
    if AI_QUESTION.search(question.text):
        situation = "ai"
    elif EXTRACTION.search(question.text):
        situation = "extraction"
    elif (boundary := boundary_for(persona, question.text, analysis.flags)) is not None:
        situation = "boundary"
    else:
        situation = analysis.form
    minutes = persona.style.minutes
    elapsed = state.elapsed_minutes + len(question.text.split()) / WORDS_PER_MINUTE
    phase = "over" if elapsed >= minutes else "nearly_up" if elapsed >= minutes - WARN_MINUTES else "plenty"
    facts = [(TOPIC_LABELS[topic], persona.facts[topic]) for topic in TOPICS if topic in persona.facts]
    return render(
        "persona.md.j2",
        persona=persona,
        facts=facts,
        minutes=minutes,
        elapsed=min(round(elapsed), minutes),
        phase=phase,
        warmth=WARMTH[persona.style.warmth],
        open_length=OPEN_LENGTH[persona.style.talkativeness],
        situation=situation,
        boundary=boundary,
        unlocked_before=request.unlocked_before,
        unlocked_now=request.unlocked_now,
    )


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


def persona_messages(request: ReplyRequest, history_tokens: int) -> list[Message]:
    """Everything sent to the model for one reply: system prompt, trimmed history, the question."""
    return [
        {"role": "system", "content": system_prompt(request)},
        *history_messages(request.history, history_tokens),
        {"role": "user", "content": request.question.text},
    ]
