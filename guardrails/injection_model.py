"""The injection classifier as shipped: a linear model over guardrails.injection_features, loaded from data.

guardrails/data/injection_model.json holds the feature settings, bias, calibration,
thresholds, cross-validation figures and the hashes of the training data;
injection_model.npz holds the nonzero weights (indices and float32 values). Both are
written by `python -m guardrails.injection_train`; nothing here is a pickle.

A text is scored as the highest logit over itself and its decoded copies
(guardrails.injection_decode), mapped to a probability by the Platt calibration fitted
on out-of-fold logits: score = sigmoid(a * logit + b).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from guardrails.injection_decode import copies
from guardrails.injection_features import DENSE_NAMES, FeatureSpec

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_JSON = "injection_model.json"
MODEL_WEIGHTS = "injection_model.npz"
FORMAT = 1


@dataclass(frozen=True)
class Score:
    """How likely a text is an attack (a calibrated probability), and which copy of it said so."""

    probability: float
    copy: str
    logit: float


class InjectionModel:
    """Scores normalised texts; `block` and `suspicious` are the thresholds chosen by cross-validation."""

    def __init__(self, spec: FeatureSpec, weights: np.ndarray, bias: float, calibration: tuple[float, float],
                 block: float, suspicious: float) -> None:
        if weights.shape != (spec.width,):
            raise ValueError(f"need {spec.width} weights, got {weights.shape}")
        if not 0.0 < suspicious < block <= 1.0:
            raise ValueError("need 0 < suspicious < block <= 1")
        self.spec = spec
        self.weights = weights.astype(np.float64)
        self.bias = bias
        self.calibration = calibration
        self.block = block
        self.suspicious = suspicious

    @classmethod
    def from_files(cls, directory: Path = DATA_DIR) -> InjectionModel:
        """Load the JSON and the weights; refuses weights whose hash or feature settings do not match."""
        meta: dict[str, Any] = json.loads((directory / MODEL_JSON).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{MODEL_JSON}: unknown format {meta.get('format')!r}")
        raw = (directory / MODEL_WEIGHTS).read_bytes()
        if hashlib.sha256(raw).hexdigest() != meta["weights_sha256"]:
            raise ValueError(f"{MODEL_WEIGHTS} does not match {MODEL_JSON}: run python -m guardrails.injection_train")
        features = meta["features"]
        if tuple(features["dense"]) != DENSE_NAMES:
            raise ValueError(f"{MODEL_JSON}: dense features differ from guardrails.injection_features")
        spec = FeatureSpec(features["ngram_min"], features["ngram_max"], features["buckets"])
        with np.load(directory / MODEL_WEIGHTS) as arrays:
            weights = np.zeros(spec.width, dtype=np.float32)
            weights[arrays["indices"]] = arrays["weights"]
        return cls(spec, weights, float(meta["bias"]), (meta["calibration"]["a"], meta["calibration"]["b"]),
                   float(meta["thresholds"]["block"]), float(meta["thresholds"]["suspicious"]))

    def logit(self, text: str) -> float:
        """The raw linear score of one text as it is (no copies)."""
        indices, values = self.spec.features(text)
        return self.bias + float(np.dot(self.weights[indices], values)) if indices else self.bias

    def probability(self, logit: float) -> float:
        """The calibrated probability of a (max) logit."""
        a, b = self.calibration
        z = a * logit + b
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def score(self, text: str) -> Score:
        """The best-scoring of the text and its decoded copies."""
        kind, logit = max(((k, self.logit(c)) for k, c in copies(text)), key=lambda kl: kl[1])
        return Score(self.probability(logit), kind, logit)


@cache
def shipped_model() -> InjectionModel:
    """The model under guardrails/data, loaded once per process."""
    return InjectionModel.from_files()
