"""Questions shown to students read as good written English: every rewrite of the labelled tables is checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from practice.questions import analyze
from practice.wording import plain_question, problems

DATA = Path(__file__).parent / "data"
ROWS = [
    row
    for path in sorted(DATA.glob("questions*.csv"))
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())
]


def test_every_rewrite_of_the_labelled_tables_reads_as_good_english() -> None:
    bad = []
    for row in ROWS:
        rewrite = analyze(row["text"], row["previous_answer"] or None).rewrite
        if rewrite is not None and problems(rewrite):
            bad.append((row["text"], rewrite, problems(rewrite)))
    assert bad == []


@pytest.mark.parametrize(
    ("question", "original", "written"),
    [
        ("how important is excel", "how important is excel", "How important is Excel?"),
        ("what are your thoughts on whether ill get a job in tech with a history degree", "", "What are your thoughts on whether I'll get a job in tech with a history degree?"),
        ("how did americorps shape your path", "How did AmeriCorps shape your path?", "How did AmeriCorps shape your path?"),
        ("what do you use sql for??", "", "What do you use SQL for?"),
        ("what is the the hardest part", "", "What is the hardest part?"),
        ("how did you find Alamo pathways", "How did you find Alamo Pathways", "How did you find Alamo Pathways?"),
        ("whats it like when im new", "", "What's it like when I'm new?"),
        # "Like" is capitalised there only because it starts a sentence.
        ("what does a normal week look like", "What does a normal week look like? Like, how much of it is out in the field?",
         "What does a normal week look like?"),
    ],
)
def test_plain_question(question: str, original: str, written: str) -> None:
    assert plain_question(question, original) == written
    assert problems(written) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("what role does Excel play?", "does not start with a capital"),
        ("What role does excel play?", "'excel' should be 'Excel'"),
        ("What does it take? And why?", "needs exactly one question mark, at the end"),
        ("What is the the hardest part?", "repeats a word"),
        ("Will ill get hired?", "a contraction without its apostrophe"),
    ],
)
def test_the_grammar_rules_catch_what_they_name(text: str, problem: str) -> None:
    assert problem in problems(text)
