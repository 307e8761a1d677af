"""A learned re-ranker over the fused top candidates.

The fused score is one fixed weighted sum; which retriever to trust varies by question (a
short keyword query is lexical, a narrative is semantic), and the audience and menu-scope
priors move scores by constants. The re-ranker reads, for every candidate of one question,
how it stands against the others: gaps to the first and the next candidate, its rank, each
retriever's score as a gap to the best of the list, each retriever's own rank, and the
priors (other audience, menu scope). Gaps and ranks rather than raw scores, so that what is
learned on one set of questions holds on another. A pointwise logistic model (strongly
regularised, fitted with grouped cross-validation in `fit_reranker`) gives each candidate a
score; `retrieval.calibration` reads the best score and its margin to decide.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.hits import Hit

RERANK_FEATURES = (
    "gap_to_first", "gap_to_next", "log_rank", "first",
    "classifier_gap", "dense_gap", "bm25_gap",
    "classifier", "dense", "bm25_norm", "dense_title", "dense_body",
    "bm25_rank", "dense_rank", "classifier_rank",
    "other_audience", "in_scope",
)
# A retriever that did not propose a candidate ranks it below its 50 candidates.
_UNRANKED = 60.0


def candidate_features(hits: Sequence[Hit]) -> np.ndarray:
    """One row of `RERANK_FEATURES` per hit, in the given (fused) order."""
    n = len(hits)
    if n == 0:
        return np.zeros((0, len(RERANK_FEATURES)))
    scores = [h.score for h in hits]

    def column(part: str) -> list[float]:
        return [h.parts.get(part, 0.0) for h in hits]

    classifier, dense, bm25 = column("classifier"), column("dense"), column("bm25_norm")
    best_c, best_d, best_b = max(classifier), max(dense), max(bm25)
    rows = []
    for i, hit in enumerate(hits):
        parts = hit.parts
        following = scores[i + 1] if i + 1 < n else scores[i] - 0.2
        rows.append([
            scores[i] - scores[0],
            scores[i] - following,
            math.log(i + 1),
            float(i == 0),
            classifier[i] - best_c,
            dense[i] - best_d,
            bm25[i] - best_b,
            classifier[i],
            dense[i],
            bm25[i],
            parts.get("dense_title", 0.0),
            parts.get("dense_body", 0.0),
            -math.log(parts.get("bm25_rank", _UNRANKED)),
            -math.log(parts.get("dense_rank", _UNRANKED)),
            -math.log(parts.get("classifier_rank", _UNRANKED)),
            parts.get("other_audience", 0.0),
            parts.get("in_scope", 0.0),
        ])
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class Reranker:
    """Linear scores over `RERANK_FEATURES` (logits of "this candidate is right")."""

    weights: list[float]
    bias: float = 0.0

    def scores(self, hits: Sequence[Hit]) -> np.ndarray:
        if not hits:
            return np.zeros(0)
        return candidate_features(hits) @ np.asarray(self.weights) + self.bias

    def rerank(self, hits: Sequence[Hit]) -> tuple[list[Hit], np.ndarray]:
        """The hits best first by re-ranker score (ties keep the fused order), and those scores."""
        scores = self.scores(hits)
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        return [hits[i] for i in order], scores[order]

    @classmethod
    def fused_order(cls) -> Reranker:
        """Keeps the fused order (score = gap to the first): the stand-in before any fit."""
        weights = [0.0] * len(RERANK_FEATURES)
        weights[RERANK_FEATURES.index("gap_to_first")] = 10.0
        return cls(weights)


def fit_reranker(
    lists: Sequence[Sequence[Hit]],
    acceptable: Sequence[frozenset[str]],
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    c: float = 1.0,
) -> tuple[Reranker, list[np.ndarray]]:
    """Fit on candidate lists labelled with their acceptable ids; also give out-of-fold scores.

    `folds` index the lists (grouped by expected entry by the caller), so a question's scores
    come from a model that never saw a question about the same entry. Lists with no acceptable
    candidate (out of scope, or retrieval missed) add only negatives.
    """
    from sklearn.linear_model import LogisticRegression

    blocks = [candidate_features(hits) for hits in lists]
    labels = [np.array([h.doc_id in good for h in hits], dtype=int)
              for hits, good in zip(lists, acceptable, strict=True)]
    owner = np.concatenate([np.full(len(b), i) for i, b in enumerate(blocks)]) if blocks else np.zeros(0)
    x = np.vstack([b for b in blocks if len(b)]) if any(len(b) for b in blocks) else np.zeros((0, len(RERANK_FEATURES)))
    y = np.concatenate(labels) if labels else np.zeros(0, dtype=int)
    if len(set(y.tolist())) < 2:
        return Reranker.fused_order(), [Reranker.fused_order().scores(h) for h in lists]
    held_out = np.zeros(len(x))
    for train, test in folds:
        train_rows, test_rows = np.isin(owner, train), np.isin(owner, test)
        if len(set(y[train_rows].tolist())) < 2:
            held_out[test_rows] = 0.0
            continue
        model = LogisticRegression(C=c, max_iter=5000).fit(x[train_rows], y[train_rows])
        held_out[test_rows] = model.decision_function(x[test_rows])
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    fitted = Reranker([float(w) for w in model.coef_[0]], float(model.intercept_[0]))
    return fitted, [held_out[owner == i] for i in range(len(lists))]
