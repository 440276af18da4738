"""What a persona's requests cost: tokens per turn and the price of a 15-question session.

Replays a 15-question interview for every shipped persona (the offline engine's replies stand in
for the model's) and counts each request's prompt with GPT-4o's tokenizer (o200k_base, the copy
litellm ships). Prices are litellm's for openai/gpt-4o-mini, and its prefix cache is modelled the
way OpenAI bills it: a prompt of 1,024 tokens or more reuses the longest prefix it shares with the
previous request, in steps of 128 tokens, at the cached price.

    python bench/prompt_cost.py                         # this checkout, with and without a budget
    python bench/prompt_cost.py --source /tmp/main      # another checkout (e.g. main's) for "before"
    python bench/prompt_cost.py --persona priya-raman --turns   # one persona, turn by turn
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "Hi, thanks so much for making time for me! I'm a junior studying biology and exploring careers.",
    "How did you get into this line of work?",
    "Can you say more about that?",
    "What does a typical week look like for you?",
    "Do you like your job?",
    "What's the hardest part of the work?",
    "How many hours do you usually work in a week?",
    "What skills matter most when someone is starting out?",
    "What does your organization value most?",
    "Where do you think the field is heading over the next few years?",
    "What would you do differently if you were starting today?",
    "How do you handle stress when things get busy?",
    "What surprised you most when you started?",
    "Who else do you think I should talk to?",
    "Thank you so much, this was really helpful!",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=HERE, help="the checkout whose prompts are measured (default: this one)")
    parser.add_argument("--persona", help="one persona only")
    parser.add_argument("--turns", action="store_true", help="print every turn's tokens")
    parser.add_argument("--budgets", default="0,2000", help="context budgets to measure, comma-separated (0: none)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.source.resolve()))
    tokenizers = HERE / ".venv/lib/python3.11/site-packages/litellm/litellm_core_utils/tokenizers"
    found = next(iter(sorted((HERE / ".venv/lib").glob("python3*/site-packages/litellm/litellm_core_utils/tokenizers"))), tokenizers)
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(found))
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

    import tiktoken

    from practice import prompts
    from practice.engines.offline import OfflineEngine
    from practice.interview import persona_turn, prepare
    from practice.personas import load_personas
    from practice.settings import Settings
    from practice.transcript import Turn

    encoding = tiktoken.get_encoding("o200k_base")
    price = gpt_4o_mini_prices()
    personas = load_personas([args.source / "personas"]).personas
    if args.persona:
        personas = {args.persona: personas[args.persona]}
    engine = OfflineEngine()
    budgeted = hasattr(prompts, "PromptLimits")
    budgets = [int(b) for b in args.budgets.split(",")] if budgeted else [0]
    settings = Settings()
    print(f"source: {args.source}  ({'prompt order for caching, context budget' if budgeted else 'no context budget in this checkout'})")
    print(f"prices: openai/gpt-4o-mini ${price['in'] * 1e6:.3f}/M in, ${price['cached'] * 1e6:.3f}/M cached, ${price['out'] * 1e6:.3f}/M out")
    print(f"{'budget':>7} {'prompt/turn':>12} {'max':>6} {'cached/turn':>12} {'out/turn':>9} {'session $':>10} {'no-cache $':>11}")
    for budget in budgets:
        sessions, per_turn, peaks, cached_turn, out_turn, uncached = [], [], [], [], [], []
        for persona in personas.values():
            history = [Turn(role="persona", text=persona.greeting)]
            previous: list[int] = []
            cost = cost_no_cache = 0.0
            for number, question in enumerate(QUESTIONS, 1):
                request = prepare(persona, history, question)
                if budgeted:
                    limits = prompts.PromptLimits(history_tokens=settings.history_tokens, context_tokens=budget)
                    messages = prompts.persona_messages(request, limits)
                else:
                    messages = prompts.persona_messages(request, settings.history_tokens)
                tokens = chat_tokens(encoding, messages)
                cached = cached_tokens(previous, tokens)
                reply = engine.compose(request)
                out = len(encoding.encode(reply))
                cost += (len(tokens) - cached) * price["in"] + cached * price["cached"] + out * price["out"]
                cost_no_cache += len(tokens) * price["in"] + out * price["out"]
                per_turn.append(len(tokens))
                cached_turn.append(cached)
                out_turn.append(out)
                if args.turns:
                    print(f"  {persona.id} turn {number:>2}: {len(tokens):>5} prompt tokens, {cached:>5} cached, {out:>4} out")
                previous = tokens
                history = [*history, request.question, persona_turn(request, reply)]
            sessions.append(cost)
            uncached.append(cost_no_cache)
            peaks.append(max(per_turn[-len(QUESTIONS) :]))
        print(
            f"{budget or 'none':>7} {statistics.mean(per_turn):>12.0f} {max(peaks):>6} {statistics.mean(cached_turn):>12.0f} "
            f"{statistics.mean(out_turn):>9.0f} {statistics.mean(sessions):>10.5f} {statistics.mean(uncached):>11.5f}"
        )
    print(f"({len(personas)} persona(s), {len(QUESTIONS)} questions each; session $ is the mean per session, with the prefix cache)")


def chat_tokens(encoding: Any, messages: list[dict[str, str]]) -> list[int]:
    """The request as the model reads it, roughly: each message's role and content, with separators."""
    tokens: list[int] = []
    for message in messages:
        tokens += encoding.encode(f"<|{message['role']}|>") + encoding.encode(message["content"]) + encoding.encode("<|end|>")
    return tokens + encoding.encode("<|assistant|>")


def cached_tokens(previous: list[int], tokens: list[int]) -> int:
    """OpenAI's prompt cache: prompts of 1,024+ tokens reuse a shared prefix, in 128-token steps."""
    if len(tokens) < 1024 or not previous:
        return 0
    shared = 0
    for a, b in zip(previous, tokens, strict=False):
        if a != b:
            break
        shared += 1
    return 0 if shared < 1024 else 1024 + (shared - 1024) // 128 * 128


def gpt_4o_mini_prices() -> dict[str, float]:
    import litellm

    entry = litellm.model_cost["gpt-4o-mini"]
    return {
        "in": float(entry["input_cost_per_token"]),
        "cached": float(entry.get("cache_read_input_token_cost") or entry["input_cost_per_token"]),
        "out": float(entry["output_cost_per_token"]),
    }


if __name__ == "__main__":
    main()
