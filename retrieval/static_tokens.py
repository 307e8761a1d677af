"""Sudachi tokens -> rows of a static word-vector table, without torch.

`SudachiTokens` holds the vocabulary and the look-up rules that `SudachiStaticEmbedding`
(the sentence-transformers module, used to build and adapt the encoder) and
`StaticQueryEncoder` (numpy only, used at query time) share, so both turn a text into
the same vocabulary indices. `StaticQueryEncoder` reads a saved model folder and computes
the same sentence vector as the sentence-transformers model: a weighted sum of word
vectors, common components projected out, blocks normalised and weighted, then unit length.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
from sudachipy import SplitMode

from retrieval.sudachi import shared_dictionary
from retrieval.vocab_index import VocabularyIndex, map_safetensors

_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
# Marks vocabulary keys that are looked up by short units (split mode "A"), so that
# they never collide with the long-unit keys of the same table.
SHORT_PREFIX = "\u2581"
# The class name that a saved model's modules.json gives for the static input module.
MODULE_TYPE = "retrieval.static_embedding.SudachiStaticEmbedding"
NORMALIZE_TYPE = "sentence_transformers.base.modules.normalize.Normalize"
CONFIG_FILE = "sudachi_static_config.json"
TENSORS_FILE = "sudachi_static.safetensors"


class SudachiTokens:
    """Vocabulary look-up over Sudachi normalised forms (see `SudachiStaticEmbedding` for the modes)."""

    vocab: list[str]
    split_mode: str

    def _init_tokens(self, vocab: list[str] | VocabularyIndex, split_mode: str) -> None:
        """`vocab` as a list (kept, to be saved) or, for encoding queries only, as a compact index."""
        if split_mode not in {"A", "C", "AC"}:
            raise ValueError(f"unknown split mode: {split_mode}")
        self.split_mode = split_mode
        self._index: dict[str, int] | VocabularyIndex
        if isinstance(vocab, VocabularyIndex):
            self.vocab = []
            self._index = vocab
        else:
            self.vocab = list(vocab)
            self._index = {token: i for i, token in enumerate(self.vocab)}
        self._dictionary = shared_dictionary()  # one per process (retrieval.sudachi)
        self._local = threading.local()

    def _tokenizers(self) -> tuple[Any, Any]:
        pair = getattr(self._local, "pair", None)
        if pair is None:
            pair = (self._dictionary.create(SplitMode.C), self._dictionary.create(SplitMode.A))
            self._local.pair = pair
        return pair

    def tokens(self, text: str) -> list[str]:
        """Normalised forms of the short-unit content words of `text` (vocabulary or not)."""
        _, short_units = self._tokenizers()
        return [
            m.normalized_form() for m in short_units.tokenize(text[:8000]) if m.part_of_speech()[0] not in _SKIP_POS
        ]

    def token_ids(self, text: str) -> list[int]:
        """Vocabulary indices of the content words of `text`, per the split mode."""
        ids = self._long_unit_ids(text) if "C" in self.split_mode else []
        if "A" in self.split_mode:
            found = (self._index.get(SHORT_PREFIX + token) for token in self.tokens(text))
            ids.extend(i for i in found if i is not None)
        return ids

    def _long_unit_ids(self, text: str) -> list[int]:
        """Long units found in the vocabulary; unknown ones split into short units."""
        long_units, short_units = self._tokenizers()
        ids: list[int] = []
        for morpheme in long_units.tokenize(text[:8000]):
            if morpheme.part_of_speech()[0] in _SKIP_POS:
                continue
            index = self._index.get(morpheme.normalized_form())
            if index is not None:
                ids.append(index)
                continue
            for part in short_units.tokenize(morpheme.surface()):
                if part.part_of_speech()[0] not in _SKIP_POS:
                    sub = self._index.get(part.normalized_form())
                    if sub is not None:
                        ids.append(sub)
        return ids


def _unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as torch's `normalize` does."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def is_static_model(folder: Path) -> bool:
    """True for a saved model that is exactly our static input module followed by `Normalize`."""
    modules_file = folder / "modules.json"
    if not modules_file.exists() or not (folder / TENSORS_FILE).exists():
        return False
    types = [m.get("type", "") for m in json.loads(modules_file.read_text(encoding="utf-8"))]
    return types == [MODULE_TYPE, NORMALIZE_TYPE]


class StaticQueryEncoder(SudachiTokens):
    """The sentence vectors of a saved static model, computed with numpy (no torch at query time).

    `encode` takes the arguments of `SentenceTransformer.encode` that the retrievers pass and
    returns the same vectors (to float rounding). Loaded from a folder (`load`), the vocabulary is a
    compact `VocabularyIndex` and the tensors are memory-mapped (see `retrieval.vocab_index`).
    """

    def __init__(self, vocab: list[str] | VocabularyIndex, rows: np.ndarray, weights: np.ndarray,
                 vectors: np.ndarray, remove: np.ndarray, split_mode: str = "C",
                 block_weights: list[float] | None = None) -> None:
        self._init_tokens(vocab, split_mode)
        self.rows = np.asarray(rows, dtype=np.int64)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.remove = np.asarray(remove, dtype=np.float32).reshape(-1, self.vectors.shape[1])
        self.block_weights = None if block_weights is None else np.asarray(block_weights, dtype=np.float32)

    @classmethod
    def load(cls, folder: Path) -> StaticQueryEncoder:
        vocab = VocabularyIndex((folder / "vocab.txt").read_text(encoding="utf-8"))  # the tokens, one a line
        tensors = map_safetensors(folder / TENSORS_FILE)
        config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        return cls(vocab, tensors["rows"], tensors["weights"], tensors["vectors"], tensors["remove"],
                   split_mode=config.get("split_mode", "C"), block_weights=config.get("block_weights"))

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, text: str) -> np.ndarray:
        """One sentence vector (unit length, or zeros when no word of `text` is in the vocabulary)."""
        ids = np.asarray(self.token_ids(text), dtype=np.int64)
        if ids.size == 0:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        pooled = self.weights[ids] @ self.vectors[self.rows[ids]]
        if self.remove.shape[0]:
            pooled = pooled - (pooled @ self.remove.T) @ self.remove
        if self.block_weights is not None:
            blocks = _unit(pooled.reshape(len(self.block_weights), -1)) * self.block_weights[:, None]
            pooled = blocks.reshape(-1)
        return _unit(pooled.astype(np.float32))

    def encode(self, sentences: str | list[str], **kwargs: Any) -> np.ndarray:
        """Like `SentenceTransformer.encode` with `convert_to_numpy` (outputs are always unit length)."""
        texts = [sentences] if isinstance(sentences, str) else list(sentences)
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.embed(str(text))
        return out[0] if isinstance(sentences, str) else out
