"""Every error Practice raises on purpose, so callers catch one family.

    PracticeError                 base: a message fit to show a person
    ├── PersonaError              one persona file is broken (file, field, line)
    ├── PersonaNotFound           no persona has that id
    ├── InputError                bad input from a user (CLI argument, transcript)
    └── SettingsError             a PRACTICE_* setting is unknown, of the wrong kind or out of range
                                  (also a ValueError, as bad settings were before it)
"""

from __future__ import annotations


class PracticeError(Exception):
    """Base class: str(error) is one clear line for a person to read."""


class PersonaError(PracticeError):
    """A persona file failed to load or validate.

    `problems` holds every problem found, each already naming file, field and line.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("; ".join(problems) if problems else f"{path}: invalid persona")


class PersonaNotFound(PracticeError):
    def __init__(self, persona_id: str, known: list[str]) -> None:
        self.persona_id = persona_id
        hint = f" (known: {', '.join(known)})" if known else " (no personas are loaded)"
        super().__init__(f"no persona with id {persona_id!r}{hint}")


class InputError(PracticeError):
    """Input from the user that cannot be used as given."""


class SettingsError(PracticeError, ValueError):
    """A setting that cannot be used: the message names the variable and what is wrong with it."""
