"""A live app for browser tests: uvicorn on a free 127.0.0.1 port, and Debian's chromium to drive it.

conftest.py's `serve` and `chromium` fixtures use these; modules that share one server and one
browser across their tests (tests/test_accessibility.py) call them from module-scoped fixtures.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
# This machine's chromium wants these: no sandbox as root, no GPU, and no background calls to a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def chromium_options() -> dict[str, Any]:
    """Launch options for Debian's chromium (`playwright.chromium.launch(**options)`).

    Skips the test, saying how to get chromium, when it is missing; under CI=true that fails instead.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; install it with: apt-get install -y --no-install-recommends chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a free port until the block ends; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30  # an app with a model warms litellm first: seconds on a busy machine
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
