"""Publishing a persona file: atomic writes, every earlier version kept, compare and revert.

`personas/<id>.md` is replaced atomically (a temp file in the same folder, fsync,
os.replace), so the gallery never reads half a file. Every published text is also kept
as `personas/.history/<id>/<UTC timestamp>.md`; the folder is hidden and its files are
never loaded as personas. Ids are slugs, so no path can leave the personas folder.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from practice.errors import InputError
from practice.personas import SLUG, Persona, dump_persona

HISTORY = ".history"
_VERSION = re.compile(r"^\d{8}T\d{6}\.\d{6}Z(?:-\d+)?$")


class PublishRefused(InputError):
    """The id belongs to another persona file, and the advisor was not editing it."""


@dataclass(frozen=True)
class Version:
    persona_id: str
    name: str  # the timestamp, e.g. 20251126T203512.123456Z
    path: Path

    @property
    def label(self) -> str:
        moment = datetime.strptime(self.name[:22], "%Y%m%dT%H%M%S.%f")
        return f"{moment.day} {moment:%b %Y, %H:%M:%S} UTC"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def persona_path(personas_dir: Path, persona_id: str) -> Path:
    if not re.match(SLUG, persona_id) or len(persona_id) > 64:
        raise InputError(f"{persona_id!r} is not a persona id: use lower-case letters, digits and single hyphens")
    return Path(personas_dir) / f"{persona_id}.md"


def publish(personas_dir: Path, persona: Persona, *, editing: str | None = None) -> Version:
    """Write the persona's file and keep the version; refuse to overwrite another persona's file."""
    path = persona_path(personas_dir, persona.id)
    if path.exists() and editing != persona.id:
        raise PublishRefused(
            f"A persona with the id {persona.id!r} already exists; open it from the persona list to edit it, or choose another id"
        )
    return write_version(personas_dir, persona.id, dump_persona(persona))


def write_version(personas_dir: Path, persona_id: str, text: str) -> Version:
    path = persona_path(personas_dir, persona_id)
    folder = history_dir(personas_dir, persona_id)
    if path.exists() and not versions(personas_dir, persona_id):
        # A file published before the studio (or by hand): keep it as the first version.
        _keep(folder, path.read_text(encoding="utf-8"))
    version = _keep(folder, text)
    atomic_write(path, text)
    return version


def revert(personas_dir: Path, persona_id: str, version_name: str) -> Version:
    """Publish an earlier version's text again, as a new version: history only grows."""
    return write_version(personas_dir, persona_id, version(personas_dir, persona_id, version_name).text())


def history_dir(personas_dir: Path, persona_id: str) -> Path:
    persona_path(personas_dir, persona_id)  # validates the id
    return Path(personas_dir) / HISTORY / persona_id


def versions(personas_dir: Path, persona_id: str) -> list[Version]:
    """Every kept version, newest first."""
    folder = history_dir(personas_dir, persona_id)
    if not folder.is_dir():
        return []
    found = [Version(persona_id, p.stem, p) for p in folder.glob("*.md") if _VERSION.match(p.stem)]
    return sorted(found, key=lambda v: v.name, reverse=True)


def version(personas_dir: Path, persona_id: str, name: str) -> Version:
    if not _VERSION.match(name):
        raise InputError(f"{name!r} is not a version name")
    for found in versions(personas_dir, persona_id):
        if found.name == name:
            return found
    raise InputError(f"{persona_id} has no version {name!r}")


def diff(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    """A unified diff, line by line, for the compare view."""
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), old_name, new_name, lineterm=""))


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so a reader sees the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Hidden, and not *.md: a reader globbing personas never picks up a half-written temp file.
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _keep(folder: Path, text: str) -> Version:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    name, n = stamp, 1
    while (folder / f"{name}.md").exists():
        n += 1
        name = f"{stamp}-{n}"
    path = folder / f"{name}.md"
    atomic_write(path, text)
    return Version(folder.name, name, path)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
