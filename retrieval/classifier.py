"""A supervised retriever: a linear classifier over the corpus's own texts.

Every document is a class; its titles (question and alternates), keywords and body
are the training examples. Trained at index build from the indexed corpus only, it
learns which words and character n-grams tell entries apart — complementary to
BM25 and to the static vectors. Scores are class probabilities.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.hits import Document, Hit


class ClassifierRetriever:
    """Logistic regression over Sudachi-token, character 1–3-gram and reading 2–3-gram TF-IDF features.

    The reading features (katakana readings of the content words, see `JapaneseAnalyzer.reading`)
    let hiragana-only and mis-converted questions match entries written in kanji.

    Args:
        analyzer: the shared analyser (normalisation, synonyms, tokens).
        c: inverse regularisation strength; high because each class has few examples.
    """

    name = "classifier"

    def __init__(self, analyzer: JapaneseAnalyzer, c: float = 20.0) -> None:
        if c <= 0:
            raise ValueError("c must be positive")
        self.analyzer = analyzer
        self.c = c
        self._words = TfidfVectorizer(analyzer=self.analyzer.tokens, sublinear_tf=True)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, preprocessor=self.analyzer.prepare
        )
        self._readings = TfidfVectorizer(
            analyzer="char", ngram_range=(2, 3), sublinear_tf=True, preprocessor=self.analyzer.reading
        )
        self._model: LogisticRegression | None = None
        self._classes: list[str] = []

    def _features(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        parts = [self._words.transform(texts), self._chars.transform(texts), self._readings.transform(texts)]
        return hstack(parts).tocsr()

    def fit(self, documents: Sequence[Document]) -> None:
        texts: list[str] = []
        labels: list[str] = []
        for doc in documents:
            examples = [*doc.titles, " ".join(doc.keywords), doc.body]
            for text in examples:
                if text.strip():
                    texts.append(text)
                    labels.append(doc.id)
        if len(set(labels)) < 2:
            self._model = None
            return
        self._words.fit(texts)
        self._chars.fit(texts)
        self._readings.fit(texts)
        self._model = LogisticRegression(C=self.c, max_iter=3000)
        self._model.fit(self._features(texts), labels)
        self._classes = [str(c) for c in self._model.classes_]

    def probabilities(self, query: str) -> np.ndarray:
        if self._model is None:
            return np.zeros(0)
        proba: np.ndarray = self._model.predict_proba(self._features([query]))[0]
        return proba

    def search(self, query: str, top_k: int, scope: Collection[str] | None = None) -> list[Hit]:
        proba = self.probabilities(query)
        if proba.size == 0:
            return []
        if scope is not None:
            allowed = set(scope)
            mask = np.fromiter((c in allowed for c in self._classes), dtype=bool, count=len(self._classes))
            total = float(proba[mask].sum())
            proba = np.where(mask, proba / total if total > 0 else 0.0, 0.0)
        order = np.argsort(-proba, kind="stable")[:top_k]
        return [Hit(self._classes[i], float(proba[i]), {self.name: float(proba[i])}) for i in order if proba[i] > 0]
