"""Settings from PRACTICE_* environment variables: defaults, overrides, errors, documentation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from practice.settings import ROOT, Settings


def test_root_is_the_project_folder() -> None:
    assert Path(__file__).resolve().parent.parent == ROOT
    assert (ROOT / "pyproject.toml").is_file()


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.personas_dir == ROOT / "personas"
    assert settings.data_dir == ROOT / "data"
    assert settings.max_message_chars == 2000


def test_environment_overrides(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "PRACTICE_PERSONAS_DIR": str(tmp_path / "p"),
            "PRACTICE_DATA_DIR": str(tmp_path / "d"),
            "PRACTICE_MAX_MESSAGE_CHARS": "500",
        }
    )
    assert settings == Settings(personas_dir=tmp_path / "p", data_dir=tmp_path / "d", max_message_chars=500)
    assert isinstance(settings.max_message_chars, int)


def test_paths_expand_the_home_folder() -> None:
    settings = Settings.from_env({"PRACTICE_DATA_DIR": "~/practice-data"})
    assert settings.data_dir == Path("~/practice-data").expanduser()
    assert "~" not in str(settings.data_dir)


def test_empty_values_and_other_variables_are_ignored() -> None:
    settings = Settings.from_env({"PRACTICE_MAX_MESSAGE_CHARS": "", "PRACTICE_UNKNOWN": "x", "HOME": "/nowhere"})
    assert settings == Settings()


def test_a_bad_whole_number_names_the_variable() -> None:
    with pytest.raises(ValueError) as info:
        Settings.from_env({"PRACTICE_MAX_MESSAGE_CHARS": "lots"})
    assert str(info.value) == "PRACTICE_MAX_MESSAGE_CHARS must be a whole number, got 'lots'"


def test_from_env_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_MAX_MESSAGE_CHARS", "123")
    assert Settings.from_env().max_message_chars == 123


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().max_message_chars = 1  # type: ignore[misc]


def test_every_setting_has_help_text() -> None:
    for f in dataclasses.fields(Settings):
        assert f.metadata.get("help", "").strip(), f"setting {f.name} has no help text"


def test_documented_lists_every_setting() -> None:
    rows = Settings.documented()
    assert [variable for variable, _default, _help in rows] == [
        f"PRACTICE_{f.name.upper()}" for f in dataclasses.fields(Settings)
    ]
    # Paths under the project are shown relative to it.
    for row in [
        ("PRACTICE_PERSONAS_DIR", "personas", "Folder of persona files (*.md) shown in the gallery."),
        ("PRACTICE_DATA_DIR", "data", "Folder for the SQLite database and the generated cookie secret."),
        ("PRACTICE_MAX_MESSAGE_CHARS", "2000", "Longest student message accepted, in characters."),
    ]:
        assert row in rows


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [variable for variable, _default, _help in Settings.documented() if f"| `{variable}` |" not in readme]
    assert missing == []
