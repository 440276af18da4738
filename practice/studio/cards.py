"""Personas as Character Card V2 JSON (spec "chara_card_v2"), out and back in.

Export fills the card's standard fields for other role-play tools and keeps the whole
persona under `data.extensions.practice`, so a Practice card comes back exactly. A
foreign card (no such extension) becomes a draft: name, description, personality,
scenario and first message are mapped, the rest is left for the advisor, with warnings.
The mapping is documented in personas/README.md ("Character cards").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from practice.errors import InputError
from practice.personas import Persona, dump_persona
from practice.topics import TOPIC_LABELS

SPEC = "chara_card_v2"
SPEC_VERSION = "2.0"
EXTENSION = "practice"
EXTENSION_FORMAT = 1
# Placeholders a foreign card's draft starts with; the editor flags each one.
TO_FILL = "(to fill in)"


@dataclass
class Imported:
    """A card turned into a persona: `exact` when it carried our extension."""

    persona: Persona
    exact: bool
    warnings: list[str] = field(default_factory=list)


def to_card(persona: Persona) -> dict[str, Any]:
    text = dump_persona(persona)
    example_topic = next(iter(persona.facts), None)
    mes_example = ""
    if example_topic is not None:
        mes_example = (
            f"<START>\n{{{{user}}}}: Could you tell me about {TOPIC_LABELS[example_topic].lower()} in your work?\n"
            f"{{{{char}}}}: {persona.facts[example_topic][0]}"
        )
    style = persona.style
    return {
        "spec": SPEC,
        "spec_version": SPEC_VERSION,
        "data": {
            "name": persona.name,
            "description": f"{persona.name} ({persona.pronouns}), {persona.title} at {persona.organization}, {persona.location}. {persona.summary}",
            "personality": f"{style.talkativeness.capitalize()} and {style.warmth} in conversation; has about {style.minutes} minutes to talk.",
            "scenario": (
                "An informational interview: a student asks {{char}} about their job, their career path and their field. "
                "{{char}} answers in character and does not offer a job or discuss their own salary."
            ),
            "first_mes": persona.greeting,
            "mes_example": mes_example,
            "creator_notes": (
                "Made with Practice (informational-interview rehearsal). Hidden insights, facts by topic and boundaries "
                f"are in extensions.{EXTENSION}; Practice decides disclosure in code, other tools will not."
            ),
            "system_prompt": "",
            "post_history_instructions": "",
            "alternate_greetings": [],
            "tags": [persona.industry, "informational interview", "Practice"],
            "creator": "Practice",
            "character_version": hashlib.sha256(text.encode()).hexdigest()[:12],
            "extensions": {EXTENSION: {"format": EXTENSION_FORMAT, "persona": persona.model_dump(mode="json")}},
        },
    }


def from_card(card: Any) -> Imported:
    """A persona from a card: exact from our extension, else a draft with warnings."""
    if not isinstance(card, dict):
        raise InputError("card: the top level must be a JSON object")
    data = card.get("data") if card.get("spec") == SPEC else card  # a V1 card keeps its fields at the top
    if not isinstance(data, dict):
        raise InputError("card: field 'data' must be an object")
    extensions = data.get("extensions") or {}
    ours = extensions.get(EXTENSION) if isinstance(extensions, dict) else None
    if isinstance(ours, dict) and "persona" in ours:
        try:
            return Imported(Persona.model_validate(ours["persona"]), exact=True)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InputError(f"card: extensions.{EXTENSION}.persona.{where}: {first['msg']}") from None
    return _foreign(data)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _foreign(data: dict[str, Any]) -> Imported:
    name = _text(data, "name")
    if not name:
        raise InputError("card: field 'name' is missing; a card needs at least a name")
    # Card macros stand for the character and the user; in a persona file they are the person and "you".
    def plain(text: str) -> str:
        return re.sub(r"\{\{\s*user\s*\}\}", "you", re.sub(r"\{\{\s*char\s*\}\}", name, text, flags=re.I), flags=re.I).strip()

    description = plain(_text(data, "description"))
    personality = plain(_text(data, "personality"))
    scenario = plain(_text(data, "scenario"))
    greeting = plain(_text(data, "first_mes"))
    summary = re.split(r"(?<=[.!?])\s", description)[0] if description else ""
    persona_id = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-") or "imported-persona"
    tags = [t for t in data.get("tags") or [] if isinstance(t, str) and t.strip()]
    backstory = "\n\n".join(part for part in (description, personality and f"Personality: {personality}", scenario and f"Scenario: {scenario}") if part)
    warnings = [
        "This card was not made by Practice: check every field, then write facts for each topic and the insights.",
        "Title, organization, location and pronouns were not in the card; replace each '(to fill in)'.",
        "No facts and no insights came with the card: the offline engine will deflect every question until you add them.",
        "No boundaries came with the card: add one for questions about their own pay and one for job requests.",
    ]
    if not greeting:
        warnings.append("The card has no first message; write a greeting that mentions how much time they have.")
    persona = Persona.model_validate(
        {
            "id": persona_id,
            "name": name[:200],
            "pronouns": TO_FILL,
            "title": TO_FILL,
            "organization": TO_FILL,
            "industry": tags[0][:200] if tags else TO_FILL,
            "location": TO_FILL,
            "summary": (summary or TO_FILL)[:240],
            "greeting": (greeting or f"Hi, I'm {name}. What would you like to know?")[:1200],
            "sign_off": "Thanks for reaching out, and good luck.",
            "facts": {},
            "backstory": backstory,
        }
    )
    return Imported(persona, exact=False, warnings=warnings)
