"""A supervised retriever: a linear classifier over the corpus's own texts.

Every document is a class; its titles (question and alternates), keywords and body
are the training examples. Trained at index build from the indexed corpus only, it
learns which words and character n-grams tell entries apart — complementary to
BM25 and to the static vectors. Scores are class probabilities.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy.sparse import hstack
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.extmath import softmax

from retrieval import analyzer as _analyzer_module
from retrieval.analyzer import JapaneseAnalyzer
from retrieval.hits import Document, Hit

# Bump when the saved layout changes; a file of another format reads as stale.
SAVE_FORMAT = "2"  # 2: float32 coefficients


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
        self.__dict__.pop("_query_analyzers", None)
        self._words.fit(texts)
        self._chars.fit(texts)
        self._readings.fit(texts)
        self._model = LogisticRegression(C=self.c, max_iter=3000)
        self._model.fit(self._features(texts), labels)
        # Kept in float32 (issue 19): one weight per class and feature (249 x 54,388 for the FAQ) is
        # 54 MB instead of 108 MB in every serving process. Scores are still computed in float64 (the
        # float64 features times the weights, upcast), so probabilities move by about 1e-7: no answer,
        # clarify step or confidence changed on the dev questions.
        self._model.coef_ = self._model.coef_.astype(np.float32)
        self._classes = [str(c) for c in self._model.classes_]

    def query_features(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """The query's TF-IDF features as (columns, values), equal to the row `_features([query])` gives
        (to float rounding; tested) but computed directly: for one short text, scikit-learn's
        `transform` spends most of its time on input checks and sparse-matrix bookkeeping (about a
        seventh of a served question's CPU). Same steps: count the vocabulary's features, sublinear tf
        (1 + log), times idf, l2-normalised per vectoriser, the three blocks side by side."""
        analyzers = self.__dict__.get("_query_analyzers")
        if analyzers is None:
            analyzers = self.__dict__["_query_analyzers"] = [v.build_analyzer() for v in self._vectorizers]
        columns: list[np.ndarray] = []
        values: list[np.ndarray] = []
        offset = 0
        for vectorizer, analyze in zip(self._vectorizers, analyzers, strict=True):
            vocabulary = vectorizer.vocabulary_
            counts: dict[int, int] = {}
            for feature in analyze(query):
                index = vocabulary.get(feature)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if counts:
                found = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
                weight = np.log(np.fromiter((counts[i] for i in found), dtype=np.float64, count=len(found))) + 1.0
                weight *= vectorizer.idf_[found]
                norm = float(np.sqrt(np.dot(weight, weight)))
                columns.append(found + offset)
                values.append(weight / norm if norm > 0 else weight)
            offset += len(vocabulary)
        if not columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    @property
    def _vectorizers(self) -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
        return self._words, self._chars, self._readings

    def probabilities(self, query: str) -> np.ndarray:
        """Class probabilities, as `LogisticRegression.predict_proba` computes them, from the weights of
        the query's own features only: scipy would convert the whole float32 matrix to float64 first."""
        if self._model is None:
            return np.zeros(0)
        columns, values = self.query_features(query)
        weights = self._model.coef_[:, columns].astype(np.float64)
        decision = weights @ values + self._model.intercept_
        if len(self._classes) <= 2:  # binary: one decision, the positive class's probability by its sigmoid
            positive = float(expit(decision[0]))
            return np.array([1.0 - positive, positive])
        proba: np.ndarray = softmax(decision[None, :], copy=False)[0]
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

    # --- persistence: the fitted state beside the FAISS index (see `HybridIndex.save`) ---------------

    def fingerprint(self) -> dict[str, str]:
        """What else a saved fit depends on besides the corpus: the code that turns text into
        features and scores (this module and the analyser), the settings and scikit-learn's version."""
        digest = hashlib.sha256()
        for module_file in (__file__, _analyzer_module.__file__):
            digest.update(Path(str(module_file)).read_bytes())
        return {"format": SAVE_FORMAT, "code": digest.hexdigest()[:16], "c": repr(self.c),
                "sklearn": sklearn.__version__}

    def save(self, path: Path, meta: Mapping[str, str]) -> None:
        """Write the fitted state to `path` (atomically), keyed by `meta` and `fingerprint()`.

        The analyser is not written: its bound methods (the vectorisers' tokenisers) are stored by
        name and re-bound to the analyser of the instance that loads them.
        """
        buffer = io.BytesIO()
        state = {k: v for k, v in self.__dict__.items() if k not in ("analyzer", "_query_analyzers")}
        _AnalyzerPickler(buffer, self.analyzer).dump({"key": self._key(meta), "state": state})
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(buffer.getvalue())
        os.replace(partial, path)

    def load(self, path: Path, meta: Mapping[str, str]) -> bool:
        """Restore what `save` wrote for the same `meta` and code; False (nothing changed) if the
        file is missing, unreadable or was written for another corpus, code or setting.

        The file is trusted like the rest of the index folder (it is a pickle, as scikit-learn's
        own persistence is): only this service writes under its var directory.
        """
        try:
            with path.open("rb") as handle:
                saved = _AnalyzerUnpickler(handle, self.analyzer).load()
        except FileNotFoundError:
            return False
        except Exception:  # a damaged or foreign file is just stale: refit
            return False
        if not isinstance(saved, dict) or saved.get("key") != self._key(meta):
            return False
        self.__dict__.update(saved["state"])
        return True

    def _key(self, meta: Mapping[str, str]) -> dict[str, str]:
        return {**{f"meta.{k}": str(v) for k, v in meta.items()}, **self.fingerprint()}


class _AnalyzerPickler(pickle.Pickler):
    """Pickles the analyser and its bound methods as references, never as objects."""

    def __init__(self, file: io.BytesIO, analyzer: JapaneseAnalyzer) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._analyzer = analyzer

    def persistent_id(self, obj: Any) -> tuple[str, str] | None:
        if obj is self._analyzer:
            return ("analyzer", "")
        if getattr(obj, "__self__", None) is self._analyzer and callable(obj):
            return ("analyzer", obj.__name__)
        return None


class _AnalyzerUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, analyzer: JapaneseAnalyzer) -> None:
        super().__init__(file)
        self._analyzer = analyzer

    def persistent_load(self, pid: Any) -> Any:
        kind, name = pid
        if kind != "analyzer":
            raise pickle.UnpicklingError(f"unknown reference {kind!r}")
        return getattr(self._analyzer, name) if name else self._analyzer
