"""Answer confidence: a logistic model over retrieval evidence, calibrated on labelled questions.

The retrieval-only selector answers when the estimated probability that the top
candidate is right clears a threshold. The retrieval features are the fused score (the
weighted sum of `retrieval.index`) and its margin, the classifier probability and
its margin, the dense cosine and its margin, and whether each retriever ranked the
top candidate first. Retrieval always finds *something*, so three query features say
whether the question is about the FAQ's domain at all (`QueryTerms`, from the controlled
vocabulary of `guardrails.keywords`): how many vocabulary terms it has, what share of its
content words the vocabulary knows, and what share the top candidate's own texts use.
「新幹線で東京から大阪までいくら」 has one known word (いくら) among four, so strong
retrieval scores for the benefit-amount entry no longer carry it.

`fit_confidence` learns the weights from labelled questions (eval-answers format) with
cross-validated predictions, and records the precision–coverage curve so an operator can
pick a precision target; the result is a small JSON file shipped with the code.
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

FEATURES = (
    "fused", "fused_margin", "classifier", "classifier_margin", "dense", "dense_margin",
    "bm25_first", "dense_first", "classifier_first", "domain_terms", "domain_share", "top_share",
)
DEFAULT_FILE = Path(__file__).parent / "data" / "confidence.json"
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


def features(hits: Sequence[Hit], query: QueryTerms | None = None) -> list[float]:
    """Evidence that the first of the fused `hits` is the right entry for a question with `query` terms.

    Without `query` the question counts as having no domain terms (the cautious reading).
    """
    if not hits:
        return [0.0] * len(FEATURES)
    top, rest = hits[0], hits[1:]
    q = query or QueryTerms()
    units = q.terms + q.unknown  # a synonym such as ハロワ counts once, however many words it spans

    def best_other(part: str) -> float:
        return max((h.parts.get(part, 0.0) for h in rest), default=0.0)

    second = rest[0].score if rest else 0.0
    return [
        top.score,
        top.score - second,
        top.parts.get("classifier", 0.0),
        top.parts.get("classifier", 0.0) - best_other("classifier"),
        top.parts.get("dense", 0.0),
        top.parts.get("dense", 0.0) - best_other("dense"),
        float(top.parts.get("bm25_rank") == 1.0),
        float(top.parts.get("dense_rank") == 1.0),
        float(top.parts.get("classifier_rank") == 1.0),
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

    def probability(self, hits: Sequence[Hit], query: QueryTerms | None = None) -> float:
        if not hits:
            return 0.0
        z = self.bias + float(np.dot(self.weights, features(hits, query)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

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
        weights[FEATURES.index("dense")] = 12.0
        return cls(weights=weights, bias=-9.0, answer_threshold=0.9, clarify_threshold=0.25)

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> ConfidenceModel:
        """The calibrated model at `path`, or the uncalibrated stand-in if there is none (or a stale one)."""
        if not path.exists():
            return cls.uncalibrated()
        data = json.loads(path.read_text(encoding="utf-8"))
        if len(data["weights"]) != len(FEATURES):
            logger.warning("%s was fitted on other features; using the uncalibrated stand-in until "
                           "`calibrate` refits it", path)
            return cls.uncalibrated()
        data["curve"] = [CurvePoint(**p) for p in data.get("curve", [])]
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


def fit_confidence(
    rows: Sequence[tuple[list[Hit], QueryTerms | None, str | None]],
    precision_target: float = 0.95,
    source: str = "",
    decline_weight: float = 3.0,
) -> ConfidenceModel:
    """Fit on (fused hits, query terms, expected id or None); pick the threshold for `precision_target`.

    Out-of-scope rows (expected None) weigh `decline_weight` times an in-scope row: they are
    few in a labelled set, and answering one (a train fare with a benefit amount) is worse
    than handing an in-scope question to a person. Folds are shuffled and stratified by
    outcome (right, wrong, out of scope), so every fold sees out-of-scope questions.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    x = np.array([features(hits, query) for hits, query, _ in rows])
    y = np.array([int(bool(hits) and hits[0].doc_id == expected) for hits, _, expected in rows])
    in_scope = np.array([expected is not None for _, _, expected in rows])
    weight = np.where(in_scope, 1.0, decline_weight)
    outcome = y + 2 * ~in_scope
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(x, outcome))
    model = LogisticRegression(max_iter=5000)
    held_out = cross_val_predict(model, x, y, cv=folds, method="predict_proba", params={"sample_weight": weight})
    curve = precision_coverage(held_out[:, 1], y.astype(bool), in_scope)
    model.fit(x, y, sample_weight=weight)
    fitted = ConfidenceModel(
        weights=[float(w) for w in model.coef_[0]],
        bias=float(model.intercept_[0]),
        answer_threshold=0.0,
        clarify_threshold=0.25,
        curve=curve,
        fitted_on=source,
    )
    return replace(fitted, answer_threshold=fitted.threshold_for(precision_target))
