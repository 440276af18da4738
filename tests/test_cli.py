"""The `practice` command, called in-process through practice.cli.main."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fake_model import Failure, FakeModel, fake_engine, model_settings

from practice import __version__
from practice.cli import main
from practice.engines.llm import OFFLINE_NOTICE
from practice.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "personas"
FIXTURES = ROOT / "tests" / "data" / "personas"
FIXTURE = FIXTURES / "robin-example.md"
FIELDS = ["text", "form", "topics", "flags", "follow_up", "rewrite", "questions", "off_script"]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("PRACTICE_")]:
        monkeypatch.delenv(name)
    # Each test names its persona folder; the shipped personas join it only where a test says so.
    monkeypatch.setenv("PRACTICE_SHIPPED_PERSONAS", "false")


def feed_input(monkeypatch: pytest.MonkeyPatch, lines: list[str], *, then: type[BaseException] = AssertionError) -> list[str]:
    """Replace input(): each call returns the next line; past the end, raise `then`."""
    prompts: list[str] = []
    pending: Iterator[str] = iter(lines)

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(pending)
        except StopIteration:
            raise then("input() called after the scripted lines ran out") from None

    monkeypatch.setattr(builtins, "input", fake_input)
    return prompts


# --------------------------------------------------------------------------- analyze


def test_analyze_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Do you like your job?\n\n   \nWhat is a typical day like?\n"))
    assert main(["analyze"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    assert all(list(o) == FIELDS for o in objects)
    assert objects == [
        {
            "text": "Do you like your job?",
            "form": "closed",
            "topics": ["rewards_challenges"],
            "flags": [],
            "follow_up": False,
            "rewrite": "What do you enjoy most about your job?",
            "questions": [
                {"text": "do you like your job", "form": "closed", "topic": "rewards_challenges", "flags": [], "off_script": None}
            ],
            "off_script": None,
        },
        {
            "text": "What is a typical day like?",
            "form": "open",
            "topics": ["day_to_day"],
            "flags": [],
            "follow_up": False,
            "rewrite": None,
            "questions": [{"text": "what is a typical day like", "form": "open", "topic": "day_to_day", "flags": [], "off_script": None}],
            "off_script": None,
        },
    ]


def test_analyze_dash_is_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Hi!\n"))
    assert main(["analyze", "-"]) == 0
    out = capsys.readouterr().out
    assert out == (
        '{"text": "Hi!", "form": "not_a_question", "topics": [], "flags": [], "follow_up": false, "rewrite": null, '
        '"questions": [], "off_script": null}\n'
    )


def test_analyze_reads_a_file_and_keeps_unicode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "questions.txt"
    path.write_text("  How did you get started?  \nWhat’s the café culture like?\n", encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["text"] for o in objects] == ["How did you get started?", "What’s the café culture like?"]
    assert [o["form"] for o in objects] == ["open", "open"]
    assert "café" in out  # not escaped to \\u00e9


def test_analyze_missing_file_is_one_clear_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["analyze", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"practice: error: cannot read {missing}: No such file or directory\n"


# --------------------------------------------------------------------------- personas


def test_personas_list(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(SHIPPED))
    assert main(["personas", "list"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(p.stem for p in SHIPPED.glob("*.md") if p.name != "README.md")
    assert (
        "marcus-bell            Marcus Bell · Museum Educator, School and Family Programs, "
        "Tidewater Museum of Art and History (balanced, 30 min)"
    ) in lines


def test_personas_prompt_prints_what_the_model_is_told(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from practice.personas import load_personas

    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(SHIPPED))
    priya = load_personas([SHIPPED]).get("priya-raman")
    question = "What advice would you give someone who wants to become a physical therapist?"
    assert main(["personas", "prompt", "priya-raman", "--question", question]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "Priya Raman" in out
    # That open question earns the advice insight, so it is in the prompt; the others are locked and are not.
    advice = [i for i in priya.insights if i.topic == "advice"]
    assert advice and all(i.text in out for i in advice)
    assert not any(i.text in out for i in priya.insights if i.topic != "advice")
    assert main(["personas", "prompt", "nobody"]) == 2
    assert "no persona with id 'nobody'" in capsys.readouterr().err


def test_personas_list_reports_skipped_files_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(FIXTURE, tmp_path / "robin-example.md")
    broken = tmp_path / "broken.md"
    broken.write_text("no front matter\n", encoding="utf-8")
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(tmp_path))
    assert main(["personas", "list"]) == 0
    out, err = capsys.readouterr()
    assert out == "robin-example          Robin Example · Data Analyst, Reporting Team, Example Works (balanced, 20 min)\n"
    assert err == f"skipped: {broken}: line 1: the file must start with YAML front matter between '---' lines\n"


def test_personas_check_is_clean_on_the_shipped_personas(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(SHIPPED))
    assert main(["personas", "check"]) == 0
    assert capsys.readouterr().out == "9 persona(s) loaded, 0 error(s), 0 warning(s)\n"


def test_personas_check_with_explicit_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "check", str(SHIPPED)]) == 0
    assert capsys.readouterr().out == "9 persona(s) loaded, 0 error(s), 0 warning(s)\n"


def test_personas_check_prints_warnings_but_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "check", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        *(
            f"warning: {FIXTURE}: field 'facts.{t}': no facts on this topic; the persona will deflect every question about it"
            for t in ("day_to_day", "culture", "rewards_challenges", "industry", "advice")
        ),
        "1 persona(s) loaded, 0 error(s), 5 warning(s)",
    ]


def test_personas_check_fails_on_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "robin-example.md"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace("pronouns:", "pronoun:"), encoding="utf-8")
    assert main(["personas", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"error: {broken}: line 2: field 'pronouns': required field is missing",
        f"error: {broken}: line 4: field 'pronoun': unknown field (check the spelling; see personas/README.md)",
        "0 persona(s) loaded, 2 error(s), 0 warning(s)",
    ]


def test_personas_check_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "check", str(tmp_path / "gone.md")]) == 2
    assert capsys.readouterr().err == f"practice: error: {tmp_path / 'gone.md'}: no such file or folder\n"


def test_personas_without_an_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas"]) == 2
    assert capsys.readouterr().out.startswith("usage: practice personas")


def test_a_bad_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_MAX_MESSAGE_CHARS", "lots")
    assert main(["personas", "list"]) == 2
    assert capsys.readouterr().err == "practice: error: PRACTICE_MAX_MESSAGE_CHARS must be a whole number, got 'lots'\n"


def test_a_misspelled_setting_stops_every_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_MODLE", "openai/gpt-4o-mini")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == "practice: error: PRACTICE_MODLE is not a setting; did you mean PRACTICE_MODEL?\n"
    assert main(["personas", "list"]) == 2


def test_the_gallery_is_the_shipped_personas_and_the_writable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRACTICE_SHIPPED_PERSONAS", "true")
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(tmp_path / "published"))  # not made yet: nothing published
    assert main(["personas", "list"]) == 0
    shipped = sorted(p.stem for p in SHIPPED.glob("*.md") if p.stem != "README")
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == shipped
    # New personas go to the writable folder, and join the shipped ones.
    assert main(["personas", "new", "sam-example"]) == 0
    capsys.readouterr()
    assert (tmp_path / "published" / "sam-example.md").is_file()
    shutil.copy(FIXTURE, tmp_path / "published")
    assert main(["personas", "list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == [*shipped, "robin-example", "sam-example"]


def test_new_and_import_refuse_a_shipped_personas_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_SHIPPED_PERSONAS", "true")
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(tmp_path))
    assert main(["personas", "new", "priya-raman"]) == 2
    assert capsys.readouterr().err == "practice: error: a persona with the id 'priya-raman' ships with Practice; choose another id\n"
    assert list(tmp_path.iterdir()) == []


def test_serve_refuses_reload_with_several_workers(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--reload", "--workers", "2"]) == 2
    assert "--reload runs one process" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["serve", "--workers", "0"])
    assert "argument --workers: must be 1 or more, got 0" in capsys.readouterr().err


# --------------------------------------------------------------------------- top level


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"practice {__version__}\n"
    assert __version__ == "0.1.0"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert capsys.readouterr().out.startswith("usage: practice")


def test_unknown_command_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["dance"])
    assert info.value.code == 2
    assert "invalid choice: 'dance'" in capsys.readouterr().err


# --------------------------------------------------------------------------- chat


def test_chat(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    prompts = feed_input(monkeypatch, ["Where did you study?", "   ", "Can you say more about that?", "Thanks!", "/quit"])
    assert main(["chat", "robin-example"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert prompts == ["you: "] * 5
    assert out == (
        "Robin Example, Data Analyst, Reporting Team at Example Works · about 20 minutes\n"
        "Type your questions; /quit to leave.\n"
        "\n"
        "Robin: Hi, I'm Robin. I have twenty minutes before standup. What would you like to know?\n"
        "\n"
        "\n"
        "Robin: I studied economics at Wright State and graduated in 2016.\n"
        "\n"
        "\n"
        "Robin: Let me add to that. My first job was a temp contract doing data entry for a paint wholesaler. "
        "Honestly? Half of our analysts came in through the same temp agency, "
        "so registering there beats applying online. And the temp contract turned into a full-time analyst "
        "role after eight months. I moved onto the reporting team in my third year, when my manager left.\n"
        "\n"
        "\n"
        "Robin: Of course. What else would you like to know?\n"
        "\n"
        "Your questions:\n"
        "  [closed] career_path: Where did you study?\n"
        "  [open] career_path · follow-up: Can you say more about that?\n"
    )


def test_chat_ends_by_itself_on_the_sign_off(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    feed_input(monkeypatch, ["Thanks, that's all my questions. Bye!"])  # a further input() call would fail the test
    assert main(["chat", "robin-example"]) == 0
    out = capsys.readouterr().out
    assert "\nRobin: That's my standup starting. Thanks for reaching out, and good luck.\n" in out
    # Only questions are summarised; a goodbye is not one.
    assert "Your questions:" not in out
    assert out.endswith("Thanks for reaching out, and good luck.\n\n")


def test_chat_ends_on_end_of_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    feed_input(monkeypatch, [], then=EOFError)
    assert main(["chat", "robin-example"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("Robin: Hi, I'm Robin. I have twenty minutes before standup. What would you like to know?\n\n")
    assert "Your questions:" not in out


def test_chat_with_an_unknown_persona(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    assert main(["chat", "nobody"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "practice: error: no persona with id 'nobody' (known: robin-example)\n"


def test_chat_shows_the_engines_notice(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    model = FakeModel().enqueue(Failure(503, "down"))  # the model is down: the offline engine answers
    engine = fake_engine(model_settings(Settings(data_dir=tmp_path), model_attempts=1), model)
    monkeypatch.setattr("practice.engines.select.engine_for", lambda settings: engine)
    feed_input(monkeypatch, ["How did you get started?", "/quit"])
    assert main(["chat", "robin-example"]) == 0
    out = capsys.readouterr().out
    # The reply (from the persona's notes), then the notice on its own line.
    assert "\nRobin: " in out and f"\n\n({OFFLINE_NOTICE})\n" in out and len(model.history) == 1


class _EscapingEngine:
    """A model that answers with terminal escape codes (a cleared screen, a new window title, colours)."""

    name = "fake"

    async def stream(self, request: object) -> AsyncIterator[str]:
        for word in "\x1b[2J\x1b[HI \x1b]0;pwned\x07started \x1b[31mout\x1b[0m as a temp.".split(" "):
            yield word + " "


def test_chat_strips_terminal_escape_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(FIXTURES))
    monkeypatch.setattr("practice.engines.select.engine_for", lambda settings: _EscapingEngine())
    feed_input(monkeypatch, ["\x1b[8mHow did you get started?\x1b[0m", "/quit"])
    assert main(["chat", "robin-example"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\nRobin: I started out as a temp. \n" in out
    assert ": How did you get started?" in out  # the summary prints the question without its codes
