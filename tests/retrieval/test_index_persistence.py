"""A saved index loads without refitting: the FAQ classifier is saved beside the FAISS index, keyed
by the index meta, the training texts and the classifier's code; anything stale is refitted. The
static encoder answers queries from numpy with the vectors sentence-transformers gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.analyzer import JapaneseAnalyzer, SynonymTable
from retrieval.classifier import ClassifierRetriever
from retrieval.hits import Document
from retrieval.index import HybridIndex, extra_path, read_meta
from tests.retrieval.fakes import HashingEmbedder

DOCS = [
    Document("pw", ("パスワードを忘れました", "ログインできない"),
             "マイページのパスワード再設定はログイン画面から行います。", ("パスワード",)),
    Document("ui", ("失業保険の手続き", "基本手当をもらうには"),
             "雇用保険の基本手当は住所地のハローワークで手続きします。", ("失業保険",)),
    Document("job", ("求人票の書き方", "求人を出したい"), "求人の申し込みは事業所登録の後に行います。", ("求人",)),
    Document("train", ("職業訓練の申し込み",), "ハローワークで職業訓練の受講相談ができます。", ("職業訓練",)),
]
QUERIES = ["パスワード忘れた", "しつぎょうほけん", "求人を出すには", "訓練を受けたい", "関係ない話"]
META = {"faq_version": "v1", "encoder": "fake", "documents": str(len(DOCS))}


@pytest.fixture(scope="module")
def analyzer() -> JapaneseAnalyzer:
    return JapaneseAnalyzer(SynonymTable({"雇用保険": ["失業保険"]}))


def _fitted(analyzer: JapaneseAnalyzer) -> ClassifierRetriever:
    classifier = ClassifierRetriever(analyzer)
    classifier.fit(DOCS)
    return classifier


def test_a_saved_classifier_loads_with_the_same_scores(analyzer: JapaneseAnalyzer, tmp_path: Path) -> None:
    fitted = _fitted(analyzer)
    fitted.save(tmp_path / "classifier.pkl", META)
    loaded = ClassifierRetriever(JapaneseAnalyzer(SynonymTable({"雇用保険": ["失業保険"]})))
    assert loaded.load(tmp_path / "classifier.pkl", META)
    for query in QUERIES:
        np.testing.assert_array_equal(loaded.probabilities(query), fitted.probabilities(query))
        assert loaded.search(query, 3, {"pw", "ui"}) == fitted.search(query, 3, {"pw", "ui"})
    # the loaded vectorisers tokenise with the new instance's analyser, not a pickled copy
    assert loaded._words.analyzer.__self__ is loaded.analyzer


def test_a_stale_or_damaged_classifier_file_is_refused(analyzer: JapaneseAnalyzer, tmp_path: Path) -> None:
    path = tmp_path / "classifier.pkl"
    fresh = ClassifierRetriever(analyzer)
    assert not fresh.load(path, META)  # missing
    _fitted(analyzer).save(path, META)
    assert not fresh.load(path, {**META, "faq_version": "v2"})  # another FAQ version
    assert not ClassifierRetriever(analyzer, c=5.0).load(path, META)  # another setting
    assert fresh._model is None  # nothing was taken from a refused file
    path.write_bytes(b"not a pickle")
    assert not fresh.load(path, META)


def _index(analyzer: JapaneseAnalyzer) -> tuple[HybridIndex, ClassifierRetriever]:
    classifier = ClassifierRetriever(analyzer)
    index = HybridIndex(analyzer, HashingEmbedder(), weights={"bm25_norm": 1.0, "classifier": 2.0}, adapt=None,
                        extra=[classifier])
    return index, classifier


def test_the_index_loads_its_classifier_instead_of_refitting(
    analyzer: JapaneseAnalyzer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, _ = _index(analyzer)
    built.fit(DOCS)
    built.save(tmp_path, META)
    assert extra_path(tmp_path, "classifier").exists() and read_meta(tmp_path) == META

    loaded, classifier = _index(analyzer)
    monkeypatch.setattr(classifier, "fit", lambda documents: pytest.fail("refitted a saved classifier"))
    loaded.load(tmp_path, DOCS)
    for query in QUERIES:
        assert loaded.search(query, 4).hits == built.search(query, 4).hits


def test_a_stale_classifier_is_refitted_and_saved_again(
    analyzer: JapaneseAnalyzer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built, _ = _index(analyzer)
    built.fit(DOCS)
    built.save(tmp_path, META)
    # Same meta, but a body changed (e.g. the synonym table or an edit the version missed): refit.
    edited = Document("train", ("職業訓練の申し込み",), "公共職業訓練は無料で受講できます。", ("職業訓練",))
    changed = [*DOCS[:-1], edited]
    fits: list[int] = []
    original_fit = ClassifierRetriever.fit

    def counting_fit(self: ClassifierRetriever, documents: list[Document]) -> None:
        fits.append(len(documents))
        original_fit(self, documents)

    monkeypatch.setattr(ClassifierRetriever, "fit", counting_fit)
    loaded, classifier = _index(analyzer)
    loaded.load(tmp_path, changed)
    assert fits == [len(changed)]
    expected = ClassifierRetriever(analyzer)
    original_fit(expected, changed)
    np.testing.assert_allclose(classifier.probabilities("職業訓練"), expected.probabilities("職業訓練"))
    # ... and saved, so the next start loads it
    again, _ = _index(analyzer)
    again.load(tmp_path, changed)
    assert fits == [len(changed)]


def test_the_static_encoder_answers_queries_without_torch(tmp_path: Path) -> None:
    """`load_encoder(..., queries_only=True)` gives the sentence-transformers vectors from numpy,
    for a long-unit model and for a corpus-adapted one (short units, two weighted blocks)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.normalize import Normalize

    from retrieval.encoders import load_encoder
    from retrieval.static_embedding import SHORT_PREFIX, SudachiStaticEmbedding
    from retrieval.static_tokens import StaticQueryEncoder

    rng = np.random.default_rng(0)
    words = ["パスワード", "忘れる", "ログイン", "失業", "保険", "雇用保険", "手続き", "求人", "訓練", "申し込み"]
    vocab = [*words, *(SHORT_PREFIX + w for w in words)]
    vectors = rng.normal(size=(12, 8)).astype(np.float32)
    rows = np.arange(len(vocab)) % 12
    weights = rng.uniform(0.5, 2.0, size=len(vocab)).astype(np.float32)
    remove = rng.normal(size=(1, 8)).astype(np.float32)
    remove /= np.linalg.norm(remove)
    texts = ["パスワードを忘れました", "失業保険の手続き", "求人", "", "関係のない文"]
    for mode, blocks in (("C", None), ("AC", [1.0, 0.7])):
        module = SudachiStaticEmbedding(vocab, rows, weights, vectors, remove, split_mode=mode, block_weights=blocks)
        folder = tmp_path / mode
        SentenceTransformer(modules=[module, Normalize()], device="cpu").save(str(folder))
        reference = load_encoder(str(folder), tmp_path)
        fast = load_encoder(str(folder), tmp_path, queries_only=True)
        assert isinstance(fast, StaticQueryEncoder)
        expected = reference.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        np.testing.assert_allclose(fast.encode(texts), expected, atol=1e-6)
