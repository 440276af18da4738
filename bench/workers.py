"""Several workers: `practice serve --workers N` under many interviews at once, and a burst at one session.

Starts `practice serve --workers 2` (offline engine, a temporary data folder, SQLite unless
PRACTICE_DATABASE_URL is set) on 127.0.0.1, then:
1. 30 interviews at once, each starting a session, asking 6 questions (streamed, as the browser
   does) and ending it: every request must succeed;
2. 20 copies of one message sent at once to one fresh session: exactly one is accepted, the
   others get 409; then 20 different messages at once: every one is accepted or gets 409, and
   those accepted came in one after another (a message arriving after the first reply was stored
   is a new question: with the offline engine that reply takes some 25 ms).
Prints both results and exits 1 if either fails. Everything it starts, it stops.

    python bench/workers.py [--workers 2] [--interviews 30] [--burst 20] [--practice PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HOST = "127.0.0.1"
QUESTIONS = [
    "How did you get started in this field?",
    "What does a typical week look like for you?",
    "What's the hardest part of the work?",
    "What skills matter most when you're starting out?",
    "Where do you see the field heading?",
    "Who else do you think I should talk to?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


async def wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"practice serve exited with {server.returncode}:\n{log.read_text()}")
            try:
                if (await client.get(f"{base}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"practice serve did not start within a minute:\n{log.read_text()}")


# Longer than PRACTICE_QUESTION_GAP (1 s), far shorter than a real student takes.
READING_SECONDS = 1.2


async def interview(client: httpx.AsyncClient, persona: str, errors: list[str]) -> None:
    try:
        created = await client.post("/api/sessions", json={"persona_id": persona})
        if created.status_code != 201:
            errors.append(f"POST /api/sessions: {created.status_code} {created.text[:200]}")
            return
        session = created.json()["id"]
        for n, question in enumerate(QUESTIONS):
            if n:
                await asyncio.sleep(READING_SECONDS)  # a student reads the answer before the next question
            async with client.stream(
                "POST", f"/api/sessions/{session}/messages", json={"text": question}, headers={"Accept": "text/event-stream"}
            ) as response:
                body = (await response.aread()).decode()
                if response.status_code != 200 or "event: done" not in body:
                    errors.append(f"message: {response.status_code} {body[:200]}")
                    return
        ended = await client.post(f"/api/sessions/{session}/end")
        if ended.status_code != 200:
            errors.append(f"end: {ended.status_code}")
        report = await client.get(f"/api/sessions/{session}/report")
        if report.status_code != 200:
            errors.append(f"report: {report.status_code}")
    except httpx.HTTPError as exc:
        errors.append(f"{type(exc).__name__}: {exc}")


async def burst(base: str, persona: str, at_once: int, different: bool) -> collections.Counter[str]:
    limits = httpx.Limits(max_connections=at_once, max_keepalive_connections=at_once)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        session = (await client.post("/api/sessions", json={"persona_id": persona})).json()["id"]
        cookies = client.cookies
        # Open the connections first, so the messages leave together rather than one handshake apart.
        await asyncio.gather(*(client.get("/healthz") for _ in range(at_once)))
        go = asyncio.Event()

        async def send(n: int) -> str:
            await go.wait()
            text = QUESTIONS[n % len(QUESTIONS)] if different else QUESTIONS[0]
            response = await client.post(f"/api/sessions/{session}/messages", json={"text": text}, cookies=cookies)
            if response.status_code == 409:
                return f"409 {response.json()['error']['code']}"
            return str(response.status_code)

        tasks = [asyncio.create_task(send(n)) for n in range(at_once)]
        await asyncio.sleep(0.05)
        go.set()
        outcome = collections.Counter(await asyncio.gather(*tasks))
        # Whatever was accepted, the transcript alternates: every question answered exactly once.
        roles = [t["role"] for t in (await client.get(f"/api/sessions/{session}")).json()["turns"]]
        expected = ["persona"] + ["student", "persona"] * outcome.get("200", 0)
        if roles != expected:
            outcome["transcript out of step: " + " ".join(roles)] += 1
        return outcome


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="practice-workers-") as data:
        port = free_port()
        base = f"http://{HOST}:{port}"
        # Offline replies at once (no reading pace): the interviews pause as a reader would, the bursts do not.
        env = {**os.environ, "PRACTICE_DATA_DIR": data, "PRACTICE_SECRET_KEY": "bench-workers", "PRACTICE_READING_PACE": "0"}
        env.pop("PRACTICE_MODEL", None)
        log = Path(data) / "server.log"
        command = [args.practice, "serve", "--host", HOST, "--port", str(port), "--workers", str(args.workers)]
        with open(log, "wb") as out:
            server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            await wait_ready(base, server, log)
            async with httpx.AsyncClient(base_url=base) as probe:
                personas = [p["id"] for p in (await probe.get("/api/personas")).json()]
            print(f"practice serve --workers {args.workers} on {base}: {len(personas)} personas, database {'PostgreSQL' if os.environ.get('PRACTICE_DATABASE_URL') else 'SQLite'}")

            errors: list[str] = []
            started = time.perf_counter()
            limits = httpx.Limits(max_connections=args.interviews)
            clients = [httpx.AsyncClient(base_url=base, limits=limits, timeout=60) for _ in range(args.interviews)]
            try:
                await asyncio.gather(*(interview(c, personas[n % len(personas)], errors) for n, c in enumerate(clients)))
            finally:
                await asyncio.gather(*(c.aclose() for c in clients))
            wall = time.perf_counter() - started
            replies = args.interviews * len(QUESTIONS)
            print(f"{args.interviews} interviews at once, {replies} replies in {wall:.1f} s: {len(errors)} errors")
            for error in errors[:5]:
                print(f"  {error}")

            ok = not errors
            for different in (False, True):
                outcome = await burst(base, personas[0], args.burst, different)
                accepted = outcome.get("200", 0)
                shown = ", ".join(f"{count} x {what}" for what, count in sorted(outcome.items()))
                kind = "different messages" if different else "copies of one message"
                print(f"{args.burst} {kind} at once to one session: {accepted} accepted ({shown})")
                refused = sum(count for what, count in outcome.items() if what.startswith("409"))
                ok = ok and not any(what.startswith("transcript") for what in outcome)
                # Exactly one, copies or not: the rest arrive while the first is answered, or within
                # PRACTICE_QUESTION_GAP of it.
                ok = ok and accepted == 1 and refused == args.burst - 1
                print("  the transcript alternates: every accepted question has exactly one reply" if ok else "  FAILED")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    print("result: " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--interviews", type=int, default=30)
    parser.add_argument("--burst", type=int, default=20)
    default = Path(sys.executable).with_name("practice")
    parser.add_argument("--practice", default=str(default), help=f"the practice command (default: {default})")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
