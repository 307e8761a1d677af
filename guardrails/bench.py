"""Latency of the guard chain against stock Presidio (spaCy engine on ja_ginza), same messages, same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from guardrails.chain import build_chain
from guardrails.pii.analyzer import stock_presidio_analyzer

WARMUP = 5


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, round(q / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def bench_guardrails(messages: Sequence[str]) -> dict[str, float]:
    """chain_p50_ms, chain_p95_ms, presidio_p50_ms, presidio_p95_ms, ratio_p95 (presidio/chain), n.

    Both are loaded and warmed up first; then each message goes through the chain and
    through stock Presidio one after the other, so both see the same machine load.
    """
    if not messages:
        raise ValueError("no messages to measure")
    chain = build_chain()
    presidio = stock_presidio_analyzer()
    for text in list(messages)[:WARMUP]:
        chain.run(text)
        presidio.analyze(text, language="ja")
    chain_ms: list[float] = []
    presidio_ms: list[float] = []
    for text in messages:
        t0 = time.perf_counter()
        chain.run(text)
        t1 = time.perf_counter()
        presidio.analyze(text, language="ja")
        t2 = time.perf_counter()
        chain_ms.append((t1 - t0) * 1000.0)
        presidio_ms.append((t2 - t1) * 1000.0)
    chain_p95 = percentile(chain_ms, 95)
    return {
        "chain_p50_ms": statistics.median(chain_ms),
        "chain_p95_ms": chain_p95,
        "presidio_p50_ms": statistics.median(presidio_ms),
        "presidio_p95_ms": percentile(presidio_ms, 95),
        "ratio_p95": percentile(presidio_ms, 95) / chain_p95 if chain_p95 else 0.0,
        "n": float(len(messages)),
    }
