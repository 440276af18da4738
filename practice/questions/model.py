"""What topic a question means, learned from labelled examples: the topic stage's second voice.

The cue patterns (`practice.questions.topics`) know the words students use for each topic; they
miss a question that says it another way ("has a field day ever just fallen apart on you?" names
no cue of rewards and challenges), and now and then a cue word is used for something else ("what
keeps you at this job" is not about the hours). A small linear model (multinomial logistic
regression), fitted on the labelled examples (`examples.csv`), reads three things of a question:

- its words and word pairs, stemmed, hashed into BUCKETS;
- how many strong and weak cues of each topic it holds (so it learns how far each cue is trusted);
- its meaning vector (`practice.questions.meaning`: word pieces weighed by rarity, in the
  examples' main directions), so a question in other words lands near its examples.

It gives each topic a probability. The analyzer takes the model's topic for a question no cue
names, and over a cue when the model is sure the cue is wrong (`TRUSTED`). Reading a question costs
well under a tenth of a millisecond: a few hashed rows summed, and two small products.

The weights (`topic_model.npz`) are fitted by `python bench/topic_examples.py`, which rebuilds the
examples first; they carry a digest of everything they were fitted on (the examples, the cues, the
settings below), and weights that do not match are not used (tests/test_questions.py says so, so a
cue changed without refitting is caught). Without the sentence encoder there is no model: the cues
decide alone.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
import threading
import zlib
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from practice.questions import meaning
from practice.questions.topics import TOPIC_CUES, cue_counts
from practice.questions.words import stem
from practice.topics import TOPICS

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("topic_model.npz")
BUCKETS = 1 << 14  # hashed words and word pairs
CUE_WEIGHT = 0.5  # the cue counts' scale among the inputs
MEANING_WEIGHT = 2.0  # the meaning vector's scale
# Fitting: full-batch gradient descent on the mean log loss plus a small L2 penalty.
STEPS, RATE, PENALTY = 1500, 2.0, 1e-3
# The nearest examples' vote counts this much beside the model's probabilities.
NEAREST_SHARE = 0.5
# Together they overrule a cue only when they give another topic at least this probability,
TRUSTED = 0.45
# and name a topic no cue names when it holds at least this probability.
NAMES = 0.3

_WORD = re.compile(r"[a-z0-9']+")
_LOCK = threading.Lock()


def _hashed(text: str) -> list[int]:
    """The text's stemmed words and word pairs, as bucket numbers (each once)."""
    words = [stem(w) for w in _WORD.findall(text)]
    tokens = words + [f"{a}_{b}" for a, b in pairwise(words)]
    return sorted({zlib.crc32(t.encode()) % BUCKETS for t in tokens})


def _dense(found: meaning.Examples, text: str, vector: np.ndarray | None) -> np.ndarray:
    """The cue counts (strong, weak per topic) and the meaning vector (`found.vector(text)`), scaled, as one row."""
    xp = found.encoder.np
    if vector is None:
        vector = xp.zeros(found.directions.shape[1], dtype=xp.float32)
    row = xp.concatenate([xp.array(cue_counts(text), dtype=xp.float32) * CUE_WEIGHT, vector.astype(xp.float32) * MEANING_WEIGHT])
    out: np.ndarray = row
    return out


def digest() -> str:
    """What the weights must have been fitted on: the examples, the cue patterns and the settings."""
    h = hashlib.sha256(meaning.EXAMPLES.read_bytes())
    for topic in TOPICS:
        for pattern in TOPIC_CUES[topic]:
            h.update(pattern.pattern.encode())
    h.update(repr((BUCKETS, CUE_WEIGHT, MEANING_WEIGHT, STEPS, RATE, PENALTY, meaning.DIRECTIONS)).encode())
    return h.hexdigest()


def fit() -> dict[str, np.ndarray]:
    """Fit the weights on examples.csv (needs the sentence encoder); returns the arrays to save."""
    found = meaning.examples()
    if found is None:
        raise RuntimeError("the sentence encoder's weights are needed to fit the topic model")
    np = found.encoder.np
    with meaning.EXAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    from practice.questions.form import strip_fillers
    from practice.questions.normalise import normalise

    texts = [strip_fillers(normalise(r["question"])) for r in rows]
    labels = np.array([TOPICS.index(r["topic"]) for r in rows])
    hashed = [_hashed(t) for t in texts]
    flat = np.concatenate([np.array(h, dtype=np.int64) for h in hashed])
    lengths = np.array([len(h) for h in hashed])
    row_of = np.repeat(np.arange(len(rows)), lengths)
    value = np.repeat(1 / np.sqrt(np.maximum(1, lengths)), lengths).astype(np.float32)[:, None]
    dense = np.stack([_dense(found, t, found.vector(t)) for t in texts])
    n, k = len(rows), len(TOPICS)
    sparse_w = np.zeros((BUCKETS, k), dtype=np.float32)
    dense_w = np.zeros((dense.shape[1], k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    truth = np.eye(k, dtype=np.float32)[labels]
    for _ in range(STEPS):
        z = dense @ dense_w + bias
        np.add.at(z, row_of, sparse_w[flat] * value)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - truth) / n
        sparse_g = np.zeros_like(sparse_w)
        np.add.at(sparse_g, flat, g[row_of] * value)
        sparse_w -= RATE * (sparse_g + PENALTY * sparse_w)
        dense_w -= RATE * (dense.T @ g + PENALTY * dense_w)
        bias -= RATE * g.sum(axis=0)
    return {"sparse": sparse_w.astype(np.float16), "dense": dense_w, "bias": bias, "digest": np.array(digest())}


_Weights = tuple["np.ndarray", "np.ndarray", "np.ndarray"]


@lru_cache(maxsize=1)
def _weights() -> _Weights | None:
    """The fitted weights, read once; None when missing or fitted on other examples or cues."""
    import numpy as np

    if not WEIGHTS.exists():
        log.warning("no topic model at %s (python bench/topic_examples.py fits it): the cues decide alone", WEIGHTS)
        return None
    with np.load(WEIGHTS) as saved:
        if str(saved["digest"]) != digest():
            log.warning("%s was fitted on other examples or cues (python bench/topic_examples.py refits it): "
                        "the cues decide alone", WEIGHTS)
            return None
        return saved["sparse"].astype(np.float32), saved["dense"], saved["bias"]


def model() -> tuple[meaning.Examples, _Weights] | None:
    """The examples and the fitted weights, or None without the encoder or fresh weights."""
    found = meaning.examples()
    if found is None:
        return None
    with _LOCK:
        weights = _weights()
    return (found, weights) if weights is not None else None


def topic_probabilities(questions: Sequence[str]) -> list[dict[str, float]] | None:
    """For each question (normalised, fillers stripped), each topic's probability; None without a model.

    The model's probabilities are averaged with the vote of the labelled examples nearest in
    meaning (`meaning.Examples.vote`), NEAREST_SHARE each: the model generalises over the words,
    the nearest examples know the particular ways of asking written down.
    """
    loaded = model()
    if loaded is None or not questions:
        return None
    found, (sparse_w, dense_w, bias) = loaded
    np = found.encoder.np
    out: list[dict[str, float]] = []
    for text in questions:
        vector = found.vector(text)  # read once: for the model and for the nearest examples' vote
        votes = found.vote(vector)
        hashed = _hashed(text)
        z = _dense(found, text, vector) @ dense_w + bias
        if hashed:
            z = z + sparse_w[hashed].sum(axis=0) / np.sqrt(len(hashed))
        p = np.exp(z - z.max())
        p /= p.sum()
        chances = dict(zip(TOPICS, p.tolist(), strict=True))
        if votes:
            chances = {t: (1 - NEAREST_SHARE) * c + NEAREST_SHARE * votes.get(t, 0.0) for t, c in chances.items()}
        out.append(chances)
    return out
