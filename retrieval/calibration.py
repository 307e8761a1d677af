"""Answer confidence: a re-ranker over the candidates, then a small logistic model on its verdict.

The retrieval-only selector answers when the estimated probability that its chosen
candidate is right clears a threshold. The candidates are first re-ranked
(`retrieval.rerank`: gaps, ranks and priors per candidate, fitted on labelled questions);
the confidence model then reads only a few, monotone pieces of evidence: the re-ranker's
best score, its margin over the runner-up and its softmax share, whether the chosen entry is
the other audience's, and three query features that say whether the question is about the
FAQ's domain at all (`QueryTerms`, from the controlled vocabulary of `guardrails.keywords`):
how many vocabulary terms it has, what share of its content words the vocabulary knows, and
what share the top candidate's own texts use. 「新幹線で東京から大阪までいくら」 has one
known word (いくら) among four, so strong retrieval scores for the benefit-amount entry no
longer carry it. Raw fused scores are left out on purpose: they drift between question sets.

`fit_confidence` learns both stages from labelled questions (eval-answers format) with
cross-validation grouped by expected entry (a question is scored by models that never saw a
question about the same entry), and records the out-of-fold precision–coverage curve so an
operator can pick a precision target; the result is a small JSON file shipped with the code.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from retrieval.hits import Hit
from retrieval.rerank import RERANK_FEATURES, Reranker, fit_reranker

FEATURES = ("rerank", "rerank_margin", "rerank_share", "other_audience", "domain_terms", "domain_share", "top_share")
DEFAULT_FILE = Path(__file__).parent / "data" / "confidence.json"
# Regularisation of the two fits (inverse strength), chosen by grouped cross-validation on the
# dev questions among 0.01, 0.1, 0.3 and 1.
RERANK_C = 1.0
# The confidence model: boosted stumps (depth 1: additive, so each feature keeps one monotone
# effect); on grouped out-of-fold dev predictions they answer 0.78 of answerable questions at
# 0.96 precision against 0.71 for a logistic model on the same features (depth 2 and 3 no better).
STUMPS = 200
# +1: more of it makes an answer more likely right; -1: less likely.
MONOTONE = (1, 1, 1, -1, 1, 1, 1)
# Below the answer threshold and above this, the selector offers its best 2–3 entries; below
# it only questions with domain terms shared with the top entry are. At 0.1, on out-of-fold
# dev predictions, 11 of 660 answerable questions fall below (8 with an acceptable entry in
# the top 3) against 49 of 69 out-of-scope ones.
CLARIFY_THRESHOLD = 0.1
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryTerms:
    """What the FAQ vocabulary recognises in a question.

    terms: distinct vocabulary terms found; unknown: content words outside the vocabulary;
    shared: how many of the terms the top candidate's own question, alternates and keywords use.
    """

    terms: int = 0
    unknown: int = 0
    shared: int = 0


class Vocabulary(Protocol):
    """Gives the `QueryTerms` of a question against a candidate (app.pipeline.knowledge.FaqVocabulary)."""

    def query_terms(self, text: str, top_id: str) -> QueryTerms: ...


def features(scores: Sequence[float] | np.ndarray, chosen: Hit | None, query: QueryTerms | None = None) -> list[float]:
    """Evidence that `chosen` (the re-ranker's best) is right, from the re-ranker `scores` best first.

    Without `query` the question counts as having no domain terms (the cautious reading).
    """
    if chosen is None or len(scores) == 0:
        return [0.0] * len(FEATURES)
    q = query or QueryTerms()
    units = q.terms + q.unknown  # a synonym such as ハロワ counts once, however many words it spans
    best = float(scores[0])
    runner_up = float(scores[1]) if len(scores) > 1 else best - 5.0
    share = 1.0 / float(np.sum(np.exp(np.asarray(scores, dtype=float) - best)))
    return [
        best,
        min(best - runner_up, 10.0),
        share,
        chosen.parts.get("other_audience", 0.0),
        math.log1p(q.terms),
        q.terms / units if units else 0.0,
        q.shared / units if units else 0.0,
    ]


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    precision: float
    coverage: float
    decline_recall: float
    answered: int = 0  # questions at or above the threshold: how much `precision` can be trusted


@dataclass(frozen=True)
class ConfidenceModel:
    weights: list[float]
    bias: float
    answer_threshold: float
    clarify_threshold: float
    curve: list[CurvePoint] = field(default_factory=list)
    fitted_on: str = ""
    reranker: Reranker = field(default_factory=Reranker.fused_order)
    # Boosted stumps added to the linear score: [feature index, threshold, value at or below, value above].
    stumps: list[list[float]] = field(default_factory=list)

    def score(self, values: Sequence[float]) -> float:
        """The log-odds for one row of `FEATURES`."""
        z = self.bias + float(np.dot(self.weights, values))
        for feature, threshold, low, high in self.stumps:
            z += low if values[int(feature)] <= threshold else high
        return z

    def assess(self, hits: Sequence[Hit], query: QueryTerms | None = None) -> tuple[list[Hit], float]:
        """The hits re-ranked best first, and the probability that the first of them is right.

        `query` describes the question against the first of the *fused* `hits` (as fitted)."""
        if not hits:
            return [], 0.0
        ranked, scores = self.reranker.rerank(hits)
        z = self.score(features(scores, ranked[0], query))
        return ranked, 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def probability(self, hits: Sequence[Hit], query: QueryTerms | None = None) -> float:
        return self.assess(hits, query)[1]

    def threshold_for(self, precision: float) -> float:
        """The lowest threshold whose measured precision, less one standard error, reaches `precision`.

        The lowest threshold that merely reaches the target on one labelled set tends to miss
        it on the next (the noise that lifted it there does not repeat); the margin of one
        standard error (about 0.01 at 500 answered questions) keeps the target on new questions.
        Falls back to the strictest threshold if none qualifies.
        """
        def margin(p: CurvePoint) -> float:
            return math.sqrt(p.precision * (1 - p.precision) / p.answered) if p.answered else 0.0

        reaching = [p.threshold for p in self.curve if p.precision - margin(p) >= precision]
        return min(reaching) if reaching else max((p.threshold for p in self.curve), default=0.9)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def uncalibrated(cls) -> ConfidenceModel:
        """A cautious stand-in before any calibration: only near-verbatim dense matches clear 0.9."""
        weights = [0.0] * len(FEATURES)
        weights[FEATURES.index("rerank")] = 12.0
        dense = [0.0] * len(RERANK_FEATURES)
        dense[RERANK_FEATURES.index("dense")] = 1.0
        return cls(weights=weights, bias=-9.0, answer_threshold=0.9, clarify_threshold=0.25,
                   reranker=Reranker(dense))

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> ConfidenceModel:
        """The calibrated model at `path`, or the uncalibrated stand-in if there is none (or a stale one)."""
        if not path.exists():
            return cls.uncalibrated()
        data = json.loads(path.read_text(encoding="utf-8"))
        reranker = data.get("reranker") or {}
        if len(data["weights"]) != len(FEATURES) or len(reranker.get("weights", ())) != len(RERANK_FEATURES):
            logger.warning("%s was fitted on other features; using the uncalibrated stand-in until "
                           "`calibrate` refits it", path)
            return cls.uncalibrated()
        data["curve"] = [CurvePoint(**p) for p in data.get("curve", [])]
        data["reranker"] = Reranker(**reranker)
        return cls(**data)


def precision_coverage(prob: np.ndarray, correct: np.ndarray, in_scope: np.ndarray) -> list[CurvePoint]:
    points = []
    for threshold in np.round(np.arange(0.30, 0.99, 0.01), 2):
        answered = prob >= threshold
        precision = float(correct[answered].mean()) if answered.any() else 1.0
        coverage = float((answered & in_scope).sum() / max(1, in_scope.sum()))
        declined = float((~answered[~in_scope]).mean()) if (~in_scope).any() else 1.0
        points.append(CurvePoint(float(threshold), precision, coverage, declined, int(answered.sum())))
    return points


def _fit_stumps(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[float, list[list[float]]]:
    """Gradient-boosted stumps (an additive model: one step function per feature), each feature
    constrained to move the probability one way only (`MONOTONE`), as (bias, stumps)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_depth=1, max_iter=STUMPS, learning_rate=0.05, min_samples_leaf=30, monotonic_cst=list(MONOTONE),
        early_stopping=False, random_state=0,
    ).fit(x, y, sample_weight=weight)
    bias = float(np.ravel(model._baseline_prediction)[0])
    stumps: list[list[float]] = []
    for (tree,) in model._predictors:
        nodes = tree.nodes
        root = nodes[0]
        if root["is_leaf"]:
            bias += float(root["value"])
            continue
        low, high = nodes[root["left"]]["value"], nodes[root["right"]]["value"]
        stumps.append([float(root["feature_idx"]), float(root["num_threshold"]), float(low), float(high)])
    # The stumps must reproduce the fitted model exactly; a different scikit-learn layout fails here.
    probe = ConfidenceModel([0.0] * len(FEATURES), bias, 0.0, 0.0, stumps=stumps)
    mine = np.array([probe.score(row) for row in x])
    if not np.allclose(mine, model.decision_function(x), atol=1e-6):
        raise RuntimeError("could not read the boosted stumps back from scikit-learn")
    return bias, stumps


def grouped_folds(expected: Sequence[str | None], n_folds: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds grouped by expected entry; out-of-scope rows spread over every fold."""
    from sklearn.model_selection import GroupKFold

    groups = [e if e is not None else f"(none {i % n_folds})" for i, e in enumerate(expected)]
    n = min(n_folds, len(set(groups)))
    return list(GroupKFold(n).split(np.zeros(len(groups)), groups=groups))


@dataclass(frozen=True)
class HeldOut:
    """Out-of-fold verdicts of a two-stage fit: per row, the re-ranked ids and the probability
    that the first is right, each from models that never saw a question about the same entry."""

    ranked: list[list[str]]
    probability: np.ndarray
    curve: list[CurvePoint]


def fit_confidence(
    rows: Sequence[tuple[list[Hit], QueryTerms | None, str | None]],
    precision_target: float = 0.95,
    source: str = "",
    decline_weight: float = 3.0,
    clarify_threshold: float = CLARIFY_THRESHOLD,
) -> ConfidenceModel:
    """Fit on (fused hits, query terms, expected id or None); pick the threshold for `precision_target`.

    Two stages, both cross-validated with folds grouped by expected entry: the re-ranker on
    every candidate (`retrieval.rerank.fit_reranker`), then the confidence model on the
    re-ranker's out-of-fold verdicts, whose own out-of-fold probabilities give the curve.
    Out-of-scope rows (expected None) weigh `decline_weight` times an in-scope row: they are
    few in a labelled set, and answering one (a train fare with a benefit amount) is worse
    than handing an in-scope question to a person.
    """
    return _fit(rows, precision_target, source, decline_weight, clarify_threshold)[0]


def cross_validate(
    rows: Sequence[tuple[list[Hit], QueryTerms | None, str | None]], decline_weight: float = 3.0
) -> HeldOut:
    """The out-of-fold verdicts `fit_confidence` computes (see `HeldOut`), for honest figures."""
    return _fit(rows, 0.95, "", decline_weight, CLARIFY_THRESHOLD)[1]


def _fit(
    rows: Sequence[tuple[list[Hit], QueryTerms | None, str | None]],
    precision_target: float,
    source: str,
    decline_weight: float,
    clarify_threshold: float,
) -> tuple[ConfidenceModel, HeldOut]:
    expected = [e for _, _, e in rows]
    folds = grouped_folds(expected)
    acceptable = [frozenset({e}) if e else frozenset() for e in expected]
    reranker, held_out_scores = fit_reranker([hits for hits, _, _ in rows], acceptable, folds, c=RERANK_C)

    x_rows, y_rows, ranked = [], [], []
    for (hits, query, want), scores in zip(rows, held_out_scores, strict=True):
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        chosen = hits[order[0]] if hits else None
        x_rows.append(features(scores[order], chosen, query))
        y_rows.append(int(chosen is not None and chosen.doc_id == want))
        ranked.append([hits[i].doc_id for i in order])
    x, y = np.array(x_rows), np.array(y_rows)
    in_scope = np.array([e is not None for e in expected])
    weight = np.where(in_scope, 1.0, decline_weight)
    held_out = np.zeros(len(x))
    for train, test in folds:
        if len(set(y[train].tolist())) < 2:
            held_out[test] = float(y[train].mean()) if len(train) else 0.0
            continue
        bias, stumps = _fit_stumps(x[train], y[train], weight[train])
        probe = ConfidenceModel([0.0] * len(FEATURES), bias, 0.0, 0.0, stumps=stumps)
        held_out[test] = [1.0 / (1.0 + math.exp(-probe.score(row))) for row in x[test]]
    curve = precision_coverage(held_out, y.astype(bool), in_scope)
    bias, stumps = _fit_stumps(x, y, weight)
    fitted = ConfidenceModel(
        weights=[0.0] * len(FEATURES),
        bias=bias,
        answer_threshold=0.0,
        clarify_threshold=clarify_threshold,
        curve=curve,
        fitted_on=source,
        reranker=reranker,
        stumps=stumps,
    )
    return replace(fitted, answer_threshold=fitted.threshold_for(precision_target)), HeldOut(ranked, held_out, curve)
