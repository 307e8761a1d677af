"""Top-k selection over a dense score vector, shared by the retrievers."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from retrieval.hits import Hit


def scope_mask(doc_ids: Sequence[str], scope: Collection[str] | None) -> np.ndarray | None:
    """A 0/1 float mask over `doc_ids` for the ids in `scope` (None: no mask)."""
    if scope is None:
        return None
    allowed = set(scope)
    return np.fromiter((1.0 if d in allowed else 0.0 for d in doc_ids), dtype=np.float32, count=len(doc_ids))


def top_hits(scores: np.ndarray, doc_ids: Sequence[str], top_k: int, name: str) -> list[Hit]:
    """The `top_k` best positive-scoring rows as hits, best first (ties by position)."""
    if top_k <= 0 or scores.size == 0:
        return []
    k = min(top_k, scores.size)
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.lexsort((part, -scores[part]))]
    return [Hit(doc_ids[i], float(scores[i]), {name: float(scores[i])}) for i in order if scores[i] > 0]
