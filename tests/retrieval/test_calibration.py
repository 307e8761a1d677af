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
    grouped_folds,
    precision_coverage,
)
from retrieval.hits import Hit
from retrieval.rerank import RERANK_FEATURES, Reranker, candidate_features, fit_reranker


def hits(top_dense: float, first_everywhere: bool, top_id: str = "a") -> list[Hit]:
    rank = 1.0 if first_everywhere else 2.0
    return [
        Hit(top_id, 3 / 61 if first_everywhere else 1 / 61, {"dense": top_dense, "bm25_rank": rank,
                                                           "dense_rank": rank, "classifier": top_dense}),
        Hit("z", 1 / 62, {"dense": 0.4, "classifier": 0.1}),
    ]


def test_features_read_the_rerankers_verdict() -> None:
    chosen = Hit("a", 0.1, {"other_audience": 1.0})
    values = dict(zip(FEATURES, features([2.0, 0.5, -1.0], chosen), strict=True))
    assert values["rerank"] == 2.0 and values["rerank_margin"] == 1.5 and values["other_audience"] == 1.0
    assert abs(values["rerank_share"] - 1 / (1 + math.exp(-1.5) + math.exp(-3.0))) < 1e-9
    assert features([], None) == [0.0] * len(FEATURES)


def test_query_features_measure_how_much_of_the_question_is_domain_vocabulary() -> None:
    top = Hit("a", 0.1, {})
    # 「新幹線で東京から大阪までいくら」: one known word (いくら) that the top entry uses, three unknown
    fare = dict(zip(FEATURES, features([1.0], top, QueryTerms(terms=1, unknown=3, shared=1)), strict=True))
    assert abs(fare["domain_terms"] - math.log(2)) < 1e-9
    assert fare["domain_share"] == 0.25 and fare["top_share"] == 0.25
    benefit = dict(zip(FEATURES, features([1.0], top, QueryTerms(terms=3, unknown=0, shared=2)), strict=True))
    assert benefit["domain_share"] == 1.0 and abs(benefit["top_share"] - 2 / 3) < 1e-9
    # no vocabulary evidence reads as "no domain terms"
    assert features([1.0], top)[-3:] == [0.0, 0.0, 0.0]
    assert features([1.0], top, QueryTerms())[-3:] == [0.0, 0.0, 0.0]


def test_candidate_features_are_gaps_ranks_and_priors() -> None:
    rows = candidate_features([
        Hit("a", 1.0, {"classifier": 0.2, "dense": 0.8, "bm25_rank": 1.0, "other_audience": 1.0}),
        Hit("b", 0.7, {"classifier": 0.9, "dense": 0.6, "in_scope": 1.0}),
    ])
    first, second = (dict(zip(RERANK_FEATURES, row, strict=True)) for row in rows)
    assert first["gap_to_first"] == 0.0 and abs(second["gap_to_first"] + 0.3) < 1e-9
    assert first["first"] == 1.0 and second["first"] == 0.0
    assert abs(first["classifier_gap"] + 0.7) < 1e-9 and second["classifier_gap"] == 0.0
    assert first["bm25_rank"] == 0.0 and second["bm25_rank"] == -math.log(60)  # unranked: below 50
    assert first["other_audience"] == 1.0 and second["in_scope"] == 1.0


def test_reranker_learns_which_evidence_to_trust() -> None:
    """The right entry is the one the classifier prefers, whatever the fused order says."""
    rng = np.random.default_rng(2)
    lists, acceptable, expected = [], [], []
    for i in range(150):
        right = int(rng.integers(0, 3))
        hits = [Hit(f"e{i}-{k}", 1.0 - 0.1 * k, {"classifier": 0.9 if k == right else 0.2,
                                                   "dense": float(rng.uniform(0.5, 0.9))}) for k in range(3)]
        lists.append(hits)
        acceptable.append(frozenset({f"e{i}-{right}"}))
        expected.append(f"e{i}-{right}")
    reranker, held_out = fit_reranker(lists, acceptable, grouped_folds(expected), c=1.0)
    assert all(int(np.argmax(s)) == next(k for k, h in enumerate(hits) if h.doc_id in good)
               for s, hits, good in zip(held_out, lists, acceptable, strict=True))
    ranked, _ = reranker.rerank([Hit("x", 1.0, {"classifier": 0.1}), Hit("y", 0.8, {"classifier": 0.95})])
    assert ranked[0].doc_id == "y"


def test_folds_keep_questions_about_one_entry_together() -> None:
    expected = ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e", None, None, None, None, None]
    for train, test in grouped_folds(expected):
        for entry in "abcde":
            rows = {i for i, e in enumerate(expected) if e == entry}
            assert rows <= set(train.tolist()) or rows <= set(test.tolist())
        assert any(expected[i] is None for i in test)


def test_fused_order_stand_in_keeps_the_order() -> None:
    hits = [Hit("a", 0.9, {}), Hit("b", 0.5, {}), Hit("c", 0.7, {})]
    assert [h.doc_id for h in Reranker.fused_order().rerank(hits)[0]] == ["a", "c", "b"]


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


def test_cross_validated_figures_decide_every_question_out_of_fold() -> None:
    from retrieval.crossval import figures

    rng = np.random.default_rng(3)
    rows: list[tuple[list[Hit], QueryTerms | None, str | None]] = []
    acceptable = []
    for i in range(160):
        entry = f"e{i % 20}"
        if rng.random() < 0.8:
            dense = float(rng.uniform(0.75, 0.95))
            rows.append(([Hit(entry, 0.9, {"dense": dense, "classifier": dense}), Hit("z", 0.5, {"dense": 0.4})],
                         QueryTerms(3, 0, 2), entry))
            acceptable.append({entry})
        else:
            rows.append(([Hit(entry, 0.6, {"dense": 0.5}), Hit("z", 0.5, {"dense": 0.45})], QueryTerms(1, 3, 0), None))
            acceptable.append(set())
    result = figures(rows, acceptable, 0.95)
    assert result["n"] == 160 and result["right_first"] > 0.8 and result["out_of_faq_wrong"] < 0.1
    assert result["resolved"] >= result["right_first"] and result["top1"] == 1.0
