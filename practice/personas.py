"""Persona files -> Persona models.

A persona file is Markdown with YAML front matter (see personas/README.md). Loading
is strict: unknown keys, missing fields and wrong values fail with the file, the
field, the line and the reason. One broken file never stops the others loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from practice.errors import PersonaError, PersonaNotFound
from practice.topics import TOPICS, TopicId

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=64)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Passage = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1200)]
# A way a student might ask for a passage ("How long is each visit?"): helps the persona find it.
Asked = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
MAX_ASKED = 12  # phrasings per passage

# A passage longer than this many words is hard to say in one breath; `check` warns.
SPEAKABLE_WORDS = 90
MIN_INSIGHTS = 3

Flag = Literal["leading", "double_barreled", "googleable", "job_request", "salary_personal", "too_long"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Style(_Strict):
    talkativeness: Literal["reserved", "balanced", "chatty"] = "balanced"
    warmth: Literal["warm", "neutral", "brisk"] = "warm"
    minutes: int = Field(default=20, ge=5, le=120)


class Insight(_Strict):
    id: Slug
    topic: TopicId
    text: Passage
    unlock: Literal["open_question", "follow_up"]


class Boundary(_Strict):
    """Something the persona will not discuss, and the words they use to decline."""

    about: Line
    triggers: list[Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=2)]] = []
    flags: list[Flag] = []
    reply: Passage

    @model_validator(mode="after")
    def _has_a_trigger(self) -> Boundary:
        if not self.triggers and not self.flags:
            raise ValueError("give at least one of 'triggers' (phrases) or 'flags' (analyzer flags)")
        return self


class Persona(_Strict):
    id: Slug
    name: Line
    pronouns: Line
    title: Line
    organization: Line
    industry: Line
    location: Line
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240)]
    style: Style = Style()
    greeting: Passage
    sign_off: Passage
    facts: dict[TopicId, list[Passage]]
    # How students ask for a passage, by passage id ("facts.day_to_day.0"): written in the file as
    # `- text: ...` / `asked: [...]` under the passage (see personas/README.md), read by the answer ranking.
    asked: dict[str, tuple[Asked, ...]] = {}
    insights: list[Insight] = []
    boundaries: list[Boundary] = []
    backstory: str = ""  # the Markdown body, filled by the loader

    @field_validator("facts")
    @classmethod
    def _facts_not_empty(cls, facts: dict[str, list[str]]) -> dict[str, list[str]]:
        for topic, passages in facts.items():
            if not passages:
                raise ValueError(f"topic {topic!r} has an empty list; remove it or add passages")
        return facts

    @model_validator(mode="before")
    @classmethod
    def _passages_with_asked(cls, data: Any) -> Any:
        """`- text: ... asked: [...]` items under facts become a plain passage plus its entry in `asked`."""
        if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
            return data
        asked = dict(data.get("asked") or {})
        facts: dict[Any, Any] = {}
        for topic, items in data["facts"].items():
            if not isinstance(items, list):
                facts[topic] = items
                continue
            plain: list[Any] = []
            for i, item in enumerate(items):
                if isinstance(item, dict) and "text" in item and set(item) <= {"text", "asked"}:
                    plain.append(item["text"])
                    if item.get("asked") is not None:
                        asked[f"facts.{topic}.{i}"] = item["asked"]
                else:
                    plain.append(item)
            facts[topic] = plain
        return {**data, "facts": facts, "asked": asked}

    @field_validator("asked")
    @classmethod
    def _few_asked(cls, asked: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for key, questions in asked.items():
            if len(questions) > MAX_ASKED:
                raise ValueError(f"{key}: {len(questions)} ways of asking; keep at most {MAX_ASKED} per passage")
        return asked

    @model_validator(mode="after")
    def _asked_names_passages(self) -> Persona:
        for key in self.asked:
            topic, _, index = key.removeprefix("facts.").partition(".")
            if not key.startswith("facts.") or topic not in self.facts or not index.isdigit() or int(index) >= len(self.facts[topic]):
                raise ValueError(f"'asked' names {key!r}, which is not a passage of this file")
        return self

    @model_validator(mode="after")
    def _unique_insight_ids(self) -> Persona:
        seen: set[str] = set()
        for insight in self.insights:
            if insight.id in seen:
                raise ValueError(f"insight id {insight.id!r} is used twice")
            seen.add(insight.id)
        return self

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    def public(self) -> dict[str, Any]:
        """What a student may see: never insights, boundaries' wording or backstory."""
        return {
            "id": self.id,
            "name": self.name,
            "pronouns": self.pronouns,
            "title": self.title,
            "organization": self.organization,
            "industry": self.industry,
            "location": self.location,
            "summary": self.summary,
            "style": self.style.model_dump(),
            "greeting": self.greeting,
        }


@dataclass
class LoadReport:
    """Result of loading a folder: the personas that loaded, the problems of those that did not."""

    personas: dict[str, Persona] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def get(self, persona_id: str) -> Persona:
        try:
            return self.personas[persona_id]
        except KeyError:
            raise PersonaNotFound(persona_id, sorted(self.personas)) from None


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?(.*)\Z", re.S | re.M)


def parse_persona(text: str, path: str = "<persona>") -> Persona:
    """Parse one persona file's text; raise PersonaError naming every problem."""
    match = _FRONT.match(text)
    if not match:
        raise PersonaError(path, [f"{path}: line 1: the file must start with YAML front matter between '---' lines"])
    front, body = match.group(1), match.group(2)
    try:
        data = yaml.load(front, Loader=_LOADER)
    except yaml.YAMLError:
        try:  # PyYAML's own parser words its problems more plainly than libyaml; only errors pay for it
            yaml.safe_load(front)
            raise
        except yaml.YAMLError as exc:
            raise PersonaError(path, [_yaml_problem(path, exc)]) from None
    if not isinstance(data, dict):
        raise PersonaError(path, [f"{path}: line 2: the front matter must be a mapping of fields"])
    if "backstory" in data:
        raise PersonaError(path, [f"{path}: field 'backstory': write the backstory as the Markdown body, below the front matter"])
    if "asked" in data:
        line = _line_of(_nodes(front), ("asked",))
        raise PersonaError(path, [f"{path}: line {line}: field 'asked': write the ways of asking under their passage (`- text:` then `asked:`)"])
    data["backstory"] = body.strip()
    try:
        persona = Persona.model_validate(data)
    except ValidationError as exc:
        problems = []
        node = _nodes(front)
        for err in exc.errors():
            at = _file_location(err["loc"])
            loc = [str(p) for p in at if p != "[key]"]  # pydantic's marker for a bad dict key
            line = _line_of(node, at)
            where = f"line {line}: " if line else ""
            field_name = ".".join(loc) if loc else "(front matter)"
            problems.append(f"{path}: {where}field '{field_name}': {_reason(err)}")
        raise PersonaError(path, problems) from None
    stem = Path(path).stem
    if path != "<persona>" and persona.id != stem:
        line = _line_of(_nodes(front), ("id",))
        raise PersonaError(path, [f"{path}: line {line}: field 'id': {persona.id!r} must equal the file name {stem!r}"])
    return persona


def _yaml_problem(path: str, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 2}: " if mark is not None else ""
    reason = getattr(exc, "problem", None) or str(exc)
    return f"{path}: {where}invalid YAML: {reason}"


# libyaml's parser when PyYAML has it (every wheel does): a persona file loads several times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _nodes(front: str) -> yaml.Node | None:
    """The front matter's node tree, for line numbers: built only when there is a problem to place."""
    return yaml.compose(front, Loader=_LOADER)


def _file_location(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Where a validation error sits in the file: `asked` entries are written under their passage."""
    if len(loc) >= 2 and loc[0] == "asked" and isinstance(loc[1], str) and loc[1].count(".") == 2:
        _, topic, index = loc[1].split(".")
        if index.isdigit():
            return ("facts", topic, int(index), "asked", *loc[2:])
    return loc


def _reason(err: Any) -> str:
    kind = err["type"]
    if kind == "string_type" and err["loc"] and err["loc"][0] == "facts" and isinstance(err.get("input"), dict):
        extra = sorted(set(err["input"]) - {"text", "asked"})
        what = f"unknown key {', '.join(map(repr, extra))}; " if extra else ("missing 'text'; " if "text" not in err["input"] else "")
        return f"{what}a passage is a quoted line, or 'text:' with an optional 'asked:' list under it"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see personas/README.md)"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error" and err["loc"] and err["loc"][0] == "facts":
        return f"unknown topic; use one of: {', '.join(TOPICS)}"
    if kind == "string_pattern_mismatch":
        return "must be a slug: lower-case letters, digits and single hyphens"
    return str(err["msg"])


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """1-based line in the file (front matter starts on line 2) of a validation location."""
    if node is None:
        return None
    best: yaml.Node = node
    line = int(node.start_mark.line)
    for key in loc:
        if isinstance(best, yaml.MappingNode):
            found = next(((k, v) for k, v in best.value if k.value == str(key)), None)
            if found is None:
                break
            # The key's own line: for a block value the value starts on the next line.
            line, best = int(found[0].start_mark.line), found[1]
        elif isinstance(best, yaml.SequenceNode) and isinstance(key, int) and key < len(best.value):
            best = best.value[key]
            line = int(best.start_mark.line)
        else:
            break
    return line + 2


def load_persona(path: Path) -> Persona:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PersonaError(str(path), [f"{path}: cannot read: {exc}"]) from None
    return parse_persona(text, str(path))


def persona_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their persona files (README.md and _drafts are not personas)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.glob("*.md")) if p.name.lower() != "readme.md" and not p.name.startswith("_"))
        else:
            files.append(path)
    return files


def load_personas(paths: Iterable[Path]) -> LoadReport:
    report = LoadReport()
    for path in persona_files(paths):
        try:
            persona = load_persona(path)
        except PersonaError as exc:
            report.errors[str(path)] = exc.problems
            continue
        if persona.id in report.personas:
            report.errors[str(path)] = [f"{path}: field 'id': {persona.id!r} is already used by another file"]
            continue
        report.personas[persona.id] = persona
    return report


def load_gallery(folders: Iterable[Path]) -> LoadReport:
    """The personas of several folders, in order: a later folder's persona replaces an earlier one with its id.

    The gallery is the shipped personas, then PRACTICE_PERSONAS_DIR (see Settings.persona_folders);
    a folder that does not exist yet (nothing published) adds nothing.
    """
    merged = LoadReport()
    for folder in folders:
        if not folder.exists():
            continue
        report = load_personas([folder])
        merged.personas.update(report.personas)
        merged.errors.update(report.errors)
    return merged


def warnings_for(persona: Persona, path: str) -> list[str]:
    """Things that load fine but make a weaker persona."""
    found: list[str] = []
    for topic in TOPICS:
        if topic not in persona.facts:
            found.append(f"{path}: field 'facts.{topic}': no facts on this topic; the persona will deflect every question about it")
    if len(persona.insights) < MIN_INSIGHTS:
        found.append(f"{path}: field 'insights': only {len(persona.insights)}; write at least {MIN_INSIGHTS} so good questions have something to earn")
    for topic, passages in persona.facts.items():
        for i, passage in enumerate(passages):
            words = len(passage.split())
            if words > SPEAKABLE_WORDS:
                found.append(f"{path}: field 'facts.{topic}.{i}': {words} words is too long to speak in one go (keep under {SPEAKABLE_WORDS})")
    for i, insight in enumerate(persona.insights):
        words = len(insight.text.split())
        if words > SPEAKABLE_WORDS:
            found.append(f"{path}: field 'insights.{i}.text': {words} words is too long to speak in one go (keep under {SPEAKABLE_WORDS})")
        if insight.unlock == "follow_up" and insight.topic not in persona.facts:
            found.append(f"{path}: field 'insights.{i}.unlock': follow_up needs a fact on {insight.topic!r} to follow up on, and there is none")
    return found


def dump_persona(persona: Persona) -> str:
    """A persona as file text: front matter in the template's field order, the backstory as the body.

    `parse_persona(dump_persona(p)) == p`: the studio publishes and exports through this.
    """
    lines = ["---"]
    for key in ("id", "name", "pronouns", "title", "organization", "industry", "location"):
        lines.append(f"{key}: {yaml_scalar(getattr(persona, key))}")
    lines.append(f"summary: {yaml_quoted(persona.summary)}")
    lines.append("style:")
    lines.append(f"  talkativeness: {persona.style.talkativeness}")
    lines.append(f"  warmth: {persona.style.warmth}")
    lines.append(f"  minutes: {persona.style.minutes}")
    lines.append(f"greeting: {yaml_quoted(persona.greeting)}")
    lines.append(f"sign_off: {yaml_quoted(persona.sign_off)}")
    lines.append("facts:" if persona.facts else "facts: {}")
    # Topics in the taxonomy's order, whatever order the file had: diffs between versions stay small.
    for topic in sorted(persona.facts, key=TOPICS.index):
        lines.append(f"  {topic}:")
        for i, passage in enumerate(persona.facts[topic]):
            asked = persona.asked.get(f"facts.{topic}.{i}")
            if asked is None:
                lines.append(f"    - {yaml_quoted(passage)}")
                continue
            lines.append(f"    - text: {yaml_quoted(passage)}")
            lines.append("      asked:")
            lines.extend(f"        - {yaml_quoted(q)}" for q in asked)
    lines.append("insights:" if persona.insights else "insights: []")
    for insight in persona.insights:
        lines.append(f"  - id: {insight.id}")
        lines.append(f"    topic: {insight.topic}")
        lines.append(f"    unlock: {insight.unlock}")
        lines.append(f"    text: {yaml_quoted(insight.text)}")
    lines.append("boundaries:" if persona.boundaries else "boundaries: []")
    for boundary in persona.boundaries:
        lines.append(f"  - about: {yaml_scalar(boundary.about)}")
        lines.append(f"    flags: [{', '.join(boundary.flags)}]")
        lines.append(f"    triggers: [{', '.join(yaml_quoted(t) for t in boundary.triggers)}]")
        lines.append(f"    reply: {yaml_quoted(boundary.reply)}")
    lines.append("---")
    body = persona.backstory.strip()
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line (PyYAML does the escaping)."""
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


def yaml_scalar(text: str) -> str:
    """Plain when YAML reads it back unchanged (`name: Jordan Reyes`), quoted otherwise."""
    if text and "\n" not in text and "---" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return yaml_quoted(text)
