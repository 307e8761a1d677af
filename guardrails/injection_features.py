"""Features of the injection classifier: hashed character n-grams and a few dense features.

One function turns one (normalised) text into the feature indices and values the model
weighs, so training and scoring cannot drift apart. Character n-grams are taken inside
whitespace-separated words padded with a space (scikit-learn's "char_wb" analyzer), hashed
with CRC-32 into a fixed number of buckets (stateless: no vocabulary to ship), present or
absent, and scaled to unit length. The dense features say what n-grams cannot: how much
of the text is Latin, CJK, Hangul or another script, whether it carries markup, how long
it is, and which of the curated pattern categories it matches (guardrails.injection_patterns).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import regex

from guardrails.injection_patterns import CATEGORIES, category_weights

_MARKUP = regex.compile(r"<\s*/?\s*[a-z_|!][^<>]{0,40}>|\[/?[a-z_]{2,12}\]|```|\{\{|<<|\|>|<\||\\n")
_SCRIPTS = ("latin", "cjk", "hangul", "cyrillic_greek", "other")
_LETTER = regex.compile(r"\p{L}")
_SCRIPT_LETTERS = {
    "latin": regex.compile(r"\p{Latin}"),
    "cjk": regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]"),
    "hangul": regex.compile(r"\p{Hangul}"),
    "cyrillic_greek": regex.compile(r"[\p{Cyrillic}\p{Greek}]"),
}
DENSE_NAMES: tuple[str, ...] = (
    *(f"script_{s}" for s in _SCRIPTS), "markup", "log_length", *(f"pattern_{c}" for c in CATEGORIES)
)


@dataclass(frozen=True)
class FeatureSpec:
    """How a text becomes features; stored in the model's JSON and checked on load."""

    ngram_min: int = 1
    ngram_max: int = 4
    buckets: int = 2**20

    def __post_init__(self) -> None:
        if not 1 <= self.ngram_min <= self.ngram_max <= 8:
            raise ValueError("need 1 <= ngram_min <= ngram_max <= 8")
        if self.buckets < 2**10 or self.buckets & (self.buckets - 1):
            raise ValueError("buckets must be a power of two >= 1024")

    @property
    def width(self) -> int:
        """Length of a feature vector: the hash buckets, then DENSE_NAMES."""
        return self.buckets + len(DENSE_NAMES)

    def ngram_buckets(self, text: str) -> list[int]:
        """Sorted distinct hash buckets of the text's character n-grams (char_wb)."""
        grams: set[str] = set()
        for word in text.split():
            padded = f" {word} "
            for n in range(self.ngram_min, self.ngram_max + 1):
                grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
        mask = self.buckets - 1
        return sorted({zlib.crc32(g.encode("utf-8", "surrogatepass")) & mask for g in grams})

    def features(self, text: str) -> tuple[list[int], list[float]]:
        """(indices, values) of one text's sparse feature vector, indices ascending."""
        buckets = self.ngram_buckets(text)
        scale = 1.0 / math.sqrt(len(buckets)) if buckets else 0.0
        dense = dense_features(text)
        indices = buckets + [self.buckets + i for i, v in enumerate(dense) if v]
        values = [scale] * len(buckets) + [v for v in dense if v]
        return indices, values


def dense_features(text: str) -> list[float]:
    """Values in DENSE_NAMES order: share of letters per script, markup present, log length, pattern weights."""
    letters = len(_LETTER.findall(text))
    counts = {s: len(pattern.findall(text)) for s, pattern in _SCRIPT_LETTERS.items()}
    counts["other"] = letters - sum(counts.values())
    shares = [counts[s] / (letters or 1) for s in _SCRIPTS]
    markup = 1.0 if _MARKUP.search(text) else 0.0
    length = math.log1p(len(text)) / math.log1p(1000)
    weights = category_weights(text)
    return [*shares, markup, length, *(weights.get(c, 0.0) for c in CATEGORIES)]
