"""Train the injection classifier and write guardrails/data/injection_model.{json,npz}.

    python -m guardrails.injection_train [--out DIR] [--shared DIR]

Deterministic: fixed seeds, a fixed number of SGD epochs, files written byte for byte the
same from the same sources (on the same kind of CPU). Takes about half a minute. Steps:

1. Read the sources (guardrails.injection_data), normalise every text as the guard chain
   would, add disguised copies (guardrails.injection_augment).
2. Stratified, grouped 5-fold cross-validation, repeated twice (a row and its disguises share a
   fold): each held-out row is scored as the guard scores it, the highest logit over its
   decoded copies; its two out-of-fold logits are averaged.
3. Platt calibration of those out-of-fold logits (on the original rows) → probabilities.
4. Thresholds: block where no more than 1% of the honest rows that contain trigger words
   (and of all honest rows) score at or above it, and no more than 2% of any one source of
   honest rows (English prompts full of trigger words, honest HWIS questions, other languages…):
   a pooled 1% can hide one kind of honest text blocked far more often; suspicious where no
   more than 5% do.
5. Fit on everything; write the nonzero weights, thresholds and figures.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedGroupKFold

from guardrails.injection_augment import DECODED, augment
from guardrails.injection_data import SHARED_INJECTION, Row, file_hashes, load_rows, sources
from guardrails.injection_decode import copies
from guardrails.injection_features import DENSE_NAMES, FeatureSpec
from guardrails.injection_model import DATA_DIR, FORMAT, MODEL_JSON, MODEL_WEIGHTS
from guardrails.injection_patterns import has_trigger_words
from guardrails.injection_report import figures
from guardrails.normalize import normalize

SEED = 20261128
HONEST_SOURCES = ("written", "extra", "honest", "ja_benign")  # HWIS questions that augmentation puts attacks after
FOLDS = 5
REPEATS = 2  # cross-validation repeated with other fold seeds; a row's out-of-fold logit is the mean
ALPHA = 1e-5  # L2 strength of the SGD logistic regression; chosen by the out-of-fold figures
EPOCHS = 50
BLOCK_FP = 0.01  # out-of-fold false positives allowed at the block threshold (trigger-word and all honest rows)
BLOCK_SOURCE_FP = 0.02  # ... and in each source of honest rows: no kind of honest text blocked more often
MIN_SOURCE_ROWS = 100  # sources smaller than this are too small to measure 2% on
SUSPICIOUS_FP = 0.05  # ... at the suspicious threshold
MIN_BLOCK = 0.5
MIN_GAP = 0.05


def dataset(paths: dict[str, Path], seed: int = SEED) -> list[Row]:
    """Original rows and their augmented copies, every text normalised; duplicates within a group dropped."""
    originals = load_rows(paths)
    honest = [r.text for r in originals if r.label == 0 and r.source in HONEST_SOURCES and len(r.text) >= 8]
    seen: set[tuple[str, str]] = set()
    out = []
    for row in originals + augment(originals, honest, seed):
        text = normalize(row.text).text
        if text.strip() and (row.group, text) not in seen:
            seen.add((row.group, text))
            out.append(Row(text, row.label, row.source, row.group, row.kind))
    return out


def matrix(spec: FeatureSpec, texts: list[str]) -> sparse.csr_matrix:
    """Feature rows of `texts` (the same features InjectionModel.logit weighs)."""
    indptr, indices, values = [0], [], []
    for text in texts:
        i, v = spec.features(text)
        indices.extend(i)
        values.extend(v)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(values), np.array(indices, dtype=np.int64), np.array(indptr)),
                             shape=(len(texts), spec.width))


def fittable(rows: list[Row]) -> np.ndarray:
    """Rows the model is fitted on: all but attacks in a disguise the guard decodes (see injection_augment)."""
    return np.array([not (r.label == 1 and r.kind in DECODED) for r in rows])


def classifier() -> SGDClassifier:
    """L2-regularised logistic regression by SGD: a fixed number of epochs from a fixed seed (deterministic),
    about ten times faster than liblinear here with the same out-of-fold figures."""
    return SGDClassifier(loss="log_loss", alpha=ALPHA, class_weight="balanced", max_iter=EPOCHS, tol=None,
                         random_state=SEED)


def out_of_fold_logits(x: sparse.csr_matrix, rows: list[Row], spec: FeatureSpec) -> np.ndarray:
    """Each row's max logit over itself and its decoded copies, from the model of the folds that did not see
    its group, averaged over REPEATS fold splits (`x`: the rows' own feature matrix)."""
    y = np.array([r.label for r in rows])
    owner, texts = [], []
    for index, row in enumerate(rows):
        for _, copy in copies(row.text)[1:]:
            owner.append(index)
            texts.append(copy)
    x_copies, owner_arr = matrix(spec, texts), np.array(owner, dtype=np.int64)
    total = np.zeros(len(rows))
    fit = fittable(rows)
    for repeat in range(REPEATS):
        logits = np.full(len(rows), -np.inf)
        folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED + repeat)
        for train, test in folds.split(x, y, groups=[r.group for r in rows]):
            model = classifier().fit(x[train[fit[train]]], y[train[fit[train]]])
            logits[test] = model.decision_function(x[test])
            chosen = np.flatnonzero(np.isin(owner_arr, test))
            np.maximum.at(logits, owner_arr[chosen], model.decision_function(x_copies[chosen]))
        total += logits
    return total / REPEATS


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(a, b) of sigmoid(a * logit + b), fitted by maximum likelihood."""
    model = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(logits.reshape(-1, 1), labels)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def threshold(benign_sets: list[np.ndarray], budget: float) -> float:
    """The lowest threshold at which each benign set has at most `budget` of its scores at or above it."""
    needed = 0.0
    for scores in benign_sets:
        allowed = int(np.floor(budget * len(scores)))
        ranked = np.sort(scores)[::-1]
        if allowed < len(ranked):
            needed = max(needed, float(np.nextafter(ranked[allowed], 1.0)))
    return needed


def choose_thresholds(probs: np.ndarray, rows: list[Row]) -> dict[str, float]:
    """block and suspicious thresholds on out-of-fold probabilities of the original rows (see module doc)."""
    benign = [i for i, r in enumerate(rows) if r.kind == "original" and r.label == 0]
    trigger = [i for i in benign if has_trigger_words(rows[i].text)]
    by_source = [np.array([probs[i] for i in benign if rows[i].source == name]) for name in
                 sorted({rows[i].source for i in benign})]
    block = max(MIN_BLOCK, threshold([probs[trigger], probs[benign]], BLOCK_FP),
                threshold([s for s in by_source if len(s) >= MIN_SOURCE_ROWS], BLOCK_SOURCE_FP))
    suspicious = min(block - MIN_GAP, threshold([probs[trigger], probs[benign]], SUSPICIOUS_FP))
    return {"block": round(block + 5e-4, 3), "suspicious": round(max(0.05, suspicious) + 5e-4, 3)}


def _npz(indices: np.ndarray, weights: np.ndarray) -> bytes:
    """An .npz with fixed timestamps, so the same weights give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in (("indices", indices), ("weights", weights)):
            content = io.BytesIO()
            np.lib.format.write_array(content, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.getvalue())
    return buffer.getvalue()


def train(out: Path = DATA_DIR, shared: Path = SHARED_INJECTION) -> dict[str, Any]:
    """Build the data set, cross-validate, fit, write the two files; return the JSON written."""
    paths = sources(shared)
    spec = FeatureSpec()
    rows = dataset(paths)
    labels = np.array([r.label for r in rows])
    x = matrix(spec, [r.text for r in rows])
    logits = out_of_fold_logits(x, rows, spec)
    original = np.array([r.kind == "original" for r in rows])
    a, b = platt(logits[original], labels[original])
    probs = 1.0 / (1.0 + np.exp(-(a * logits + b)))
    thresholds = choose_thresholds(probs, rows)
    fit = fittable(rows)
    final = classifier().fit(x[fit], labels[fit])
    coef = final.coef_[0].astype(np.float32)
    indices = np.flatnonzero(coef).astype(np.int32)
    weights_bytes = _npz(indices, coef[indices])
    meta = {
        "format": FORMAT,
        "model": "L2 logistic regression (SGD, balanced class weights), max logit over decoded copies",
        "features": {"analyzer": "char_wb", "hash": "crc32", "ngram_min": spec.ngram_min,
                     "ngram_max": spec.ngram_max, "buckets": spec.buckets, "dense": list(DENSE_NAMES)},
        "bias": float(final.intercept_[0]),
        "calibration": {"a": a, "b": b, "fitted_on": "out-of-fold max logits of the original rows"},
        "thresholds": thresholds,
        "cv": figures(rows, probs, thresholds, f"{FOLDS}-fold x {REPEATS} (mean out-of-fold logit)"),
        "training": {"seed": SEED, "alpha": ALPHA, "epochs": EPOCHS, "sources": file_hashes(paths), "rows": len(rows),
                     "nonzero_weights": len(indices)},
        "weights_sha256": hashlib.sha256(weights_bytes).hexdigest(),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / MODEL_WEIGHTS).write_bytes(weights_bytes)
    (out / MODEL_JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="directory to write the model files to")
    parser.add_argument("--shared", type=Path, default=SHARED_INJECTION, help="shared/datasets/injection")
    args = parser.parse_args()
    meta = train(args.out, args.shared)
    print(json.dumps({"thresholds": meta["thresholds"], "cv": meta["cv"]["summary"]}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
