"""Time scoring a 40-question and an 800-question session (targets: 5 ms and 100 ms), replay included.

Printed three ways: a stored session (its turns carry the coding each question got when it was
asked, as the store returns them, so nothing is analysed again); a bare transcript (text only,
as an import) from cold, every question analysed afresh; and the same with the analyses cached.

    python bench/scoring.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.engine import QUESTIONS
from practice.engines.offline import OfflineEngine
from practice.interview import persona_turn, prepare
from practice.personas import Persona, load_personas
from practice.questions import clear_cache
from practice.scoring import score, to_markdown
from practice.transcript import Turn


def session(persona: Persona, size: int) -> list[Turn]:
    engine = OfflineEngine()
    history = [Turn(role="persona", text=persona.greeting)]
    questions = [q for q in QUESTIONS if "Thank" not in q and "Hi," not in q]
    for n in range(size):
        request = prepare(persona, history, questions[n % len(questions)] + ("" if n < len(questions) else f" (take {n})"))
        history += [request.question, persona_turn(request, engine.compose(request))]
    return history


def timed(persona: Persona, turns: list[Turn], runs: int, cold: bool) -> tuple[float, float, int]:
    times = []
    report = score(persona, turns)
    for _ in range(runs):
        if cold:
            clear_cache()  # score from cold, as for a transcript never seen before
        start = time.perf_counter()
        report = score(persona, turns)
        to_markdown(report)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), report.question_count


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    persona = load_personas([root / "personas"]).get("nadia-haddad")
    for size, target, runs in ((40, 5, 20), (800, 100, 5)):
        stored = session(persona, size)
        bare = [Turn(role=t.role, text=t.text) for t in stored]
        for label, turns, cold in (("stored session", stored, True), ("bare transcript, cold", bare, True),
                                   ("bare transcript, analyses cached", bare, False)):
            median, most, count = timed(persona, turns, runs, cold)
            print(f"scoring a {count}-question {label}: median {median:.1f} ms, max {most:.1f} ms (target < {target} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
