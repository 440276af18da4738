"""The wheel: it carries everything Practice serves, and installed without extras it serves from any folder.

The slow test builds the wheel from a copy of this checkout, installs it into a fresh virtualenv
with only the base dependencies (from PyPI), and runs `practice` from an empty folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from practice.settings import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED_PERSONAS = sorted(p.stem for p in (ROOT / "personas").glob("*.md") if p.name != "README.md")


def test_every_package_of_the_code_is_in_the_wheel() -> None:
    """The package list is explicit (the data folders are mapped in); a new subpackage must be added to it."""
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "practice").rglob("__init__.py")}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert on_disk - listed == set()


def test_the_license_is_an_spdx_expression() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT AND Apache-2.0"
    assert all((ROOT / path).is_file() for path in project["license-files"])


def _copy_of_the_checkout(target: Path) -> Path:
    """What a clean clone holds (no .venv, data or earlier build output, which setuptools could pick up)."""
    skip = {".git", ".venv", "data", "build", "dist", "test-artifacts", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
    shutil.copytree(ROOT, target, ignore=lambda _dir, names: [n for n in names if n in skip or n.endswith(".egg-info")])
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = _copy_of_the_checkout(tmp_path_factory.mktemp("source") / "practice")
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Warning" not in built.stderr, built.stderr
    (found,) = out.glob("practice-*.whl")
    return found


def test_the_wheel_carries_templates_static_files_prompts_and_personas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "practice/shipped/web/templates/gallery.html",
        "practice/shipped/web/static/practice.css",
        "practice/shipped/web/static/swagger-ui/swagger-ui-bundle.js",
        "practice/shipped/web/static/swagger-ui/init.js",
        "practice/shipped/prompts/persona.md.j2",
        "practice/shipped/personas/README.md",
        "practice/studio/template.md",
        "practice/questions/examples.csv",  # the topic model's labelled questions
        "practice/questions/topic_model.npz",  # and its fitted weights
        *(f"practice/shipped/personas/{p}.md" for p in SHIPPED_PERSONAS),
    }
    assert expected - names == set()
    assert not [n for n in names if "/.history/" in n or n.startswith(("tests/", "bench/"))]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "License-Expression: MIT AND Apache-2.0" in metadata


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv with the wheel and its base dependencies only; yields its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # This interpreter's pip installs into the new environment (pip --python): no pip bootstrap there.
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ours = [line for line in done.stderr.splitlines() if "warning" in line.lower() and "Location 'file:" not in line]
    assert ours == [], "\n".join(ours)
    yield venv / "bin"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_") and k not in ("PYTHONPATH", "XDG_DATA_HOME")}
    return {**env, "HOME": str(home), **extra}


def test_installed_without_extras_it_serves_the_shipped_personas_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    home = tmp_path / "home"
    # The model stack is an extra: not there.
    probe = subprocess.run([installed / "python", "-c", "import importlib.util as u; print(u.find_spec('tenacity'), u.find_spec('litellm'))"],
                           capture_output=True, text=True, cwd=empty)  # fmt: skip
    assert probe.stdout.strip() == "None None"

    listed = subprocess.run([installed / "practice", "personas", "list"], capture_output=True, text=True, cwd=empty, env=_env(home), timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == SHIPPED_PERSONAS

    typo = subprocess.run([installed / "practice", "serve"], capture_output=True, text=True, cwd=empty, env=_env(home, PRACTICE_MODLE="x"), timeout=60)
    assert typo.returncode == 2
    assert typo.stderr == "practice: error: PRACTICE_MODLE is not a setting; did you mean PRACTICE_MODEL?\n"

    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([installed / "practice", "serve", "--port", str(port)], cwd=empty, env=_env(home), stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    assert json.load(response)["engine"] == "offline"
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(f"practice serve did not start: {log.read_text()}") from None
                time.sleep(0.2)
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:
            gallery = response.read().decode()
        for persona in SHIPPED_PERSONAS:
            assert f"/personas/{persona}" in gallery or persona in gallery
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', gallery)
        assert stylesheets == ["/static/practice.css"]
        with urllib.request.urlopen(f"{base}{stylesheets[0]}", timeout=10) as response:
            assert response.status == 200 and b"{" in response.read()
        with urllib.request.urlopen(f"{base}/docs", timeout=10) as response:
            docs = response.read().decode()
            assert "script-src 'self'" in response.headers["content-security-policy"]
        loaded = re.findall(r'(?:src|href)="([^"]+)"', docs)
        assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
        for url in loaded:
            with urllib.request.urlopen(f"{base}{url}", timeout=10) as response:
                assert response.status == 200
        # Nothing was written next to the code, nor in the folder it was started from.
        assert list(empty.iterdir()) == []
        assert (home / ".local" / "share" / "practice" / "practice.sqlite3").is_file()
    finally:
        server.terminate()
        server.wait(timeout=20)
