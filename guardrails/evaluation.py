"""Evaluations of the guard chain over JSONL sets (the formats of ../shared/datasets)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from guardrails.chain import GuardChain, GuardOutcome
from guardrails.normalize import normalize
from guardrails.pii.entities import PERSON, PLACEHOLDERS, STRUCTURED


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


def pii_values(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(type, value) of every personal string a row lists: {"type", "value"} objects or bare strings (type "")."""
    out = []
    for item in row.get("pii") or []:
        if isinstance(item, dict):
            out.append((str(item.get("type", "")), str(item["value"])))
        else:
            out.append(("", str(item)))
    return out


def _masked_kinds(outcome: GuardOutcome, start: int, end: int) -> set[str]:
    """Entity types of the masks that overlap [start, end) of the normalised text."""
    return {
        f.kind
        for found in outcome.findings.values()
        for f in found
        if f.kind in PLACEHOLDERS and f.start < end and start < f.end
    }


class _Tally:
    """Hits and totals per key (type or form)."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, key: str, hit: bool) -> None:
        if key:
            count = self.counts.setdefault(key, [0, 0])
            count[0] += hit
            count[1] += 1

    def share(self, keys: Iterable[str] | None = None) -> float:
        """Hits over totals across `keys` (all keys when None)."""
        chosen = [v for k, v in self.counts.items() if keys is None or k in keys]
        total = sum(v[1] for v in chosen)
        return sum(v[0] for v in chosen) / total if total else 0.0

    def shares(self) -> dict[str, float]:
        return {key: self.share([key]) for key in sorted(self.counts)}


def evaluate_pii(chain: GuardChain, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Masking figures over {"text", "pii": [...]} rows; `pii` lists strings or {"type", "value"} objects.

    recall: share of listed values that no longer occur (normalised) in the chain's output text;
    false_positive_rate: share of rows with `pii: []` in which anything was masked;
    raw_values_left: listed values still in the output, verbatim;
    with typed values — typed_recall: share masked with the placeholder of their own type;
    recall_structured / recall_person: recall over the structured types / over PERSON; recall_by_type;
    with rows that carry a "form" — recall_by_form, false_positive_rate_by_form.
    """
    values_gone, negatives_flagged, typed_ok = _Tally(), _Tally(), _Tally()
    by_type, by_form = _Tally(), _Tally()
    n = 0
    for row in rows:
        n += 1
        outcome = chain.run(row["text"])
        values = pii_values(row)
        form = str(row.get("form", ""))
        if not values:
            negatives_flagged.add("all", bool(outcome.pii_types))
            negatives_flagged.add("form:" + form if form else "", bool(outcome.pii_types))
        normalised = normalize(row["text"]).text
        for kind, value in values:
            needle = normalize(value).text
            gone = needle not in outcome.text
            values_gone.add("all", gone)
            by_type.add(kind, gone)
            by_form.add(form, gone)
            at = normalised.find(needle)
            typed_ok.add(kind, gone and at >= 0 and kind in _masked_kinds(outcome, at, at + len(needle)))
    listed = values_gone.counts.get("all", [0, 0])
    figures: dict[str, Any] = {
        "recall": values_gone.share(),
        "false_positive_rate": negatives_flagged.share(["all"]),
        "n": float(n),
        "n_values": float(listed[1]),
        "raw_values_left": float(listed[1] - listed[0]),
    }
    if by_type.counts:  # rows that name the type of each value
        figures |= {
            "typed_recall": typed_ok.share(),
            "recall_structured": by_type.share(STRUCTURED),
            "recall_person": by_type.share([PERSON]),
            "recall_by_type": by_type.shares(),
        }
    forms_fp = {k.removeprefix("form:"): v for k, v in negatives_flagged.shares().items() if k.startswith("form:")}
    if by_form.counts or forms_fp:  # rows that name their form
        figures["recall_by_form"] = by_form.shares()
        figures["false_positive_rate_by_form"] = forms_fp
    return figures
