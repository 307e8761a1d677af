"""The hybrid index: lexical and dense retrievers fused, scoped by menu node.

Each retriever proposes its `CANDIDATE_DEPTH` best documents; every candidate then
gets exact features (BM25 score over the query's best, best-title cosine, body
cosine) and the weighted sum of those features ranks them (`FUSION_WEIGHTS`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.dense import DEFAULT_ADAPT, DenseRetriever
from retrieval.fusion import weighted_sum_fusion
from retrieval.hits import Document, Hit
from retrieval.lexical import LexicalRetriever
from retrieval.topk import top_hits

if TYPE_CHECKING:  # training code (torch) is imported only when an index is built
    from retrieval.adapt import AdaptSettings

logger = logging.getLogger(__name__)

# How deep each retriever looks before fusion; fusion then keeps `top_k`.
CANDIDATE_DEPTH = 50
# Weighted-sum fusion: BM25 divided by the query's best BM25 score (so in [0, 1]),
# plus the best-title and body cosines. Three constants fitted on LocalGovFAQ dev
# (the only numbers tuned on evaluation queries; see the retrieval report).
FUSION_WEIGHTS = {"bm25_norm": 1.0, "dense_title": 1.0, "dense_body": 2.0}
# Layout of a saved index (passage map, adapted encoder); older layouts read as stale.
FORMAT_KEY = "retrieval_index_format"
INDEX_FORMAT = "2"


@dataclass(frozen=True)
class SearchResult:
    """Fused hits plus the time each stage took (milliseconds)."""

    hits: list[Hit]
    timings_ms: dict[str, float]


class HybridIndex:
    """BM25 + dense retrieval over one set of documents, fused by a weighted sum.

    Args:
        analyzer: Japanese analyser (with the domain synonym table).
        encoder: sentence-transformers model for the dense side (ours is adapted at `fit`).
        weights: fusion weights by feature name (default `FUSION_WEIGHTS`).
        body_weight: factor on body cosines in the `dense` part (best passage).
        adapt: training settings for adapting our static encoder (`DEFAULT_ADAPT`: `AdaptSettings()`);
            None disables it.
        extra: further retrievers (with `fit(documents)` and `search`), refitted with the
            lexical side; each adds its candidates, its score as a part named after it
            (weighted by `weights[name]`, 0 if absent) and `<name>_rank`.
    """

    def __init__(
        self,
        analyzer: JapaneseAnalyzer,
        encoder: Any,
        weights: dict[str, float] | None = None,
        body_weight: float = 0.85,
        adapt: AdaptSettings | str | None = DEFAULT_ADAPT,
        extra: Sequence[Any] = (),
    ) -> None:
        self.analyzer = analyzer
        self.lexical = LexicalRetriever(analyzer)
        self.dense = DenseRetriever(encoder, body_weight=body_weight, adapt=adapt)
        self.extra = list(extra)
        self.weights = dict(weights or FUSION_WEIGHTS)
        self.documents: dict[str, Document] = {}
        self._order: list[str] = []
        self._positions: dict[str, int] = {}

    def _set_documents(self, documents: Sequence[Document], fit_extra: bool = True) -> None:
        self.documents = {d.id: d for d in documents}
        self._order = [d.id for d in documents]
        self._positions = {d: i for i, d in enumerate(self._order)}
        self.lexical.fit(documents)
        if fit_extra:
            for retriever in self.extra:
                retriever.fit(documents)

    def fit(self, documents: Sequence[Document], show_progress: bool = False) -> None:
        self._set_documents(documents)
        prepare = self.analyzer.prepare
        prepared = [Document(d.id, tuple(map(prepare, d.titles)), prepare(d.body)) for d in documents]
        self.dense.fit(prepared, show_progress=show_progress)

    def scope_ids(self, node: str | None) -> set[str] | None:
        """Doc ids under menu node `node` (None: everything)."""
        if node is None:
            return None
        return {d.id for d in self.documents.values() if node in d.scopes}

    def search(self, query: str, top_k: int = 10, scope: Collection[str] | None = None) -> SearchResult:
        timings: dict[str, float] = {}
        start = time.perf_counter()
        bm25 = self.lexical.scores(query, scope)
        lexical = top_hits(bm25, self._order, CANDIDATE_DEPTH, self.lexical.name)
        timings["bm25"] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        vector = self.dense.query_vector(self.analyzer.prepare(query))
        dense = self.dense.search(query, CANDIDATE_DEPTH, scope, vector=vector)
        timings["dense"] = (time.perf_counter() - start) * 1000
        rankings = {"bm25": lexical, "dense": dense}
        for retriever in self.extra:
            start = time.perf_counter()
            rankings[retriever.name] = retriever.search(query, CANDIDATE_DEPTH, scope)
            timings[retriever.name] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        hits = self._fuse(bm25, vector, rankings)[:top_k]
        timings["fusion"] = (time.perf_counter() - start) * 1000
        return SearchResult(hits, timings)

    def _fuse(self, bm25: np.ndarray, vector: np.ndarray, rankings: dict[str, list[Hit]]) -> list[Hit]:
        """Exact features for the union of all candidate lists, ranked by their weighted sum."""
        ranks = {f"{name}_rank": {h.doc_id: r for r, h in enumerate(hits, 1)} for name, hits in rankings.items()}
        ids = list(dict.fromkeys(h.doc_id for hits in rankings.values() for h in hits))
        positions = [self._positions[d] for d in ids]
        titles, bodies = self.dense.passage_scores(vector, positions)
        top = float(bm25.max()) if bm25.size else 0.0
        features: dict[str, dict[str, float]] = {}
        for doc_id, p, title, body in zip(ids, positions, titles, bodies, strict=True):
            parts = {
                "bm25": float(bm25[p]),
                "bm25_norm": float(bm25[p]) / top if top > 0 else 0.0,
                "dense_title": float(title),
                "dense_body": float(body),
                "dense": max(float(title), float(body) * self.dense.body_weight),
            }
            for name, table in ranks.items():
                if doc_id in table:
                    parts[name] = float(table[doc_id])
            features[doc_id] = parts
        for retriever in self.extra:
            for hit in rankings[retriever.name]:
                features[hit.doc_id][retriever.name] = hit.score
        return weighted_sum_fusion(features, self.weights)

    def save(self, folder: Path, meta: dict[str, str]) -> None:
        """Persist the dense side and every extra retriever that can save itself (e.g. the FAQ
        classifier), with `meta` (e.g. FAQ version); the lexical side is rebuilt at load."""
        folder.mkdir(parents=True, exist_ok=True)
        self.dense.save(str(folder))
        key = self._extra_key(meta, list(self.documents.values()))
        for retriever in self.extra:
            if hasattr(retriever, "save"):
                retriever.save(extra_path(folder, retriever.name), key)
        stamped = {**meta, FORMAT_KEY: INDEX_FORMAT}
        (folder / "meta.json").write_text(json.dumps(stamped, ensure_ascii=False), encoding="utf-8")

    def load(self, folder: Path, documents: Sequence[Document]) -> None:
        """Load a saved index for `documents`: the dense side and the saved extra retrievers, keyed by
        the folder's meta and the documents' text; an extra retriever whose file is missing or stale
        is refitted (and saved again when the folder is writable). The lexical side is rebuilt."""
        self._set_documents(documents, fit_extra=False)
        key = self._extra_key(read_meta(folder) or {}, documents)
        for retriever in self.extra:
            path = extra_path(folder, retriever.name)
            if hasattr(retriever, "load") and retriever.load(path, key):
                continue
            logger.info("refitting a retriever of the saved index", extra={"retriever": retriever.name})
            retriever.fit(documents)
            if hasattr(retriever, "save"):
                try:
                    retriever.save(path, key)
                except OSError as exc:  # a read-only index folder: refit again next time
                    logger.warning("could not save a refitted retriever", extra={"error": str(exc)})
        self.dense.load(str(folder))

    def _extra_key(self, meta: dict[str, str], documents: Sequence[Document]) -> dict[str, str]:
        """What a saved extra retriever must match: the index meta and the training texts as the
        analyser prepares them (the synonym table is not part of the FAQ version)."""
        return {**meta, "corpus": corpus_digest(documents, self.analyzer.prepare)}


def extra_path(folder: Path, name: str) -> Path:
    """Where an extra retriever named `name` is saved inside an index folder."""
    return folder / f"{name}.pkl"


def corpus_digest(documents: Sequence[Document], prepare: Any) -> str:
    """A hash of every document's id, texts and keywords, raw and as `prepare` rewrites them."""
    digest = hashlib.sha256()
    for doc in documents:
        for text in (doc.id, *doc.titles, *doc.keywords, doc.body):
            digest.update(text.encode())
            digest.update(b"\x00")
            digest.update(prepare(text).encode())
            digest.update(b"\x01")
    return digest.hexdigest()[:16]


def read_meta(folder: Path) -> dict[str, str] | None:
    """The meta a saved index was written with, or None if there is none or its layout is older."""
    path = folder / "meta.json"
    if not path.exists():
        return None
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    if data.pop(FORMAT_KEY, None) != INDEX_FORMAT:
        return None  # written by an earlier layout: the caller rebuilds
    return data
