"""Out-of-fold figures of the injection classifier, as written into its JSON by the training module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from guardrails.injection_data import Row
from guardrails.injection_patterns import has_trigger_words


def _rates(probs: np.ndarray, labels: np.ndarray, cut: float) -> dict[str, float]:
    attacks, benign = probs[labels == 1], probs[labels == 0]
    out: dict[str, float] = {}
    if len(attacks):
        out["recall"] = round(float(np.mean(attacks >= cut)), 4)
        out["attacks"] = len(attacks)
    if len(benign):
        out["fpr"] = round(float(np.mean(benign >= cut)), 4)
        out["benign"] = len(benign)
    return out


def _block_and_flag(probs: np.ndarray, labels: np.ndarray, thresholds: dict[str, float]) -> dict[str, Any]:
    """Rates at the block threshold, plus the share flagged (blocked or suspicious)."""
    out: dict[str, Any] = _rates(probs, labels, thresholds["block"])
    flagged = _rates(probs, labels, thresholds["suspicious"])
    out.update({f"flagged_{k}": v for k, v in flagged.items() if k in ("recall", "fpr")})
    return out


def figures(rows: Sequence[Row], probs: np.ndarray, thresholds: dict[str, float], folds: str) -> dict[str, Any]:
    """summary (original rows), by_source (original rows), by_kind (augmented rows) and the strike share."""
    labels = np.array([r.label for r in rows])
    original = np.array([r.kind == "original" for r in rows])
    trigger = np.array([r.label == 0 and r.kind == "original" and has_trigger_words(r.text) for r in rows])
    summary = _block_and_flag(probs[original], labels[original], thresholds)
    summary["trigger_benign_fpr"] = _rates(probs[trigger], labels[trigger], thresholds["block"])["fpr"]
    summary["trigger_benign_flagged"] = _rates(probs[trigger], labels[trigger], thresholds["suspicious"])["fpr"]
    summary["trigger_benign"] = int(trigger.sum())
    summary["attacks_at_strike_0.95"] = round(float(np.mean(probs[original & (labels == 1)] >= 0.95)), 4)
    summary["benign_at_strike_0.95"] = round(float(np.mean(probs[original & (labels == 0)] >= 0.95)), 4)
    by_source = {}
    for source in dict.fromkeys(r.source for r in rows):
        chosen = original & np.array([r.source == source for r in rows])
        by_source[source] = _block_and_flag(probs[chosen], labels[chosen], thresholds)
    by_kind = {}
    for kind in sorted({r.kind for r in rows} - {"original"}):
        chosen = np.array([r.kind == kind for r in rows])
        by_kind[kind] = _block_and_flag(probs[chosen], labels[chosen], thresholds)
    return {"folds": folds, "grouped_by": "source row (a row and its disguises share a fold)",
            "summary": summary, "by_source": by_source, "by_augmentation": by_kind}
