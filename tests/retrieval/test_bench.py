"""The retrieval benchmark runs end to end on tiny sizes (the real figures come from the CLI)."""

from retrieval.bench import bench_retrieval, synthetic_documents
from tests.retrieval.fakes import HashingEmbedder


def test_synthetic_documents_are_deterministic_and_japanese() -> None:
    first, second = synthetic_documents(50, seed=1), synthetic_documents(50, seed=1)
    assert first == second and len({d.id for d in first}) == 50
    assert all(d.titles[0] and d.body.endswith("。") for d in first)


def test_bench_reports_every_figure() -> None:
    figures = bench_retrieval(HashingEmbedder, n_queries=20, sizes=(60, 120), small_size=80)
    for key in ("small_p50_ms", "small_p95_ms", "build_60_s", "large_p50_ms", "large_p95_ms", "large_faiss_mib"):
        assert isinstance(figures[key], float) and figures[key] >= 0
    assert figures["large_faiss_index"] == "flat"
    assert figures["large_entries"] == 120.0
