"""Persona files -> Persona models: the shipped personas, and every way a file can be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from practice.errors import PersonaError, PersonaNotFound
from practice.personas import Persona, dump_persona, load_persona, load_personas, parse_persona, persona_files, warnings_for
from practice.topics import TOPICS

ROOT_PERSONAS = Path(__file__).resolve().parent.parent / "personas"

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "personas"
FIXTURE = ROOT / "tests" / "data" / "personas" / "robin-example.md"
SHIPPED_IDS = sorted(p.stem for p in SHIPPED.glob("*.md") if p.name != "README.md")


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def line_of(text: str, line: str) -> int:
    """1-based number of the first line of `text` equal to `line`."""
    lines = text.splitlines()
    assert lines.count(line) == 1, f"{line!r} must occur exactly once in the fixture"
    return lines.index(line) + 1


def problems_of(text: str, path: str = "somewhere/robin-example.md") -> list[str]:
    with pytest.raises(PersonaError) as info:
        parse_persona(text, path)
    assert info.value.path == path
    return info.value.problems


def replaced(old: str, new: str) -> str:
    text = fixture_text()
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the fixture"
    return text.replace(old, new)


# --------------------------------------------------------------------------- shipped personas


@pytest.fixture(scope="module")
def shipped() -> dict[str, Persona]:
    report = load_personas([SHIPPED])
    assert report.errors == {}
    return report.personas


def test_nine_personas_ship() -> None:
    assert len(SHIPPED_IDS) == 9


def test_every_shipped_persona_loads_with_no_errors(shipped: dict[str, Persona]) -> None:
    assert sorted(shipped) == SHIPPED_IDS


@pytest.mark.parametrize("persona_id", SHIPPED_IDS)
def test_shipped_persona_has_no_warnings(shipped: dict[str, Persona], persona_id: str) -> None:
    assert warnings_for(shipped[persona_id], f"personas/{persona_id}.md") == []


@pytest.mark.parametrize("persona_id", SHIPPED_IDS)
def test_shipped_persona_covers_every_topic_and_has_insights(shipped: dict[str, Persona], persona_id: str) -> None:
    persona = shipped[persona_id]
    assert len(persona.insights) >= 3
    thin = {topic: len(persona.facts.get(topic, [])) for topic in TOPICS if len(persona.facts.get(topic, [])) < 2}
    assert thin == {}, f"{persona_id}: topics with fewer than two facts: {thin}"


@pytest.mark.parametrize("persona_id", SHIPPED_IDS)
def test_shipped_persona_follows_the_advisors_checklist(shipped: dict[str, Persona], persona_id: str) -> None:
    """personas/README.md: insights on distinct topics, both unlock kinds, salary and job boundaries."""
    persona = shipped[persona_id]
    topics = [insight.topic for insight in persona.insights]
    assert len(set(topics)) == len(topics)
    assert {insight.unlock for insight in persona.insights} == {"open_question", "follow_up"}
    flags = {flag for boundary in persona.boundaries for flag in boundary.flags}
    assert {"salary_personal", "job_request"} <= flags
    assert persona.backstory  # the Markdown body


def test_a_shipped_persona_reads_as_written(shipped: dict[str, Persona]) -> None:
    marcus = shipped["marcus-bell"]
    assert marcus.name == "Marcus Bell"
    assert marcus.first_name == "Marcus"
    assert marcus.style.model_dump() == {"talkativeness": "balanced", "warmth": "warm", "minutes": 30}
    assert [i.id for i in marcus.insights] == [
        "hires-come-from-the-part-time-pool",
        "education-is-cut-first",
        "the-curator-educator-gap",
        "the-job-i-turned-down",
    ]
    assert marcus.backstory.startswith("Marcus Bell, 35, grew up in Richmond, Virginia")


# --------------------------------------------------------------------------- the fixture


def test_fixture_persona_loads() -> None:
    persona = load_persona(FIXTURE)
    assert persona.id == "robin-example"
    assert list(persona.facts) == ["career_path", "skills", "lifestyle", "network"]
    assert [len(v) for v in persona.facts.values()] == [5, 4, 3, 1]
    assert persona.backstory == "Robin Example is a made-up analyst used by the test suite. They speak plainly and briefly."


def test_warnings_name_the_missing_topics() -> None:
    persona = load_persona(FIXTURE)
    assert warnings_for(persona, "p.md") == [
        f"p.md: field 'facts.{topic}': no facts on this topic; the persona will deflect every question about it"
        for topic in ("day_to_day", "culture", "rewards_challenges", "industry", "advice")
    ]


def test_warnings_for_too_few_insights_and_long_passages() -> None:
    persona = load_persona(FIXTURE)
    long_passage = " ".join(["word"] * 91)
    weaker = persona.model_copy(update={"insights": persona.insights[:2], "facts": {**persona.facts, "network": [long_passage]}})
    found = warnings_for(weaker, "p.md")
    assert "p.md: field 'insights': only 2; write at least 3 so good questions have something to earn" in found
    assert "p.md: field 'facts.network.0': 91 words is too long to speak in one go (keep under 90)" in found


# --------------------------------------------------------------------------- broken files


def test_unknown_key_names_file_field_and_line() -> None:
    text = replaced("pronouns: they/them\n", "pronoun: they/them\n")
    problems = problems_of(text)
    line = line_of(text, "pronoun: they/them")
    assert (
        f"somewhere/robin-example.md: line {line}: field 'pronoun': unknown field (check the spelling; see personas/README.md)"
        in problems
    )
    # The real field is then missing too, and that is said as well.
    assert "somewhere/robin-example.md: line 2: field 'pronouns': required field is missing" in problems


def test_unknown_nested_key_names_the_dotted_field() -> None:
    text = replaced("  minutes: 20\n", "  minute: 20\n")
    line = line_of(text, "  minute: 20")
    assert problems_of(text) == [
        f"somewhere/robin-example.md: line {line}: field 'style.minute': unknown field (check the spelling; see personas/README.md)"
    ]


def test_bad_topic_under_facts_is_refused_with_the_topic_list() -> None:
    text = replaced("  skills:\n", "  skils:\n")
    [problem] = problems_of(text)
    assert problem.startswith("somewhere/robin-example.md: line ")
    assert "field 'facts.skils" in problem
    assert problem.endswith("unknown topic; use one of: " + ", ".join(TOPICS))


def test_bad_topic_under_facts_reports_the_line_of_the_key() -> None:
    text = replaced("  skills:\n", "  skils:\n")
    [problem] = problems_of(text)
    assert f": line {line_of(text, '  skils:')}: " in problem


def test_unknown_key_holding_a_mapping_reports_the_line_of_the_key() -> None:
    text = replaced("\nstyle:\n", "\nstlye:\n")
    problem = next(p for p in problems_of(text) if "field 'stlye'" in p)
    assert f": line {line_of(text, 'stlye:')}: " in problem


def test_bad_unlock_value_names_the_insight() -> None:
    text = replaced("    unlock: follow_up\n", "    unlock: closed_question\n")
    line = line_of(text, "    unlock: closed_question")
    assert problems_of(text) == [
        f"somewhere/robin-example.md: line {line}: field 'insights.1.unlock': Input should be 'open_question' or 'follow_up'"
    ]


def test_bad_topic_on_an_insight_is_refused() -> None:
    text = replaced("    topic: lifestyle\n", "    topic: hobbies\n")
    [problem] = problems_of(text)
    assert f"line {line_of(text, '    topic: hobbies')}: field 'insights.2.topic': " in problem


def test_id_must_equal_the_file_name() -> None:
    text = replaced("id: robin-example\n", "id: robin-other\n")
    assert problems_of(text) == [
        "somewhere/robin-example.md: line 2: field 'id': 'robin-other' must equal the file name 'robin-example'"
    ]


def test_id_must_be_a_slug() -> None:
    text = replaced("id: robin-example\n", "id: Robin_Example\n")
    assert problems_of(text) == [
        "somewhere/robin-example.md: line 2: field 'id': must be a slug: lower-case letters, digits and single hyphens"
    ]


def test_yaml_syntax_error_reports_its_line() -> None:
    text = replaced("location: Dayton, Ohio\n", "location: Dayton: Ohio\n")
    line = line_of(text, "location: Dayton: Ohio")
    assert problems_of(text) == [f"somewhere/robin-example.md: line {line}: invalid YAML: mapping values are not allowed here"]


def test_missing_front_matter_is_refused() -> None:
    body_only = fixture_text().split("---\n", 2)[2]
    assert problems_of(body_only) == [
        "somewhere/robin-example.md: line 1: the file must start with YAML front matter between '---' lines"
    ]


def test_front_matter_that_is_not_a_mapping_is_refused() -> None:
    assert problems_of("---\n- a\n- b\n---\nbody\n", "d/x.md") == ["d/x.md: line 2: the front matter must be a mapping of fields"]


def test_backstory_in_the_front_matter_is_refused() -> None:
    text = replaced("facts:\n", "backstory: Robin grew up somewhere.\nfacts:\n")
    assert problems_of(text) == [
        "somewhere/robin-example.md: field 'backstory': write the backstory as the Markdown body, below the front matter"
    ]


def test_duplicate_insight_ids_are_refused() -> None:
    text = replaced("  - id: quarter-end-is-brutal\n", "  - id: sql-from-library-books\n")
    [problem] = problems_of(text)
    assert problem.startswith("somewhere/robin-example.md: ")
    assert "insight id 'sql-from-library-books' is used twice" in problem


def test_boundary_with_neither_triggers_nor_flags_is_refused() -> None:
    text = replaced('    triggers: ["client names", "which clients"]\n', "")
    line = line_of(text, "  - about: client names")
    assert problems_of(text) == [
        f"somewhere/robin-example.md: line {line}: field 'boundaries.2': Value error, give at least one of "
        "'triggers' (phrases) or 'flags' (analyzer flags)"
    ]


def test_unknown_boundary_flag_is_refused() -> None:
    text = replaced("    flags: [salary_personal]\n", "    flags: [salary]\n")
    [problem] = problems_of(text)
    assert "field 'boundaries.0.flags.0'" in problem


def test_minutes_out_of_range_are_refused() -> None:
    text = replaced("  minutes: 20\n", "  minutes: 3\n")
    assert problems_of(text) == [
        f"somewhere/robin-example.md: line {line_of(text, '  minutes: 3')}: field 'style.minutes': "
        "Input should be greater than or equal to 5"
    ]


def test_empty_topic_list_is_refused() -> None:
    text = replaced(
        '  network:\n    - "You should talk to Dana on our data engineering team; she started as an intern."\n',
        "  network: []\n",
    )
    [problem] = problems_of(text)
    assert "field 'facts': " in problem
    assert "topic 'network' has an empty list; remove it or add passages" in problem


def test_missing_required_field_is_named() -> None:
    text = replaced("location: Dayton, Ohio\n", "")
    assert problems_of(text) == ["somewhere/robin-example.md: line 2: field 'location': required field is missing"]


def test_every_problem_is_reported_at_once() -> None:
    text = replaced("pronouns: they/them\n", "pronoun: they/them\n").replace("  minutes: 20\n", "  minutes: 500\n")
    problems = problems_of(text)
    assert len(problems) == 3
    assert {p.split("field '")[1].split("'")[0] for p in problems} == {"pronoun", "pronouns", "style.minutes"}


def test_error_message_joins_the_problems() -> None:
    text = replaced("pronouns: they/them\n", "pronoun: they/them\n")
    with pytest.raises(PersonaError) as info:
        parse_persona(text, "p/robin-example.md")
    assert str(info.value) == "; ".join(info.value.problems)


def test_unreadable_file_is_a_persona_error(tmp_path: Path) -> None:
    path = tmp_path / "robin-example.md"
    path.write_bytes(b"---\nid: \xff\xfe\n---\n")
    with pytest.raises(PersonaError) as info:
        load_persona(path)
    [problem] = info.value.problems
    assert problem.startswith(f"{path}: cannot read: ")


# --------------------------------------------------------------------------- loading a folder


def test_one_broken_file_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "robin-example.md").write_text(fixture_text(), encoding="utf-8")
    broken = tmp_path / "sam-broken.md"
    broken.write_text(
        fixture_text().replace("id: robin-example", "id: sam-broken").replace("pronouns:", "pronoun:"), encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("# not a persona\n", encoding="utf-8")
    (tmp_path / "_draft-nurse.md").write_text("not even front matter\n", encoding="utf-8")

    report = load_personas([tmp_path])

    assert list(report.personas) == ["robin-example"]
    assert list(report.errors) == [str(broken)]
    assert (
        f"{broken}: line 4: field 'pronoun': unknown field (check the spelling; see personas/README.md)"
        in report.errors[str(broken)]
    )


def test_folders_expand_to_persona_files_only(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", "README.md", "readme.md", "_draft.md", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    single = tmp_path / "single.md"
    assert [p.name for p in persona_files([tmp_path, single])] == ["a.md", "b.md", "single.md"]


def test_the_same_id_twice_is_refused_the_second_time(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        folder.mkdir()
        (folder / "robin-example.md").write_text(fixture_text(), encoding="utf-8")
    report = load_personas([first, second])
    assert list(report.personas) == ["robin-example"]
    dup = str(second / "robin-example.md")
    assert report.errors == {dup: [f"{dup}: field 'id': 'robin-example' is already used by another file"]}


def test_unknown_persona_id_lists_the_known_ones() -> None:
    report = load_personas([FIXTURE])
    with pytest.raises(PersonaNotFound) as info:
        report.get("nobody")
    assert str(info.value) == "no persona with id 'nobody' (known: robin-example)"
    assert report.get("robin-example").name == "Robin Example"


def test_not_found_with_nothing_loaded() -> None:
    assert str(PersonaNotFound("x", [])) == "no persona with id 'x' (no personas are loaded)"


# --------------------------------------------------------------------------- what a student may see


def test_public_view_has_exactly_the_card_fields() -> None:
    persona = load_persona(FIXTURE)
    assert persona.public() == {
        "id": "robin-example",
        "name": "Robin Example",
        "pronouns": "they/them",
        "title": "Data Analyst, Reporting Team",
        "organization": "Example Works",
        "industry": "Technology",
        "location": "Dayton, Ohio",
        "summary": "A made-up data analyst the tests talk to.",
        "style": {"talkativeness": "balanced", "warmth": "warm", "minutes": 20},
        "greeting": "Hi, I'm Robin. I have twenty minutes before standup. What would you like to know?",
    }


@pytest.mark.parametrize("persona_id", SHIPPED_IDS)
def test_public_view_never_holds_insights_boundaries_or_backstory(shipped: dict[str, Persona], persona_id: str) -> None:
    persona = shipped[persona_id]
    public = persona.public()
    assert not {"insights", "boundaries", "backstory"} & set(public)
    dumped = json.dumps(public)
    secrets = [i.text for i in persona.insights] + [b.reply for b in persona.boundaries] + [persona.backstory]
    leaked = [s[:40] for s in secrets if json.dumps(s)[1:-1] in dumped]
    assert leaked == []


def test_dump_persona_round_trips_every_shipped_persona() -> None:
    shipped = load_personas([ROOT_PERSONAS]).personas
    assert len(shipped) >= 9
    for persona in shipped.values():
        text = dump_persona(persona)
        assert parse_persona(text, f"personas/{persona.id}.md") == persona
        assert text.startswith(f"---\nid: {persona.id}\nname: ")
        assert dump_persona(parse_persona(text)) == text  # stable: publishing twice changes nothing


def test_dump_persona_quotes_what_yaml_would_misread() -> None:
    persona = load_personas([ROOT_PERSONAS]).get("priya-raman")
    tricky = persona.model_copy(
        update={
            "name": "Yes",
            "title": "Lead: Data # 2",
            "location": "'Quoted' town",
            "summary": 'She said "no" — then \\ yes: 100%',
            "greeting": "Line one.\nLine two with --- inside.",
            "facts": {"skills": ["- starts with a dash", "{braces} and [brackets]", "é ü 日本"]},
            "asked": {},
            "backstory": "",
        }
    )
    text = dump_persona(tricky)
    assert "facts:\n  skills:\n" in text and "\n    - \"- starts with a dash\"\n" in text
    assert parse_persona(text) == tricky
