"""Time scoring a 40-question session (target under 50 ms), replay and analysis included.

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
from practice.personas import load_personas
from practice.questions import clear_cache
from practice.scoring import score, to_markdown
from practice.transcript import Turn


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    persona = load_personas([root / "personas"]).get("nadia-haddad")
    engine = OfflineEngine()
    history = [Turn(role="persona", text=persona.greeting)]
    questions = [q for q in QUESTIONS if "Thank" not in q and "Hi," not in q]
    for n in range(40):
        request = prepare(persona, history, questions[n % len(questions)] + ("" if n < len(questions) else f" (take {n})"))
        history += [request.question, persona_turn(request, engine.compose(request))]
    plain = [Turn(role=t.role, text=t.text) for t in history]
    times = []
    for _ in range(20):
        clear_cache()  # score from cold, as for a transcript never seen before
        start = time.perf_counter()
        report = score(persona, plain)
        to_markdown(report)
        times.append((time.perf_counter() - start) * 1000)
    print(f"scoring a {report.question_count}-question session: median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
