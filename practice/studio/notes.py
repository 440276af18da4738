"""Draft from notes: a whole persona file to start from, never saved by itself.

Without a model: the annotated template (practice/studio/template.md), pre-filled with
whatever the editor's form already holds. With a model (settings.model, when the LLM
engine is configured): prompts/draft_persona.md.j2 asks it for a full file, which is
validated and opened in the editor with its problems listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from practice.engines.complete import Complete
from practice.personas import yaml_quoted, yaml_scalar
from practice.resources import folder
from practice.studio.drafts import PersonaForm, check_raw, passages, triggers_of
from practice.topics import TOPICS

TEMPLATE = Path(__file__).with_name("template.md")
PROMPTS = folder("prompts")

TOPIC_HINTS = {
    "career_path": "how they got here, education, earlier roles, mentors",
    "day_to_day": "typical day or week, duties, projects, colleagues, travel",
    "skills": "skills, degrees, certifications, what hiring managers look for",
    "culture": "the organization: values, management, decisions, development",
    "lifestyle": "hours, stress, remote work, on-call, pay RANGES for the field",
    "rewards_challenges": "likes, dislikes, surprises, hardest parts",
    "industry": "trends, outlook, related careers, other employers",
    "advice": "what they'd do differently, how to get a foot in the door",
    "network": "who else to talk to, introductions, shadowing, staying in touch",
}
# What the template says where the form is still empty: an example in the voice we want.
EXAMPLE_FACTS = {
    "career_path": "I studied psychology and spent a year as a case aide before this job. It taught me everything.",
    "day_to_day": "Write, in the first person, what a typical week looks like: the tools, the people, the hours.",
    "skills": "Write the skills and qualifications that matter most, and what hiring managers really look for.",
    "culture": "Write what the organization values, how decisions get made and how people are supported.",
    "lifestyle": "Write the hours, the stress, the flexibility, and the pay range for the field here.",
    "rewards_challenges": "Write what they love about the job and, honestly, the hardest part.",
    "industry": "Write where the field is heading and which related careers a student could look at.",
    "advice": "Write what they would do differently, and how a student gets a foot in the door.",
    "network": "Write who else the student should talk to, and how to arrange a visit or shadowing.",
}



@dataclass
class DraftFile:
    """A file for the editor: its text, and what is wrong with it (it is not saved)."""

    text: str
    source: str  # "template" or "model"
    errors: list[str] = field(default_factory=list)


def template_file(form: PersonaForm | None = None, persona_id: str = "") -> str:
    """The annotated template, pre-filled with what the form holds (examples elsewhere)."""
    form = form or PersonaForm()
    env = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)

    def plain(value: str, example: str) -> str:
        return yaml_scalar(value.strip() or example)

    def quoted(value: str, example: str) -> str:
        return yaml_quoted(value.strip() or example)

    v: dict[str, Any] = {
        "id": plain(form.id or persona_id, "jordan-reyes"),
        "name": plain(form.name, "Jordan Reyes"),
        "pronouns": plain(form.pronouns, "she/her"),
        "title": plain(form.title, "Program Coordinator, Family Services"),
        "organization": plain(form.organization, "Westside Family Center"),
        "industry": plain(form.industry, "Nonprofit"),
        "location": plain(form.location, "Tucson, Arizona"),
        "summary": quoted(form.summary, "One line shown on the card: what they do and one human detail."),
        "talkativeness": form.style.talkativeness if form.style.talkativeness in ("reserved", "balanced", "chatty") else "balanced",
        "warmth": form.style.warmth if form.style.warmth in ("warm", "neutral", "brisk") else "warm",
        "minutes": form.style.minutes.strip() if form.style.minutes.strip().isdigit() else "20",
        "greeting": quoted(form.greeting, "Hi, I'm Jordan. I've got about twenty minutes before a home visit. What would you like to know?"),
        "sign_off": quoted(form.sign_off, "Thanks for reaching out. Email me if you want to shadow a family night."),
        "facts": {t: [yaml_quoted(p) for p in passages(form.facts.get(t, ""))] or [yaml_quoted(EXAMPLE_FACTS[t])] for t in TOPICS},
        "backstory": form.backstory.strip()
        or "Two to four short paragraphs for the LLM engine: background, how they talk, what they care about, what annoys them in an interview.",
    }
    insights = [i for i in form.insights if i.id.strip() or i.text.strip()]
    v["insights"] = [
        {"id": plain(i.id, "an-insight"), "topic": i.topic or "skills", "unlock": i.unlock or "open_question", "text": quoted(i.text, "Write it.")}
        for i in insights
    ] or [
        {
            "id": "bilingual-beats-the-masters",
            "topic": "skills",
            "unlock": "open_question",
            "text": yaml_quoted("The posting asks for a master's, but we've hired three bilingual people without one."),
        }
    ]
    boundaries = [b for b in form.boundaries if b.about.strip() or b.reply.strip()]
    v["boundaries"] = [
        {
            "about": plain(b.about, "a boundary"),
            "flags": ", ".join(b.flags),
            "triggers": ", ".join(yaml_quoted(t.lower()) for t in triggers_of(b.triggers)),
            "reply": quoted(b.reply, "Decline in character, and redirect."),
        }
        for b in boundaries
    ] or [
        {
            "about": "their own salary",
            "flags": "salary_personal",
            "triggers": ", ".join(yaml_quoted(t) for t in ("how much do you make", "your salary")),
            "reply": yaml_quoted("I'll keep my own paycheck private, but coordinators here usually start around $40,000."),
        },
        {
            "about": "asking them for a job",
            "flags": "job_request",
            "triggers": ", ".join(yaml_quoted(t) for t in ("are you hiring", "get me a job")),
            "reply": yaml_quoted("I can't promise a job, but I can tell you how people usually get hired here: they volunteer first."),
        },
    ]
    topics = [(t, TOPIC_HINTS[t]) for t in TOPICS]
    return env.get_template(TEMPLATE.name).render(v=v, topics=topics)


# A whole persona file is far longer than a spoken reply (PRACTICE_MAX_REPLY_TOKENS).
DRAFT_TOKENS = 4000


def prompt_messages(notes: str, form: PersonaForm | None = None) -> list[dict[str, str]]:
    env = Environment(loader=FileSystemLoader(str(PROMPTS)), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    guide = (folder("personas") / "README.md").read_text(encoding="utf-8")
    prompt = env.get_template("draft_persona.md.j2").render(notes=notes.strip(), template=template_file(form), guide=guide, topics=TOPICS)
    system, _, user = prompt.partition("\n=== USER ===\n")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


async def draft_from_notes(notes: str, form: PersonaForm | None = None, complete: Complete | None = None) -> DraftFile:
    """A full persona file for the editor. Never written to disk here.

    `complete` is the app's one-shot model call (practice.engines.complete); None, when no
    model is configured, gives the annotated template pre-filled from the form.
    """
    if complete is None or not notes.strip():
        return DraftFile(template_file(form), "template")
    text = _file_in(await complete(prompt_messages(notes, form), max_tokens=DRAFT_TOKENS))
    checked = check_raw(text)
    errors = [m for found in checked.errors.values() for m in found]
    return DraftFile(text, "model", errors)


def _file_in(reply: str) -> str:
    """The persona file out of a model's reply, with or without a code fence around it."""
    fenced = re.search(r"```(?:markdown|md|yaml)?\s*\n(---\n.*?)```", reply, re.S)
    text = fenced.group(1) if fenced else reply[reply.find("---") :] if "---" in reply else reply
    return text.strip() + "\n"
