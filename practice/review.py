"""An optional coaching note from a model, on top of the deterministic report.

The numbers stay ours: the model writes prose from them, never a score. Its reply must
match CoachingNote; an invalid reply is re-asked once with the validation error, and on
any failure the report simply goes without a note.
"""

from __future__ import annotations

import json
import logging
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from practice.engines.complete import Complete, Message
from practice.personas import Persona
from practice.prompts import render
from practice.scoring import Report

log = logging.getLogger(__name__)

# The note is a short JSON object (a headline, three and three sentences): about 300 tokens.
REVIEW_TOKENS = 800

Sentence = str


class CoachingNote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headline: str = Field(min_length=1, max_length=200)
    strengths: list[Sentence] = Field(min_length=1, max_length=3)
    next_steps: list[Sentence] = Field(min_length=1, max_length=3)


def review_messages(persona: Persona, report: Report) -> list[Message]:
    return [{"role": "user", "content": render("review.md.j2", persona=persona, report=report)}]


async def coaching_note(persona: Persona, report: Report, complete: Complete) -> CoachingNote | None:
    """Ask for the note; re-ask once if the reply does not validate; None on any failure."""
    if not report.question_count:
        return None  # nothing to coach on, and no reason to spend a model call
    messages = review_messages(persona, report)
    for attempt in (1, 2):
        try:
            reply = await complete(messages, max_tokens=REVIEW_TOKENS)
        except Exception as exc:  # the note is optional: any failure means no note
            log.warning("coaching note skipped: %s", exc)
            return None
        try:
            return CoachingNote.model_validate(json.loads(_json_in(reply)))
        except (ValueError, ValidationError) as exc:
            if attempt == 2:
                log.warning("coaching note skipped: the model's reply did not validate twice: %s", exc)
                return None
            messages = [
                *messages,
                {"role": "assistant", "content": reply},
                {"role": "user", "content": f"That reply was not valid: {_short(exc)}. Reply again with the JSON object only, in the shape given."},
            ]
    return None  # pragma: no cover


def _json_in(reply: str) -> str:
    """The JSON object in a reply, with or without a code fence around it."""
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", reply, re.S)
    if fenced:
        return fenced.group(1)
    start, end = reply.find("{"), reply.rfind("}")
    return reply[start : end + 1] if start != -1 and end > start else reply


def _short(exc: Exception) -> str:
    text = str(exc).replace("\n", " ")
    return text[:400]
