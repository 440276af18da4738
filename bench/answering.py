"""Does the offline persona answer the question that was asked? Scores labelled questions.

    python bench/answering.py [-v] [TABLE.csv ...]   (default: tests/data/answers*.csv)

Each row is a persona, a student's first question after the greeting, its kind (single, multi,
off_file, goodbye) and the file passages that answer it (`|` between alternatives, `;` between
the parts of a multi-part question). Printed per table: the share of replies that hold an
answering passage, the share that lead with one, and how multi-part, off-file and goodbye
questions were handled; then the offline turn time.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.engines.offline import OfflineEngine
from practice.interview import prepare
from practice.personas import Persona, load_personas
from practice.transcript import Turn, passage_ids

ROOT = Path(__file__).resolve().parents[1]


def spoken_order(persona: Persona, reply: str) -> list[str]:
    """The file passages a reply holds, in the order it says them."""
    low = reply.lower()
    found = [(low.find(text.lower()), pid) for pid, text in passage_ids(persona).items() if text.lower() in low]
    return [pid for _, pid in sorted(found)]


def main() -> None:
    verbose = "-v" in sys.argv
    tables = [Path(a) for a in sys.argv[1:] if not a.startswith("-")] or sorted((ROOT / "tests" / "data").glob("answers*.csv"))
    personas = load_personas([ROOT / "personas"]).personas
    engine = OfflineEngine()
    for table in tables:
        rows = list(csv.DictReader(table.open(encoding="utf-8")))
        counts = {"single": [0, 0, 0], "multi": [0, 0, 0], "off_file": [0, 0], "goodbye": [0, 0]}
        elapsed = 0.0
        for row in rows:
            persona = personas[row["persona_id"]]
            history = [Turn(role="persona", text=persona.greeting)]
            start = time.perf_counter()
            request = prepare(persona, history, row["question"])
            reply = engine.compose(request)
            elapsed += time.perf_counter() - start
            said = spoken_order(persona, reply)
            kind = row["kind"]
            ok = True
            if kind in ("single", "multi"):
                parts = [set(p.split("|")) for p in row["answers"].split(";")]
                holds = all(part & set(said) for part in parts)
                leads = bool(said) and said[0] in parts[0]
                c = counts[kind]
                c[0] += 1
                c[1] += holds
                c[2] += leads
                ok = holds and leads
            elif kind == "off_file":
                handled = not said and getattr(getattr(request, "plan", None), "situation", "off_file") == "off_file"
                counts[kind][0] += 1
                counts[kind][1] += handled
                ok = handled
            elif kind == "goodbye":
                handled = reply.endswith(persona.sign_off)
                counts[kind][0] += 1
                counts[kind][1] += handled
                ok = handled
            if verbose and not ok:
                print(f"- [{row['persona_id']}] {kind} {row['question']!r}\n    want {row['answers'] or '-'}; said {said}; "
                      f"{getattr(getattr(request, 'plan', None), 'situation', '')}\n    {reply[:200]}")
        s, m = counts["single"], counts["multi"]
        answerable = s[0] + m[0]
        print(f"{table.name}: {len(rows)} rows")
        print(f"  holds an answering passage: {(s[1] + m[1]) / max(1, answerable):.3f}   leads with one: {(s[2] + m[2]) / max(1, answerable):.3f}"
              f"   (single {s[1]}/{s[0]} hold, {s[2]}/{s[0]} lead; multi {m[1]}/{m[0]} every part answered)")
        print(f"  off-file said so: {counts['off_file'][1]}/{counts['off_file'][0]}   goodbye signed off: {counts['goodbye'][1]}/{counts['goodbye'][0]}")
        print(f"  offline turn (plan + reply): {elapsed / len(rows) * 1000:.2f} ms mean")


if __name__ == "__main__":
    main()
