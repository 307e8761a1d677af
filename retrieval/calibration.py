"""Answer confidence: a logistic model over retrieval evidence, calibrated on labelled questions.

The retrieval-only selector answers when the estimated probability that the top
candidate is right clears a threshold. The features are the fused score (the
weighted sum of `retrieval.index`) and its margin, the classifier probability and
its margin, the dense cosine and its margin, and whether each retriever ranked the
top candidate first. `fit_confidence` learns
the weights from labelled questions (eval-answers format) with cross-validated
predictions, and records the precision–coverage curve so an operator can pick a
precision target; the result is a small JSON file shipped with the code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from retrieval.hits import Hit

FEATURES = (
    "fused", "fused_margin", "classifier", "classifier_margin", "dense", "dense_margin",
    "bm25_first", "dense_first", "classifier_first",
)
DEFAULT_FILE = Path(__file__).parent / "data" / "confidence.json"


def features(hits: Sequence[Hit]) -> list[float]:
    """Evidence that the first of the fused `hits` is the right entry."""
    if not hits:
        return [0.0] * len(FEATURES)
    top, rest = hits[0], hits[1:]

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
    ]


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    precision: float
    coverage: float
    decline_recall: float


@dataclass(frozen=True)
class ConfidenceModel:
    weights: list[float]
    bias: float
    answer_threshold: float
    clarify_threshold: float
    curve: list[CurvePoint] = field(default_factory=list)
    fitted_on: str = ""

    def probability(self, hits: Sequence[Hit]) -> float:
        if not hits:
            return 0.0
        z = self.bias + float(np.dot(self.weights, features(hits)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def threshold_for(self, precision: float) -> float:
        """The lowest threshold whose measured precision reaches `precision` (else the strictest)."""
        reaching = [p.threshold for p in self.curve if p.precision >= precision]
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
        """The calibrated model at `path`, or the uncalibrated stand-in if there is none yet."""
        if not path.exists():
            return cls.uncalibrated()
        data = json.loads(path.read_text(encoding="utf-8"))
        data["curve"] = [CurvePoint(**p) for p in data.get("curve", [])]
        return cls(**data)


def precision_coverage(prob: np.ndarray, correct: np.ndarray, in_scope: np.ndarray) -> list[CurvePoint]:
    points = []
    for threshold in np.round(np.arange(0.30, 0.99, 0.01), 2):
        answered = prob >= threshold
        precision = float(correct[answered].mean()) if answered.any() else 1.0
        coverage = float((answered & in_scope).sum() / max(1, in_scope.sum()))
        declined = float((~answered[~in_scope]).mean()) if (~in_scope).any() else 1.0
        points.append(CurvePoint(float(threshold), precision, coverage, declined))
    return points


def fit_confidence(
    rows: Sequence[tuple[list[Hit], str | None]], precision_target: float = 0.95, source: str = ""
) -> ConfidenceModel:
    """Fit on (fused hits, expected id or None) pairs; pick the threshold for `precision_target`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    x = np.array([features(hits) for hits, _ in rows])
    y = np.array([int(bool(hits) and hits[0].doc_id == expected) for hits, expected in rows])
    in_scope = np.array([expected is not None for _, expected in rows])
    model = LogisticRegression(max_iter=2000)
    held_out = cross_val_predict(model, x, y, cv=5, method="predict_proba")[:, 1]
    curve = precision_coverage(held_out, y.astype(bool), in_scope)
    model.fit(x, y)
    fitted = ConfidenceModel(
        weights=[float(w) for w in model.coef_[0]],
        bias=float(model.intercept_[0]),
        answer_threshold=0.0,
        clarify_threshold=0.25,
        curve=curve,
        fitted_on=source,
    )
    return replace(fitted, answer_threshold=fitted.threshold_for(precision_target))
