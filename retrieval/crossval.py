"""Honest answer figures on the set the confidence model is fitted on: every decision out of fold.

`eval answers` on the calibration set itself scores a model that saw those questions. This
runs the same pipeline (guards, retrieval with audience and scope priors), then fits the
re-ranker and the confidence model five times with folds grouped by expected entry
(`retrieval.calibration.cross_validate`), and decides each question with models that never saw
a question about its entry, through the selector's own rules (`RetrievalSelector.decide`).

    python -m retrieval.crossval --data tests/data/questions_dev.jsonl [--precision 0.97] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.calibration import ConfidenceModel, QueryTerms, cross_validate
from retrieval.hits import Hit
from retrieval.selectors import RetrievalSelector


def figures(
    rows: Sequence[tuple[list[Hit], QueryTerms | None, str | None]],
    acceptable: Sequence[set[str]],
    precision_target: float,
    styles: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The `eval answers` figures from out-of-fold decisions at the threshold for `precision_target`."""
    held = cross_validate(rows)
    threshold = ConfidenceModel([], 0.0, 0.0, 0.0, held.curve).threshold_for(precision_target)
    selector = RetrievalSelector(ConfidenceModel.uncalibrated(), answer_threshold=threshold)
    counts = {"in": 0, "out": 0, "right": 0, "resolved": 0, "wrong": 0, "answered": 0, "answered_right": 0,
              "out_answered": 0, "top1": 0, "top3": 0}
    by_style: dict[str, list[int]] = {}
    for i, ((_, query, _), good) in enumerate(zip(rows, acceptable, strict=True)):
        ranked = held.ranked[i]
        decision = selector.decide(ranked, float(held.probability[i]), query)
        got = decision.faq_id if decision.outcome == "answer" else None
        if got is not None:
            counts["answered"] += 1
            counts["answered_right"] += int(got in good)
        if not good:
            counts["out"] += 1
            counts["out_answered"] += int(got is not None)
            continue
        counts["in"] += 1
        right = got in good
        resolved = right or (decision.outcome == "clarify" and bool(set(decision.suggestions) & good))
        counts["right"] += int(right)
        counts["resolved"] += int(resolved)
        counts["wrong"] += int(got is not None and not right)
        counts["top1"] += int(bool(ranked) and ranked[0] in good)
        counts["top3"] += int(bool(set(ranked[:3]) & good))
        if styles is not None:
            tally = by_style.setdefault(styles[i], [0, 0, 0])
            tally[0], tally[1], tally[2] = tally[0] + 1, tally[1] + int(resolved), tally[2] + int(got is not None
                                                                                                  and not right)
    n_in, n_out = max(1, counts["in"]), max(1, counts["out"])
    return {
        "answer_threshold": threshold,
        "right_first": counts["right"] / n_in,
        "resolved": counts["resolved"] / n_in,
        "wrong_rate": counts["wrong"] / n_in,
        "answered_precision": counts["answered_right"] / max(1, counts["answered"]),
        "out_of_faq_wrong": counts["out_answered"] / n_out,
        "coverage": (counts["answered"] - counts["out_answered"]) / n_in,
        "top1": counts["top1"] / n_in,
        "top3": counts["top3"] / n_in,
        "n": len(rows),
        "by_style": {s: {"n": t[0], "resolved": t[1] / t[0], "wrong_rate": t[2] / t[0]}
                     for s, t in sorted(by_style.items())} if len(by_style) > 1 else {},
    }


def main(argv: Sequence[str] | None = None) -> None:
    from app.settings import get_settings
    from app.tools.cli_common import offline_concierge
    from app.tools.evaluation import acceptable_ids, read_questions
    from guardrails.pii.entities import PLACEHOLDER_RE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("tests/data/questions_dev.jsonl"))
    parser.add_argument("--precision", type=float, default=None, help="default: HWIS_ANSWER_PRECISION_TARGET")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = get_settings()
    concierge = offline_concierge(settings)
    rows: list[tuple[list[Hit], QueryTerms | None, str | None]] = []
    acceptable: list[set[str]] = []
    styles: list[str] = []
    for row in read_questions(args.data):
        guard = concierge.guards.run(row["text"])
        if not guard.allowed:
            continue
        text = " ".join(PLACEHOLDER_RE.sub(" ", guard.text).split())
        hits = concierge.knowledge.retrieve(text, settings.retrieval_top_k, row.get("menu"), row.get("audience")).hits
        query = concierge.knowledge.vocabulary.query_terms(text, hits[0].doc_id) if hits else None
        rows.append((hits, query, row.get("expect_faq")))
        acceptable.append(acceptable_ids(row))
        styles.append(str(row.get("style", "-")))
    target = settings.answer_precision_target if args.precision is None else args.precision
    result = figures(rows, acceptable, target, styles)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key, value in result.items():
            print(f"{key}: {np.round(value, 3) if isinstance(value, float) else value}")


if __name__ == "__main__":
    main()
