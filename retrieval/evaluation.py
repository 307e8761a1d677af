"""Retrieval evaluation on BEIR-format data with the project's own retrieval stack."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.hits import Document, Hit


@dataclass(frozen=True)
class BeirDataset:
    documents: list[Document]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def _read_jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_beir(folder: Path, split: str) -> BeirDataset:
    """Read `corpus.jsonl`, `queries.jsonl` and `qrels/<split>.tsv` from `folder`."""
    documents = [
        Document(id=str(row["_id"]), titles=(row.get("title", ""),), body=row.get("text", ""))
        for row in _read_jsonl(folder / "corpus.jsonl")
    ]
    queries = {str(row["_id"]): row["text"] for row in _read_jsonl(folder / "queries.jsonl")}
    qrels: dict[str, dict[str, int]] = {}
    with (folder / "qrels" / f"{split}.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or not parts[2].lstrip("-").isdigit():
                continue  # header or blank line
            qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    return BeirDataset(documents, {q: queries[q] for q in qrels if q in queries}, qrels)


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with gain 2^rel - 1 and log2 position discount."""
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def score_run(
    run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]], k: int = 10
) -> dict[str, float]:
    """recall@k, ndcg@k, sr@1 (top hit has grade 2) and mrr@k over the queries in `run`."""
    recalls, ndcgs, sr1, mrrs = [], [], [], []
    for qid, ranked in run.items():
        relevant = {d: g for d, g in qrels[qid].items() if g > 0}
        if not relevant:
            continue
        top = list(ranked[:k])
        recalls.append(len(set(top) & set(relevant)) / len(relevant))
        ndcgs.append(ndcg_at_k(top, relevant, k))
        sr1.append(1.0 if top and relevant.get(top[0], 0) >= 2 else 0.0)
        first = next((i for i, d in enumerate(top) if d in relevant), None)
        mrrs.append(0.0 if first is None else 1.0 / (first + 1))
    n = len(recalls)
    return {
        f"recall@{k}": float(np.mean(recalls)) if n else 0.0,
        f"ndcg@{k}": float(np.mean(ndcgs)) if n else 0.0,
        "sr@1": float(np.mean(sr1)) if n else 0.0,
        f"mrr@{k}": float(np.mean(mrrs)) if n else 0.0,
        "queries": float(n),
    }


def evaluate(search: Callable[[str], list[Hit]], dataset: BeirDataset, k: int = 10) -> dict[str, float]:
    """Run every query through `search`, score the run and time each query."""
    run: dict[str, list[str]] = {}
    times: list[float] = []
    for qid, text in dataset.queries.items():
        start = time.perf_counter()
        hits = search(text)
        times.append((time.perf_counter() - start) * 1000)
        run[qid] = [h.doc_id for h in hits]
    metrics = score_run(run, dataset.qrels, k)
    metrics["p50_ms"] = float(np.percentile(times, 50)) if times else 0.0
    metrics["p95_ms"] = float(np.percentile(times, 95)) if times else 0.0
    return metrics
