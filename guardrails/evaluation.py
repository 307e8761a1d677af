"""Evaluations of the guard chain over JSONL sets (the formats of ../shared/datasets)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from guardrails.chain import GuardChain
from guardrails.normalize import normalize


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file; blank lines are skipped, a broken line names its number."""
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc


def evaluate_injection(chain: GuardChain, rows: Iterable[dict[str, Any]]) -> dict[str, float]:
    """recall, precision, false_positive_rate, n over {"text", "label": "injection"|"benign"} rows.

    A row counts as flagged when the injection guard blocked it.
    """
    tp = fp = tn = fn = 0
    for row in rows:
        label = row["label"]
        if label not in ("injection", "benign"):
            raise ValueError(f"label must be 'injection' or 'benign', not {label!r}")
        flagged = chain.run(row["text"]).blocked_by == "injection"
        if label == "injection":
            tp, fn = tp + flagged, fn + (not flagged)
        else:
            fp, tn = fp + flagged, tn + (not flagged)
    return {
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "false_positive_rate": fp / (fp + tn) if fp + tn else 0.0,
        "n": float(tp + fp + tn + fn),
    }


def evaluate_pii(chain: GuardChain, rows: Iterable[dict[str, Any]]) -> dict[str, float]:
    """recall, false_positive_rate, n over {"text", "pii": [strings]} rows.

    recall: share of listed strings that no longer occur (normalised) in the chain's output text;
    false_positive_rate: share of rows with `pii: []` in which anything was masked.
    """
    listed = masked = negatives = flagged = n = 0
    for row in rows:
        n += 1
        outcome = chain.run(row["text"])
        strings = row.get("pii") or []
        if not strings:
            negatives += 1
            flagged += bool(outcome.pii_types)
        for value in strings:
            listed += 1
            masked += normalize(value).text not in outcome.text
    return {
        "recall": masked / listed if listed else 0.0,
        "false_positive_rate": flagged / negatives if negatives else 0.0,
        "n": float(n),
    }
