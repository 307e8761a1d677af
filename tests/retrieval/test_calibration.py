from pathlib import Path

import numpy as np

from retrieval.calibration import ConfidenceModel, features, fit_confidence, precision_coverage
from retrieval.hits import Hit


def hits(top_dense: float, first_everywhere: bool, top_id: str = "a") -> list[Hit]:
    rank = 1.0 if first_everywhere else 2.0
    return [
        Hit(top_id, 3 / 61 if first_everywhere else 1 / 61, {"dense": top_dense, "bm25_rank": rank,
                                                           "dense_rank": rank, "classifier": top_dense}),
        Hit("z", 1 / 62, {"dense": 0.4, "classifier": 0.1}),
    ]


def test_features_read_margins_and_first_places() -> None:
    values = dict(zip(
        ("fused", "fused_margin", "classifier", "classifier_margin", "dense", "dense_margin",
         "bm25_first", "dense_first", "classifier_first"), features(hits(0.9, True)), strict=True))
    assert values["dense"] == 0.9 and abs(values["dense_margin"] - 0.5) < 1e-9
    assert values["bm25_first"] == 1.0 and values["classifier_first"] == 0.0
    assert features([]) == [0.0] * 9


def test_fit_learns_to_trust_agreement_and_writes_a_curve(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = []
    for _ in range(120):
        good = bool(rng.random() < 0.6)
        dense = float(rng.uniform(0.75, 0.95) if good else rng.uniform(0.4, 0.7))
        rows.append((hits(dense, good, "a"), "a" if good else ("b" if rng.random() < 0.5 else None)))
    fitted = fit_confidence(rows, precision_target=0.95, source="synthetic")
    assert fitted.probability(hits(0.93, True)) > 0.9 > fitted.probability(hits(0.45, False))
    chosen = next(p for p in fitted.curve if p.threshold == fitted.answer_threshold)
    assert chosen.precision >= 0.95
    fitted.save(tmp_path / "c.json")
    again = ConfidenceModel.load(tmp_path / "c.json")
    assert again == fitted


def test_precision_coverage_curve() -> None:
    prob = np.array([0.9, 0.8, 0.4, 0.95])
    correct = np.array([True, False, False, False])
    in_scope = np.array([True, True, True, False])
    point = next(p for p in precision_coverage(prob, correct, in_scope) if p.threshold == 0.85)
    assert point.precision == 0.5 and abs(point.coverage - 1 / 3) < 1e-9 and point.decline_recall == 0.0


def test_missing_file_gives_cautious_model(tmp_path: Path) -> None:
    model = ConfidenceModel.load(tmp_path / "absent.json")
    assert model.answer_threshold == 0.9 and model.probability(hits(0.5, True)) < 0.1
