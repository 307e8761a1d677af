"""Rank and score fusion: pure functions over ranked hit lists or per-document features."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.hits import Hit

# RRF constant from Cormack, Clarke & Büttcher (SIGIR 2009): k=60 damps the
# difference between the first few ranks so neither list dominates on its own.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Hit]],
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> list[Hit]:
    """Fuse ranked lists: score(d) = sum over lists of weight / (k + rank(d)).

    Ranks start at 1. Each fused hit keeps the original scores of every list it
    appeared in (in `parts`), so selectors can still read them. Ties break by doc id.
    """
    if k < 0:
        raise ValueError("k must be non-negative")
    fused: dict[str, float] = {}
    parts: dict[str, dict[str, float]] = {}
    for name, hits in rankings.items():
        weight = 1.0 if weights is None else weights.get(name, 1.0)
        for rank, hit in enumerate(hits, start=1):
            fused[hit.doc_id] = fused.get(hit.doc_id, 0.0) + weight / (k + rank)
            merged = parts.setdefault(hit.doc_id, {})
            merged.update(hit.parts)
            merged[f"{name}_rank"] = float(rank)
    ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    return [Hit(doc_id, score, parts[doc_id]) for doc_id, score in ordered]


def weighted_sum_fusion(features: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]) -> list[Hit]:
    """Rank documents by score(d) = sum over features f of weights[f] * features[d][f].

    `features` maps doc id to its named features (missing features count 0); each hit
    keeps all of them in `parts`. Ties break by doc id.
    """
    scored = [(d, sum(w * parts.get(name, 0.0) for name, w in weights.items())) for d, parts in features.items()]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return [Hit(doc_id, score, dict(features[doc_id])) for doc_id, score in scored]
