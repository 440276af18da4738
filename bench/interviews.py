"""Does the report code a scripted interview as a careful advisor would? Compares reports with truth files.

    python bench/interviews.py [-v] [FOLDER]   (default: tests/data/interviews)

Each file is a transcript ({"persona_id", "turns"}) with a "truth": per question its form, topics,
follow-up and flags, and for the whole interview the topics covered, the open, closed, follow-up
and double-barreled counts, the etiquette checks and the score band (strong at least 85, weak at
most 40, as PRODUCT.md sets them). Prints, per interview, every fact on which the report
disagrees; then how many facts and interviews agree in all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from practice.personas import load_personas
from practice.scoring import Report, parse_transcript, score

ROOT = Path(__file__).resolve().parents[1]
BANDS = {"strong": lambda s: s >= 85, "weak": lambda s: s <= 40, "middle": lambda s: 40 < s < 85}


def disagreements(report: Report, truth: dict[str, Any], turns: list[Any]) -> list[str]:
    """Every coded fact of `report` that differs from `truth`."""
    found = []
    student_numbers = {}  # a turn's index in the transcript -> its number among the student's turns
    for n, i in enumerate((i for i, t in enumerate(turns) if t.role == "student"), start=1):
        student_numbers[i] = n
    by_number = {q.index: q for q in report.questions}
    for expected in truth["questions"]:
        q = by_number.get(student_numbers.get(expected["turn"], -1))
        if q is None:
            found.append(f"turn {expected['turn']}: not in the report")
            continue
        label = f"Q{q.index} {q.text[:60]!r}"
        if q.form != expected["form"]:
            found.append(f"{label}: form {q.form}, truth {expected['form']}")
        if set(q.topics) != set(expected["topics"]):
            found.append(f"{label}: topics {sorted(q.topics)}, truth {sorted(expected['topics'])}")
        if q.follow_up != expected["follow_up"]:
            found.append(f"{label}: follow-up {q.follow_up}, truth {expected['follow_up']}")
        if set(q.flags) != set(expected["flags"]):
            found.append(f"{label}: flags {sorted(q.flags)}, truth {sorted(expected['flags'])}")
    covered = {c.topic for c in report.coverage if c.covered}
    if covered != set(truth["topics_covered"]):
        found.append(f"topics covered {sorted(covered)}, truth {sorted(truth['topics_covered'])}")
    double = sum("double_barreled" in q.flags for q in report.questions)
    for name, got in (("open", report.open_count), ("closed", report.closed_count), ("follow_ups", report.follow_up_count), ("double_barreled", double)):
        if got != truth[name]:
            found.append(f"{name} {got}, truth {truth[name]}")
    e = report.etiquette
    checks = {
        "introduced": e.introduced, "purpose": e.stated_purpose, "thanked": e.thanked, "asked_who_else": e.asked_for_contacts,
        "job_request": bool(e.job_requests), "personal_salary": bool(e.personal_salary_questions), "googleable": bool(e.googleable_questions),
    }
    for name, got in checks.items():
        if got != truth["etiquette"][name]:
            found.append(f"etiquette {name} {got}, truth {truth['etiquette'][name]}")
    if not BANDS[truth["band"]](report.score):
        found.append(f"score {report.score}, outside the {truth['band']} band")
    return found


def facts(truth: dict[str, Any]) -> int:
    """How many facts a truth file states (4 per question, then the interview's own)."""
    return 4 * len(truth["questions"]) + 1 + 4 + len(truth["etiquette"]) + 1


def main() -> int:
    verbose = "-v" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    folder = Path(args[0]) if args else ROOT / "tests" / "data" / "interviews"
    personas = load_personas([ROOT / "personas"]).personas
    total_facts = wrong_facts = clean = 0
    files = sorted(folder.glob("*.json"))
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        persona_id, turns = parse_transcript(data)
        report = score(personas[persona_id], turns)
        found = disagreements(report, data["truth"], turns)
        total_facts += facts(data["truth"])
        wrong_facts += len(found)
        clean += not found
        print(f"{path.name}: {persona_id}, {data['truth']['band']}, score {report.score}: {len(found)} disagreement(s)")
        if verbose:
            for line in found:
                print(f"    {line}")
    print(f"\n{clean} of {len(files)} interviews with no disagreement; {total_facts - wrong_facts} of {total_facts} facts agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
