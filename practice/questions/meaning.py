"""What a question means, from labelled examples: its vector, and the vote of the examples nearest it.

Both feed the topic model (`practice.questions.model`), the topic stage's second voice. The cue patterns (`practice.questions.topics`) know the words students use for each topic; they
miss a question that says it another way ("has a field day ever just fallen apart on you?" names
no cue of rewards and challenges). Each word piece of the sentence encoder's vocabulary
(`practice.semantic`) has a vector that places it near words of like meaning; a question's
pieces, weighed by how rare they are among the examples, sum to a vector near the examples that
say the same thing in other words, and the topics of its nearest examples vote too. The pieces'
vectors are read from the encoder's first table, without running the encoder itself: a vote
costs a tenth of a millisecond, so the analyzer stays near a millisecond a question.

The examples (`examples.csv`, one topic each) are the ways of asking written in the shipped
persona files and the single-topic questions of the project's first seven labelled tables; the
eighth table is kept out of them, to measure the topic stage on questions it has never seen.

Without the sentence encoder (no weights, or no numpy) there is no vote, and the cues decide alone.
"""

from __future__ import annotations

import csv
import math
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from practice import semantic
from practice.topics import TOPICS

if TYPE_CHECKING:
    import numpy as np

EXAMPLES = Path(__file__).with_name("examples.csv")
# How many of the nearest examples vote, and how close the nearest must be for any of them to.
NEIGHBOURS = 10
NEAREST_FLOOR = 0.35
# Summed word-piece vectors share a common part that says nothing of meaning: it is taken away
# (the examples' mean), and the vectors are kept in the examples' main directions, this many
# (Mu and Viswanath, "All-but-the-Top", 2018, for the first; the second keeps a vote at 130 kB).
DIRECTIONS = 128

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Examples:
    encoder: semantic.Encoder
    table: np.ndarray  # the encoder's word-piece vectors
    idf: dict[int, float]
    unseen_idf: float
    mean: np.ndarray  # the examples' common part, taken from every vector
    directions: np.ndarray  # (width, DIRECTIONS): the examples' main directions
    vectors: np.ndarray  # one unit vector per example, in those directions
    topics: np.ndarray  # each example's topic, as its number in TOPICS

    def vector(self, text: str) -> np.ndarray | None:
        """The text's unit vector among the examples' (None for a text with no word pieces)."""
        summed = _summed(self.encoder, self.table, self.idf, self.unseen_idf, self.encoder.tokenizer.encode(text)[1:-1])
        if summed is None:
            return None
        kept = (summed - self.mean) @ self.directions
        norm = float(self.encoder.np.linalg.norm(kept))
        return kept / norm if norm else None

    def vote(self, vector: np.ndarray | None) -> dict[str, float]:
        """For a text's vector (from `vector`), the share of its nearest examples' closeness each topic holds (empty when none is close)."""
        if vector is None:
            return {}
        np = self.encoder.np
        close = self.vectors @ vector
        nearest = np.argpartition(close, -NEIGHBOURS)[-NEIGHBOURS:]
        if float(close[nearest].max()) < NEAREST_FLOOR:
            return {}
        weights = np.bincount(self.topics[nearest], weights=close[nearest], minlength=len(TOPICS))
        total = float(weights.sum()) or 1.0
        return {t: float(w) / total for t, w in zip(TOPICS, weights.tolist(), strict=True) if w > 0}


def _summed(encoder: semantic.Encoder, table: np.ndarray, idf: dict[int, float], unseen_idf: float, pieces: list[int]) -> np.ndarray | None:
    """A text's word pieces (without [CLS] and [SEP]) as their vectors summed, each weighed by its rarity among the examples, to unit length."""
    if not pieces:
        return None
    np = encoder.np
    weights = np.array([idf.get(p, unseen_idf) for p in pieces], dtype=np.float32)
    summed = weights @ table[pieces]
    norm = float(np.linalg.norm(summed))
    return summed / norm if norm else None


@lru_cache(maxsize=1)
def _load(encoder: semantic.Encoder) -> Examples:
    np = encoder.np
    with EXAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pieces = [encoder.tokenizer.encode(r["question"])[1:-1] for r in rows]
    df: Counter[int] = Counter()
    for found in pieces:
        df.update(set(found))
    idf = {p: math.log((len(rows) + 1) / (d + 1)) for p, d in df.items()}
    unseen_idf = math.log(len(rows) + 1)
    table = encoder.w["embeddings.word_embeddings.weight"]
    summed = [_summed(encoder, table, idf, unseen_idf, found) for found in pieces]
    keep = [n for n, v in enumerate(summed) if v is not None]
    raw = np.stack([summed[n] for n in keep]).astype(np.float32)
    mean = raw.mean(axis=0)
    _, _, main = np.linalg.svd(raw - mean, full_matrices=False)
    directions = np.ascontiguousarray(main[:DIRECTIONS].T).astype(np.float32)
    vectors = (raw - mean) @ directions
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    index: dict[str, int] = {t: n for n, t in enumerate(TOPICS)}
    return Examples(encoder, table, idf, unseen_idf, mean, directions, vectors.astype(np.float32),
                     np.array([index[rows[n]["topic"]] for n in keep]))


def examples() -> Examples | None:
    """The labelled examples, ready to vote; None without the sentence encoder's weights."""
    encoder = semantic.encoder()
    if encoder is None:
        return None
    with _LOCK:
        return _load(encoder)
