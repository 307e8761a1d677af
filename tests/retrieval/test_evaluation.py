import json
import math
from pathlib import Path

from retrieval.evaluation import evaluate, load_beir, ndcg_at_k, score_run
from retrieval.hits import Hit


def test_ndcg_uses_exponential_gain() -> None:
    relevant = {"a": 2, "b": 1}
    assert ndcg_at_k(["a", "b"], relevant) == 1.0
    swapped = (1 / 1 + 3 / math.log2(3)) / (3 / 1 + 1 / math.log2(3))
    assert abs(ndcg_at_k(["b", "a"], relevant) - swapped) < 1e-12


def test_score_run_metrics() -> None:
    qrels = {"q1": {"a": 2, "b": 1}, "q2": {"c": 1}}
    metrics = score_run({"q1": ["b", "a"], "q2": ["x", "y"]}, qrels)
    assert metrics["recall@10"] == 0.5
    assert metrics["sr@1"] == 0.0  # q1's top hit has grade 1, q2 misses
    assert metrics["mrr@10"] == 0.5
    assert metrics["queries"] == 2


def test_load_beir_and_evaluate(tmp_path: Path) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        "\n".join(json.dumps({"_id": i, "title": t, "text": ""}) for i, t in [("1", "年金"), ("2", "戸籍")]),
        encoding="utf-8",
    )
    (tmp_path / "queries.jsonl").write_text(json.dumps({"_id": "q", "text": "戸籍"}), encoding="utf-8")
    (tmp_path / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq\t2\t2\n", encoding="utf-8")
    data = load_beir(tmp_path, "dev")
    assert [d.id for d in data.documents] == ["1", "2"] and data.qrels == {"q": {"2": 2}}
    metrics = evaluate(lambda q: [Hit("2", 1.0)], data)
    assert metrics["sr@1"] == 1.0 and metrics["p95_ms"] >= 0
