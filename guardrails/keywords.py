"""Keyword pick-up: only words from a controlled vocabulary may leave the service for an LLM.

The vocabulary is built from the FAQ (questions, alternates, keywords), the synonym
table and the menu labels, in Sudachi normalized form (ﾊﾛｰﾜｰｸ, ハローワーク -> one
form; 引越し -> 引っ越し). Whatever else a user writes — instructions, names, numbers —
has no vocabulary entry and cannot come out of `pick`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache

from sudachipy import Tokenizer

from guardrails.normalize import normalize
from guardrails.pii.name_rules import words
from retrieval.sudachi import new_tokenizer

# Parts of speech that can carry a topic; everything else (particles, auxiliaries, symbols) is dropped.
_CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
_SKIP_SUBPOS = frozenset({"数詞", "代名詞", "非自立可能", "助数詞", "助数詞可能"})
_STOPWORDS = words(
    "する ある いる なる できる 出来る れる られる せる ない こと もの よう ため とき 時 ところ 方 どう 何 いう 言う "
    "思う 教える 知る 下さる 頂く いただく 良い いい 場合 的 等 など 際 後 前 中 上 下 今 みたい 欲しい 為 事 物 所 "
    "分かる わかる 行く 来る 見る 出す 入る 持つ 使う 受ける 思い 必要 可能 方法 はず"
)
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return new_tokenizer("C")  # over the process's one dictionary (retrieval.sudachi)


def content_forms(text: str) -> list[tuple[int, str]]:
    """(start offset, Sudachi normalized form) of the content words of already-normalised `text`."""
    with _LOCK:  # a SudachiPy tokenizer is not safe to share between threads
        morphemes = _tokenizer().tokenize(text)
        words = [(m.begin(), m.normalized_form(), m.part_of_speech()) for m in morphemes]
    out = []
    for start, form, pos in words:
        if pos[0] not in _CONTENT_POS or pos[1] in _SKIP_SUBPOS or form in _STOPWORDS:
            continue
        if len(form) == 1 and not ("\u4e00" <= form <= "\u9fff"):
            continue  # a single kana or letter carries no topic
        out.append((start, form))
    return out


class KeywordPicker:
    """Returns the canonical vocabulary terms found in a text, in order of appearance, without repeats."""

    def __init__(self, terms: Iterable[str], synonyms: Mapping[str, Iterable[str]]) -> None:
        vocabulary: set[str] = set()
        for term in terms:
            if not isinstance(term, str):
                raise TypeError("terms must be strings")
            vocabulary.update(form for _, form in content_forms(normalize(term).text))
        variants: dict[str, str] = {}
        for canonical, spellings in synonyms.items():
            canon = self._canonical_form(canonical)
            vocabulary.add(canon)
            for variant in [canonical, *spellings]:
                key = normalize(variant).text.strip()
                if key:
                    variants.setdefault(key, canon)
        if not vocabulary:
            raise ValueError("the vocabulary is empty: pass FAQ questions, keywords or menu labels")
        self.vocabulary = frozenset(vocabulary)
        self._variants = dict(sorted(variants.items(), key=lambda kv: -len(kv[0])))

    @staticmethod
    def _canonical_form(term: str) -> str:
        """A multi-word canonical (雇用保険の基本手当) stays whole; a single word takes its normalized form."""
        text = normalize(term).text.strip()
        forms = content_forms(text)
        return forms[0][1] if len(forms) == 1 and forms[0][1] else text

    def pick(self, text: str) -> list[str]:
        """Canonical vocabulary terms in `text`: synonym variants first (longest first), then content words."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[str], int]:
        """`pick`, and how many content words of `text` are outside the vocabulary (no synonym covers them).

        The count is the answer-confidence evidence that a question is about something else
        (新幹線, 東京, 大阪 in 「新幹線で東京から大阪までいくら」); see `retrieval.calibration`.
        """
        normalised = normalize(text).text
        found: list[tuple[int, str]] = []
        covered = [False] * len(normalised)
        for variant, canonical in self._variants.items():
            start = normalised.find(variant)
            while start >= 0:
                end = start + len(variant)
                if not any(covered[start:end]):
                    found.append((start, canonical))
                    covered[start:end] = [True] * (end - start)
                start = normalised.find(variant, end)
        unknown = 0
        for start, form in content_forms(normalised):
            if covered[start]:
                continue
            if form in self.vocabulary:
                found.append((start, form))
            else:
                unknown += 1
        seen: set[str] = set()
        picked = []
        for _, term in sorted(found):
            if term in self.vocabulary and term not in seen:
                seen.add(term)
                picked.append(term)
        return picked, unknown
