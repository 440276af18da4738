"""Settings from PRACTICE_* environment variables: each with a default and help text.

The table in README.md lists every setting; a test fails if one is undocumented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from dataclasses import field as _field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setting(default: Any, help: str) -> Any:
    return _field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    personas_dir: Path = setting(ROOT / "personas", "Folder of persona files (*.md) shown in the gallery.")
    data_dir: Path = setting(ROOT / "data", "Folder for the SQLite database and the generated cookie secret.")
    max_message_chars: int = setting(2000, "Longest student message accepted, in characters.")
    database_url: str = setting(
        "", "SQLAlchemy database URL, e.g. postgresql+psycopg://user@host/practice; empty means SQLite in the data folder."
    )
    secret_key: str = setting("", "Secret that signs the anonymous student cookie; empty means one generated and kept in the data folder.")
    host: str = setting("127.0.0.1", "Address `practice serve` listens on; 0.0.0.0 exposes it to the network.")
    port: int = setting(8000, "Port `practice serve` listens on.")
    model: str = setting(
        "", "Model that plays the personas, as a litellm model string (openai/gpt-4o-mini, anthropic/..., ollama/llama3.2); empty means the offline engine."
    )
    api_base: str = setting("", "Base URL of the model's API (an Ollama or OpenAI-compatible vLLM server); empty means the provider's default.")
    # Kept out of repr() so a logged Settings never shows the key.
    api_key: str = _field(
        default="", repr=False, metadata={"help": "API key for the model; empty means the provider's own variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)."}
    )
    fallback_models: str = setting("", "Comma-separated models tried in order when the main one keeps failing; after them the offline engine answers.")
    model_attempts: int = setting(3, "Attempts per model before moving on; rate limits, server errors, timeouts and dropped connections are retried.")
    model_timeout: float = setting(30.0, "Seconds to wait for the model to connect or to send the next piece of a reply.")
    history_tokens: int = setting(3000, "Most tokens of earlier conversation sent with each question; the oldest turns are left out first.")
    advisor_token: str = setting("", "Shared sign-in token for the advisor persona studio (/studio); empty means no token sign-in.")
    advisor_accounts: str = setting(
        "", "Path to the advisor accounts file (one JSON line per advisor; add one with `practice advisors add NAME`); empty means none."
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"PRACTICE_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            if isinstance(f.default, Path):
                values[f.name] = Path(raw).expanduser()
            elif kind is int:
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    raise ValueError(f"PRACTICE_{f.name.upper()} must be a whole number, got {raw!r}") from None
            elif kind is float:
                try:
                    values[f.name] = float(raw)
                except ValueError:
                    raise ValueError(f"PRACTICE_{f.name.upper()} must be a number, got {raw!r}") from None
            else:
                values[f.name] = raw
        return cls(**values)

    @classmethod
    def documented(cls) -> list[tuple[str, str, str]]:
        """(variable, default, help) for every setting, for the README and `--help`."""
        rows = []
        for f in fields(cls):
            default = f.default
            shown = str(default.relative_to(ROOT)) if isinstance(default, Path) and default.is_relative_to(ROOT) else str(default)
            rows.append((f"PRACTICE_{f.name.upper()}", shown, f.metadata["help"]))
        return rows
