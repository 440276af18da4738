"""Server overhead on an LLM turn: time to first token through our server minus the upstream's own.

Starts a mock OpenAI-compatible upstream and `uvicorn` serving Practice with PRACTICE_MODEL pointed at
it (127.0.0.1 only, a temporary data folder), then streams the same questions straight to the mock and
through POST /api/sessions/{id}/messages, at 1, 10 and 50 interviews at once. Target (PRODUCT.md):
at most 5 ms median overhead at 50 at once on 2 cores. Everything it starts, it stops.

What "interviews at once" means here: each interview is a student who, after each reply, pauses
--think-ms on average (±50%, seeded) before asking again. Real students read the answer and type
the next question, 20 to 60 seconds; the default 2 seconds is ten times faster than that, so 50
interviews here load the server as several hundred real students would. Interviews start at
random moments within one pause, not in lockstep. With one interview the pause changes nothing
(the server idles through it), so level 1 asks back to back.

Then a stress row (--stress, default 50; 0 to skip): that many interviews with no pause at all,
every one streaming all the time. It shows capacity (replies a second when saturated) and what
the overhead becomes then; it is not the target's condition.

The CPU columns say where the time went: the server's CPU per reply (all its threads), and the
load generator's own CPU share (it runs on the same cores; a saturated client would inflate both
TTFT columns, which the overhead column subtracts only in part).

    python bench/overhead.py [--tokens 20] [--first-ms 20] [--gap-ms 5] [--levels 1,10,50]
                             [--replies 150] [--think-ms 2000] [--stress 50] [--per-session 20]
                             [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
MODEL = "openai/gpt-4o-mini"  # a model litellm knows the price of, so the usual cost path runs too
PERSONA = "priya-raman"
QUESTIONS = [
    "How did you get into physical therapy?",
    "What does a typical week look like for you?",
    "What's the hardest part of the work?",
    "What skills matter most when you're starting out?",
    "How would you describe the culture where you work?",
    "Where do you see the field heading?",
    "If you were starting today, what would you do differently?",
    "Can you say more about that?",
]
READY_SECONDS = 60  # longest wait for a process to start answering


# ------------------------------------------------------------------ the mock upstream (child process)


def _sse(body: dict[str, object]) -> bytes:
    data = f"data: {json.dumps(body)}\n\n".encode()
    return b"%x\r\n%s\r\n" % (len(data), data)  # one HTTP/1.1 chunk


async def _serve_chat(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, tokens: int, first: float, gap: float) -> None:
    """A keep-alive HTTP/1.1 connection: every POST gets `tokens` streamed chunks, `gap` seconds apart."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            base = {"id": "bench", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
            await asyncio.sleep(first)
            for n in range(tokens):
                if n:
                    await asyncio.sleep(gap)
                delta = {"index": 0, "delta": {"content": f"word{n} "}, "finish_reason": None}
                writer.write(_sse({**base, "choices": [delta]}))
                await writer.drain()
            writer.write(_sse({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
            usage = {"prompt_tokens": 900, "completion_tokens": tokens, "total_tokens": 900 + tokens}
            writer.write(_sse({**base, "choices": [], "usage": usage}))
            data = b"data: [DONE]\n\n"
            writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _mock_main(tokens: int, first: float, gap: float) -> None:
    server = await asyncio.start_server(lambda r, w: _serve_chat(r, w, tokens, first, gap), HOST, 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)  # the parent reads the port from the first line
    async with server:
        await server.serve_forever()


# ------------------------------------------------------------------ measuring (parent process)


@dataclass
class Timings:
    first: list[float] = field(default_factory=list)  # ms to the first token
    total: list[float] = field(default_factory=list)  # ms to the end of the reply
    failures: int = 0
    wall: float = 0.0
    server_cpu: float = 0.0  # seconds of CPU the server used while these ran
    client_cpu: float = 0.0  # seconds of CPU this process (the load generator) used
    mock_cpu: float = 0.0


@dataclass
class Processes:
    server: int
    mock: int


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process, every thread included (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.asynccontextmanager
async def accounted(into: Timings, processes: Processes) -> Any:
    """Wall time and CPU of the server, the mock and this process over the block."""
    server, mock, client = cpu_seconds(processes.server), cpu_seconds(processes.mock), time.process_time()
    began = time.perf_counter()
    yield
    into.wall = time.perf_counter() - began
    into.server_cpu = cpu_seconds(processes.server) - server
    into.mock_cpu = cpu_seconds(processes.mock) - mock
    into.client_cpu = time.process_time() - client


async def think(rng: random.Random, mean_ms: float) -> None:
    if mean_ms > 0:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * mean_ms / 1000)


async def arrive(rng: random.Random, spread_ms: float) -> None:
    """An interview begins at a random moment within `spread_ms`: students do not press Enter in lockstep."""
    await asyncio.sleep(rng.uniform(0, spread_ms) / 1000)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def started(command: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> Iterator[subprocess.Popen[str]]:
    """A child process in its own process group, always stopped (and reaped) on the way out.

    With `log`, its output goes to that file: a full pipe would stall a chatty server mid-benchmark."""
    out = open(log, "w") if log else None  # noqa: SIM115 - closed below, after the process
    process = subprocess.Popen(
        command,
        env=env,
        stdout=out or subprocess.PIPE,
        stderr=subprocess.STDOUT if out else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if out:
            out.close()


class Profiler:
    """py-spy sampling the server while the levels run (--profile); stopped with SIGINT so it writes its file."""

    def __init__(self, process: subprocess.Popen[str] | None, path: str) -> None:
        self.process = process
        self.path = path

    def close(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        print(f"profile of the server (py-spy, raw collapsed stacks): {self.path}")


def profiling(pid: int, path: str | None) -> Profiler:
    if not path:
        return Profiler(None, "")
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--pid", str(pid), "--rate", "500", "--nonblocking", "--format", "raw", "--output", path]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    time.sleep(1)  # attached before the first request
    return Profiler(process, path)


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process (Linux: VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_ready(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"the server exited early:\n{log.read_text()}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {READY_SECONDS} s")


async def stream_timed(
    client: httpx.AsyncClient, url: str, body: dict[str, object], marker: bytes, end: bytes, into: Timings
) -> None:
    """POST and stream: record ms to the first `marker` and to the `end` of the reply."""
    started_at = time.perf_counter()
    first = None
    seen = b""
    try:
        async with client.stream("POST", url, json=body, headers={"Accept": "text/event-stream"}) as response:
            if response.status_code != 200:
                into.failures += 1
                await response.aread()
                return
            async for piece in response.aiter_raw():
                if first is None:
                    seen += piece
                    if marker in seen:
                        first = time.perf_counter()
                        seen = b""
                else:
                    seen = seen[-64:] + piece
                if end in seen:
                    break
    except httpx.HTTPError:
        into.failures += 1
        return
    done = time.perf_counter()
    if first is None or end not in seen:
        into.failures += 1
        return
    into.first.append((first - started_at) * 1000)
    into.total.append((done - started_at) * 1000)


async def run_direct(
    api: str, system: str, at_once: int, rounds: int, processes: Processes, think_ms: float = 0, spread_ms: float = 0
) -> Timings:
    """The same streamed calls straight to the mock: the upstream's own timing."""
    timings = Timings()
    limits = httpx.Limits(max_connections=at_once * 2, max_keepalive_connections=at_once * 2)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def interview(worker: int) -> None:
            rng = random.Random(worker)
            await arrive(rng, spread_ms)
            for n in range(rounds):
                question = QUESTIONS[(worker + n) % len(QUESTIONS)]
                body = {"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True},
                        "messages": [{"role": "system", "content": system}, {"role": "user", "content": question}]}  # fmt: skip
                await stream_timed(client, f"{api}/chat/completions", body, b'"content"', b"[DONE]", timings)
                await think(rng, think_ms)

        async with accounted(timings, processes):
            await asyncio.gather(*(interview(w) for w in range(at_once)))
    return timings


async def run_server(
    base: str, at_once: int, rounds: int, processes: Processes, think_ms: float = 0, per_session: int = 20, spread_ms: float = 0
) -> Timings:
    """Interviews through our server: each worker asks `rounds` questions, `per_session` to an interview
    (a real one runs about 20), so every level works on sessions of the same, realistic length."""
    timings = Timings()
    limits = httpx.Limits(max_connections=at_once * 2, max_keepalive_connections=at_once * 2)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def new_session() -> str:
            created = await client.post("/api/sessions", json={"persona_id": PERSONA})
            created.raise_for_status()
            return str(created.json()["id"])

        sessions = [await new_session() for _ in range(at_once)]
        # Sessions for every later interview, made before the clock starts.
        spares = [await new_session() for _ in range(at_once * ((rounds - 1) // per_session))]

        async def interview(worker: int) -> None:
            rng = random.Random(worker)
            session = sessions[worker]
            await arrive(rng, spread_ms)
            for n in range(rounds):
                if n and n % per_session == 0:
                    session = spares.pop()
                question = QUESTIONS[(worker + n) % len(QUESTIONS)]
                url = f"/api/sessions/{session}/messages"
                await stream_timed(client, url, {"text": question}, b"event: delta", b"event: done", timings)
                await think(rng, think_ms)

        async with accounted(timings, processes):
            await asyncio.gather(*(interview(w) for w in range(at_once)))
    return timings


HEADER = (
    f"{'at once':>7} {'replies':>7} {'TTFT direct':>14} {'TTFT server':>14} {'TTFT overhead':>16} {'total overhead':>16} {'req/s':>7}"
    f" {'server CPU':>10} {'client CPU':>10}\n"
    f"{'':>7} {'':>7} {'p50/p95 ms':>14} {'p50/p95 ms':>14} {'p50/p95 ms':>16} {'p50/p95 ms':>16} {'server':>7}"
    f" {'ms/reply':>10} {'% of core':>10}"
)


def row(at_once: int, direct: Timings, through: Timings) -> float | None:
    """Print one level's line; return its median TTFT overhead (None when every request failed)."""
    if not direct.first or not through.first:
        print(f"{at_once:>7} every request failed ({direct.failures} direct, {through.failures} server)")
        return None
    over50 = statistics.median(through.first) - statistics.median(direct.first)
    over95 = p95(through.first) - p95(direct.first)
    total50 = statistics.median(through.total) - statistics.median(direct.total)
    total95 = p95(through.total) - p95(direct.total)
    failed = f"  ({through.failures} failed)" if through.failures or direct.failures else ""
    print(
        f"{at_once:>7} {len(through.first):>7} "
        f"{statistics.median(direct.first):>6.1f}/{p95(direct.first):<7.1f}"
        f"{statistics.median(through.first):>6.1f}/{p95(through.first):<7.1f}"
        f"{over50:>7.1f}/{over95:<8.1f}{total50:>7.1f}/{total95:<8.1f} {len(through.first) / through.wall:>7.1f}"
        f" {through.server_cpu * 1000 / len(through.first):>10.2f} {through.client_cpu / through.wall * 100:>10.0f}{failed}"
    )
    return over50


def system_prompt() -> str:
    """A real persona system prompt, so the direct calls carry the same weight as the server's."""
    sys.path.insert(0, str(ROOT))
    from practice.interview import prepare
    from practice.personas import load_personas
    from practice.prompts import system_prompt as render
    from practice.transcript import Turn

    persona = load_personas([ROOT / "personas"]).get(PERSONA)
    return render(prepare(persona, [Turn(role="persona", text=persona.greeting)], QUESTIONS[0]))


async def measure(args: argparse.Namespace) -> int:
    levels = [int(n) for n in args.levels.split(",")]
    mock_cmd = [sys.executable, __file__, "--mock-upstream", "--tokens", str(args.tokens),
                "--first-ms", str(args.first_ms), "--gap-ms", str(args.gap_ms)]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="practice-bench-") as data, started(mock_cmd) as mock:
        assert mock.stdout is not None
        port_line = mock.stdout.readline().strip()
        if not port_line.isdigit():
            raise SystemExit(f"the mock upstream did not start: {mock.stderr.read() if mock.stderr else ''}")
        api = f"http://{HOST}:{port_line}/v1"
        port = free_port()
        env = {
            **os.environ,
            "PRACTICE_MODEL": MODEL,
            "PRACTICE_API_BASE": api,
            "PRACTICE_API_KEY": "bench",
            "PRACTICE_DATA_DIR": data,
            "PRACTICE_SECRET_KEY": "bench",
            "PRACTICE_MODEL_ATTEMPTS": "1",
            # One load generator is one browser on one address asking faster than any student: lift the
            # limits out of its way (they are still checked on every request; 0 would skip the checks).
            "PRACTICE_MESSAGES_PER_MINUTE": "1000000",
            "PRACTICE_QUESTION_GAP": "0",
            "PRACTICE_SESSIONS_PER_HOUR": "1000000",
            "PRACTICE_SESSIONS_PER_ADDRESS_PER_HOUR": "1000000",
        }
        server_cmd = [sys.executable, "-m", "uvicorn", "practice.web.app:create_app", "--factory", "--host", HOST,
                      "--port", str(port), "--log-level", "warning", "--no-access-log"]  # fmt: skip
        log = Path(data) / "server.log"
        with started(server_cmd, env=env, log=log) as server:
            base = f"http://{HOST}:{port}"
            await wait_ready(f"{base}/healthz", server, log)
            health = httpx.get(f"{base}/healthz").json()
            system = system_prompt()
            print(
                f"mock upstream: {args.tokens} tokens, the first after {args.first_ms} ms, then one every {args.gap_ms} ms ({api})"
            )
            print(f"server: uvicorn, one process, engine {health['engine']} ({health.get('model')}); {os.cpu_count()} cores")
            print(
                f"think time: {args.think_ms:g} ms on average between a reply and the next question"
                + (" (level 1 asks back to back)" if args.think_ms else "")
                + "\n"
            )
            processes = Processes(server.pid, mock.pid)
            # Warm both paths (connections, litellm's client cache, SQLite) before measuring.
            await run_direct(api, system, 2, 2, processes)
            await run_server(base, 2, 2, processes)
            print(HEADER)
            reply_ms = args.first_ms + args.tokens * args.gap_ms
            results = {}
            profiler = profiling(server.pid, args.profile)
            runs = [(n, args.think_ms if n > 1 else 0.0) for n in levels]
            if args.stress:
                runs.append((args.stress, 0.0))
            for index, (at_once, think_ms) in enumerate(runs):
                stress = index == len(levels)
                if stress:
                    print(f"stress: {at_once} interviews back to back, no pause (capacity; not the target's condition)")
                # Enough rounds per interview that the spread-out start is a small part of the run.
                rounds = max(4, round(args.replies / at_once))
                spread = think_ms or reply_ms
                direct = await run_direct(api, system, at_once, rounds, processes, think_ms, spread)
                through = await run_server(base, at_once, rounds, processes, think_ms, args.per_session, spread)
                overhead = row(at_once, direct, through)
                if overhead is not None and not stress:
                    results[at_once] = overhead
            profiler.close()
            print(f"\npeak RSS of the server process: {peak_rss_mb(server.pid):.0f} MB")
            top = max(levels)
            if top in results:
                verdict = "met" if results[top] <= 5 else "NOT met"
                condition = f"students pausing {args.think_ms:g} ms on average" if args.think_ms and top > 1 else "back to back"
                print(f"target: median TTFT overhead <= 5 ms at {top} at once ({condition}): {verdict} ({results[top]:.1f} ms)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=20, help="tokens the mock streams a reply (default: 20)")
    parser.add_argument("--first-ms", type=float, default=20, help="mock's delay before the first token (default: 20)")
    parser.add_argument("--gap-ms", type=float, default=5, help="mock's delay between tokens (default: 5)")
    parser.add_argument("--levels", default="1,10,50", help="interviews at once, comma-separated (default: 1,10,50)")
    parser.add_argument("--replies", type=int, default=150, help="replies measured at each level, about (default: 150)")
    parser.add_argument(
        "--think-ms", type=float, default=2000, help="mean pause after each reply, per interview (default: 2000; 0: back to back)"
    )
    parser.add_argument(
        "--stress", type=int, default=50, help="then this many interviews back to back, for capacity (default: 50; 0: skip)"
    )
    parser.add_argument("--per-session", type=int, default=20, help="questions to one interview before a new one (default: 20)")
    parser.add_argument("--profile", metavar="FILE", help="sample the server with py-spy (pip install py-spy) into FILE")
    parser.add_argument("--mock-upstream", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mock_upstream:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_mock_main(args.tokens, args.first_ms / 1000, args.gap_ms / 1000))
        return 0
    return asyncio.run(measure(args))


if __name__ == "__main__":
    sys.exit(main())
