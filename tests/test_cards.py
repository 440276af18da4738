"""Character Card V2: export, exact round trip through our extension, foreign cards as drafts, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from practice.cli import main
from practice.errors import InputError
from practice.personas import load_personas, parse_persona
from practice.settings import ROOT
from practice.studio import cards, publish

SHIPPED = load_personas([ROOT / "personas"]).personas
STANDARD_FIELDS = {
    "name", "description", "personality", "scenario", "first_mes", "mes_example", "creator_notes", "system_prompt",
    "post_history_instructions", "alternate_greetings", "tags", "creator", "character_version", "extensions",
}


@pytest.mark.parametrize("persona_id", sorted(SHIPPED))
def test_every_shipped_persona_round_trips_exactly(persona_id: str) -> None:
    persona = SHIPPED[persona_id]
    card = json.loads(json.dumps(cards.to_card(persona)))
    imported = cards.from_card(card)
    assert imported.exact and imported.warnings == []
    assert imported.persona == persona


def test_the_card_fills_the_standard_fields() -> None:
    priya = SHIPPED["priya-raman"]
    card = cards.to_card(priya)
    assert card["spec"] == "chara_card_v2" and card["spec_version"] == "2.0"
    data = card["data"]
    assert set(data) == STANDARD_FIELDS
    assert data["name"] == "Priya Raman"
    assert data["first_mes"] == priya.greeting
    assert data["description"].startswith("Priya Raman (she/her), Physical Therapist, DPT at Lakeshore Sports and Spine Therapy")
    assert data["tags"] == ["Healthcare", "informational interview", "Practice"]
    assert data["mes_example"].startswith("<START>\n{{user}}: ")
    assert data["extensions"]["practice"]["format"] == 1
    assert data["extensions"]["practice"]["persona"]["insights"][0]["id"] == priya.insights[0].id


def test_a_foreign_card_becomes_a_draft_with_warnings() -> None:
    card = {
        "spec": "chara_card_v2",
        "spec_version": "2.0",
        "data": {
            "name": "Sam Ortiz",
            "description": "{{char}} is a night-shift nurse in Tulsa. {{char}} trains new graduates.",
            "personality": "Dry humor, patient with {{user}}.",
            "scenario": "{{user}} meets {{char}} at a career fair.",
            "first_mes": "Hey, I'm Sam. I have ten minutes before my shift.",
            "tags": ["Healthcare", "nursing"],
            "extensions": {"other_tool": {"x": 1}},
        },
    }
    imported = cards.from_card(card)
    persona = imported.persona
    assert not imported.exact and len(imported.warnings) == 4
    assert persona.id == "sam-ortiz" and persona.name == "Sam Ortiz"
    assert persona.summary == "Sam Ortiz is a night-shift nurse in Tulsa."
    assert persona.greeting == card["data"]["first_mes"]
    assert persona.industry == "Healthcare" and persona.title == cards.TO_FILL
    assert "Personality: Dry humor, patient with you." in persona.backstory and "{{" not in persona.backstory
    assert persona.facts == {} and persona.insights == [] and persona.boundaries == []


def test_a_version_one_card_and_broken_cards() -> None:
    v1 = cards.from_card({"name": "Lee Park", "description": "An architect.", "first_mes": ""})
    assert v1.persona.name == "Lee Park" and any("first message" in w for w in v1.warnings)
    for broken, message in [([], "top level"), ({"spec": "chara_card_v2", "data": []}, "'data'"), ({"spec": "chara_card_v2", "data": {}}, "'name'")]:
        with pytest.raises(InputError, match=message):
            cards.from_card(broken)
    tampered = cards.to_card(SHIPPED["priya-raman"])
    tampered["data"]["extensions"]["practice"]["persona"]["style"]["minutes"] = 500
    with pytest.raises(InputError, match=r"style\.minutes"):
        cards.from_card(tampered)


def test_cli_export_and_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    shutil.copy(ROOT / "personas" / "priya-raman.md", folder)
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(folder))

    assert main(["personas", "export", "priya-raman", "--format", "card-v2"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(cards.to_card(SHIPPED["priya-raman"])))
    card_file = tmp_path / "priya.card.json"
    assert main(["personas", "export", "priya-raman", "-o", str(card_file)]) == 0
    assert json.loads(card_file.read_text()) == printed

    # The same id is refused, then replaced with --force (the old file kept in the history).
    assert main(["personas", "import", str(card_file)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["personas", "import", str(card_file), "--force"]) == 0
    assert parse_persona((folder / "priya-raman.md").read_text(), str(folder / "priya-raman.md")) == SHIPPED["priya-raman"]
    assert len(publish.versions(folder, "priya-raman")) == 2

    foreign = tmp_path / "sam.json"
    foreign.write_text(json.dumps({"spec": "chara_card_v2", "data": {"name": "Sam Ortiz", "first_mes": "Hi, I'm Sam."}}))
    assert main(["personas", "import", str(foreign)]) == 0
    captured = capsys.readouterr()
    assert "sam-ortiz.md" in captured.out and "warning:" in captured.err
    assert load_personas([folder]).get("sam-ortiz").greeting == "Hi, I'm Sam."

    (tmp_path / "bad.json").write_text("{not json")
    assert main(["personas", "import", str(tmp_path / "bad.json")]) == 2
    assert "invalid JSON" in capsys.readouterr().err
