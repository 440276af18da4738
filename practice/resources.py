"""What ships with Practice beside its code: page templates and static files, model prompts, sample personas.

In the repository they are the top-level folders web/, prompts/ and personas/; the wheel carries
them as package data under practice/shipped/ (pyproject.toml maps them there). Both are found
through importlib.resources, so an installed Practice never looks at the folder it was started in.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

# The repository this package sits in, when it is run from a checkout (editable install, tests, bench).
CHECKOUT = Path(__file__).resolve().parent.parent
SHIPPED = ("web", "prompts", "personas")


def _packaged() -> Path | None:
    shipped = files("practice") / "shipped"
    if not shipped.is_dir():
        return None
    if not isinstance(shipped, Path):  # a zipped install: templates and static files need real folders
        raise RuntimeError(f"Practice must be installed as files on disk, not zipped ({shipped})")
    return shipped


PACKAGED = _packaged()
INSTALLED = PACKAGED is not None


def folder(name: str) -> Path:
    """The shipped folder `name` (web, prompts or personas): in the installed package, else in the checkout."""
    if name not in SHIPPED:
        raise ValueError(f"{name!r} is not shipped with Practice (one of {', '.join(SHIPPED)})")
    return (PACKAGED or CHECKOUT) / name


def default_data_dir() -> Path:
    """data/ in a checkout; the user's data folder when installed (never inside site-packages)."""
    if not INSTALLED:
        return CHECKOUT / "data"
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".local" / "share") / "practice"


def default_personas_dir(data_dir: Path) -> Path:
    """Where published personas go unless PRACTICE_PERSONAS_DIR says: the checkout's personas/, else beside the data."""
    return Path(data_dir) / "personas" if INSTALLED else CHECKOUT / "personas"
