"""A linear "is this word a person name?" probe over the word vectors that ship with ja_ginza.

GiNZA's 300-d vectors were trained on a large corpus, so a word used like a person
name sits near other person names even when Sudachi's dictionary tags it as a common
noun or does not know it (テルフォード, アイエロ). The probe is a logistic regression
fitted offline on the vectors of words whose *dictionary* reading is unambiguous:
positive when every Sudachi entry of the word is 人名, negative when none is. No
evaluation text is involved. Refit it (after upgrading ja_ginza or SudachiDict) with

    python -m guardrails.pii.person_probe > weights.txt

and paste the printed tuple over WEIGHTS below.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import numpy as np

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# Logistic-regression weights: 300 vector dimensions (unit-normalised vector), then the bias.
WEIGHTS: tuple[float, ...] = (
    2.0713, 1.8016, 1.145, 1.7961, 1.3225, 0.2772, -2.0326, -0.6128, 0.1607, 0.4509,
    -1.1073, 2.0392, -0.8391, 1.1027, 0.8607, 1.9915, 1.3117, -1.0577, 0.4702, -0.6611,
    -0.1031, -1.6636, 1.7835, -2.3391, 1.2366, 1.4485, 0.2948, 0.2939, -0.158, 0.5692,
    0.5987, 0.94, 0.2994, 0.1696, 1.2797, 1.4612, -0.3593, 0.4971, -0.2251, -0.9191,
    0.8439, -1.8184, -0.1231, -0.9307, 1.0055, -1.1317, 0.0402, 0.3158, 0.0293, 1.5107,
    -0.7026, 0.3623, 0.3827, -1.1253, -1.8717, -0.6731, 1.4392, -2.4049, 1.8975, 1.2677,
    -0.8014, 0.0926, -0.9777, -1.2931, -0.0478, -0.7101, 1.5465, 1.4559, -0.8242, -1.1783,
    -1.5863, 0.6728, 0.9185, 0.7476, -0.2213, 0.5587, -0.9136, -0.9038, -1.1307, -0.9757,
    2.0016, 1.5136, 1.8124, 0.3696, -0.3327, -0.8415, 0.6778, 0.0091, 0.4154, -1.2853,
    1.1214, 0.0694, -0.5523, -0.8281, -3.2832, -0.6232, 0.6102, 0.0191, -0.7955, 0.7848,
    -1.8301, -0.6269, 0.3464, -0.9342, -0.0847, -0.4725, -3.0532, -0.8058, -1.2252, -0.6042,
    -1.506, 0.349, 0.4634, -0.1449, -1.8413, -2.1106, 0.2147, 0.5251, 0.9375, -0.2993,
    -1.0685, 1.837, -1.7266, -0.7502, 0.0361, -0.1428, 1.4965, -1.2743, -1.6672, 0.3845,
    1.1372, -1.7515, -0.8032, -0.6807, -1.487, -0.2839, -0.0954, 0.5641, -0.4597, 0.0464,
    0.843, -0.0755, -1.2391, 0.7962, -0.0155, 0.9658, -0.4646, -2.9431, 1.7825, 1.1973,
    0.2479, 0.8117, 0.2647, 0.0457, 0.2802, 0.8165, -0.6612, 0.5769, -1.5626, 0.3728,
    -0.245, -1.0158, 1.3922, 0.3585, 0.6363, -0.24, 0.0524, 0.1909, -0.1162, -1.6409,
    0.1225, 0.2379, 1.1571, -0.6854, -3.2655, -0.5607, 0.0529, 0.5469, -1.2037, -0.7892,
    1.1296, 0.0819, -0.232, -0.6599, 0.5555, 0.7528, 2.5841, 1.1744, 1.3486, -0.2663,
    -0.0547, -0.5821, -1.9112, 0.8277, 0.4142, -0.2179, 1.3637, -1.3147, -0.2839, 0.3115,
    -0.39, 0.4528, 0.4447, -2.3139, -0.1452, -0.0946, 0.0859, 1.3911, -0.8319, -1.9791,
    0.3112, -1.0114, -0.1078, 1.2094, 1.167, 1.4447, -0.5337, 0.1799, 0.8231, -0.6038,
    -1.0455, 0.6457, -0.5229, -0.6897, -0.9544, 1.1197, 2.9159, -0.0764, -1.1769, 0.0911,
    1.2583, -0.1045, -0.1268, -0.1967, 0.4226, -0.5615, 0.1624, 0.2981, -0.7682, -0.5091,
    0.8626, -1.1269, -1.782, 2.0433, 0.7824, -0.8198, 1.917, -1.8644, -1.6158, -0.6847,
    -0.1085, -0.466, 1.0109, 0.8972, 0.7599, -1.9894, 1.8928, 0.6084, 0.1482, -1.6233,
    -0.9673, -0.4138, 1.9936, -0.5888, 0.8023, 0.8315, -0.3713, 1.4361, 0.3899, -0.7127,
    -0.8497, 2.4317, -0.7001, 0.195, -1.3967, -0.8728, 0.104, 1.1925, -0.7217, 0.3591,
    -0.2016, 0.8516, 0.4831, 0.0417, -1.6811, -2.1652, 0.0804, -0.5651, -0.0195, 0.4908,
    1.5279, -1.6001, 0.7983, 0.4946, -0.1348, -0.9687, -0.6277, -0.1199, -0.4491, 0.7007,
    -2.4504,
)


def probe_scorer(vocab: object) -> Callable[[str], float | None]:
    """A function word -> log-odds that the word is a person name (None: no vector for it)."""
    vectors = getattr(vocab, "vectors", None)
    if not WEIGHTS or vectors is None or len(WEIGHTS) != vectors.shape[1] + 1:
        return lambda word: None
    weights = np.asarray(WEIGHTS[:-1], dtype=np.float32)
    bias = WEIGHTS[-1]
    strings = getattr(vocab, "strings")  # noqa: B009  (spaCy's StringStore)
    key2row = vectors.key2row
    data = vectors.data

    def score(word: str) -> float | None:
        row = key2row.get(strings[word]) if word in strings else None
        if row is None or row < 0:
            return None
        vector = np.asarray(data[row], dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        return float(vector @ weights) / norm + bias if norm else None

    return score


def fit_probe(l2: float = 1.0, iterations: int = 12) -> list[float]:
    """Fit the probe on ja_ginza's vectors with labels from SudachiDict (see the module docstring)."""
    import spacy
    from sudachipy import Dictionary

    nlp = spacy.load("ja_ginza", exclude=["tok2vec", "parser", "ner", "attribute_ruler", "morphologizer",
                                          "compound_splitter", "bunsetu_recognizer"])
    vectors, dictionary = nlp.vocab.vectors, Dictionary()
    rows, labels = [], []
    for key, row in vectors.key2row.items():
        word = nlp.vocab.strings[key] if key in nlp.vocab.strings else ""  # noqa: SIM401  (StringStore has no get)
        if not _JAPANESE.search(word):
            continue
        kinds = {m.part_of_speech()[2] if m.part_of_speech()[0] == "名詞" else m.part_of_speech()[0]
                 for m in dictionary.lookup(word)}
        if not kinds or ("人名" in kinds and len(kinds) > 1):
            continue  # unknown to the dictionary, or ambiguous
        rows.append(row)
        labels.append(1.0 if "人名" in kinds else 0.0)
    x = np.asarray(vectors.data[np.asarray(rows)], dtype=np.float64)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.asarray(labels)
    penalty = np.eye(x.shape[1]) * l2
    penalty[-1, -1] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(iterations):  # Newton's method on the L2-regularised log-loss
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1.0 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return [round(float(v), 4) for v in w]


def _print_weights(weights: list[float]) -> None:
    sys.stdout.write("WEIGHTS: tuple[float, ...] = (\n")
    for i in range(0, len(weights), 10):
        sys.stdout.write("    " + ", ".join(f"{v}" for v in weights[i : i + 10]) + ",\n")
    sys.stdout.write(")\n")


if __name__ == "__main__":
    _print_weights(fit_probe())
