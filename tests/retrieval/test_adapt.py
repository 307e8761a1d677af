"""Corpus adaptation of the static encoder: trained on the indexed documents only, saved with the index."""

from pathlib import Path

import numpy as np
import pytest

from retrieval.adapt import AdaptSettings, adapt_encoder, base_module
from retrieval.analyzer import JapaneseAnalyzer
from retrieval.hits import Document
from retrieval.index import HybridIndex
from tests.retrieval.fakes import HashingEmbedder

DOCS = [
    Document("move", ("転出届の出し方", "引っ越しで市外へ移る"), "市民課の窓口で転出証明書を受け取ってください。"),
    Document("seal", ("印鑑登録をしたい",), "登録できる判子は一辺八ミリ以上のものです。"),
    Document("tax", ("市民税の納付方法",), "納付書でコンビニや銀行から納めることができます。"),
    Document("trash", ("粗大ごみの出し方",), "粗大ごみ受付センターへ電話で申し込んでください。"),
    Document("nursery", ("保育所の入所申込み",), "入所の申込書を子ども相談支援課へ提出してください。"),
]
FAST = AdaptSettings(epochs=2, batch_size=4, seeds=1)


@pytest.fixture
def encoder(default_encoder):  # type: ignore[no-untyped-def]
    return default_encoder


def test_adapted_model_has_trained_and_base_blocks(encoder) -> None:  # type: ignore[no-untyped-def]
    model = adapt_encoder(encoder, DOCS, FAST)
    assert model is not None
    module = model[0]
    assert module.split_mode == "AC" and module.block_weights == [FAST.trained_weight, FAST.base_weight]
    vectors = model.encode(["判子を登録したい", "ごみを出したい", ""], normalize_embeddings=True)
    assert vectors.shape == (3, 600)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5) and not np.any(vectors[2])
    assert base_module(model) is None  # an adapted model is not adapted again


def test_adaptation_is_deterministic(encoder) -> None:  # type: ignore[no-untyped-def]
    first = adapt_encoder(encoder, DOCS, FAST)
    second = adapt_encoder(encoder, DOCS, FAST)
    assert first is not None and second is not None
    text = ["転出の手続き"]
    assert np.allclose(first.encode(text), second.encode(text))


def test_training_pulls_questions_towards_their_answers(encoder) -> None:  # type: ignore[no-untyped-def]
    model = adapt_encoder(encoder, DOCS, AdaptSettings(epochs=8, batch_size=5, seeds=1))
    assert model is not None
    questions = model.encode([d.titles[0] for d in DOCS], normalize_embeddings=True)
    answers = model.encode([d.body for d in DOCS], normalize_embeddings=True)
    similarity = questions @ answers.T
    assert (similarity.argmax(axis=1) == np.arange(len(DOCS))).all()


def test_other_encoders_are_not_adapted() -> None:
    assert adapt_encoder(HashingEmbedder(), DOCS) is None


def test_hybrid_index_saves_and_reloads_the_adapted_encoder(encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    analyzer = JapaneseAnalyzer()
    index = HybridIndex(analyzer, encoder, adapt=FAST)
    index.fit(DOCS)
    assert index.dense.adapted
    result = index.search("判子を登録したいのですが", 3)
    assert result.hits[0].doc_id == "seal"
    assert -1.0 <= result.hits[0].parts["dense"] <= 1.0
    index.save(tmp_path, {"v": "1"})
    assert (tmp_path / "encoder" / "modules.json").exists()
    loaded = HybridIndex(analyzer, encoder, adapt=FAST)
    loaded.load(tmp_path, DOCS)
    assert loaded.dense.adapted
    again = loaded.search("判子を登録したいのですが", 3)
    assert [h.doc_id for h in again.hits] == [h.doc_id for h in result.hits]
    assert np.isclose(again.hits[0].score, result.hits[0].score, atol=1e-5)
