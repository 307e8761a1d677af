from retrieval.fusion import RRF_K, reciprocal_rank_fusion
from retrieval.hits import Hit


def test_rrf_sums_reciprocal_ranks_and_keeps_parts() -> None:
    fused = reciprocal_rank_fusion(
        {
            "bm25": [Hit("a", 9.0, {"bm25": 9.0}), Hit("b", 5.0, {"bm25": 5.0})],
            "dense": [Hit("b", 0.9, {"dense": 0.9}), Hit("c", 0.7, {"dense": 0.7})],
        }
    )
    assert [h.doc_id for h in fused] == ["b", "a", "c"]
    assert fused[0].score == 1 / (RRF_K + 2) + 1 / (RRF_K + 1)
    assert fused[0].parts == {"bm25": 5.0, "bm25_rank": 2.0, "dense": 0.9, "dense_rank": 1.0}


def test_rrf_weights_and_ties() -> None:
    rankings = {"x": [Hit("a", 1.0)], "y": [Hit("b", 1.0)]}
    assert [h.doc_id for h in reciprocal_rank_fusion(rankings)] == ["a", "b"]  # tie broken by id
    assert [h.doc_id for h in reciprocal_rank_fusion(rankings, {"y": 2.0})] == ["b", "a"]


def test_rrf_empty() -> None:
    assert reciprocal_rank_fusion({}) == []


def test_weighted_sum_fusion_ranks_by_weighted_features() -> None:
    from retrieval.fusion import weighted_sum_fusion

    features = {"a": {"bm25_norm": 1.0, "dense_title": 0.2}, "b": {"bm25_norm": 0.5, "dense_title": 0.9}, "c": {}}
    fused = weighted_sum_fusion(features, {"bm25_norm": 1.0, "dense_title": 1.0})
    assert [h.doc_id for h in fused] == ["b", "a", "c"]
    assert abs(fused[0].score - 1.4) < 1e-9 and fused[0].parts == features["b"]
    assert [h.doc_id for h in weighted_sum_fusion(features, {"bm25_norm": 1.0})] == ["a", "b", "c"]
