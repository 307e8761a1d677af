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


def acceptable_ids(row: dict[str, Any]) -> set[str]:
    """The entries that answer a labelled question: `expect_faq` and its optional `also` list."""
    expected = row.get("expect_faq")
    return {expected, *row.get("also", [])} if expected else set()


def evaluate_answers(concierge: Concierge, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Answer quality over labelled questions ({"text", "menu"?, "audience"?, "expect_faq", "also"?, "style"?}).

    In-scope questions (expect_faq set; `also` lists other acceptable entries):
    - right_first: answered straight away with an acceptable entry;
    - resolved: right_first, or a clarify step that offers an acceptable entry;
    - wrong_rate: answered with an entry that is not acceptable;
    - coverage: answered at all.
    Out-of-scope questions (expect_faq null): decline_recall (not answered) and out_of_faq_wrong
    (answered with some entry). answered_precision: of every answer given, the share acceptable.
    accuracy: acceptable answer for in-scope, no answer for out-of-scope. A clarify step or a block
    counts as "not answered". `by_style` gives resolved and wrong_rate per style. `curve` is the
    precision–coverage curve of this run over answer thresholds, so an operator can pick a target.
    """
    correct = answered = answered_right = in_scope = in_scope_answered = out_scope = declined = 0
    right_first = resolved = wrong = top1 = top3 = 0
    styles: dict[str, list[int]] = {}  # style -> [in-scope, resolved, wrong]
    times: list[float] = []
    confidences: list[float] = []
    top_right: list[bool] = []
    rows = list(rows)
    for row in rows:
        start = time.perf_counter()
        result = concierge.answer(row["text"], row.get("menu"), row.get("audience"))
        times.append((time.perf_counter() - start) * 1000)
        good = acceptable_ids(row)
        confidences.append(result.selection.confidence if result.selection else 0.0)
        top_right.append(bool(result.candidates) and result.candidates[0].faq_id in good)
        reply = result.reply
        got = reply.answer.faq_id if reply.kind == "answer" and reply.answer else None
        offered = {s.get("faq_id") for s in reply.suggestions} if reply.kind == "clarify" else set()
        if got is not None:
            answered += 1
            answered_right += int(got in good)
        if not good:
            out_scope += 1
            declined += int(got is None)
            correct += int(got is None)
            continue
        in_scope += 1
        in_scope_answered += int(got is not None)
        ranked = [c.faq_id for c in result.candidates]
        top1 += int(bool(ranked) and ranked[0] in good)
        top3 += int(bool(good & set(ranked[:3])))
        is_right, is_wrong = got in good, got is not None and got not in good
        is_resolved = is_right or (got is None and bool(offered & good))
        correct += int(is_right)
        right_first += int(is_right)
        wrong += int(is_wrong)
        resolved += int(is_resolved)
        tally = styles.setdefault(str(row.get("style", "-")), [0, 0, 0])
        tally[0], tally[1], tally[2] = tally[0] + 1, tally[1] + int(is_resolved), tally[2] + int(is_wrong)
    n = len(rows)
    return {
        "right_first": right_first / in_scope if in_scope else 0.0,
        "resolved": resolved / in_scope if in_scope else 0.0,
        "wrong_rate": wrong / in_scope if in_scope else 0.0,
        "answered_precision": answered_right / answered if answered else 0.0,
        "out_of_faq_wrong": (out_scope - declined) / out_scope if out_scope else 0.0,
        "accuracy": correct / n if n else 0.0,
        "coverage": in_scope_answered / in_scope if in_scope else 0.0,
        "top1": top1 / in_scope if in_scope else 0.0,
        "top3": top3 / in_scope if in_scope else 0.0,
        "decline_recall": declined / out_scope if out_scope else 0.0,
        "n": float(n),
        "p50_ms": float(np.percentile(times, 50)) if times else 0.0,
        "p95_ms": float(np.percentile(times, 95)) if times else 0.0,
        "by_style": {
            style: {"n": float(t[0]), "resolved": t[1] / t[0], "wrong_rate": t[2] / t[0]}
            for style, t in sorted(styles.items()) if t[0]
        } if len(styles) > 1 else {},
        "curve": [
            asdict(point)
            for point in precision_coverage(
                np.array(confidences), np.array(top_right), np.array([bool(acceptable_ids(r)) for r in rows])
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
        hits = concierge.knowledge.retrieve(guard.text, concierge.settings.retrieval_top_k, row.get("menu"),
                                            row.get("audience")).hits
        query = concierge.knowledge.vocabulary.query_terms(guard.text, hits[0].doc_id) if hits else None
        out.append((hits, query, row.get("expect_faq")))
    return out
