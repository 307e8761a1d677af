"""Prometheus metrics: HTTP requests, answer outcomes, guardrail events and LLM usage.

`GET /metrics` serves the Prometheus text format. With several uvicorn workers set
`PROMETHEUS_MULTIPROC_DIR` to an empty, writable folder before the service starts:
each worker then writes its samples there and `/metrics` merges them (the folder is
emptied by `hwis-concierge serve` before the workers start). Labels never carry user
text: routes are templates (`/api/v1/conversations/{conversation_id}/messages`), and
guard reasons are short codes cut to a safe alphabet.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import Scope

from app.pipeline.answering import Answering
from app.pipeline.replies import Reply

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "<unmatched>"
_UNSAFE = re.compile(r"[^A-Za-z0-9_:.\-]")

HTTP_REQUESTS = Counter(
    "hwis_http_requests", "HTTP requests by method, route template and status", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "hwis_http_request_duration_seconds",
    "HTTP request latency by method and route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ANSWERS = Counter("hwis_answers", "Replies by outcome (answer, clarify, no_answer, blocked, menu)", ["outcome"])
GUARDRAIL_EVENTS = Counter("hwis_guardrail_events", "Guardrail blocks and PII masks", ["guard", "reason"])
GUARD_ERRORS = Counter("hwis_guard_errors", "Guards that raised and were failed closed", ["guard"])
LLM_CALLS = Counter("hwis_llm_calls", "Calls to the LLM selector by result (choice, none, fallback)", ["result"])
LLM_TOKENS = Counter("hwis_llm_tokens", "LLM tokens by kind (prompt, completion)", ["kind"])
LLM_FALLBACKS = Counter("hwis_llm_fallbacks", "LLM calls that fell back to retrieval, by reason", ["reason"])
ANSWER_CACHE = Counter("hwis_answer_cache", "Free-text questions served from the per-worker cache", ["result"])
LLM_SKIPPED = Counter("hwis_llm_skipped", "Questions not sent to the LLM, by reason", ["reason"])


def _label(value: str | None, default: str = "none") -> str:
    return _UNSAFE.sub("_", value)[:64] if value else default


def record_reply(reply: Reply) -> None:
    """Count one reply sent to a user (menu steps and free text alike)."""
    ANSWERS.labels(outcome=reply.kind).inc()


def record_answering(result: Answering) -> None:
    """Count guardrail events and LLM usage of one free-text question."""
    if "cache_hit" in result.timings_ms:
        ANSWER_CACHE.labels(result="hit").inc()
    guard = result.guard
    if guard.failed:
        GUARD_ERRORS.labels(guard=_label(guard.blocked_by, "?")).inc()
    if not guard.allowed:
        GUARDRAIL_EVENTS.labels(guard=_label(guard.blocked_by, "?"), reason=_label(guard.reason)).inc()
    for pii_type in guard.pii_types:
        GUARDRAIL_EVENTS.labels(guard="pii", reason=_label(f"masked_{pii_type}")).inc()
    selection = result.selection
    if selection is None:
        return
    for kind, tokens in selection.usage.items():
        if tokens:
            LLM_TOKENS.labels(kind=_label(kind.removesuffix("_tokens"))).inc(tokens)
    reason = selection.reason
    if reason.startswith("llm_fallback:"):
        LLM_CALLS.labels(result="fallback").inc()
        LLM_FALLBACKS.labels(reason=_label(reason.split(";", 1)[0].removeprefix("llm_fallback:"))).inc()
    elif reason.startswith("llm_skipped:"):
        LLM_SKIPPED.labels(reason=_label(reason.split(";", 1)[0].removeprefix("llm_skipped:"))).inc()
    elif reason == "llm choice":
        LLM_CALLS.labels(result="choice").inc()
    elif reason == "llm chose none":
        LLM_CALLS.labels(result="none").inc()


def route_template(scope: Scope) -> str:
    """The matched route's template (never the raw path, which holds ids)."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one HTTP request and its latency (called by the request-id middleware, which times it)."""
    HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    HTTP_LATENCY.labels(method=method, route=route).observe(seconds)


def reset_multiprocess_dir() -> None:
    """Empty PROMETHEUS_MULTIPROC_DIR (if set) before the workers start: stale files would add up."""
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        return
    path = Path(folder)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)


def exposition() -> bytes:
    """The current samples in the Prometheus text format (merged over workers in multiprocess mode)."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


router = APIRouter(tags=["observability"])


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
