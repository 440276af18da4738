"""Rebuild practice/questions/examples.csv and refit the topic model on it (practice/questions/topic_model.npz).

    python bench/topic_examples.py

The examples are every way of asking written in the shipped persona files (`asked:`, labelled
with its passage's topic) and the single-topic, stand-alone questions of the first seven labelled
tables in tests/data. The eighth and ninth tables are never used: they measure the model on questions it has
not seen (bench/question_table.py). Run this after changing a topic cue or a labelled table.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.personas import load_personas
from practice.questions import model
from practice.questions.meaning import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("questions.csv", "questions_second_set.csv", "questions_third_set.csv", "questions_fourth_set.csv", "questions_fifth_set.csv",
          "questions_sixth_set.csv", "questions_seventh_set.csv")
LONGEST = 300  # characters: a rambling paragraph says too many things to stand for one topic


def main() -> int:
    examples: dict[str, str] = {}
    for persona in load_personas([ROOT / "personas"]).personas.values():
        for passage_id, ways in persona.asked.items():
            for way in ways:
                examples.setdefault(way.strip(), passage_id.split(".")[1])
    for table in TABLES:
        with (ROOT / "tests" / "data" / table).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                topics = [t for t in row["topics"].split(";") if t]
                if len(topics) == 1 and not row["previous_answer"] and row["form"] in ("open", "closed") and len(row["text"]) <= LONGEST:
                    examples.setdefault(row["text"].strip(), topics[0])
    with EXAMPLES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "topic"])
        for question, topic in sorted(examples.items(), key=lambda item: (item[1], item[0].lower())):
            writer.writerow([question, topic])
    counts = Counter(examples.values())
    print(f"{len(examples)} examples written to {EXAMPLES}: " + ", ".join(f"{t} {n}" for t, n in sorted(counts.items())))
    import numpy as np

    np.savez_compressed(model.WEIGHTS, **model.fit())
    print(f"topic model fitted and written to {model.WEIGHTS} ({model.WEIGHTS.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
