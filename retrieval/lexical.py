"""BM25 over Sudachi tokens (bm25s), with question fields weighted above answers."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import bm25s
import numpy as np

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.hits import Document, Hit
from retrieval.topk import scope_mask, top_hits


class LexicalRetriever:
    """BM25 (Lucene variant) over titles, keywords and body of each document.

    Args:
        analyzer: the shared Japanese analyser.
        title_weight: how many times title and keyword tokens count against body tokens.
        k1, b: BM25 term-saturation and length-normalisation constants.
    """

    name = "bm25"

    def __init__(
        self,
        analyzer: JapaneseAnalyzer,
        title_weight: int = 2,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        if title_weight < 1:
            raise ValueError("title_weight must be at least 1")
        self.analyzer = analyzer
        self.title_weight = title_weight
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        self._doc_ids: list[str] = []

    def _document_tokens(self, doc: Document) -> list[str]:
        titles = [t for text in (*doc.titles, *doc.keywords) for t in self.analyzer.tokens(text)]
        return titles * self.title_weight + self.analyzer.tokens(doc.body)

    def fit(self, documents: Sequence[Document]) -> None:
        """Index `documents` (replaces any earlier index)."""
        self._doc_ids = [d.id for d in documents]
        # Kana-only and mis-converted questions are respelled with the corpus's own words.
        self.analyzer.learn_readings(text for d in documents for text in (*d.titles, *d.keywords, d.body))
        corpus = [self._document_tokens(d) or [""] for d in documents]
        self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str, scope: Collection[str] | None = None) -> np.ndarray:
        """BM25 score of every indexed document for `query` (0 outside `scope`), in fit order."""
        ids = self._bm25.get_tokens_ids(self.analyzer.tokens(query))
        if not ids or not self._doc_ids:
            return np.zeros(len(self._doc_ids), dtype=np.float32)
        return np.asarray(
            self._bm25.get_scores_from_ids(ids, weight_mask=scope_mask(self._doc_ids, scope)),
            dtype=np.float32,
        )

    def search(self, query: str, top_k: int, scope: Collection[str] | None = None) -> list[Hit]:
        return top_hits(self.scores(query, scope), self._doc_ids, top_k, self.name)
