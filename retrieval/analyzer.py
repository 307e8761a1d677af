"""Japanese text analysis with SudachiPy: normalised content-word tokens and synonyms.

Both the documents and the queries go through the same analyser, so a variant the
user typed (ﾊﾛｰﾜｰｸ, 引越し, 失業保険) meets the canonical term the FAQ uses.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping

from sudachipy import SplitMode

from retrieval.sudachi import shared_dictionary

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

    def terms(self) -> set[str]:
        """Every variant and canonical term of the table."""
        return {*self._pairs, *self._pairs.values()}

    def rewrite(self, text: str) -> str:
        """Replace every variant in already-normalised `text` by its canonical form."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._pairs[m.group(0)], text)


# Function words and symbols carry no reading worth matching.
_READING_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
_HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]{3,}")
_HAS_KANJI_OR_KATAKANA = re.compile(r"[一-鿿々ァ-ヺ]")
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]+")


def to_katakana(text: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


class ReadingLexicon:
    """The corpus's own words by reading, to spell a question typed in kana as the corpus does.

    Learned from the indexed texts (`learn`): every content word written with kanji or katakana,
    keyed by its katakana reading (at least `min_reading` kana). `rewrite` respells a question
    written (almost) only in hiragana, longest reading first: しつぎょうほけん → 失業保険,
    ろぐいん → ログイン, しょうかいじょう → 紹介状. Hiragana inside ordinary mixed text is left
    alone: there it is inflection and particles (でしょうか is not 消化), and homophone typos in
    kanji are left to the classifier's reading n-grams.
    """

    def __init__(self, min_reading: int = 3, kana_share: float = 0.9) -> None:
        self.min_reading = min_reading
        self.kana_share = kana_share
        self._by_reading: dict[str, str] = {}
        self._longest = 0

    def __len__(self) -> int:
        return len(self._by_reading)

    def learn(self, morphemes: Iterable[tuple[str, str, str]]) -> None:
        """Learn (surface, reading, part of speech) triples; the most frequent surface wins a reading."""
        counts: dict[str, dict[str, int]] = {}
        for surface, reading, pos in morphemes:
            if pos in _READING_SKIP_POS or not _HAS_KANJI_OR_KATAKANA.search(surface):
                continue
            reading = to_katakana(reading)
            if len(reading) < self.min_reading or not _KATAKANA_WORD.fullmatch(reading):
                continue
            table = counts.setdefault(reading, {})
            table[surface] = table.get(surface, 0) + 1
        self._by_reading = {r: max(t.items(), key=lambda item: (item[1], item[0]))[0] for r, t in counts.items()}
        self._longest = max(map(len, self._by_reading), default=0)

    def _respell_run(self, run: str) -> str:
        kana = to_katakana(run)
        out: list[str] = []
        i = 0
        while i < len(kana):
            for size in range(min(self._longest, len(kana) - i), self.min_reading - 1, -1):
                surface = self._by_reading.get(kana[i:i + size])
                if surface is not None:
                    out.append(surface)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def is_kana_question(self, text: str) -> bool:
        letters = [ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")]
        kana = sum("ぁ" <= ch <= "ゖ" or ch == "ー" for ch in letters)
        return bool(letters) and kana >= self.kana_share * len(letters)

    def rewrite(self, text: str, typed: str | None = None) -> str:
        """`text` with its hiragana respelled in the corpus's words if the question as `typed`
        (default: `text`; before synonyms had a go at it) is a kana-only question."""
        if not self._by_reading or not self.is_kana_question(text if typed is None else typed):
            return text
        return _HIRAGANA_RUN.sub(lambda m: self._respell_run(m.group(0)), text)


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
        self.lexicon = ReadingLexicon()
        self._mode = getattr(SplitMode, mode)
        self._dictionary = shared_dictionary()  # one per process (retrieval.sudachi)
        self._local = threading.local()

    def _tokenizer(self):  # type: ignore[no-untyped-def]
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._dictionary.create(self._mode)
            self._local.tokenizer = tokenizer
        return tokenizer

    def prepare(self, text: str) -> str:
        """Normalise and rewrite synonyms; the text every check and index sees.

        Once the corpus's readings are learned (`learn_readings`), a question typed in hiragana is
        respelled with the corpus's words (`ReadingLexicon`), then synonyms are applied again.
        """
        normalised = normalize_text(text)
        prepared = self.synonyms.rewrite(normalised)
        respelled = self.lexicon.rewrite(prepared, normalised)
        return prepared if respelled == prepared else self.synonyms.rewrite(respelled)

    def learn_readings(self, texts: Iterable[str]) -> None:
        """Learn the corpus's words by reading (see `ReadingLexicon`); called when a corpus is indexed.

        Both short units and Sudachi's long units (再就職手当 reads サイシュウショクテアテ) are learned,
        from the texts as written and from the synonym table (so the everyday 失業保険 is known too;
        synonyms then rewrite the respelled question)."""
        short, long = self._dictionary.create(SplitMode.A), self._dictionary.create(SplitMode.C)
        written = [normalize_text(text)[:8000] for text in texts]
        prepared = list(dict.fromkeys([*written, *sorted(self.synonyms.terms())]))
        lexicon = ReadingLexicon()
        lexicon.learn((m.surface(), m.reading_form(), m.part_of_speech()[0])
                      for tokenizer in (short, long) for text in prepared if text for m in tokenizer.tokenize(text))
        self.lexicon = lexicon

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
