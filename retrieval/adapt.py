"""Adapt the static encoder to the corpus being indexed, from its own question–answer pairs.

An operator always has their FAQ: every entry pairs the ways a question is asked (its
titles) with the answer (its body). Contrastive training on those pairs (in-batch
negatives, as in sentence-transformers' MultipleNegativesRankingLoss) moves the word
vectors of a question's words towards those of its answer's words, which teaches the
encoder the vocabulary gap between how people ask and how the FAQ answers. Nothing but
the indexed documents is read: no queries, no relevance judgements, no hub.

The result is a plain sentence-transformers model (`SudachiStaticEmbedding` in short-unit
mode + `Normalize`) whose vector is two blocks: the trained table and the frozen base
table (the base encoder's word vectors, IDF-weighted); the cosine of two vectors is a
weighted mean of the two block cosines, so general word knowledge keeps a say.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from retrieval.analyzer import STOPWORDS
from retrieval.hits import Document
from retrieval.static_embedding import SHORT_PREFIX, SudachiStaticEmbedding


@dataclass(frozen=True)
class AdaptSettings:
    """Training constants (chosen on LocalGovFAQ dev; see the retrieval report).

    Attributes:
        epochs: passes over the documents.
        batch_size: documents per step; the other documents of a batch are the negatives.
        learning_rate: Adam step size on the word vectors.
        scale: inverse temperature of the contrastive softmax (cosine * scale).
        trained_weight, base_weight: block weights of the trained and frozen tables.
        seed: fixes shuffling and initialisation, so a rebuild gives the same model.
        seeds: runs from seed, seed+1, ... whose tables are averaged (a "model soup":
            the runs share their start, so their mean is a smoother model than any one).
    """

    epochs: int = 4
    batch_size: int = 64
    learning_rate: float = 0.02
    scale: float = 20.0
    trained_weight: float = 1.0
    base_weight: float = 0.7
    seed: int = 0
    seeds: int = 3


def base_module(encoder: Any) -> SudachiStaticEmbedding | None:
    """The encoder's plain (not yet adapted) `SudachiStaticEmbedding`, or None for any other model."""
    try:
        first = encoder[0]
    except (TypeError, IndexError, KeyError):
        return None
    if isinstance(first, SudachiStaticEmbedding) and first.split_mode == "C" and first.block_weights is None:
        return first
    return None


def _base_vectors(base: SudachiStaticEmbedding, vocab: Sequence[str]) -> np.ndarray:
    """Unit-length base word vectors for `vocab` (zeros where the base table has none)."""
    table = base.embedding.weight.detach().numpy()
    out = np.zeros((len(vocab), table.shape[1]), dtype=np.float32)
    for i, token in enumerate(vocab):
        index = base._index.get(token)
        if index is not None:
            vector = table[int(base.rows[index])]
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[i] = vector / norm
    return out


def _bag(lists: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    offsets = torch.tensor(np.cumsum([0] + [len(x) for x in lists[:-1]]), dtype=torch.long)
    return torch.tensor([j for x in lists for j in x], dtype=torch.long), offsets


def _train(
    init: np.ndarray, anchors: list[list[list[int]]], positives: list[list[int]], cfg: AdaptSettings
) -> np.ndarray:
    """Symmetric in-batch contrastive training of the word-vector table.

    Each step touches only the rows of the words in its batch: those rows are copied
    into a small leaf tensor, the loss is back-propagated to it, and a lazy Adam step
    (as `torch.optim.SparseAdam`) updates just them, which keeps a step cheap however
    large the vocabulary.
    """
    rng = random.Random(cfg.seed)
    table = torch.from_numpy(init.copy())
    first, second = torch.zeros_like(table), torch.zeros_like(table)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    usable = [i for i, p in enumerate(positives) if p and any(anchors[i])]
    step = 0
    for _ in range(cfg.epochs):
        rng.shuffle(usable)
        for start in range(0, len(usable), cfg.batch_size):
            batch = usable[start : start + cfg.batch_size]
            if len(batch) < 2:
                continue
            left_ids, left_offsets = _bag([rng.choice([a for a in anchors[i] if a]) for i in batch])
            right_ids, right_offsets = _bag([positives[i] for i in batch])
            rows, inverse = torch.unique(torch.cat([left_ids, right_ids]), return_inverse=True)
            local = table[rows].clone().requires_grad_(True)
            left = F.normalize(F.embedding_bag(inverse[: len(left_ids)], local, left_offsets, mode="sum"), dim=-1)
            right = F.normalize(F.embedding_bag(inverse[len(left_ids) :], local, right_offsets, mode="sum"), dim=-1)
            logits = left @ right.T * cfg.scale
            labels = torch.arange(len(batch))
            loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
            loss.backward()  # type: ignore[no-untyped-call]
            grad = local.grad
            assert grad is not None
            step += 1
            first[rows] = beta1 * first[rows] + (1 - beta1) * grad
            second[rows] = beta2 * second[rows] + (1 - beta2) * grad * grad
            update = (first[rows] / (1 - beta1**step)) / ((second[rows] / (1 - beta2**step)).sqrt() + eps)
            table[rows] -= cfg.learning_rate * update
    return table.numpy()


def _two_block_module(
    base: SudachiStaticEmbedding, vocab: list[str], trained: np.ndarray, cfg: AdaptSettings
) -> SudachiStaticEmbedding:
    """One table, two blocks: [0 | base rows] for long units, [trained | 0] for short units."""
    table = base.embedding.weight.detach().numpy()
    n_base, dim = table.shape
    vectors = np.zeros((n_base + len(vocab), 2 * dim), dtype=np.float32)
    vectors[:n_base, dim:] = table
    vectors[n_base:, :dim] = trained
    remove = base.remove.numpy()
    return SudachiStaticEmbedding(
        [*base.vocab, *(SHORT_PREFIX + w for w in vocab)],
        np.concatenate([base.rows.numpy(), n_base + np.arange(len(vocab))]),
        np.concatenate([base.weights.numpy(), np.ones(len(vocab), dtype=np.float32)]),
        vectors,
        np.concatenate([np.zeros_like(remove), remove], axis=1),
        split_mode="AC",
        block_weights=[cfg.trained_weight, cfg.base_weight],
    )


def adapt_encoder(encoder: Any, documents: Sequence[Document], cfg: AdaptSettings | None = None) -> Any | None:
    """A new sentence-transformers model trained on `documents`, or None if `encoder` is not ours.

    Each document's titles are the anchors and its body the positive (its first title
    when it has no body). Word vectors start from the base encoder's table, scaled by
    the IDF of the word in `documents`; words the base table lacks start random.
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.normalize import Normalize

    cfg = cfg or AdaptSettings()
    base = base_module(encoder)
    if base is None or not documents:
        return None
    keep = [[w for w in base.tokens(t) if w not in STOPWORDS and w.strip()] for d in documents for t in d.titles]
    bodies = [[w for w in base.tokens(d.body) if w not in STOPWORDS and w.strip()] for d in documents]
    title_tokens: list[list[list[str]]] = []
    position = 0
    for doc in documents:
        title_tokens.append(keep[position : position + len(doc.titles)])
        position += len(doc.titles)
    df: Counter[str] = Counter()
    for titles, body in zip(title_tokens, bodies, strict=True):
        df.update({w for t in titles for w in t} | set(body))
    vocab = sorted(df)
    if not vocab:
        return None
    index = {w: i for i, w in enumerate(vocab)}
    n = len(documents)
    idf = np.asarray([math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5)) for w in vocab], dtype=np.float32)[:, None]
    frozen = _base_vectors(base, vocab)
    noise = np.random.default_rng(cfg.seed).normal(0, 1 / math.sqrt(frozen.shape[1]), frozen.shape).astype(np.float32)
    missing = np.all(frozen == 0, axis=1)
    init = (np.where(missing[:, None], noise, frozen) * idf).astype(np.float32)
    anchors = [[[index[w] for w in t] for t in titles] for titles in title_tokens]
    positives = [
        [index[w] for w in body] or [index[w] for w in titles[0]]
        for titles, body in zip(title_tokens, bodies, strict=True)
    ]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # steps are tiny: a thread pool only adds contention
    try:
        runs = [_train(init, anchors, positives, replace(cfg, seed=cfg.seed + k)) for k in range(cfg.seeds)]
        trained = np.mean(runs, axis=0).astype(np.float32)
    finally:
        torch.set_num_threads(threads)
    module = _two_block_module(base, vocab, trained, cfg)
    return SentenceTransformer(modules=[module, Normalize()], device="cpu")
