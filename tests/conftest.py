"""Shared fixtures: settings on a temporary data folder, and a live server and chromium for browser tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from live import chromium_options, running

from practice.settings import ROOT, Settings
from practice.web.app import create_app

# Passage vectors (practice/semantic.py) are kept between test runs in the checkout, not the home folder.
os.environ.setdefault("PRACTICE_CACHE_DIR", str(ROOT / ".cache"))


@pytest.fixture(scope="session", autouse=True)
def shipped_passage_vectors() -> None:
    """Encode the shipped personas' passages once, before any test times a page (about 20 s on a fresh checkout, then kept in .cache/)."""
    from practice.answers import index_for
    from practice.personas import load_personas

    for persona in load_personas([ROOT / "personas"]).personas.values():
        index_for(persona)


@pytest.fixture(autouse=True)
def no_model_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's exported PRACTICE_MODEL must not send any test to a real model."""
    for name in ("PRACTICE_MODEL", "PRACTICE_FALLBACK_MODELS", "PRACTICE_API_BASE", "PRACTICE_API_KEY", "PRACTICE_INSTRUCTIONS",
                 "PRACTICE_CONTEXT_TOKENS", "PRACTICE_MAX_REPLY_TOKENS"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(personas_dir=ROOT / "personas", data_dir=tmp_path / "data", secret_key="test-secret", reading_pace=0, question_gap=0)


# ------------------------------------------------------------------ browser tests (Debian's chromium, driven by Playwright)


@pytest.fixture
def chromium() -> dict[str, Any]:
    """Launch options for Debian's chromium; skipped when it is missing (failed under CI=true)."""
    return chromium_options()


@pytest.fixture
def serve() -> Iterator[Callable[[FastAPI], str]]:
    """Serve apps with uvicorn on free 127.0.0.1 ports for the test; stopped at teardown."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(running(app))


@pytest.fixture
def app_client() -> Iterator[Callable[..., TestClient]]:
    """In-process clients for apps built from the given settings (and engine); closed at teardown."""
    with ExitStack() as stack:

        def make(settings: Settings, engine: Any = None, **kwargs: Any) -> TestClient:
            return stack.enter_context(TestClient(create_app(settings, engine=engine), **kwargs))

        yield make
