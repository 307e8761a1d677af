from pathlib import Path

import pytest

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.dense import DenseRetriever
from retrieval.hits import Document
from retrieval.index import HybridIndex, read_meta
from retrieval.lexical import LexicalRetriever
from tests.retrieval.fakes import HashingEmbedder

DOCS = [
    Document(
        "pw",
        ("パスワードを忘れました", "ログインできない"),
        "再設定の手続きをしてください。",
        ("パスワード",),
        frozenset({"js", "js.account"}),
    ),
    Document(
        "ben",
        ("雇用保険の基本手当の受給資格", "失業給付をもらう条件"),
        "離職前の被保険者期間が必要です。",
        ("基本手当",),
        frozenset({"js", "js.insurance"}),
    ),
    Document(
        "offer",
        ("求人を申し込む方法", "求人票を出したい"),
        "求人者マイページから申し込めます。",
        ("求人",),
        frozenset({"em"}),
    ),
]


@pytest.fixture(scope="module")
def analyzer() -> JapaneseAnalyzer:
    return JapaneseAnalyzer()


def test_lexical_ranks_matching_document_first(analyzer: JapaneseAnalyzer) -> None:
    lexical = LexicalRetriever(analyzer)
    lexical.fit(DOCS)
    hits = lexical.search("パスワードを忘れてログインできません", 3)
    assert hits[0].doc_id == "pw"
    assert hits[0].parts["bm25"] > 0


def test_lexical_scope_and_unknown_words(analyzer: JapaneseAnalyzer) -> None:
    lexical = LexicalRetriever(analyzer)
    lexical.fit(DOCS)
    assert lexical.search("パスワード", 3, scope={"offer"}) == []
    assert lexical.search("まったく関係のないザザザ", 3) == []


def test_dense_max_pools_passages_and_scopes() -> None:
    dense = DenseRetriever(HashingEmbedder())
    dense.fit(DOCS)
    hits = dense.search("失業給付をもらう条件は", 3)
    assert hits[0].doc_id == "ben"
    scoped = dense.search("失業給付をもらう条件は", 3, scope={"pw", "offer"})
    assert all(h.doc_id != "ben" for h in scoped)
    assert dense.search("x", 3, scope=set()) == []


def test_hybrid_index_fuses_scopes_and_round_trips(analyzer: JapaneseAnalyzer, tmp_path: Path) -> None:
    index = HybridIndex(analyzer, HashingEmbedder())
    index.fit(DOCS)
    result = index.search("求人票を出したい", 2)
    assert result.hits[0].doc_id == "offer"
    assert {"bm25", "dense", "fusion"} <= set(result.timings_ms)
    assert index.scope_ids("js") == {"pw", "ben"}
    assert index.search("求人票を出したい", 2, index.scope_ids("js")).hits[0].doc_id != "offer"
    index.save(tmp_path, {"faq_version": "v1"})
    assert read_meta(tmp_path) == {"faq_version": "v1"}
    loaded = HybridIndex(analyzer, HashingEmbedder())
    loaded.load(tmp_path, DOCS)
    assert [h.doc_id for h in loaded.search("パスワード", 3).hits] == [
        h.doc_id for h in index.search("パスワード", 3).hits
    ]


def test_dense_rejects_bad_body_weight() -> None:
    with pytest.raises(ValueError):
        DenseRetriever(HashingEmbedder(), body_weight=1.5)


def test_hybrid_parts_rrf_mode_and_extra_retrievers(analyzer: JapaneseAnalyzer) -> None:
    from retrieval.hits import Hit

    class Fixed:
        name = "fixed"

        def fit(self, documents: object) -> None:
            self.fitted = True

        def search(self, query: str, top_k: int, scope: object = None) -> list[Hit]:
            return [Hit("ben", 1.0, {"fixed": 1.0})]

    index = HybridIndex(analyzer, HashingEmbedder(), extra=[Fixed()])
    index.fit(DOCS)
    hits = index.search("パスワードを忘れました", 3).hits
    assert hits[0].doc_id == "pw" and hits[0].parts["bm25_norm"] == 1.0
    assert hits[0].parts["dense"] == max(hits[0].parts["dense_title"], 0.85 * hits[0].parts["dense_body"])
    assert next(h for h in hits if h.doc_id == "ben").parts["fixed_rank"] == 1.0
    boosted = HybridIndex(analyzer, HashingEmbedder(), weights={"bm25_norm": 1.0, "fixed": 5.0}, extra=[Fixed()])
    boosted.fit(DOCS)
    assert boosted.search("パスワードを忘れました", 3).hits[0].doc_id == "ben"


def test_large_corpora_use_ivf_and_small_scopes_are_scored_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    import retrieval.dense as dense_module

    monkeypatch.setattr(dense_module, "FLAT_LIMIT", 100)
    docs = [Document(str(i), (f"質問{i}番の{'求人' if i % 2 else '年金'}",), f"回答{i}") for i in range(200)]
    dense = DenseRetriever(HashingEmbedder())
    dense.fit(docs)
    assert dense._index is not None and dense_module.index_kind(dense._index).startswith("ivf")
    vector = dense.query_vector("質問7番の求人")
    titles, bodies = dense.passage_scores(vector, [7, 8])
    assert titles[0] > titles[1] and -1.0 <= bodies[0] <= 1.0
    scoped = dense.search("質問7番の求人", 3, scope={"7", "150"}, vector=vector)
    assert [h.doc_id for h in scoped][:1] == ["7"]


def test_an_index_saved_by_an_older_layout_reads_as_stale(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text('{"faq_version": "v1"}', encoding="utf-8")
    assert read_meta(tmp_path) is None
