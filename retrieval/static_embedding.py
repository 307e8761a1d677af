"""A sentence-transformers input module: Sudachi tokens -> weighted static word vectors.

Japanese has no spaces, so the Rust tokenizers behind `StaticEmbedding` cannot split
it; this module tokenises with Sudachi (normalised forms) and averages rows of a
static vector table with per-token weights. Saved and loaded like any other
sentence-transformers module (`modules.json` names this class).
"""

from __future__ import annotations

import json
import os
from typing import Any, ClassVar

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from sentence_transformers.base.modules.input_module import InputModule
from torch import nn

from retrieval.static_tokens import SHORT_PREFIX, SudachiTokens

__all__ = ["SHORT_PREFIX", "SudachiStaticEmbedding"]


class SudachiStaticEmbedding(SudachiTokens, InputModule):
    """Weighted bag of static word vectors over Sudachi normalised forms.

    Args:
        vocab: token strings (Sudachi normalised forms).
        rows: for each token, its row in `vectors`.
        weights: for each token, its weight in the average (e.g. rarer words count more).
        vectors: the row table, shape (n_rows, dim).
        remove: directions projected out of every sentence vector (common components).
        split_mode: "C" looks up long units and splits unknown ones into short units;
            "A" looks up short units, each as `SHORT_PREFIX` + its normalised form;
            "AC" does both (the corpus-adapted model, see `retrieval.adapt`).
        block_weights: if given, the vector is that many equal blocks (e.g. a trained
            table beside the frozen base table); each block is normalised and scaled by
            its weight, so the cosine of two outputs is a weighted mean of block cosines.
    """

    config_keys: ClassVar[list[str]] = ["embedding_dim", "split_mode", "block_weights"]  # type: ignore[misc]
    config_file_name = "sudachi_static_config.json"

    def __init__(
        self,
        vocab: list[str],
        rows: np.ndarray | torch.Tensor,
        weights: np.ndarray | torch.Tensor,
        vectors: np.ndarray | torch.Tensor,
        remove: np.ndarray | torch.Tensor | None = None,
        embedding_dim: int | None = None,
        split_mode: str = "C",
        block_weights: list[float] | None = None,
    ) -> None:
        super().__init__()
        vectors_t = torch.as_tensor(vectors, dtype=torch.float32)
        if embedding_dim is not None and embedding_dim != vectors_t.shape[1]:
            raise ValueError("embedding_dim does not match the vector table")
        if len(vocab) != len(rows) or len(vocab) != len(weights):
            raise ValueError("vocab, rows and weights must have the same length")
        if block_weights is not None and (not block_weights or vectors_t.shape[1] % len(block_weights)):
            raise ValueError("the vector width must split into len(block_weights) equal blocks")
        self._init_tokens(vocab, split_mode)  # vocabulary, split mode and the Sudachi look-up rules
        self.block_weights = None if block_weights is None else [float(w) for w in block_weights]
        self.register_buffer("rows", torch.as_tensor(rows, dtype=torch.long))
        self.register_buffer("weights", torch.as_tensor(weights, dtype=torch.float32))
        remove_t = torch.zeros((0, vectors_t.shape[1])) if remove is None else torch.as_tensor(remove)
        self.register_buffer("remove", remove_t.to(torch.float32))
        self.embedding = nn.EmbeddingBag.from_pretrained(vectors_t, freeze=False, mode="sum")
        self.embedding_dim = int(vectors_t.shape[1])

    def preprocess(self, inputs: list[str], prompt: str | None = None, **kwargs: Any) -> dict[str, torch.Tensor]:  # type: ignore[override]
        token_lists = [self.token_ids((prompt or "") + str(text)) for text in inputs]
        offsets = torch.tensor(np.cumsum([0] + [len(t) for t in token_lists[:-1]]), dtype=torch.long)
        flat = torch.tensor([i for ids in token_lists for i in ids], dtype=torch.long)
        return {"token_index": flat, "offsets": offsets}

    def forward(self, features: dict[str, torch.Tensor], **kwargs: Any) -> dict[str, torch.Tensor]:
        index = features["token_index"]
        rows = self.rows[index]
        pooled = self.embedding(rows, features["offsets"], per_sample_weights=self.weights[index])
        if self.remove.shape[0]:
            pooled = pooled - (pooled @ self.remove.T) @ self.remove
        if self.block_weights is not None:
            blocks = pooled.reshape(pooled.shape[0], len(self.block_weights), -1)
            scale = torch.tensor(self.block_weights, dtype=pooled.dtype)[None, :, None]
            pooled = (torch.nn.functional.normalize(blocks, dim=-1) * scale).reshape(pooled.shape)
        features["sentence_embedding"] = pooled
        return features

    def get_embedding_dimension(self) -> int:
        return self.embedding_dim

    @property
    def max_seq_length(self) -> int:
        return 8000

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        with open(os.path.join(output_path, "vocab.txt"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(self.vocab))
        tensors = {
            "vectors": self.embedding.weight.detach().contiguous(),
            "rows": self.rows,
            "weights": self.weights,
            "remove": self.remove,
        }
        save_file(tensors, os.path.join(output_path, "sudachi_static.safetensors"))
        self.save_config(output_path)

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", **kwargs: Any) -> SudachiStaticEmbedding:  # type: ignore[override]
        folder = os.path.join(model_name_or_path, subfolder)
        with open(os.path.join(folder, "vocab.txt"), encoding="utf-8") as handle:
            vocab = handle.read().split("\n")
        tensors = load_file(os.path.join(folder, "sudachi_static.safetensors"))
        with open(os.path.join(folder, cls.config_file_name), encoding="utf-8") as handle:
            config = json.load(handle)
        return cls(vocab, tensors["rows"], tensors["weights"], tensors["vectors"], tensors["remove"], **config)
