"""Shared fixtures: settings on a temporary data folder, and a live server and chromium for browser tests."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from practice.settings import ROOT, Settings
from practice.web.app import create_app


@pytest.fixture(autouse=True)
def no_model_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's exported PRACTICE_MODEL must not send any test to a real model."""
    for name in ("PRACTICE_MODEL", "PRACTICE_FALLBACK_MODELS", "PRACTICE_API_BASE", "PRACTICE_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(personas_dir=ROOT / "personas", data_dir=tmp_path / "data", secret_key="test-secret")


# ------------------------------------------------------------------ browser tests (Debian's chromium, driven by Playwright)

CHROMIUM = Path("/usr/bin/chromium")
# This machine's chromium wants these: no sandbox as root, no GPU, and no background calls to a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture
def chromium() -> dict[str, Any]:
    """Launch options for Debian's chromium (`playwright.chromium.launch(**chromium)`).

    Skipped, saying how to get it, when chromium is missing; under CI=true that fails instead.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; install it with: apt-get install -y --no-install-recommends chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def serve() -> Iterator[Callable[[FastAPI], str]]:
    """Serve apps with uvicorn on free 127.0.0.1 ports for the test; stopped at teardown."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: FastAPI) -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 30  # a cold litellm import alone can take seconds on a loaded machine
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def app_client() -> Iterator[Callable[..., TestClient]]:
    """In-process clients for apps built from the given settings (and engine); closed at teardown."""
    with ExitStack() as stack:

        def make(settings: Settings, engine: Any = None, **kwargs: Any) -> TestClient:
            return stack.enter_context(TestClient(create_app(settings, engine=engine), **kwargs))

        yield make
