import math
from pathlib import Path

import numpy as np

from retrieval.calibration import (
    FEATURES,
    ConfidenceModel,
    CurvePoint,
    QueryTerms,
    features,
    fit_confidence,
    precision_coverage,
)
from retrieval.hits import Hit


def hits(top_dense: float, first_everywhere: bool, top_id: str = "a") -> list[Hit]:
    rank = 1.0 if first_everywhere else 2.0
    return [
        Hit(top_id, 3 / 61 if first_everywhere else 1 / 61, {"dense": top_dense, "bm25_rank": rank,
                                                           "dense_rank": rank, "classifier": top_dense}),
        Hit("z", 1 / 62, {"dense": 0.4, "classifier": 0.1}),
    ]


def test_features_read_margins_and_first_places() -> None:
    values = dict(zip(FEATURES, features(hits(0.9, True)), strict=True))
    assert values["dense"] == 0.9 and abs(values["dense_margin"] - 0.5) < 1e-9
    assert values["bm25_first"] == 1.0 and values["classifier_first"] == 0.0
    assert features([]) == [0.0] * len(FEATURES)


def test_query_features_measure_how_much_of_the_question_is_domain_vocabulary() -> None:
    # 「新幹線で東京から大阪までいくら」: one known word (いくら) that the top entry uses, three unknown
    fare = dict(zip(FEATURES, features(hits(0.9, True), QueryTerms(terms=1, unknown=3, shared=1)), strict=True))
    assert abs(fare["domain_terms"] - math.log(2)) < 1e-9
    assert fare["domain_share"] == 0.25 and fare["top_share"] == 0.25
    benefit = dict(zip(FEATURES, features(hits(0.9, True), QueryTerms(terms=3, unknown=0, shared=2)), strict=True))
    assert benefit["domain_share"] == 1.0 and abs(benefit["top_share"] - 2 / 3) < 1e-9
    # no vocabulary evidence reads as "no domain terms"
    assert features(hits(0.9, True))[-3:] == [0.0, 0.0, 0.0]
    assert features(hits(0.9, True), QueryTerms())[-3:] == [0.0, 0.0, 0.0]


def test_fit_learns_that_off_domain_questions_are_not_answered() -> None:
    rng = np.random.default_rng(1)
    rows: list[tuple[list[Hit], QueryTerms | None, str | None]] = []
    for _ in range(200):
        dense = float(rng.uniform(0.75, 0.95))  # retrieval is as sure about both kinds of question
        if rng.random() < 0.75:
            terms = int(rng.integers(2, 5))
            rows.append((hits(dense, True), QueryTerms(terms, int(rng.integers(0, 2)), terms - 1), "a"))
        else:
            rows.append((hits(dense, True), QueryTerms(1, int(rng.integers(2, 5)), 1), None))
    fitted = fit_confidence(rows, precision_target=0.95)
    in_domain = fitted.probability(hits(0.85, True), QueryTerms(3, 0, 2))
    off_domain = fitted.probability(hits(0.85, True), QueryTerms(1, 3, 1))
    assert in_domain >= fitted.answer_threshold > off_domain


def test_fit_learns_to_trust_agreement_and_writes_a_curve(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    rows = []
    for _ in range(120):
        good = bool(rng.random() < 0.6)
        dense = float(rng.uniform(0.75, 0.95) if good else rng.uniform(0.4, 0.7))
        expected = "a" if good else ("b" if rng.random() < 0.5 else None)
        rows.append((hits(dense, good, "a"), QueryTerms(2, 0, 2), expected))
    fitted = fit_confidence(rows, precision_target=0.95, source="synthetic")
    query = QueryTerms(2, 0, 2)
    assert fitted.probability(hits(0.93, True), query) > 0.9 > fitted.probability(hits(0.45, False), query)
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


def test_threshold_keeps_a_margin_of_one_standard_error() -> None:
    curve = [CurvePoint(0.5, 0.955, 0.8, 0.9, 500), CurvePoint(0.6, 0.965, 0.75, 0.95, 450),
             CurvePoint(0.7, 0.99, 0.5, 1.0, 10)]
    model = ConfidenceModel([0.0] * len(FEATURES), 0.0, 0.6, 0.25, curve)
    assert model.threshold_for(0.95) == 0.6  # 0.955 on 500 answers is within noise of 0.95
    assert model.threshold_for(0.999) == 0.7  # nothing reaches it: the strictest


def test_missing_file_gives_cautious_model(tmp_path: Path) -> None:
    model = ConfidenceModel.load(tmp_path / "absent.json")
    assert model.answer_threshold == 0.9 and model.probability(hits(0.5, True)) < 0.1


def test_file_fitted_on_other_features_gives_cautious_model(tmp_path: Path) -> None:
    stale = tmp_path / "stale.json"
    ConfidenceModel([1.0] * 9, 0.0, 0.5, 0.25).save(stale)
    assert ConfidenceModel.load(stale) == ConfidenceModel.uncalibrated()
