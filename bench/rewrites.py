"""How often a closed question's open rewrite keeps the student's subject, over the labelled tables.

Prints, for the closed questions of `tests/data/questions*.csv`: how many fall back to the open
question of their topic (the subject is lost), and how many share no content word with the
question (a looser sign; synonyms such as "major" / "studied" count as lost here). -v lists the
fallbacks.

    python bench/rewrites.py [-v]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.questions import analyze
from practice.questions.words import content_words
from practice.rewrites import TOPIC_REWRITES


def main() -> int:
    data = Path(__file__).resolve().parents[1] / "tests" / "data"
    rows = [row for path in sorted(data.glob("questions*.csv")) for row in csv.DictReader(path.open(encoding="utf-8"))]
    closed = fallback = unshared = 0
    fallbacks = []
    for row in rows:
        a = analyze(row["text"], row["previous_answer"] or None)
        if a.form != "closed" or a.rewrite is None:
            continue
        closed += 1
        if a.rewrite in TOPIC_REWRITES.values():
            fallback += 1
            fallbacks.append(f"- {row['text'][:100]!r} -> {a.rewrite!r}")
        asked = set(content_words(" ".join(q.text for q in a.questions)))
        if not asked & set(content_words(a.rewrite.lower())):
            unshared += 1
    print(f"closed questions {closed}: rewritten by topic (subject lost) {fallback} ({fallback / closed:.0%}), "
          f"sharing no content word {unshared} ({unshared / closed:.0%})")
    if "-v" in sys.argv:
        print("\n".join(fallbacks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
