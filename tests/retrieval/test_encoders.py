"""The offline default encoder is a real sentence-transformers model built from ja-ginza."""

from pathlib import Path

import numpy as np
import pytest

from retrieval.encoders import load_encoder


@pytest.fixture
def encoder(default_encoder):  # type: ignore[no-untyped-def]
    return default_encoder


def test_default_encoder_builds_offline_and_relates_paraphrases(encoder) -> None:  # type: ignore[no-untyped-def]
    vectors = encoder.encode(
        ["失業保険をもらいたい", "雇用保険の給付を受けたい", "パスワードを忘れた"], normalize_embeddings=True
    )
    assert vectors.shape == (3, 300)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_empty_text_gives_zero_vector(encoder) -> None:  # type: ignore[no-untyped-def]
    vector = encoder.encode([""], normalize_embeddings=True)
    assert vector.shape == (1, 300) and not np.any(vector)


def test_saved_model_reloads_identically(encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    encoder.save(str(tmp_path / "copy"))
    again = load_encoder(str(tmp_path / "copy"), tmp_path)
    text = ["ハローワークで求人を探す"]
    assert np.allclose(encoder.encode(text), again.encode(text))


def test_foreign_custom_modules_are_not_trusted(tmp_path: Path) -> None:
    from retrieval.encoders import _only_our_modules

    (tmp_path / "modules.json").write_text('[{"type": "evil.Module", "path": ""}]', encoding="utf-8")
    assert not _only_our_modules(tmp_path)
    (tmp_path / "modules.json").write_text('[{"type": "retrieval.static_embedding.SudachiStaticEmbedding"}]')
    assert _only_our_modules(tmp_path)


def _tiny_character_model(folder: Path) -> Path:
    """A real (untrained) sentence-transformers model built here: character tokens -> static vectors."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules.static_embedding import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers

    chars = sorted(set("パスワードを忘れたログインできない求人票を出したい申し込む方法雇用保険の基本手当"))
    vocab = {"[UNK]": 0, "[PAD]": 1} | {c: i + 2 for i, c in enumerate(chars)}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split("", behavior="isolated")
    weights = np.random.default_rng(0).normal(size=(len(vocab), 16)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    model.save(str(folder))
    return folder


def test_any_local_sentence_transformers_path_works_end_to_end(tmp_path: Path) -> None:
    from retrieval.analyzer import JapaneseAnalyzer
    from retrieval.hits import Document
    from retrieval.index import HybridIndex

    encoder = load_encoder(str(_tiny_character_model(tmp_path / "tiny")), tmp_path)
    assert encoder.encode(["パスワード"]).shape == (1, 16)
    docs = [Document("pw", ("パスワードを忘れた",), "再設定してください。"), Document("job", ("求人票を出したい",))]
    index = HybridIndex(JapaneseAnalyzer(), encoder)
    index.fit(docs)
    assert not index.dense.adapted  # only our own static encoder is adapted
    hits = index.search("パスワードを忘れてログインできない", 2).hits
    assert hits[0].doc_id == "pw"
    assert {"bm25", "dense", "dense_title", "dense_body", "bm25_rank"} <= set(hits[0].parts)
    index.save(tmp_path / "index", {})
    assert not (tmp_path / "index" / "encoder").exists()
