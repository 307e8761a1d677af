"""`eval answers`: end-to-end answer quality over JSONL {"text", "menu"?, "expect_faq"}."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from app.pipeline.concierge import Concierge
from retrieval.calibration import QueryTerms, precision_coverage
from retrieval.hits import Hit


def read_questions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate_answers(concierge: Concierge, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """accuracy, answered_precision, coverage, decline_recall, n (+ timings).

    - accuracy: answered with the expected entry, or (expect_faq null) not answered;
    - answered_precision: of the answered questions, share answered with the expected entry;
    - coverage: of the in-scope questions (expect_faq set), share that got an answer;
    - decline_recall: of the out-of-scope questions, share that got no answer.
    A clarify step or a block counts as "not answered". `curve` is the precision–coverage curve
    of this run over answer thresholds (precision of the top candidate among questions whose
    confidence clears the threshold), so an operator can pick a precision target.
    """
    correct = answered = answered_right = in_scope = in_scope_answered = out_scope = declined = 0
    times: list[float] = []
    confidences: list[float] = []
    top_right: list[bool] = []
    rows = list(rows)
    for row in rows:
        start = time.perf_counter()
        result = concierge.answer(row["text"], row.get("menu"))
        times.append((time.perf_counter() - start) * 1000)
        expected = row.get("expect_faq")
        confidences.append(result.selection.confidence if result.selection else 0.0)
        top_right.append(bool(result.candidates) and result.candidates[0].faq_id == expected)
        got = result.reply.answer.faq_id if result.reply.kind == "answer" and result.reply.answer else None
        if got is not None:
            answered += 1
            answered_right += int(got == expected)
        if expected is None:
            out_scope += 1
            declined += int(got is None)
            correct += int(got is None)
        else:
            in_scope += 1
            in_scope_answered += int(got is not None)
            correct += int(got == expected)
    n = len(rows)
    return {
        "accuracy": correct / n if n else 0.0,
        "answered_precision": answered_right / answered if answered else 0.0,
        "coverage": in_scope_answered / in_scope if in_scope else 0.0,
        "decline_recall": declined / out_scope if out_scope else 0.0,
        "n": float(n),
        "p50_ms": float(np.percentile(times, 50)) if times else 0.0,
        "p95_ms": float(np.percentile(times, 95)) if times else 0.0,
        "curve": [
            asdict(point)
            for point in precision_coverage(
                np.array(confidences), np.array(top_right), np.array([r.get("expect_faq") is not None for r in rows])
            )[::5]
        ],
    }


def calibration_rows(
    concierge: Concierge, rows: Iterable[dict[str, Any]]
) -> list[tuple[list[Hit], QueryTerms | None, str | None]]:
    """(fused hits, query terms, expected id) per question, through the same guards and scope as answering."""
    out: list[tuple[list[Hit], QueryTerms | None, str | None]] = []
    for row in rows:
        guard = concierge.guards.run(row["text"])
        if not guard.allowed:
            continue
        index = concierge.knowledge.index
        hits = index.search(guard.text, concierge.settings.retrieval_top_k, index.scope_ids(row.get("menu"))).hits
        query = concierge.knowledge.vocabulary.query_terms(guard.text, hits[0].doc_id) if hits else None
        out.append((hits, query, row.get("expect_faq")))
    return out
