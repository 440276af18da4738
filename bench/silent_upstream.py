"""A model that never answers: how long a student waits, with the default settings.

Starts the app (uvicorn, default PRACTICE_* deadlines) against an upstream on 127.0.0.1 that
accepts connections and never says a word, then asks three questions in one interview and prints
how long each reply took and whether the offline notice came with it. The first waits out the
first-word deadline (PRACTICE_FIRST_WORD_SECONDS); the next ones find the model cooling down
(PRACTICE_MODEL_COOLDOWN) and answer at once. Bar (issue 14): the first within 20 s, the next within 5 s.

    python bench/silent_upstream.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
QUESTIONS = ["How did you get into this line of work?", "What does a typical week look like?", "What's the hardest part?"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> int:
    silent = socket.socket()
    silent.bind((HOST, 0))
    silent.listen(64)  # connections complete in the backlog; nothing is ever read or answered
    api = f"http://{HOST}:{silent.getsockname()[1]}/v1"
    port = free_port()
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="practice-silent-") as data:
        env = {**os.environ, "PRACTICE_MODEL": "openai/silent-model", "PRACTICE_API_BASE": api, "PRACTICE_API_KEY": "bench",
               "PRACTICE_DATA_DIR": data, "PRACTICE_SECRET_KEY": "bench"}  # fmt: skip
        for name in ("PRACTICE_FIRST_WORD_SECONDS", "PRACTICE_MODEL_COOLDOWN", "PRACTICE_MODEL_TIMEOUT", "PRACTICE_MODEL_ATTEMPTS"):
            env.pop(name, None)  # the defaults are what is measured
        command = [sys.executable, "-m", "uvicorn", "practice.web.app:create_app", "--factory", "--host", HOST, "--port", str(port),
                   "--log-level", "warning"]  # fmt: skip
        server = subprocess.Popen(command, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://{HOST}:{port}"
            with httpx.Client(base_url=base, timeout=120) as client:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        if client.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if time.monotonic() > deadline:
                        raise SystemExit("the app did not start")
                    time.sleep(0.2)
                print(f"upstream {api}: accepts connections, never answers; app at {base} with the default deadlines")
                session = client.post("/api/sessions", json={"persona_id": "priya-raman"}).json()["id"]
                waits = []
                for number, question in enumerate(QUESTIONS, 1):
                    started = time.monotonic()
                    answer = client.post(f"/api/sessions/{session}/messages", json={"text": question})
                    waited = time.monotonic() - started
                    waits.append(waited)
                    persona = answer.json().get("persona", {})
                    noticed = "with the offline notice" if persona.get("notice") else f"no notice ({answer.status_code})"
                    print(f"question {number}: answered in {waited:5.2f} s, {noticed}")
        finally:
            server.terminate()
            server.wait(timeout=20)
            silent.close()
    met = waits[0] <= 20 and all(w <= 5 for w in waits[1:])
    print(f"bar: the first reply within 20 s, the next within 5 s: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
