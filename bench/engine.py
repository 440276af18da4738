"""Time the offline engine: a whole turn (analyze, disclose, compose) for every persona.

Target (PRODUCT.md): under 10 ms a turn. Prints median and worst per persona.

    python bench/engine.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice import semantic
from practice.answers import index_for
from practice.engines.offline import OfflineEngine
from practice.interview import persona_turn, prepare
from practice.personas import load_personas
from practice.questions import clear_cache
from practice.questions.model import model as topic_model
from practice.transcript import Turn

QUESTIONS = [
    "Hi, thanks for making time! I'm a junior studying sociology.",
    "How did you get into this line of work?",
    "Can you say more about that?",
    "What does a typical week look like for you?",
    "Do you like your job?",
    "What's the hardest part of the work?",
    "How many hours do you usually work?",
    "What skills matter most when you're starting out?",
    "How would you describe the culture where you work?",
    "Where do you see the field heading?",
    "If you were starting today, what would you do differently?",
    "Is there anyone else you think I should talk to?",
    "Thank you so much, this was really helpful.",
]


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    personas = load_personas([root / "personas"]).personas
    engine = OfflineEngine()
    print(f"{'persona':<22}{'turns':>6}{'median ms':>11}{'max ms':>9}")
    all_times: list[float] = []
    builds: list[float] = []
    topic_model()  # loaded once per server, before any question, like the indexes (practice/web/context.py)
    for persona in personas.values():
        start = time.perf_counter()
        index_for(persona)  # built once per loaded file, before the first question (see practice/answers.py)
        builds.append((time.perf_counter() - start) * 1000)
        times = []
        for _ in range(5):
            clear_cache()  # measure the analyzer and the sentence encoder too, not their caches
            semantic.clear_question_cache()
            history = [Turn(role="persona", text=persona.greeting)]
            for text in QUESTIONS:
                start = time.perf_counter()
                request = prepare(persona, history, text)
                reply = engine.compose(request)
                times.append((time.perf_counter() - start) * 1000)
                history += [request.question, persona_turn(request, reply)]
        all_times += times
        print(f"{persona.id:<22}{len(QUESTIONS):>6}{statistics.median(times):>11.2f}{max(times):>9.2f}")
    print(f"\noffline turn: median {statistics.median(all_times):.2f} ms, p95 "
          f"{statistics.quantiles(all_times, n=20)[-1]:.2f} ms, max {max(all_times):.2f} ms (target < 10 ms)")
    print(f"sentence encoder: {'on' if semantic.encoder() else 'off (words only)'}; persona index build: median "
          f"{statistics.median(builds):.0f} ms, max {max(builds):.0f} ms (passage vectors cached in {semantic.cache_folder()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
