"""The training sources of the injection classifier, read into one list of labelled rows.

Sources (all JSONL with "text" and "label": injection | benign):

- guardrails/data/injection_train_written.jsonl: rows written for training (with a "style")
- guardrails/data/injection_train_extra.jsonl: honest questions written with the classifier, in the
  languages the first file has attacks in but few honest rows (Russian, Chinese, Korean, …)
- guardrails/data/injection_train_honest.jsonl: honest HWIS questions full of trigger words (a worker
  dismissed for ignoring an instruction, a forgotten counter explanation, system errors, deleting postings,
  administrator rights, surveys, English rules questions), in plain, casual, elderly and polite styles
- tests/data/injection_ja_attacks.jsonl, tests/data/injection_ja_benign.jsonl: the older
  Japanese sets; each attack there is also written once more with a disguise, and that
  copy shares its original's group so cross-validation never splits the two
- ../shared/datasets/injection/deepset_train.jsonl (English/German) and notinject_one.jsonl
  (benign prompts full of trigger words)

notinject_two.jsonl is never read here: it is the over-blocking check of `app eval injection`.
A row's group names the source row it came from; augmented copies keep it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_INJECTION = ROOT.parent / "shared" / "datasets" / "injection"
HELD_OUT = frozenset({"notinject_two.jsonl"})  # over-blocking check: never trained on
LABELS = {"benign": 0, "injection": 1}


@dataclass(frozen=True)
class Row:
    """One training text: label 1 = injection; `kind` is "original" or the augmentation that made it."""

    text: str
    label: int
    source: str
    group: str
    kind: str = "original"


def sources(shared: Path = SHARED_INJECTION) -> dict[str, Path]:
    """Name -> path of every training source, in a fixed order."""
    paths = {
        "written": ROOT / "guardrails" / "data" / "injection_train_written.jsonl",
        "extra": ROOT / "guardrails" / "data" / "injection_train_extra.jsonl",
        "honest": ROOT / "guardrails" / "data" / "injection_train_honest.jsonl",
        "ja_attacks": ROOT / "tests" / "data" / "injection_ja_attacks.jsonl",
        "ja_benign": ROOT / "tests" / "data" / "injection_ja_benign.jsonl",
        "deepset_train": shared / "deepset_train.jsonl",
        "notinject_one": shared / "notinject_one.jsonl",
    }
    held_out = [p.name for p in paths.values() if p.name in HELD_OUT]
    if held_out:
        raise ValueError(f"held-out sets must not be trained on: {held_out}")
    return paths


def file_hashes(paths: dict[str, Path]) -> dict[str, str]:
    """sha256 of each source file, for the model's JSON."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in paths.items()}


def _read(path: Path) -> list[dict[str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if row.get("label") not in LABELS or not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{number}: need a text and a label of {sorted(LABELS)}")
            rows.append(row)
    return rows


def load_rows(paths: dict[str, Path]) -> list[Row]:
    """Every row of every source, labelled and grouped (disguised ja attacks join their original's group)."""
    out: list[Row] = []
    for name, path in paths.items():
        raw = _read(path)
        originals = [i for i, r in enumerate(raw) if "/" not in r.get("source", "")]
        disguised = iter(originals) if name == "ja_attacks" else None
        for index, row in enumerate(raw):
            group = index
            if disguised is not None and "/" in row.get("source", ""):
                group = next(disguised)  # generate_injection_sets.py: the k-th disguise is of the k-th attack
            out.append(Row(row["text"], LABELS[row["label"]], name, f"{name}:{group}"))
    return out
