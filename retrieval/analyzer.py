"""Japanese text analysis with SudachiPy: normalised content-word tokens and synonyms.

Both the documents and the queries go through the same analyser, so a variant the
user typed (ﾊﾛｰﾜｰｸ, 引越し, 失業保険) meets the canonical term the FAQ uses.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping

from sudachipy import Dictionary, SplitMode

# Parts of speech that carry no topic: particles, auxiliaries, symbols, blanks.
_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
# Frequent light verbs, formal nouns and politeness words that appear in almost every
# question. Sudachi's normalised form writes many of them in kanji (する -> 為る,
# ある -> 有る, くれる -> 呉れる), so both spellings are listed.
_STOPWORD_TEXT = """
    する 為る ある 有る いる 居る なる 成る できる 出来る れる られる せる ない 無い
    こと 事 もの 物 よう 様 ため 為 とき 時 ところ 所 方 どう 何 いう 言う 思う 教える 知る
    ください 下さる いただく 頂く です ます ござる 御座る おる やる 遣る くれる 呉れる
    もらう 貰う いい 良い 欲しい その この あの どの どれ それ これ あれ について 付く つく
    場合 たい の ん お ご 御
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC, drop format/control characters (keep spaces), casefold, squeeze spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")
    return _SPACE.sub(" ", text.casefold()).strip()


class SynonymTable:
    """Rewrites variants to their canonical term, longest variant first."""

    def __init__(self, mapping: Mapping[str, Iterable[str]] | None = None) -> None:
        pairs: dict[str, str] = {}
        for canonical, variants in (mapping or {}).items():
            target = normalize_text(canonical)
            for variant in variants:
                key = normalize_text(variant)
                if key and key != target:
                    pairs.setdefault(key, target)
        self._pairs = pairs
        ordered = sorted(pairs, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __len__(self) -> int:
        return len(self._pairs)

    def rewrite(self, text: str) -> str:
        """Replace every variant in already-normalised `text` by its canonical form."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._pairs[m.group(0)], text)


# Function words and symbols carry no reading worth matching.
_READING_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})


class JapaneseAnalyzer:
    """Turns text into Sudachi normalised-form content tokens.

    Args:
        synonyms: optional table applied after normalisation, before tokenising.
        mode: Sudachi split mode; "A" (short units) helps recall on compounds.
    """

    def __init__(self, synonyms: SynonymTable | None = None, mode: str = "A") -> None:
        if mode not in {"A", "B", "C"}:
            raise ValueError(f"unknown Sudachi split mode: {mode}")
        self.synonyms = synonyms or SynonymTable()
        self._mode = getattr(SplitMode, mode)
        self._dictionary = Dictionary(dict="core")
        self._local = threading.local()

    def _tokenizer(self):  # type: ignore[no-untyped-def]
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._dictionary.create(self._mode)
            self._local.tokenizer = tokenizer
        return tokenizer

    def prepare(self, text: str) -> str:
        """Normalise and rewrite synonyms; the text every check and index sees."""
        return self.synonyms.rewrite(normalize_text(text))

    def reading(self, text: str) -> str:
        """The katakana reading of `text`'s content words, run together (no synonym rewriting).

        A question typed in hiragana (しつぎょうほけん), or with a homophone typo (雇用保健), reads the
        same as the entry written in kanji, so character n-grams of readings match where surfaces do not.
        """
        normalised = normalize_text(text)
        if not normalised:
            return ""
        return "".join(
            m.reading_form()
            for m in self._tokenizer().tokenize(normalised[:8000])
            if m.part_of_speech()[0] not in _READING_SKIP_POS
        )

    def tokens(self, text: str) -> list[str]:
        """Content tokens of `text` in Sudachi normalised form, in order."""
        prepared = self.prepare(text)
        if not prepared:
            return []
        out: list[str] = []
        # Sudachi refuses inputs over ~49k bytes; callers cap sizes well below that.
        for morpheme in self._tokenizer().tokenize(prepared[:8000]):
            pos = morpheme.part_of_speech()[0]
            if pos in _SKIP_POS:
                continue
            form = morpheme.normalized_form()
            if form in STOPWORDS or not form.strip():
                continue
            out.append(form)
        return out
