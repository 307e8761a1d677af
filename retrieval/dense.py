"""Dense retrieval: sentence-transformers vectors in a FAISS inner-product index.

Every title (question and alternates) and the body of a document is a passage, stored
contiguously per document. `search` ranks documents by their best passage (the body
discounted by `body_weight`); `passage_scores` gives the exact best-title and body
cosines of any documents, which the hybrid index fuses with BM25.

With our own static encoder, `fit` first adapts it to the documents (see
`retrieval.adapt`) and saves the adapted model beside the index; any other
sentence-transformers model is used as it is.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np

from retrieval.hits import Document, Hit

if TYPE_CHECKING:  # training code (torch) is imported only when an index is built
    from retrieval.adapt import AdaptSettings

# `adapt` value meaning "the default `AdaptSettings()`", resolved when `fit` needs it.
DEFAULT_ADAPT = "default"

# Up to this many passages a flat (exact) scan stays well under a millisecond per
# 1,000 rows; beyond it an inverted-file index with half-precision vectors keeps
# queries fast and memory halved (see `retrieval.bench`).
FLAT_LIMIT = 50_000
# Inverted lists probed per query: with sqrt(n) lists, about 16 / sqrt(n) of the rows.
IVF_NPROBE = 16


def index_kind(index: faiss.Index) -> str:
    """A short name for the FAISS index type ("flat" or "ivf<lists>,sq-fp16")."""
    ivf = faiss.try_extract_index_ivf(index)
    return "flat" if ivf is None else f"ivf{ivf.nlist},sq-fp16"


def build_faiss_index(vectors: np.ndarray, seed: int = 0) -> faiss.Index:
    """Exact inner product for small sets; IVF (sqrt(n) lists, fp16 codes) for large ones."""
    n, dim = vectors.shape
    if n <= FLAT_LIMIT:
        flat = faiss.IndexFlatIP(dim)
        flat.add(vectors)
        return flat
    nlist = int(np.sqrt(n))
    quantizer = faiss.IndexFlatIP(dim)
    fp16 = faiss.ScalarQuantizer.QT_fp16
    index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, fp16, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(seed).choice(n, size=min(n, 40 * nlist), replace=False)
    index.train(vectors[np.sort(sample)])
    index.add(vectors)
    index.nprobe = IVF_NPROBE
    index.set_direct_map_type(faiss.DirectMap.Array)  # type: ignore[attr-defined]  # reconstruct by id
    return index


class DenseRetriever:
    """Cosine similarity over normalised passage vectors.

    Args:
        encoder: a sentence-transformers model (anything with `encode`).
        body_weight: factor on body passages in `search`, below 1 so answers count less.
        batch_size: encoding batch size while indexing.
        adapt: training settings for adapting our static encoder (`DEFAULT_ADAPT`: the defaults);
            None keeps it as is.
    """

    name = "dense"

    def __init__(
        self,
        encoder: Any,
        body_weight: float = 0.85,
        batch_size: int = 256,
        adapt: AdaptSettings | str | None = None,
    ) -> None:
        if not 0.0 <= body_weight <= 1.0:
            raise ValueError("body_weight must be within [0, 1]")
        self.base_encoder = encoder  # as given; what `fit` adapts from
        self.encoder = encoder  # what encodes passages and queries: the base, or its adaptation after `fit`
        self.adapted = False
        self.body_weight = body_weight
        self.batch_size = batch_size
        self.adapt = adapt
        self._doc_ids: list[str] = []
        self._start: np.ndarray = np.zeros(1, dtype=np.int64)
        self._has_body: np.ndarray = np.zeros(0, dtype=bool)
        self._passage_doc: np.ndarray = np.zeros(0, dtype=np.int64)
        self._index: faiss.Index | None = None

    def encode(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        vectors = self.encoder.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def fit(self, documents: Sequence[Document], show_progress: bool = False) -> None:
        """Adapt the encoder if it is ours, then encode and index every passage of `documents`."""
        adapted = None
        if self.adapt is not None:
            from retrieval.adapt import AdaptSettings, adapt_encoder

            settings = AdaptSettings() if self.adapt == DEFAULT_ADAPT else self.adapt
            if not isinstance(settings, AdaptSettings):
                raise TypeError(f"adapt must be AdaptSettings, None or {DEFAULT_ADAPT!r}")
            adapted = adapt_encoder(self.base_encoder, documents, settings)
        self.encoder = adapted if adapted is not None else self.base_encoder
        self.adapted = adapted is not None
        texts: list[str] = []
        starts = [0]
        for doc in documents:
            texts.extend(doc.titles)
            if doc.body:
                texts.append(doc.body)
            starts.append(len(texts))
        self._doc_ids = [d.id for d in documents]
        self._start = np.asarray(starts, dtype=np.int64)
        self._has_body = np.asarray([bool(d.body) for d in documents], dtype=bool)
        self._passage_doc = np.repeat(np.arange(len(documents)), np.diff(self._start))
        self._index = build_faiss_index(self.encode(texts, show_progress)) if texts else None

    def query_vector(self, query: str) -> np.ndarray:
        return self.encode([query])[0]

    def search(
        self, query: str, top_k: int, scope: Collection[str] | None = None, vector: np.ndarray | None = None
    ) -> list[Hit]:
        """Documents by best passage cosine (body discounted); `vector` skips re-encoding `query`."""
        vector = self.query_vector(query) if vector is None else vector
        if self._index is None or top_k <= 0 or not np.any(vector):
            return []
        k = min(self._index.ntotal, max(top_k * 8, 64))
        scores, ids = self._nearest(vector, k, scope)
        best: dict[int, float] = {}
        for score, passage in zip(scores, ids, strict=True):
            if passage < 0:
                continue
            doc = int(self._passage_doc[passage])
            is_body = self._has_body[doc] and passage == self._start[doc + 1] - 1
            value = float(score) * (self.body_weight if is_body else 1.0)
            if value > best.get(doc, -1.0):
                best[doc] = value
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        return [Hit(self._doc_ids[d], s, {self.name: s}) for d, s in ranked if s > 0]

    def _nearest(self, vector: np.ndarray, k: int, scope: Collection[str] | None) -> tuple[np.ndarray, np.ndarray]:
        """The `k` passages nearest to `vector`, within `scope` (scores, passage ids; -1 pads)."""
        assert self._index is not None
        if scope is None:
            scores, ids = self._index.search(vector[None, :], k)
            return scores[0], ids[0]
        allowed = set(scope)
        in_scope = np.fromiter((d in allowed for d in self._doc_ids), dtype=bool, count=len(self._doc_ids))
        members = np.flatnonzero(in_scope[self._passage_doc]).astype(np.int64)
        if members.size == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        if faiss.try_extract_index_ivf(self._index) is not None and members.size <= FLAT_LIMIT:
            # An IVF probe may miss a small scope entirely: score its members exactly.
            sims = self._index.reconstruct_batch(members) @ vector
            order = np.argsort(-sims, kind="stable")[:k]
            return sims[order], members[order]
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(members))  # type: ignore[call-arg]
        scores, ids = self._index.search(vector[None, :], min(k, int(members.size)), params=params)
        return scores[0], ids[0]

    def passage_scores(self, vector: np.ndarray, positions: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Exact best-title and body cosines of the documents at `positions` (body 0 if none)."""
        titles = np.zeros(len(positions), dtype=np.float32)
        bodies = np.zeros(len(positions), dtype=np.float32)
        if self._index is None or not positions:
            return titles, bodies
        spans = [np.arange(self._start[p], self._start[p + 1]) for p in positions]
        passages = np.concatenate(spans)
        sims = self._index.reconstruct_batch(passages) @ vector
        offset = 0
        for i, (p, span) in enumerate(zip(positions, spans, strict=True)):
            part = sims[offset : offset + len(span)]
            offset += len(span)
            n_titles = len(span) - int(self._has_body[p])
            titles[i] = part[:n_titles].max() if n_titles else 0.0
            bodies[i] = part[-1] if self._has_body[p] else 0.0
        return titles, bodies

    def save(self, folder: str) -> None:
        """Write the FAISS index, the passage map and an adapted encoder to `folder`."""
        if self._index is None:
            raise ValueError("nothing to save: the index is empty")
        faiss.write_index(self._index, f"{folder}/dense.faiss")
        ids = np.asarray(self._doc_ids)
        np.savez(f"{folder}/dense_passages.npz", start=self._start, has_body=self._has_body, ids=ids)
        shutil.rmtree(f"{folder}/encoder", ignore_errors=True)
        if self.adapted:
            self.encoder.save(f"{folder}/encoder")

    def load(self, folder: str) -> None:
        """Read what `save` wrote (the adapted encoder, if any, for encoding queries only)."""
        from retrieval.encoders import load_encoder

        self._index = faiss.read_index(f"{folder}/dense.faiss")
        data = np.load(f"{folder}/dense_passages.npz")
        self._start = data["start"]
        self._has_body = data["has_body"]
        self._doc_ids = [str(x) for x in data["ids"]]
        self._passage_doc = np.repeat(np.arange(len(self._doc_ids)), np.diff(self._start))
        self.adapted = (Path(folder) / "encoder" / "modules.json").exists()
        # Only queries are encoded from here on: a static model of ours loads without torch.
        adapted = load_encoder(f"{folder}/encoder", Path(folder), queries_only=True) if self.adapted else None
        self.encoder = adapted if adapted is not None else self.base_encoder
