"""Score the analyzer on a labelled table (default tests/data/questions.csv); -v lists disagreements.

    python bench/question_table.py [-v] [TABLE.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.questions import analyze

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.csv"


def main() -> None:
    paths = [a for a in sys.argv[1:] if not a.startswith("-")]
    table = Path(paths[0]) if paths else TABLE
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    form_ok = topic_ok = follow_ok = 0
    flag_tp = flag_fp = flag_fn = 0
    verbose = "-v" in sys.argv
    for row in rows:
        a = analyze(row["text"], row["previous_answer"] or None)
        topics = set(filter(None, row["topics"].split(";")))
        flags = set(filter(None, row["flags"].split(";")))
        fu = row["follow_up"] == "true"
        problems = []
        if a.form == row["form"]:
            form_ok += 1
        else:
            problems.append(f"form {a.form} != {row['form']}")
        if set(a.topics) == topics:
            topic_ok += 1
        else:
            problems.append(f"topics {sorted(a.topics)} != {sorted(topics)}")
        if a.follow_up == fu:
            follow_ok += 1
        else:
            problems.append(f"follow_up {a.follow_up} != {fu}")
        got = set(a.flags)
        flag_tp += len(got & flags)
        flag_fp += len(got - flags)
        flag_fn += len(flags - got)
        if got != flags:
            problems.append(f"flags {sorted(got)} != {sorted(flags)}")
        if problems and verbose:
            print(f"- {row['text'][:110]!r}: " + "; ".join(problems))
    n = len(rows)
    print(f"rows {n}: form {form_ok / n:.3f}  topics(exact) {topic_ok / n:.3f}  follow_up {follow_ok / n:.3f}  "
          f"flags P {flag_tp / max(1, flag_tp + flag_fp):.3f} R {flag_tp / max(1, flag_tp + flag_fn):.3f}")


if __name__ == "__main__":
    main()
