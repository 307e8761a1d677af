"""The view of a tokenised text that the person-name scorer works on.

Each token carries what the scorer needs and nothing else: Sudachi's POS tag and the
name kind it gives (姓, 名, 一般), a category (below), GiNZA's entity label and its
Person margin where the NER ran, and the word-vector probe's score. Keeping this a
plain dataclass lets the scoring be tested without loading any model.

Categories: N (Sudachi tags it 人名), U (unknown to the dictionary: OOV, or katakana
that no dictionary entry spells — Sudachi joins unknown katakana from known pieces and
then calls it known), L (a proper noun that the dictionary also lists as a person
name: 瀬戸, フォード), P (place), R (other proper noun), M (a kanji common noun that the
dictionary also lists as a person name: 入江, 王, 林), K (a katakana common noun: テンプル,
ショー — many foreign surnames are also loanwords), C (any other common noun), J (a joiner
such as ・ or punctuation), O (anything else). M and K are weak seeds: the scorer needs
context before it calls them names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from guardrails.pii.name_rules import is_kanji, is_katakana
from retrieval.sudachi import shared_dictionary

JOINERS = frozenset({"・", "="})


@dataclass(frozen=True)
class NameToken:
    """One token of the text being scored."""

    text: str
    idx: int
    tag: str
    like_num: bool = False
    category: str = "O"
    label: str = ""  # GiNZA entity label ("" outside entities or where the NER did not run)
    margin: float | None = None  # GiNZA: best Person action minus best other entity action
    vector: float | None = None  # person_probe log-odds

    @property
    def end(self) -> int:
        return self.idx + len(self.text)

    @property
    def kind(self) -> str:
        """"姓", "名", "一般" for Sudachi 人名 tags, "" otherwise."""
        parts = self.tag.split("-")
        if len(parts) < 3 or parts[2] != "人名":
            return ""
        return parts[3] if len(parts) > 3 else "一般"

    @property
    def katakana(self) -> bool:
        return is_katakana(self.text) and self.text not in JOINERS

    @property
    def is_noun(self) -> bool:
        return self.tag.startswith(("名詞", "接尾辞"))

    @property
    def is_particle(self) -> bool:
        return self.tag.startswith(("助詞", "補助記号", "助動詞"))


class Lexicon:
    """What SudachiDict says about a surface form (all entries, not just the one the tokenizer chose)."""

    def __init__(self) -> None:
        self._dictionary = shared_dictionary()  # the same SudachiDict as Dictionary() (retrieval.sudachi)
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)
        self.entries = lru_cache(maxsize=20_000)(self._entries)

    def _lookup(self, word: str) -> tuple[bool, bool]:
        """(the dictionary has an entry spelled `word`, one of its entries is a person name)."""
        entries = self._dictionary.lookup(word)
        return bool(entries), any(m.part_of_speech()[2] == "人名" for m in entries)

    def _entries(self, word: str) -> tuple[tuple[str, str, str, str, str, str], ...]:
        """(POS levels 1 to 4, dictionary form, normalised form) of every entry spelled `word`.

        たろう: (名詞, 普通名詞, 一般, *, たろう, 太郎); やまだ: (名詞, 固有名詞, 人名, 姓, やまだ, 山田).
        """
        return tuple(
            (pos[0], pos[1], pos[2], pos[3], m.dictionary_form(), m.normalized_form())
            for m in self._dictionary.lookup(word)
            for pos in (m.part_of_speech(),)
        )


def category(text: str, tag: str, oov: bool, lexicon: Lexicon) -> str:
    """The token category described in the module docstring."""
    if "人名" in tag:
        return "N"
    katakana = is_katakana(text) and text not in JOINERS
    known, person = lexicon.lookup(text) if katakana or "固有名詞" in tag else (True, False)
    if oov or (katakana and len(text) >= 2 and not known):
        return "U"
    if person and "固有名詞" in tag:
        return "L"
    if "地名" in tag:
        return "P"
    if "固有名詞" in tag:
        return "R"
    if tag.startswith("名詞") and katakana and len(text) >= 2:
        return "K"
    if tag.startswith("名詞") and is_kanji(text) and lexicon.lookup(text)[1]:
        return "M"
    if tag.startswith(("名詞", "形状詞")):
        return "C"
    if tag.startswith("補助記号"):
        return "J"
    return "O"


def name_tokens(
    words: Sequence[tuple[str, int, str, bool, str]],
    labels: Sequence[str],
    margins: Sequence[float | None],
    probe: Callable[[str], float | None],
) -> list[NameToken]:
    """NameTokens from (text, idx, tag, like_num, category) tuples plus per-token NER labels and margins."""
    tokens = []
    for (text, idx, tag, like_num, cat), label, margin in zip(words, labels, margins, strict=True):
        vector = probe(text) if cat in "NULPRMKC" and tag.startswith("名詞") else None
        tokens.append(NameToken(text, idx, tag, like_num, cat, label, margin, vector))
    return tokens
