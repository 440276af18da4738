"""A draft persona as the studio editor holds it: a form or a raw file, checked in plain words.

The editor posts its form (or the whole raw file) on every pause in typing; `check`
answers with errors and warnings keyed by the form field they belong to, so the page
can show each one next to its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from practice.errors import PersonaError
from practice.personas import Persona, parse_persona, warnings_for
from practice.topics import TOPICS

# parse_persona's name for text that is not (yet) a file: no file name for the id to match.
DRAFT = "<persona>"

# The analyzer flags a boundary can listen for, with the words the editor shows.
BOUNDARY_FLAGS: dict[str, str] = {
    "salary_personal": "asks their own pay",
    "job_request": "asks them for a job",
    "googleable": "could be looked up online",
    "leading": "leading question",
    "double_barreled": "two questions in one",
    "too_long": "very long message",
}


class InsightForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = ""
    topic: str = ""
    unlock: str = "open_question"
    text: str = ""


class BoundaryForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    about: str = ""
    flags: list[str] = []
    triggers: str = ""  # comma- or line-separated phrases
    reply: str = ""


class StyleForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    talkativeness: str = "balanced"
    warmth: str = "warm"
    minutes: str = "20"


class PersonaForm(BaseModel):
    """The editor's fields, all text as typed: nothing is refused here, `check` explains."""

    model_config = ConfigDict(extra="forbid")
    id: str = ""
    name: str = ""
    pronouns: str = ""
    title: str = ""
    organization: str = ""
    industry: str = ""
    location: str = ""
    summary: str = ""
    style: StyleForm = StyleForm()
    greeting: str = ""
    sign_off: str = ""
    facts: dict[str, str] = {}  # topic -> one passage per line
    # The file's ways of asking (`asked:`), by passage text: kept while a passage's text is unchanged.
    asked: dict[str, list[str]] = {}
    insights: list[InsightForm] = []
    boundaries: list[BoundaryForm] = []
    backstory: str = ""


class Draft(BaseModel):
    """What the browser sends: the form, or the raw file for those who prefer it."""

    model_config = ConfigDict(extra="forbid")
    form: PersonaForm | None = None
    raw: str | None = None


@dataclass
class Checked:
    """A draft's verdict: the persona when it is valid, else errors keyed by form field."""

    persona: Persona | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.persona is not None and not self.errors

    def add(self, kind: Literal["errors", "warnings"], key: str, message: str) -> None:
        bucket = self.errors if kind == "errors" else self.warnings
        found = bucket.setdefault(key, [])
        if message not in found:
            found.append(message)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "errors": self.errors, "warnings": self.warnings}


def passages(text: str) -> list[str]:
    """One passage per line; blank lines and surrounding spaces do not count."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def triggers_of(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,\n]", text) if t.strip()]


def data_of(form: PersonaForm) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The form as persona data, dropping rows the advisor left entirely blank.

    Also returns, for insights and boundaries, the form row of each kept entry, so an
    error on the second kept insight lands next to the row where it was typed.
    """
    minutes: Any = form.style.minutes.strip()
    if re.fullmatch(r"\d{1,4}", minutes):
        minutes = int(minutes)
    data: dict[str, Any] = {
        key: getattr(form, key).strip()
        for key in ("id", "name", "pronouns", "title", "organization", "industry", "location", "summary", "greeting", "sign_off")
    }
    data["style"] = {"talkativeness": form.style.talkativeness, "warmth": form.style.warmth, "minutes": minutes}
    facts = {topic: passages(text) for topic, text in form.facts.items()}
    data["facts"] = {
        topic: [{"text": p, "asked": form.asked[p]} if form.asked.get(p) else p for p in found] for topic, found in facts.items() if found
    }
    rows: dict[str, list[int]] = {"insights": [], "boundaries": []}
    data["insights"] = []
    for n, i in enumerate(form.insights):
        if i.id.strip() or i.text.strip():
            rows["insights"].append(n)
            data["insights"].append({"id": i.id.strip(), "topic": i.topic, "unlock": i.unlock, "text": i.text.strip()})
    data["boundaries"] = []
    for n, b in enumerate(form.boundaries):
        if b.about.strip() or b.reply.strip() or b.triggers.strip() or b.flags:
            rows["boundaries"].append(n)
            data["boundaries"].append(
                {"about": b.about.strip(), "flags": list(b.flags), "triggers": triggers_of(b.triggers), "reply": b.reply.strip()}
            )
    data["backstory"] = form.backstory.strip()
    return data, rows


def form_of(persona: Persona) -> PersonaForm:
    """A persona as the editor shows it."""
    return PersonaForm(
        id=persona.id,
        name=persona.name,
        pronouns=persona.pronouns,
        title=persona.title,
        organization=persona.organization,
        industry=persona.industry,
        location=persona.location,
        summary=persona.summary,
        style=StyleForm(talkativeness=persona.style.talkativeness, warmth=persona.style.warmth, minutes=str(persona.style.minutes)),
        greeting=persona.greeting,
        sign_off=persona.sign_off,
        facts={topic: "\n".join(persona.facts.get(topic, [])) for topic in TOPICS},
        asked={
            text: list(persona.asked[f"facts.{topic}.{i}"])
            for topic, texts in persona.facts.items()
            for i, text in enumerate(texts)
            if f"facts.{topic}.{i}" in persona.asked
        },
        insights=[InsightForm(id=i.id, topic=i.topic, unlock=i.unlock, text=i.text) for i in persona.insights],
        boundaries=[
            BoundaryForm(about=b.about, flags=list(b.flags), triggers=", ".join(b.triggers), reply=b.reply) for b in persona.boundaries
        ],
        backstory=persona.backstory,
    )


def check(draft: Draft) -> Checked:
    """Validate a draft, the form or the raw file, the same way the gallery will load it."""
    if draft.raw is not None:
        return check_raw(draft.raw)
    return check_form(draft.form or PersonaForm())


def check_form(form: PersonaForm) -> Checked:
    data, rows = data_of(form)
    try:
        persona = Persona.model_validate(data)
    except ValidationError as exc:
        checked = Checked(None)
        for err in exc.errors():
            checked.add("errors", _field_key(err["loc"], rows), _plain(err))
        return checked
    checked = Checked(persona)
    _add_warnings(checked, persona)
    return checked


def check_raw(text: str) -> Checked:
    try:
        persona = parse_persona(text, DRAFT)
    except PersonaError as exc:
        checked = Checked(None)
        for problem in exc.problems:
            # The raw view shows line numbers: that is where an advisor typing a file looks.
            checked.add("errors", "raw", problem.removeprefix(f"{DRAFT}: "))
        return checked
    checked = Checked(persona)
    _add_warnings(checked, persona)
    return checked


def _add_warnings(checked: Checked, persona: Persona) -> None:
    for warning in warnings_for(persona, "file"):
        key, message = _split_problem(warning)
        checked.add("warnings", _form_key(key), message)
    if persona.backstory and len(persona.backstory.split()) < 20:
        checked.add("warnings", "backstory", "A backstory of a few short paragraphs helps the LLM engine find the voice.")
    if not any("salary_personal" in b.flags for b in persona.boundaries):
        checked.add("warnings", "boundaries", "No boundary for questions about their own pay (flag: asks their own pay).")
    if not any("job_request" in b.flags for b in persona.boundaries):
        checked.add("warnings", "boundaries", "No boundary for requests for a job (flag: asks them for a job).")


_PROBLEM = re.compile(r"^(?:<persona>|file): (?:line \d+: )?field '([^']+)': (.*)$", re.S)


def _split_problem(problem: str) -> tuple[str, str]:
    """("facts.skills.2", "reason") out of "file: line 9: field 'facts.skills.2': reason"."""
    match = _PROBLEM.match(problem)
    if match is None:
        return "raw", problem.removeprefix(f"{DRAFT}: ").removeprefix("file: ")
    return match.group(1), match.group(2)


def _form_key(path: str) -> str:
    """The form field a validation path belongs to: passages live in one textarea per topic."""
    parts = path.split(".")
    if parts[0] == "facts" and len(parts) >= 2:
        return f"facts.{parts[1]}"
    if parts[0] == "boundaries" and len(parts) == 2:
        return f"boundaries.{parts[1]}.triggers"
    if parts[0] == "insights" and len(parts) == 1:
        return "insights"
    return path


def _field_key(loc: tuple[int | str, ...], rows: dict[str, list[int]]) -> str:
    parts = [str(p) for p in loc if p != "[key]"]
    if not parts:
        # A whole-persona rule (insight ids used twice) belongs to the insights list.
        return "insights"
    if parts[0] in rows and len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(rows[parts[0]]):
        parts[1] = str(rows[parts[0]][int(parts[1])])
    return _form_key(".".join(parts))


_TOPIC_WORDS = ", ".join(TOPICS)


def _plain(err: Any) -> str:
    """A pydantic error in words an advisor uses."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    loc = [str(p) for p in err["loc"]]
    if kind in ("missing", "string_too_short"):
        return "Required: please fill this in."
    if kind == "string_too_long":
        return f"Too long: keep it to {ctx.get('max_length')} characters or fewer."
    if kind == "string_pattern_mismatch":
        return "Use lower-case letters, digits and single hyphens only, like jordan-reyes."
    if kind == "literal_error" and loc and loc[0] == "facts":
        return f"Unknown topic; use one of: {_TOPIC_WORDS}."
    if kind == "literal_error":
        return f"Choose one of: {ctx.get('expected', '').replace(chr(39), '')}."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "Write a whole number of minutes, like 20."
    if kind == "greater_than_equal":
        return f"Must be at least {ctx.get('ge')}."
    if kind == "less_than_equal":
        return f"Must be at most {ctx.get('le')}."
    if kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        if "triggers" in message:
            return "Give trigger phrases or tick at least one flag, so the boundary knows when to fire."
        return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
    return str(err["msg"])
