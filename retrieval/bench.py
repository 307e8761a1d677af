"""Speed and memory of the retrieval stack: figures for `hwis-concierge bench retrieval`.

Three measurements, each on a fresh `HybridIndex` with the configured encoder (ours
is adapted to each corpus at `fit`, so build times include that training):

- query p50/p95 at the LocalGovFAQ size (its real corpus and queries when the
  dataset folder is given, otherwise 1,786 synthetic entries);
- index build seconds for 10,000 synthetic entries;
- query p50/p95 at 100,000 synthetic entries, with the FAISS index type chosen for
  that size, the serialized FAISS index size and the process RSS growth of the build.

Synthetic entries are Japanese FAQ-like texts: municipal-service words drawn with a
Zipf law plus made-up katakana names, so the vocabulary grows with the corpus.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from retrieval.analyzer import JapaneseAnalyzer
from retrieval.dense import index_kind
from retrieval.hits import Document
from retrieval.index import HybridIndex

_WORD_TEXT = (
    "住民票 戸籍 印鑑 転入 転出 国民健康保険 年金 介護保険 保育所 幼稚園 児童手当 医療費 助成 予防接種 健診 ごみ"
    " 粗大ごみ 資源 リサイクル 駐車場 自転車 市営住宅 家賃 水道 下水道 道路 公園 図書館 体育館 プール 市民税 固定資産税"
    " 軽自動車税 納付書 口座振替 証明書 マイナンバー 窓口 支所 申請 届出 手続き 相談 補助金 障害者 高齢者"
    " 生活保護 防災 避難所 選挙 投票 市報 ボランティア 講座 教室 施設 予約 料金 減免 還付 期限 書類 郵送"
)
_WORDS = _WORD_TEXT.split()
_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
_TITLES = ("{a}の{b}について知りたい", "{a}で{b}をするにはどうすればいいですか", "{n}の{a}はどこで申し込めますか")
_BODIES = ("{a}は{b}で受け付けています。", "{n}では{a}の{b}を行っています。", "{a}の{b}には{c}が必要です。")


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * 4096


def synthetic_documents(n: int, seed: int = 0) -> list[Document]:
    """`n` deterministic FAQ-like entries: a question title and a two- or three-sentence answer."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(_WORDS))]

    def name() -> str:
        return "".join(rng.choice(_KANA) for _ in range(rng.randint(3, 5)))

    def fill(template: str) -> str:
        a, b, c = rng.choices(_WORDS, weights, k=3)
        return template.format(a=a, b=b, c=c, n=name())

    documents = []
    for i in range(n):
        body = "".join(fill(rng.choice(_BODIES)) for _ in range(rng.randint(2, 3)))
        documents.append(Document(str(i), (fill(rng.choice(_TITLES)),), body))
    return documents


def _latencies(index: HybridIndex, queries: Sequence[str]) -> tuple[float, float]:
    for query in queries[:20]:  # warm-up: thread-local tokenizers, caches
        index.search(query, 10)
    times = []
    for query in queries:
        start = time.perf_counter()
        index.search(query, 10)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def bench_retrieval(
    make_encoder: Callable[[], Any],
    dataset: Path | None = None,
    n_queries: int = 300,
    sizes: tuple[int, int] = (10_000, 100_000),
    small_size: int = 1786,
) -> dict[str, float | str]:
    """Build the three indexes and return printing-ready figures (milliseconds, seconds, MiB).

    `make_encoder` returns the configured sentence-transformers encoder (called once);
    without `dataset`, the small index holds `small_size` synthetic entries.
    """
    from retrieval.evaluation import load_beir

    encoder = make_encoder()
    analyzer = JapaneseAnalyzer()
    rng = random.Random(1)
    if dataset is not None:
        data = load_beir(dataset, "dev")
        documents, queries = data.documents, list(data.queries.values())
    else:
        documents = synthetic_documents(small_size)
        queries = [rng.choice(d.titles) for d in rng.sample(documents, n_queries)]
    out: dict[str, float | str] = {"small_entries": float(len(documents))}
    start = time.perf_counter()
    small = HybridIndex(analyzer, encoder)
    small.fit(documents)
    out["small_build_s"] = time.perf_counter() - start
    out["small_p50_ms"], out["small_p95_ms"] = _latencies(small, queries[:n_queries])

    start = time.perf_counter()
    HybridIndex(analyzer, encoder).fit(synthetic_documents(sizes[0], seed=2))
    out["build_10k_s" if sizes[0] == 10_000 else f"build_{sizes[0]}_s"] = time.perf_counter() - start
    out["build_entries"] = float(sizes[0])

    large_docs = synthetic_documents(sizes[1], seed=3)
    large_queries = [rng.choice(d.titles) for d in rng.sample(large_docs, n_queries)]
    rss = _rss_bytes()
    start = time.perf_counter()
    large = HybridIndex(analyzer, encoder)
    large.fit(large_docs)
    out["large_entries"] = float(sizes[1])
    out["large_build_s"] = time.perf_counter() - start
    out["large_p50_ms"], out["large_p95_ms"] = _latencies(large, large_queries)
    dense_index = large.dense._index
    assert dense_index is not None
    out["large_faiss_index"] = index_kind(dense_index)
    out["large_faiss_mib"] = faiss.serialize_index(dense_index).nbytes / 2**20
    out["large_rss_delta_mib"] = (_rss_bytes() - rss) / 2**20
    return out
