"""Settings from PRACTICE_* environment variables: defaults, overrides, errors, documentation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from practice import resources
from practice.errors import PracticeError, SettingsError
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
    settings = Settings.from_env({"PRACTICE_MAX_MESSAGE_CHARS": "", "PRACTICE_TEST_POSTGRES_URL": "postgresql://x", "HOME": "/nowhere"})
    assert settings == Settings()


@pytest.mark.parametrize(
    ("variable", "message"),
    [
        ("PRACTICE_MODLE", "PRACTICE_MODLE is not a setting; did you mean PRACTICE_MODEL?"),
        ("PRACTICE_PERSONA_DIR", "PRACTICE_PERSONA_DIR is not a setting; did you mean PRACTICE_PERSONAS_DIR?"),
        ("PRACTICE_APIKEY", "PRACTICE_APIKEY is not a setting; did you mean PRACTICE_API_KEY?"),
        ("PRACTICE_COLOUR", "PRACTICE_COLOUR is not a setting; `practice serve --help` lists every setting"),
    ],
)
def test_an_unknown_variable_is_refused_naming_the_closest_setting(variable: str, message: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({variable: "x"})
    assert str(info.value) == message
    # Even empty: a typo'd name is a mistake whatever its value.
    with pytest.raises(SettingsError):
        Settings.from_env({variable: ""})


def test_settings_errors_are_practice_errors() -> None:
    assert issubclass(SettingsError, PracticeError)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PRACTICE_MAX_MESSAGE_CHARS": "lots"}, "PRACTICE_MAX_MESSAGE_CHARS must be a whole number, got 'lots'"),
        ({"PRACTICE_MODEL_TIMEOUT": "soon"}, "PRACTICE_MODEL_TIMEOUT must be a number, got 'soon'"),
        ({"PRACTICE_SHIPPED_PERSONAS": "maybe"}, "PRACTICE_SHIPPED_PERSONAS must be true or false, got 'maybe'"),
        ({"PRACTICE_PORT": "70000"}, "PRACTICE_PORT must be from 1 to 65535, got 70000"),
        ({"PRACTICE_WORKERS": "0"}, "PRACTICE_WORKERS must be from 1 to 64, got 0"),
        ({"PRACTICE_MODEL_ATTEMPTS": "0"}, "PRACTICE_MODEL_ATTEMPTS must be from 1 to 20, got 0"),
        ({"PRACTICE_MAX_MESSAGE_CHARS": "-5"}, "PRACTICE_MAX_MESSAGE_CHARS must be at least 1, got -5"),
        ({"PRACTICE_HISTORY_TOKENS": "-1"}, "PRACTICE_HISTORY_TOKENS must be at least 0, got -1"),
    ],
)
def test_a_bad_value_names_the_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(environ)
    assert str(info.value) == message


def test_ranges_hold_for_settings_made_in_code_too() -> None:
    with pytest.raises(SettingsError, match="PRACTICE_PORT must be from 1 to 65535, got 0"):
        Settings(port=0)
    with pytest.raises(SettingsError, match="PRACTICE_MAX_MESSAGE_CHARS must be a whole number, got '9'"):
        Settings(max_message_chars="9")  # type: ignore[arg-type]


def test_settings_are_typed(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "PRACTICE_FALLBACK_MODELS": " openai/a , anthropic/b,,",
            "PRACTICE_ADVISOR_ACCOUNTS": str(tmp_path / "accounts.jsonl"),
            "PRACTICE_SHIPPED_PERSONAS": "false",
            "PRACTICE_MODEL_TIMEOUT": "2",
        }
    )
    assert settings.fallback_models == ("openai/a", "anthropic/b")
    assert settings.advisor_accounts == tmp_path / "accounts.jsonl"
    assert settings.shipped_personas is False
    assert settings.model_timeout == 2.0 and isinstance(settings.model_timeout, float)
    assert Settings().advisor_accounts is None and Settings().fallback_models == ()
    # Values given in code are brought to the same types.
    made = Settings(fallback_models="openai/a,openai/b", advisor_accounts=str(tmp_path / "a"))  # type: ignore[arg-type]
    assert made.fallback_models == ("openai/a", "openai/b") and made.advisor_accounts == tmp_path / "a"


def test_secrets_stay_out_of_repr() -> None:
    shown = repr(Settings(api_key="sk-visible", secret_key="cookie-secret", advisor_token="advisor-secret"))
    assert "sk-visible" not in shown and "cookie-secret" not in shown and "advisor-secret" not in shown


def test_the_gallery_is_the_shipped_personas_then_the_writable_folder(tmp_path: Path) -> None:
    shipped = resources.folder("personas")
    # In a checkout, the default writable folder is the shipped one: listed once.
    assert Settings().persona_folders() == [shipped]
    assert Settings(personas_dir=tmp_path).persona_folders() == [shipped, tmp_path]
    assert Settings(personas_dir=tmp_path, shipped_personas=False).persona_folders() == [tmp_path]
    assert Settings(shipped_personas=False).persona_folders() == [ROOT / "personas"]


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
    shown = {variable: default for variable, default, _help in rows}
    assert shown["PRACTICE_DATA_DIR"] == "data"
    assert shown["PRACTICE_PERSONAS_DIR"] == ""  # worked out from the data folder when installed
    assert shown["PRACTICE_SHIPPED_PERSONAS"] == "true"
    assert ("PRACTICE_MAX_MESSAGE_CHARS", "2000", "Longest student message accepted, in characters.") in rows


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [variable for variable, _default, _help in Settings.documented() if f"| `{variable}` |" not in readme]
    assert missing == []
