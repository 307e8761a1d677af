"""A linear "is this word a person name?" probe over the word vectors that ship with ja_ginza.

GiNZA's 300-d vectors were trained on a large corpus, so a word used like a person
name sits near other person names even when Sudachi's dictionary tags it as a common
noun or does not know it (テルフォード, アイエロ). The probe is a logistic regression
(scikit-learn) fitted offline on the vectors of words whose *dictionary* reading is
unambiguous: positive when every Sudachi entry of the word is 人名, negative when none
is. No evaluation text is involved. The weights ship as `data/person_probe.json`;
refit them (after upgrading ja_ginza or SudachiDict) with

    python -m guardrails.pii.person_probe
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

PROBE_FILE = Path(__file__).resolve().parent / "data" / "person_probe.json"


@lru_cache(maxsize=1)
def load_probe(path: Path = PROBE_FILE) -> tuple[np.ndarray, float]:
    """The probe's weights (one per vector dimension) and bias, from the data file beside this module."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(data["weights"], dtype=np.float32), float(data["bias"])


def probe_scorer(vocab: object) -> Callable[[str], float | None]:
    """A function word -> log-odds that the word is a person name (None: no vector for it)."""
    vectors = getattr(vocab, "vectors", None)
    weights, bias = load_probe()
    if vectors is None or len(weights) != vectors.shape[1]:
        return lambda word: None
    strings = getattr(vocab, "strings")  # noqa: B009  (spaCy's StringStore)
    key2row = vectors.key2row
    data = vectors.data

    def score(word: str) -> float | None:
        # By the word's hash (`strings[word]` hashes any str): the vector keys all name strings of the
        # model's own store, so this is the same row whether or not that store was loaded (nlp_engine).
        row = key2row.get(strings[word])
        if row is None or row < 0:
            return None
        vector = np.asarray(data[row], dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        return float(vector @ weights) / norm + bias if norm else None

    return score


def fit_probe(c: float = 1.0) -> tuple[list[float], float]:
    """Fit the probe on ja_ginza's vectors with labels from SudachiDict (see the module docstring)."""
    import spacy
    from sklearn.linear_model import LogisticRegression
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
        labels.append(1 if "人名" in kinds else 0)
    x = np.asarray(vectors.data[np.asarray(rows)], dtype=np.float64)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    model = LogisticRegression(C=c, max_iter=1000).fit(x, np.asarray(labels))
    return [round(float(v), 4) for v in model.coef_[0]], round(float(model.intercept_[0]), 4)


def write_probe(path: Path = PROBE_FILE) -> None:
    weights, bias = fit_probe()
    about = json.loads(path.read_text(encoding="utf-8"))["about"] if path.exists() else ""
    path.write_text(json.dumps({"about": about, "weights": weights, "bias": bias,
                                "fitted_with": "ja_ginza vectors, SudachiDict labels, L2 C=1"}, indent=1),
                    encoding="utf-8")


if __name__ == "__main__":
    write_probe()
