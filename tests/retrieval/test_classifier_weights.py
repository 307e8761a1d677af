"""The FAQ classifier keeps float32 weights (issue 19) and scores a query from its own features only:
the probabilities are scikit-learn's for those weights, and within 1e-6 of the float64 fit's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.classifier import ClassifierRetriever
from retrieval.hits import Document

DOCS = [
    Document("pw", ("パスワードを忘れました", "ログインできない"), "再設定はログイン画面から。", ("パスワード",)),
    Document("ui", ("失業保険の手続き", "基本手当をもらうには"), "基本手当は住所地のハローワークで。", ("失業保険",)),
    Document("job", ("求人票の書き方", "求人を出したい"), "求人の申し込みは事業所登録の後に。", ("求人",)),
]
QUERIES = ["パスワード忘れた", "しつぎょうほけん", "求人を出すには", "関係ない話", "", "ログイン 求人 失業"]


@pytest.fixture(scope="module")
def analyzer() -> JapaneseAnalyzer:
    return JapaneseAnalyzer()


@pytest.mark.parametrize("documents", [DOCS, DOCS[:2]], ids=["multiclass", "binary"])
def test_probabilities_are_scikit_learns_for_the_float32_weights(
    analyzer: JapaneseAnalyzer, documents: list[Document]
) -> None:
    classifier = ClassifierRetriever(analyzer)
    classifier.fit(documents)
    model = classifier._model
    assert model is not None and model.coef_.dtype == np.float32
    full = model.coef_.astype(np.float64)
    for query in QUERIES:
        features = classifier._features([query])
        mine = classifier.probabilities(query)
        np.testing.assert_allclose(mine, model.predict_proba(features)[0], rtol=0, atol=1e-12)
        model.coef_ = full  # the float64 weights the float32 ones were rounded from
        np.testing.assert_allclose(mine, model.predict_proba(features)[0], rtol=0, atol=1e-6)
        model.coef_ = full.astype(np.float32)
        assert mine.sum() == pytest.approx(1.0)


ODD_TEXTS = ["", "　", "ＡＢＣ１２３", "ﾊﾛｰﾜｰｸ", "😀😀", "a" * 500, "求人求人求人求人", "＜氏名＞です"]


def test_query_features_equal_scikit_learns_transform(knowledge: object) -> None:
    """The direct TF-IDF of one query is the row scikit-learn's three vectorisers give, on the FAQ's
    fitted classifier, for the dev questions and odd input."""
    index = knowledge.index  # type: ignore[attr-defined]
    classifier = next(r for r in index.extra if isinstance(r, ClassifierRetriever))
    for vectorizer in classifier._vectorizers:  # the steps query_features reproduces
        settings = (vectorizer.sublinear_tf, vectorizer.norm, vectorizer.use_idf, vectorizer.binary)
        assert settings == (True, "l2", True, False)
    data = Path(__file__).resolve().parents[1] / "data" / "questions_dev.jsonl"
    texts = [json.loads(line)["text"] for line in data.read_text(encoding="utf-8").splitlines()[:300]] + ODD_TEXTS
    for text in texts:
        row = classifier._features([text])
        columns, values = classifier.query_features(text)
        assert list(columns) == sorted(columns) and list(columns) == list(np.sort(row.indices)), text
        expected = dict(zip(row.indices, row.data, strict=True))
        np.testing.assert_allclose(values, [expected[c] for c in columns], rtol=1e-12, atol=1e-15)
